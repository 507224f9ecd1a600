//! `/rename` (the employee-only title) and the typing indicator.

use crate::common::{frames_until_ready, next_frame, Socket, TestServer};
use serde_json::{json, Value};

async fn put(server: &TestServer, token: &str, path: &str, body: Value) -> (u16, Value) {
    let response = server
        .client
        .put(server.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn customer_view(server: &TestServer, connector: &str, chat: &str) -> Value {
    server
        .client
        .get(server.url(&format!("/inbound/{connector}/chats/{chat}/messages")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Frames received within `wait_ms`, until silence.
async fn drain(socket: &mut Socket, wait_ms: u64) -> Vec<Value> {
    let mut frames = Vec::new();
    while let Some(frame) = next_frame(socket, wait_ms).await {
        frames.push(frame);
    }
    frames
}

#[tokio::test]
async fn a_title_is_for_employees_searchable_and_never_shown_to_the_customer() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let marc = server.login("marc@example.com").await;
    let (_, accepted) = server
        .deliver("demo-telegram", "rename", "r-1", "Bonjour")
        .await;
    let id = accepted["conversation_id"].as_i64().unwrap();
    let mut socket = server.events(&marc, None).await;
    frames_until_ready(&mut socket).await;

    let (status, summary) = put(
        &server,
        &olivia,
        &format!("/conversations/{id}/title"),
        json!({"title": "  Remboursement   Atlas  "}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(summary["title"], "Remboursement Atlas");

    let frames = drain(&mut socket, 1500).await;
    let types: Vec<&str> = frames
        .iter()
        .map(|frame| frame["event"]["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["message_created", "conversation_updated"]);
    assert_eq!(frames[0]["event"]["message"]["system"]["kind"], "renamed");
    assert_eq!(
        frames[1]["event"]["conversation"]["title"],
        "Remboursement Atlas"
    );

    let (_, queue) = server.get(&marc, "/conversations?q=rembourse").await;
    let found: Vec<i64> = queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["conversation"]["id"].as_i64().unwrap())
        .collect();
    assert_eq!(found, [id]);

    let view = customer_view(&server, "demo-telegram", "rename").await;
    assert!(!view.to_string().contains("Atlas"), "{view}");

    // Same title again: nothing happens.
    let (status, _) = put(
        &server,
        &olivia,
        &format!("/conversations/{id}/title"),
        json!({"title": "Remboursement Atlas"}),
    )
    .await;
    assert_eq!(status, 200);
    assert!(drain(&mut socket, 800).await.is_empty());

    // Removing it.
    let (status, summary) = put(
        &server,
        &olivia,
        &format!("/conversations/{id}/title"),
        json!({"title": null}),
    )
    .await;
    assert_eq!(status, 200);
    assert!(summary["title"].is_null());

    let (status, _) = put(
        &server,
        &olivia,
        &format!("/conversations/{id}/title"),
        json!({"title": "x".repeat(201)}),
    )
    .await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn only_employees_who_see_the_conversation_may_rename_it() {
    let server = TestServer::demo().await;
    let marc = server.login("marc@example.com").await;
    let (_, accepted) = server
        .deliver("demo-livechat", "rename-sales", "rs-1", "Bonjour")
        .await;
    let id = accepted["conversation_id"].as_i64().unwrap();
    let (status, error) = put(
        &server,
        &marc,
        &format!("/conversations/{id}/title"),
        json!({"title": "Pas à moi"}),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(error["error"]["code"], "forbidden");
}

#[tokio::test]
async fn colleagues_and_the_customer_see_that_an_operator_types() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let marc = server.login("marc@example.com").await;
    let (_, accepted) = server
        .deliver("demo-telegram", "typing", "t-1", "Bonjour")
        .await;
    let id = accepted["conversation_id"].as_i64().unwrap();
    let mut colleague = server.events(&marc, None).await;
    frames_until_ready(&mut colleague).await;
    let mut own = server.events(&olivia, None).await;
    frames_until_ready(&mut own).await;

    let before = customer_view(&server, "demo-telegram", "typing").await;
    assert_eq!(before["operator_typing"], false);
    let (status, _) = server
        .post(&olivia, &format!("/conversations/{id}/typing"), json!({}))
        .await;
    assert_eq!(status, 204);

    let frame = next_frame(&mut colleague, 3000)
        .await
        .expect("a typing frame");
    assert_eq!(frame["frame"], "typing");
    assert_eq!(frame["conversation_id"], id);
    assert_eq!(frame["user"]["name"], "Olivia Bernard");
    assert_eq!(frame["internal"], false);
    assert!(frame.get("seq").is_none());
    // Not echoed to the typist.
    assert!(next_frame(&mut own, 800).await.is_none());
    let during = customer_view(&server, "demo-telegram", "typing").await;
    assert_eq!(during["operator_typing"], true);

    // Not replayed to a socket resuming from before it.
    let mut resumed = server.events(&marc, Some(0)).await;
    let replayed = frames_until_ready(&mut resumed).await;
    assert!(replayed.iter().all(|frame| frame["frame"] != "typing"));

    // Sending the reply ends it for the customer.
    let (status, _) = server
        .post(
            &olivia,
            &format!("/conversations/{id}/messages"),
            json!({"client_id": "t-reply", "text": "Bonjour !"}),
        )
        .await;
    assert_eq!(status, 201);
    let after = customer_view(&server, "demo-telegram", "typing").await;
    assert_eq!(after["operator_typing"], false);
}

#[tokio::test]
async fn notes_and_channels_without_the_capability_stay_hidden_from_the_customer() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let marc = server.login("marc@example.com").await;
    let (_, accepted) = server
        .deliver("demo-telegram", "typing-note", "tn-1", "Bonjour")
        .await;
    let note_id = accepted["conversation_id"].as_i64().unwrap();
    let mut colleague = server.events(&marc, None).await;
    frames_until_ready(&mut colleague).await;
    let (status, _) = server
        .post(
            &olivia,
            &format!("/conversations/{note_id}/typing"),
            json!({"internal": true}),
        )
        .await;
    assert_eq!(status, 204);
    let frame = next_frame(&mut colleague, 3000)
        .await
        .expect("a typing frame");
    assert_eq!(frame["internal"], true);
    let view = customer_view(&server, "demo-telegram", "typing-note").await;
    assert_eq!(view["operator_typing"], false);

    // Instagram shows no typing indicator in the demo.
    let (_, accepted) = server
        .deliver("demo-instagram", "typing-ig", "ti-1", "Bonjour")
        .await;
    let ig = accepted["conversation_id"].as_i64().unwrap();
    let (status, _) = server
        .post(&olivia, &format!("/conversations/{ig}/typing"), json!({}))
        .await;
    assert_eq!(status, 204);
    let view = customer_view(&server, "demo-instagram", "typing-ig").await;
    assert_eq!(view["operator_typing"], false);
    // Colleagues are still told.
    let frames = drain(&mut colleague, 1000).await;
    assert!(frames
        .iter()
        .any(|frame| frame["frame"] == "typing" && frame["conversation_id"] == ig));

    // Marc is not in Sales: he may not type there, nor be told about it.
    let (_, accepted) = server
        .deliver("demo-livechat", "typing-sales", "ts-1", "Bonjour")
        .await;
    let sales = accepted["conversation_id"].as_i64().unwrap();
    let (status, _) = server
        .post(&marc, &format!("/conversations/{sales}/typing"), json!({}))
        .await;
    assert_eq!(status, 403);
    let (status, _) = server
        .post(
            &olivia,
            &format!("/conversations/{sales}/typing"),
            json!({}),
        )
        .await;
    assert_eq!(status, 204);
    let frames = drain(&mut colleague, 1000).await;
    assert!(
        frames.iter().all(|frame| frame["frame"] != "typing"),
        "{frames:?}"
    );
}
