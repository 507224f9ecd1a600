//! What the composer may send on each channel, and what reaches the
//! customer: text limits, files, internal notes, mentions.

use serde_json::json;

use crate::support::{drain, find, strings, TestServer};

#[tokio::test]
async fn a_reply_longer_than_the_channel_allows_is_refused_with_422() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    // Instagram carries at most 1000 characters in the demo.
    let id = server.new_conversation("demo-instagram", "long-1").await;
    let too_long = json!({"client_id": "long-a", "text": "é".repeat(1001)});
    let (status, body) = server.send_message(&olivia, id, too_long).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "unprocessable");
    assert!(body["error"]["message"].as_str().unwrap().contains("1000"));
    let longest = json!({"client_id": "long-b", "text": "é".repeat(1000)});
    assert_eq!(server.send_message(&olivia, id, longest).await.0, 201);
    // An internal note never reaches the channel: its limit does not apply.
    let note = json!({"client_id": "long-c", "text": "n".repeat(1500), "internal": true});
    assert_eq!(server.send_message(&olivia, id, note).await.0, 201);
}

#[tokio::test]
async fn files_are_refused_on_a_channel_without_files_but_reach_the_customer_elsewhere() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
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

    let file = server
        .uploaded(&olivia, "devis.txt", "text/plain", b"Devis 42")
        .await;
    let with_file = |client_id: &str| json!({"client_id": client_id, "text": "Voici", "attachments": [file["id"]]});
    let id = server.new_conversation("demo-instagram", "nofiles").await;
    let (status, body) = server.send_message(&olivia, id, with_file("nf-a")).await;
    assert_eq!(status, 422);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("cannot carry files"));

    let id = server.new_conversation("demo-livechat", "withfiles").await;
    let (status, _) = server.send_message(&olivia, id, with_file("wf-a")).await;
    assert_eq!(status, 201);
    let view = server.customer_view("demo-livechat", "withfiles").await;
    let reply = find(&view["items"], "text", "Voici");
    let url = reply["attachments"][0]["url"].as_str().unwrap();
    assert_eq!(reply["attachments"][0]["name"], "devis.txt");
    let download = server.fetch(url).await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.bytes().await.unwrap().as_ref(), b"Devis 42");
}

#[tokio::test]
async fn the_customer_never_sees_internal_notes_and_sees_mentions_as_names() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let marc = server.user_id(&olivia, "marc@example.com").await;
    let id = server.new_conversation("demo-telegram", "silent").await;
    let note =
        json!({"client_id": "s-note", "text": "SECRET note: client difficile", "internal": true});
    assert_eq!(server.send_message(&olivia, id, note).await.0, 201);
    let mention = format!("Je transmets à @{{user:{marc}}} demain.");
    let reply = json!({"client_id": "s-reply", "text": mention});
    assert_eq!(server.send_message(&olivia, id, reply).await.0, 201);
    let view = server.customer_view("demo-telegram", "silent").await;
    let raw = view.to_string();
    assert!(!raw.contains("SECRET"), "an internal note leaked: {raw}");
    assert_eq!(
        strings(&view["items"], "/text"),
        ["Bonjour", "Je transmets à @Marc Petit demain."]
    );
    assert!(!raw.contains("@{user:"));
}

#[tokio::test]
async fn a_mentioned_colleague_is_told_even_when_not_involved() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let marc_token = server.login("marc@example.com").await;
    let marc = server.user_id(&olivia, "marc@example.com").await;
    // A Sales conversation: Marc is not a member of Sales.
    let id = server.new_conversation("demo-livechat", "mention").await;
    let mut socket = server.live_events(&marc_token).await;
    let text = format!("@{{user:{marc}}} tu connais ce client ?");
    let note = json!({"client_id": "m-note", "text": text, "internal": true});
    assert_eq!(server.send_message(&olivia, id, note).await.0, 201);
    let frames = drain(&mut socket, 3000).await;
    for frame in &frames {
        // Marc is not involved: he receives the mention and nothing else.
        assert_eq!(
            frame["event"]["type"], "mentioned",
            "unexpected frame {frame}"
        );
    }
    let event = &frames.last().expect("a mentioned event")["event"];
    assert_eq!(event["conversation"]["id"], id);
    assert_eq!(event["message"]["mentions"][0]["user_id"], marc);
    assert_eq!(event["message"]["internal"], true);
}

#[tokio::test]
async fn the_mention_picker_searches_colleagues() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let found = server.get_ok(&olivia, "/users?q=MARC").await;
    assert_eq!(strings(&found, "/name"), ["Marc Petit"]);
    let (_, by_mail) = server.get(&olivia, "/users?q=sophie@").await;
    assert_eq!(by_mail.as_array().unwrap().len(), 1);
    let (_, all) = server.get(&olivia, "/users").await;
    assert_eq!(all.as_array().unwrap().len(), 4);
    let (_, none) = server.get(&olivia, "/users?q=zzz").await;
    assert_eq!(none, json!([]));
}
