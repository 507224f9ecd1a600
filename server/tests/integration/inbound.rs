use reqwest::Method;
use serde_json::json;

use crate::support::{assert_error, assert_json_error, items, TestServer};

#[tokio::test]
async fn a_repeated_delivery_creates_nothing_new() {
    let (server, admin) = TestServer::demo_as("admin@example.com").await;
    let (status, first) = server
        .deliver("demo-telegram", "tg-42", "msg-1", "Bonjour !")
        .await;
    assert_eq!(status, 202);
    let (status, again) = server
        .deliver("demo-telegram", "tg-42", "msg-1", "Bonjour !")
        .await;
    assert_eq!(status, 202);
    assert_eq!(first, again);
    let id = first["conversation_id"].as_i64().unwrap();
    assert_eq!(server.messages(&admin, id).await.len(), 1);
    let (_, detail) = server.conversation(&admin, id).await;
    assert_eq!(detail["conversation"]["status"], "unanswered");
    assert_eq!(detail["conversation"]["channel"], "telegram");
    assert_eq!(detail["conversation"]["customer"]["name"], "Marie Dupont");
}

#[tokio::test]
async fn unknown_tokens_and_bad_bodies_are_refused() {
    let server = TestServer::demo().await;
    let unknown = server.deliver("no-such-token", "c", "m", "hi").await;
    assert_error(&unknown, 404, "not_found");

    let malformed = server
        .request(Method::POST, "/inbound/demo-livechat")
        .header("content-type", "application/json")
        .body("{\"chat\": ")
        .send()
        .await
        .unwrap();
    let body = assert_json_error(malformed, 400).await;
    assert_eq!(body["error"]["code"], "bad_request");

    let missing = json!({"chat": {"id": "c"}});
    let answer = server.deliver_body("demo-livechat", &missing).await;
    assert_error(&answer, 422, "unprocessable");

    let empty_id = json!({"chat": {"id": ""}, "customer": {"id": "x", "name": "X"}, "message": {"id": "m", "text": "t"}});
    let answer = server.deliver_body("demo-livechat", &empty_id).await;
    assert_eq!(answer.0, 422);
}

#[tokio::test]
async fn the_customer_sees_replies_but_never_internal_notes() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let (_, accepted) = server
        .deliver("demo-livechat", "web-7", "w-1", "Bonjour !")
        .await;
    let id = accepted["conversation_id"].as_i64().unwrap();
    let marc = server
        .find_id(&olivia, "/users", "name", "Marc Petit")
        .await;
    let note = json!({"client_id": "n-1", "text": "Client VIP", "internal": true});
    assert_eq!(server.send_message(&olivia, id, note).await.0, 201);
    let reply = json!({"client_id": "r-1", "text": format!("Je demande à @{{user:{marc}}}.")});
    let (status, sent) = server.send_message(&olivia, id, reply).await;
    assert_eq!(status, 201);
    assert_eq!(sent["mentions"][0]["name"], "Marc Petit");

    let view = server.customer_view("demo-livechat", "web-7").await;
    let seen: Vec<(&str, &str)> = items(&view["items"])
        .iter()
        .map(|m| (m["from"].as_str().unwrap(), m["text"].as_str().unwrap()))
        .collect();
    assert_eq!(
        seen,
        [
            ("customer", "Bonjour !"),
            ("company", "Je demande à @Marc Petit."),
        ]
    );
    // Polling after the cursor returns only what is new, exactly once.
    let cursor = view["next_cursor"].as_i64().unwrap();
    server
        .deliver("demo-livechat", "web-7", "w-2", "Merci")
        .await;
    let newer = format!("/inbound/demo-livechat/chats/web-7/messages?after={cursor}");
    let (_, newer) = server.get_anonymous(&newer).await;
    assert_eq!(items(&newer["items"]).len(), 1);
    assert_eq!(newer["items"][0]["text"], "Merci");
}

#[tokio::test]
async fn a_closed_chat_that_receives_a_message_opens_a_new_session() {
    let (server, admin) = TestServer::demo_as("admin@example.com").await;
    // Lucas Bernard (demo customer 5) has one closed session on the website chat.
    let closed = server.find_conversation(&admin, "q=Lucas%20Bernard").await;
    let body = json!({
        "chat": {"id": "demo-customer-5"},
        "customer": {"id": "demo-customer-5", "name": "Lucas Bernard"},
        "message": {"id": "new-topic", "text": "Rebonjour, une autre question"}
    });
    let (status, accepted) = server.deliver_body("demo-livechat", &body).await;
    assert_eq!(status, 202);
    let new_id = accepted["conversation_id"].as_i64().unwrap();
    assert_ne!(new_id, closed);
    let (_, detail) = server.conversation(&admin, new_id).await;
    assert_eq!(detail["conversation"]["status"], "unanswered");
    assert_eq!(detail["conversation"]["session_number"], 2);
    assert_eq!(detail["earlier_sessions"], 1);
    let (_, old) = server.conversation(&admin, closed).await;
    assert_eq!(old["conversation"]["status"], "closed");
}
