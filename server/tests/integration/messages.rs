use serde_json::json;

use crate::support::{assert_error, strings, TestServer};

#[tokio::test]
async fn sending_twice_with_the_same_client_id_creates_one_message() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let id = server.new_conversation("demo-livechat", "idem").await;
    let body = json!({"client_id": "3f1c-uuid", "text": "Bonjour, je regarde ça."});
    let (first_status, first) = server.send_message(&olivia, id, body.clone()).await;
    let (second_status, second) = server.send_message(&olivia, id, body).await;
    assert_eq!(first_status, 201);
    assert_eq!(second_status, 200);
    assert_eq!(first["id"], second["id"]);
    assert_eq!(first["client_id"], "3f1c-uuid");
    let messages = server.messages(&olivia, id).await;
    assert_eq!(
        strings(&messages, "/text"),
        ["Bonjour", "Bonjour, je regarde ça."]
    );
    // Sending took the conversation.
    let (_, detail) = server.conversation(&olivia, id).await;
    assert_eq!(detail["conversation"]["status"], "in_progress");
    assert!(detail["conversation"]["waiting_since"].is_null());
}

#[tokio::test]
async fn messages_paginate_both_ways() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let mut conversation = 0;
    for n in 0..7 {
        let text = format!("message {n}");
        let (_, accepted) = server
            .deliver("demo-livechat", "pages", &format!("p-{n}"), &text)
            .await;
        conversation = accepted["conversation_id"].as_i64().unwrap();
    }
    let base = format!("/conversations/{conversation}/messages");
    let (_, latest) = server.get(&olivia, &format!("{base}?limit=3")).await;
    let texts = |page: &serde_json::Value| strings(&page["items"], "/text");
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
    let (server, admin) = TestServer::demo_as("admin@example.com").await;
    let id = server.find_conversation(&admin, "status=closed").await;
    let note = json!({"client_id": "x", "text": "hi", "internal": true});
    let answer = server.send_message(&admin, id, note).await;
    assert_error(&answer, 409, "conversation_closed");
}

#[tokio::test]
async fn invalid_messages_are_refused_with_422() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let id = server.new_conversation("demo-whatsapp", "invalid").await;
    for body in [
        json!({"client_id": "a", "text": "   "}),
        // WhatsApp carries at most 4096 characters.
        json!({"client_id": "b", "text": "x".repeat(5000)}),
        json!({"client_id": "c", "text": "see", "attachments": ["0123456789abcdef0123456789abcdef"]}),
    ] {
        let (status, error) = server.send_message(&olivia, id, body).await;
        assert_eq!(status, 422, "{error}");
    }
}
