use crate::common::TestServer;
use serde_json::json;

#[tokio::test]
async fn sending_twice_with_the_same_client_id_creates_one_message() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let (_, accepted) = server
        .deliver("demo-livechat", "idem", "idem-1", "Bonjour")
        .await;
    let id = accepted["conversation_id"].as_i64().unwrap();
    let path = format!("/conversations/{id}/messages");
    let body = json!({"client_id": "3f1c-uuid", "text": "Bonjour, je regarde ça."});
    let (first_status, first) = server.post(&olivia, &path, body.clone()).await;
    let (second_status, second) = server.post(&olivia, &path, body).await;
    assert_eq!(first_status, 201);
    assert_eq!(second_status, 200);
    assert_eq!(first["id"], second["id"]);
    assert_eq!(first["client_id"], "3f1c-uuid");
    let (_, page) = server.get(&olivia, &path).await;
    let texts: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["Bonjour", "Bonjour, je regarde ça."]);
    // Sending took the conversation.
    let (_, detail) = server.get(&olivia, &format!("/conversations/{id}")).await;
    assert_eq!(detail["conversation"]["status"], "in_progress");
    assert!(detail["conversation"]["waiting_since"].is_null());
}

#[tokio::test]
async fn messages_paginate_both_ways() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let mut conversation = 0;
    for n in 0..7 {
        let (_, accepted) = server
            .deliver(
                "demo-livechat",
                "pages",
                &format!("p-{n}"),
                &format!("message {n}"),
            )
            .await;
        conversation = accepted["conversation_id"].as_i64().unwrap();
    }
    let base = format!("/conversations/{conversation}/messages");
    let (_, latest) = server.get(&olivia, &format!("{base}?limit=3")).await;
    let texts = |page: &serde_json::Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["text"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(texts(&latest), ["message 4", "message 5", "message 6"]);
    assert_eq!(latest["has_more_before"], true);
    assert_eq!(latest["has_more_after"], false);
    let first_id = latest["items"][0]["id"].as_i64().unwrap();
    let (_, older) = server
        .get(&olivia, &format!("{base}?limit=3&before={first_id}"))
        .await;
    assert_eq!(texts(&older), ["message 1", "message 2", "message 3"]);
    assert_eq!(older["has_more_before"], true);
    assert_eq!(older["has_more_after"], true);
    let oldest_id = older["items"][0]["id"].as_i64().unwrap();
    let (_, newer) = server
        .get(&olivia, &format!("{base}?limit=2&after={oldest_id}"))
        .await;
    assert_eq!(texts(&newer), ["message 2", "message 3"]);
    assert_eq!(newer["has_more_before"], true);
    assert_eq!(newer["has_more_after"], true);
}

#[tokio::test]
async fn an_internal_note_to_a_closed_conversation_is_refused() {
    // A message to the customer reopens it instead (`conversation_history.rs`).
    let server = TestServer::demo().await;
    let admin = server.login("admin@example.com").await;
    let id = server.find_conversation(&admin, "status=closed").await;
    let (status, body) = server
        .post(
            &admin,
            &format!("/conversations/{id}/messages"),
            json!({"client_id": "x", "text": "hi", "internal": true}),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "conversation_closed");
}

#[tokio::test]
async fn invalid_messages_are_refused_with_422() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let (_, accepted) = server
        .deliver("demo-whatsapp", "invalid", "i-1", "Hi")
        .await;
    let id = accepted["conversation_id"].as_i64().unwrap();
    let path = format!("/conversations/{id}/messages");
    let empty = server
        .post(&olivia, &path, json!({"client_id": "a", "text": "   "}))
        .await;
    assert_eq!(empty.0, 422);
    // WhatsApp carries at most 4096 characters.
    let long = server
        .post(
            &olivia,
            &path,
            json!({"client_id": "b", "text": "x".repeat(5000)}),
        )
        .await;
    assert_eq!(long.0, 422);
    let file = server
        .post(&olivia, &path, json!({"client_id": "c", "text": "see", "attachments": ["0123456789abcdef0123456789abcdef"]}))
        .await;
    assert_eq!(file.0, 422);
}
