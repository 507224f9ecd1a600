//! What the composer may send on each channel, and what reaches the
//! customer: text limits, files, internal notes, mentions.

use crate::common::{frames_until_ready, next_frame, TestServer};
use serde_json::{json, Value};

async fn upload(server: &TestServer, token: &str, name: &str, bytes: &[u8]) -> Value {
    let part = reqwest::multipart::Part::bytes(bytes.to_vec())
        .file_name(name.to_owned())
        .mime_str("text/plain")
        .unwrap();
    let response = server
        .client
        .post(server.url("/files"))
        .bearer_auth(token)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

async fn customer_view(server: &TestServer, connector: &str, chat: &str) -> Value {
    let response = server
        .client
        .get(server.url(&format!("/inbound/{connector}/chats/{chat}/messages")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn user_id(server: &TestServer, token: &str, email: &str) -> i64 {
    let (_, users) = server.get(token, "/users").await;
    users
        .as_array()
        .unwrap()
        .iter()
        .find(|user| user["email"] == email)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn a_reply_longer_than_the_channel_allows_is_refused_with_422() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    // Instagram carries at most 1000 characters in the demo.
    let (_, accepted) = server
        .deliver("demo-instagram", "long-1", "l-1", "Bonjour")
        .await;
    let id = accepted["conversation_id"].as_i64().unwrap();
    let path = format!("/conversations/{id}/messages");
    let (status, body) = server
        .post(
            &olivia,
            &path,
            json!({"client_id": "long-a", "text": "é".repeat(1001)}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "unprocessable");
    assert!(body["error"]["message"].as_str().unwrap().contains("1000"));
    let (status, _) = server
        .post(
            &olivia,
            &path,
            json!({"client_id": "long-b", "text": "é".repeat(1000)}),
        )
        .await;
    assert_eq!(status, 201);
    // An internal note never reaches the channel: its limit does not apply.
    let (status, _) = server
        .post(
            &olivia,
            &path,
            json!({"client_id": "long-c", "text": "n".repeat(1500), "internal": true}),
        )
        .await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn files_are_refused_on_a_channel_without_files_but_reach_the_customer_elsewhere() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let (_, lines) = server.get(&olivia, "/lines").await;
    let instagram = lines
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|line| line["connectors"].as_array().unwrap().iter())
        .find(|connector| connector["kind"] == "instagram")
        .unwrap()
        .clone();
    assert_eq!(instagram["capabilities"]["files"], false);

    let file = upload(&server, &olivia, "devis.txt", b"Devis 42").await;
    let (_, accepted) = server
        .deliver("demo-instagram", "nofiles", "nf-1", "Un devis ?")
        .await;
    let id = accepted["conversation_id"].as_i64().unwrap();
    let (status, body) = server
        .post(
            &olivia,
            &format!("/conversations/{id}/messages"),
            json!({"client_id": "nf-a", "text": "Voici", "attachments": [file["id"]]}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("cannot carry files"));

    let (_, accepted) = server
        .deliver("demo-livechat", "withfiles", "wf-1", "Un devis ?")
        .await;
    let id = accepted["conversation_id"].as_i64().unwrap();
    let (status, _) = server
        .post(
            &olivia,
            &format!("/conversations/{id}/messages"),
            json!({"client_id": "wf-a", "text": "Voici", "attachments": [file["id"]]}),
        )
        .await;
    assert_eq!(status, 201);
    let view = customer_view(&server, "demo-livechat", "withfiles").await;
    let reply = view["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|message| message["text"] == "Voici")
        .unwrap();
    let url = reply["attachments"][0]["url"].as_str().unwrap();
    assert_eq!(reply["attachments"][0]["name"], "devis.txt");
    let download = server
        .client
        .get(format!("http://{}{url}", server.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(download.bytes().await.unwrap().as_ref(), b"Devis 42");
}

#[tokio::test]
async fn the_customer_never_sees_internal_notes_and_sees_mentions_as_names() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let marc = user_id(&server, &olivia, "marc@example.com").await;
    let (_, accepted) = server
        .deliver("demo-telegram", "silent", "s-1", "Bonjour")
        .await;
    let id = accepted["conversation_id"].as_i64().unwrap();
    let path = format!("/conversations/{id}/messages");
    let (status, _) = server
        .post(
            &olivia,
            &path,
            json!({"client_id": "s-note", "text": "SECRET note: client difficile", "internal": true}),
        )
        .await;
    assert_eq!(status, 201);
    let (status, _) = server
        .post(
            &olivia,
            &path,
            json!({"client_id": "s-reply", "text": format!("Je transmets à @{{user:{marc}}} demain.")}),
        )
        .await;
    assert_eq!(status, 201);
    let view = customer_view(&server, "demo-telegram", "silent").await;
    let raw = view.to_string();
    assert!(!raw.contains("SECRET"), "an internal note leaked: {raw}");
    let texts: Vec<&str> = view["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|message| message["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["Bonjour", "Je transmets à @Marc Petit demain."]);
    assert!(!raw.contains("@{user:"));
}

#[tokio::test]
async fn a_mentioned_colleague_is_told_even_when_not_involved() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let marc_token = server.login("marc@example.com").await;
    let marc = user_id(&server, &olivia, "marc@example.com").await;
    // A Sales conversation: Marc is not a member of Sales.
    let (_, accepted) = server
        .deliver("demo-livechat", "mention", "m-1", "Bonjour")
        .await;
    let id = accepted["conversation_id"].as_i64().unwrap();
    let mut socket = server.events(&marc_token, None).await;
    frames_until_ready(&mut socket).await;
    let (status, _) = server
        .post(
            &olivia,
            &format!("/conversations/{id}/messages"),
            json!({"client_id": "m-note", "text": format!("@{{user:{marc}}} tu connais ce client ?"), "internal": true}),
        )
        .await;
    assert_eq!(status, 201);
    let mut mentioned = None;
    while let Some(frame) = next_frame(&mut socket, 3000).await {
        let event = &frame["event"];
        // Marc is not involved: he receives the mention and nothing else.
        assert_eq!(event["type"], "mentioned", "unexpected frame {frame}");
        mentioned = Some(event.clone());
    }
    let event = mentioned.expect("a mentioned event");
    assert_eq!(event["conversation"]["id"], id);
    assert_eq!(event["message"]["mentions"][0]["user_id"], marc);
    assert_eq!(event["message"]["internal"], true);
}

#[tokio::test]
async fn the_mention_picker_searches_colleagues() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let (status, found) = server.get(&olivia, "/users?q=MARC").await;
    assert_eq!(status, 200);
    let names: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|user| user["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Marc Petit"]);
    let (_, by_mail) = server.get(&olivia, "/users?q=sophie@").await;
    assert_eq!(by_mail.as_array().unwrap().len(), 1);
    let (_, all) = server.get(&olivia, "/users").await;
    assert_eq!(all.as_array().unwrap().len(), 4);
    let (_, none) = server.get(&olivia, "/users?q=zzz").await;
    assert_eq!(none, json!([]));
}
