use crate::common::TestServer;
use serde_json::{json, Value};

#[tokio::test]
async fn a_repeated_delivery_creates_nothing_new() {
    let server = TestServer::demo().await;
    let admin = server.login("admin@example.com").await;
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
    let (_, page) = server
        .get(&admin, &format!("/conversations/{id}/messages"))
        .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let (_, detail) = server.get(&admin, &format!("/conversations/{id}")).await;
    assert_eq!(detail["conversation"]["status"], "unanswered");
    assert_eq!(detail["conversation"]["channel"], "telegram");
    assert_eq!(detail["conversation"]["customer"]["name"], "Marie Dupont");
}

#[tokio::test]
async fn unknown_tokens_and_bad_bodies_are_refused() {
    let server = TestServer::demo().await;
    let (status, body) = server.deliver("no-such-token", "c", "m", "hi").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");

    let malformed = server
        .client
        .post(server.url("/inbound/demo-livechat"))
        .header("content-type", "application/json")
        .body("{\"chat\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);
    let body: Value = malformed.json().await.unwrap();
    assert_eq!(body["error"]["code"], "bad_request");

    let missing = server
        .client
        .post(server.url("/inbound/demo-livechat"))
        .json(&json!({"chat": {"id": "c"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 422);
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unprocessable");

    let empty_id = server
        .client
        .post(server.url("/inbound/demo-livechat"))
        .json(&json!({"chat": {"id": ""}, "customer": {"id": "x", "name": "X"}, "message": {"id": "m", "text": "t"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(empty_id.status(), 422);
}

#[tokio::test]
async fn the_customer_sees_replies_but_never_internal_notes() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let (_, accepted) = server
        .deliver("demo-livechat", "web-7", "w-1", "Bonjour !")
        .await;
    let id = accepted["conversation_id"].as_i64().unwrap();
    let (_, users) = server.get(&olivia, "/users").await;
    let marc = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "Marc Petit")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let path = format!("/conversations/{id}/messages");
    let note = json!({"client_id": "n-1", "text": "Client VIP", "internal": true});
    assert_eq!(server.post(&olivia, &path, note).await.0, 201);
    let reply = json!({"client_id": "r-1", "text": format!("Je demande à @{{user:{marc}}}.")});
    let (status, sent) = server.post(&olivia, &path, reply).await;
    assert_eq!(status, 201);
    assert_eq!(sent["mentions"][0]["name"], "Marc Petit");

    let view = server
        .client
        .get(server.url("/inbound/demo-livechat/chats/web-7/messages"))
        .send()
        .await
        .unwrap();
    assert_eq!(view.status(), 200);
    let view: Value = view.json().await.unwrap();
    let seen: Vec<(String, String)> = view["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["from"].as_str().unwrap().to_owned(),
                m["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("customer".to_owned(), "Bonjour !".to_owned()),
            ("company".to_owned(), "Je demande à @Marc Petit.".to_owned()),
        ]
    );
    // Polling after the cursor returns only what is new, exactly once.
    let cursor = view["next_cursor"].as_i64().unwrap();
    server
        .deliver("demo-livechat", "web-7", "w-2", "Merci")
        .await;
    let newer: Value = server
        .client
        .get(server.url(&format!(
            "/inbound/demo-livechat/chats/web-7/messages?after={cursor}"
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(newer["items"].as_array().unwrap().len(), 1);
    assert_eq!(newer["items"][0]["text"], "Merci");
}

#[tokio::test]
async fn a_closed_chat_that_receives_a_message_opens_a_new_session() {
    let server = TestServer::demo().await;
    let admin = server.login("admin@example.com").await;
    // Lucas Bernard (demo customer 5) has one closed session on the website chat.
    let closed = server.find_conversation(&admin, "q=Lucas%20Bernard").await;
    let body = json!({
        "chat": {"id": "demo-customer-5"},
        "customer": {"id": "demo-customer-5", "name": "Lucas Bernard"},
        "message": {"id": "new-topic", "text": "Rebonjour, une autre question"}
    });
    let response = server
        .client
        .post(server.url("/inbound/demo-livechat"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
    let accepted: Value = response.json().await.unwrap();
    let new_id = accepted["conversation_id"].as_i64().unwrap();
    assert_ne!(new_id, closed);
    let (_, detail) = server
        .get(&admin, &format!("/conversations/{new_id}"))
        .await;
    assert_eq!(detail["conversation"]["status"], "unanswered");
    assert_eq!(detail["conversation"]["session_number"], 2);
    assert_eq!(detail["earlier_sessions"], 1);
    let (_, old) = server
        .get(&admin, &format!("/conversations/{closed}"))
        .await;
    assert_eq!(old["conversation"]["status"], "closed");
}
