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

#[tokio::test]
async fn a_page_shows_each_message_with_its_own_files_and_quote() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let id = server.new_conversation("demo-livechat", "page-parts").await;
    let upload = |name: &'static str| server.uploaded(&olivia, name, "text/plain", name.as_bytes());
    let (quote, devis, plan) = (
        upload("quote.txt").await,
        upload("devis.txt").await,
        upload("plan.txt").await,
    );
    let send = |client_id: &str, text: &str, files: Vec<&serde_json::Value>, quote: Option<i64>| {
        let files: Vec<_> = files.into_iter().map(|file| file["id"].clone()).collect();
        json!({"client_id": client_id, "text": text, "attachments": files, "quote": quote})
    };
    let sent = |answer: (u16, serde_json::Value)| {
        assert_eq!(answer.0, 201, "{}", answer.1);
        answer.1["id"].as_i64().unwrap()
    };
    let first = sent(
        server
            .send_message(
                &olivia,
                id,
                send("pp-1", "Premier", vec![&devis, &plan], None),
            )
            .await,
    );
    let second = sent(
        server
            .send_message(&olivia, id, send("pp-2", "Deuxième", vec![], Some(first)))
            .await,
    );
    let gone = sent(
        server
            .send_message(
                &olivia,
                id,
                send("pp-3", "Effacé bientôt", vec![&quote], None),
            )
            .await,
    );
    sent(
        server
            .send_message(
                &olivia,
                id,
                send("pp-4", "Les deux", vec![&quote], Some(gone)),
            )
            .await,
    );
    sent(
        server
            .send_message(&olivia, id, send("pp-5", "Encore", vec![], Some(second)))
            .await,
    );
    assert_eq!(
        server.delete(&olivia, &format!("/messages/{gone}")).await.0,
        200
    );

    let (_, page) = server
        .get(&olivia, &format!("/conversations/{id}/messages"))
        .await;
    let items = &page["items"];
    assert_eq!(
        strings(items, "/text"),
        ["Bonjour", "Premier", "Deuxième", "", "Les deux", "Encore"]
    );
    let files = |index: usize| strings(&items[index]["attachments"], "/name");
    assert_eq!(files(1), ["devis.txt", "plan.txt"]);
    assert!(files(2).is_empty());
    assert!(files(3).is_empty(), "a deleted message shows no file");
    assert_eq!(files(4), ["quote.txt"]);
    let excerpt = |index: usize| items[index]["quote"]["excerpt"].clone();
    assert!(items[1]["quote"].is_null());
    assert_eq!(excerpt(2), "Premier");
    assert_eq!(items[4]["quote"]["id"], gone);
    assert_eq!(
        excerpt(4),
        "",
        "the quote of a deleted message shows no text"
    );
    assert_eq!(excerpt(5), "Deuxième");
    assert_eq!(items[5]["quote"]["author_name"], "Olivia Bernard");

    // The customer's view reads the same parts (this channel deletes for the
    // customer too).
    let view = server.customer_view("demo-livechat", "page-parts").await;
    let reply = |text: &str| {
        let found = view["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|item| item["text"] == text);
        found.unwrap_or_else(|| panic!("{text} in {view}")).clone()
    };
    assert_eq!(
        strings(&reply("Premier")["attachments"], "/name"),
        ["devis.txt", "plan.txt"]
    );
    assert_eq!(
        strings(&reply("Les deux")["attachments"], "/name"),
        ["quote.txt"]
    );
}
