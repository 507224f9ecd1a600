use serde_json::{json, Value};

use crate::support::{assert_error, items, numbers, Answer, Demo};

/// Three sessions of one chat: the first two closed; returns the ids, oldest first.
async fn three_sessions(demo: &Demo) -> Vec<i64> {
    let mut ids = Vec::new();
    for (n, text) in [
        "my parcel never arrived",
        "Wrong size, DÉJÀ returned once",
        "hello again",
    ]
    .iter()
    .enumerate()
    {
        let (status, body) = demo
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

/// The earlier sessions of conversation `current`, as Marc (Support) sees them.
async fn history(demo: &Demo, current: i64, query: &str) -> Answer {
    let path = format!("/conversations/{current}/history{query}");
    demo.get(&demo.marc, &path).await
}

#[tokio::test]
async fn history_lists_earlier_sessions_newest_first_with_search_and_pages() {
    let demo = Demo::start().await;
    let ids = three_sessions(&demo).await;
    let current = ids[2];
    let (status, page) = history(&demo, current, "").await;
    assert_eq!(status, 200, "{page}");
    let sessions = numbers(&page["items"], "/conversation/id");
    assert_eq!(sessions, vec![ids[1], ids[0]]);
    assert_eq!(
        page["items"][0]["messages"][0]["text"],
        "Wrong size, DÉJÀ returned once"
    );
    assert_eq!(page["next_cursor"], Value::Null);

    let (_, first) = history(&demo, current, "?limit=1").await;
    assert_eq!(first["items"][0]["conversation"]["id"], ids[1]);
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    let (_, second) = history(&demo, current, &format!("?limit=1&cursor={cursor}")).await;
    assert_eq!(second["items"][0]["conversation"]["id"], ids[0]);
    assert_eq!(second["next_cursor"], Value::Null);

    let (_, found) = history(&demo, current, "?q=parcel").await;
    assert_eq!(items(&found["items"]).len(), 1);
    assert_eq!(found["items"][0]["conversation"]["id"], ids[0]);
    // Whatever the case of an accented letter.
    let (_, found) = history(&demo, current, "?q=déjà").await;
    assert_eq!(numbers(&found["items"], "/conversation/id"), vec![ids[1]]);
    let (status, _) = history(&demo, current, "?cursor=nope").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn writing_to_a_closed_conversation_reopens_it_for_the_writer() {
    let demo = Demo::start().await;
    let id = demo.new_conversation("demo-telegram", "reopen").await;
    demo.act(&demo.olivia, id, "close", json!({})).await;
    let note = json!({"client_id": "r-0", "text": "note", "internal": true});
    let answer = demo.send_message(&demo.marc, id, note).await;
    assert_error(&answer, 409, "conversation_closed");
    let reply = json!({"client_id": "r-1", "text": "One more thing"});
    assert_eq!(demo.send_message(&demo.marc, id, reply).await.0, 201);
    let (_, summary) = demo.summary(&demo.marc, id).await;
    assert_eq!(summary["status"], "in_progress");
    assert_eq!(summary["assignee"], demo.marc_id);
    assert_eq!(summary["closed_at"], Value::Null);
    let system = demo.last_system(id).await;
    assert_eq!(system["system"]["kind"], "reopened");
    assert_eq!(system["text"], "Marc Petit reopened the conversation");
}

#[tokio::test]
async fn an_older_session_cannot_be_reopened_once_a_newer_one_exists() {
    let demo = Demo::start().await;
    let ids = three_sessions(&demo).await;
    let reply = json!({"client_id": "o-1", "text": "hi"});
    let answer = demo.send_message(&demo.olivia, ids[0], reply).await;
    assert_error(&answer, 409, "conversation_closed");
}
