use crate::actions::Demo;
use serde_json::json;

/// Three sessions of one chat: the first two closed; returns the ids, oldest first.
async fn three_sessions(demo: &Demo) -> Vec<i64> {
    let mut ids = Vec::new();
    for (n, text) in ["my parcel never arrived", "wrong size", "hello again"]
        .iter()
        .enumerate()
    {
        let (status, body) = demo
            .server
            .deliver("demo-telegram", "hist", &format!("hist-{n}"), text)
            .await;
        assert_eq!(status, 202);
        let id = body["conversation_id"].as_i64().unwrap();
        if n < 2 {
            let (status, _) = demo.act(&demo.olivia, id, "close", json!({})).await;
            assert_eq!(status, 200);
        }
        ids.push(id);
    }
    ids
}

#[tokio::test]
async fn history_lists_earlier_sessions_newest_first_with_search_and_pages() {
    let demo = Demo::start().await;
    let ids = three_sessions(&demo).await;
    let current = ids[2];
    let (status, page) = demo
        .server
        .get(&demo.marc, &format!("/conversations/{current}/history"))
        .await;
    assert_eq!(status, 200, "{page}");
    let sessions: Vec<i64> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["conversation"]["id"].as_i64().unwrap())
        .collect();
    assert_eq!(sessions, vec![ids[1], ids[0]]);
    assert_eq!(page["items"][0]["messages"][0]["text"], "wrong size");
    assert_eq!(page["next_cursor"], serde_json::Value::Null);

    let (_, first) = demo
        .server
        .get(
            &demo.marc,
            &format!("/conversations/{current}/history?limit=1"),
        )
        .await;
    assert_eq!(first["items"][0]["conversation"]["id"], ids[1]);
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    let (_, second) = demo
        .server
        .get(
            &demo.marc,
            &format!("/conversations/{current}/history?limit=1&cursor={cursor}"),
        )
        .await;
    assert_eq!(second["items"][0]["conversation"]["id"], ids[0]);
    assert_eq!(second["next_cursor"], serde_json::Value::Null);

    let (_, found) = demo
        .server
        .get(
            &demo.marc,
            &format!("/conversations/{current}/history?q=parcel"),
        )
        .await;
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    assert_eq!(found["items"][0]["conversation"]["id"], ids[0]);
    let (status, _) = demo
        .server
        .get(
            &demo.marc,
            &format!("/conversations/{current}/history?cursor=nope"),
        )
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn writing_to_a_closed_conversation_reopens_it_for_the_writer() {
    let demo = Demo::start().await;
    let id = demo.new_conversation("demo-telegram", "reopen").await;
    demo.act(&demo.olivia, id, "close", json!({})).await;
    let path = format!("/conversations/{id}/messages");
    let (status, body) = demo
        .server
        .post(
            &demo.marc,
            &path,
            json!({"client_id": "r-0", "text": "note", "internal": true}),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("conversation_closed"))
    );
    let (status, _) = demo
        .server
        .post(
            &demo.marc,
            &path,
            json!({"client_id": "r-1", "text": "One more thing"}),
        )
        .await;
    assert_eq!(status, 201);
    let (_, summary) = demo.summary(&demo.marc, id).await;
    assert_eq!(summary["status"], "in_progress");
    assert_eq!(summary["assignee"], demo.marc_id);
    assert_eq!(summary["closed_at"], serde_json::Value::Null);
    let system = demo.last_system(id).await;
    assert_eq!(system["system"]["kind"], "reopened");
    assert_eq!(system["text"], "Marc Petit reopened the conversation");
}

#[tokio::test]
async fn an_older_session_cannot_be_reopened_once_a_newer_one_exists() {
    let demo = Demo::start().await;
    let ids = three_sessions(&demo).await;
    let (status, body) = demo
        .server
        .post(
            &demo.olivia,
            &format!("/conversations/{}/messages", ids[0]),
            json!({"client_id": "o-1", "text": "hi"}),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("conversation_closed"))
    );
}
