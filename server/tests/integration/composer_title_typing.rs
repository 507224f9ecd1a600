//! `/rename` (the employee-only title) and the typing indicator.

use serde_json::{json, Value};

use crate::support::{
    assert_error, drain, frames_until_ready, next_frame, numbers, Answer, Socket, TestServer,
};

/// Sets the title of conversation `id` as `token`.
async fn rename(server: &TestServer, token: &str, id: i64, title: Value) -> Answer {
    let path = format!("/conversations/{id}/title");
    server.put(token, &path, json!({ "title": title })).await
}

/// Says `token` types in conversation `id` (`{"internal": true}` for a note).
async fn typing(server: &TestServer, token: &str, id: i64, body: Value) -> u16 {
    server.act(token, id, "typing", body).await.0
}

/// Whether the customer of a chat is shown that an operator types.
async fn customer_sees_typing(server: &TestServer, connector: &str, chat: &str) -> Value {
    server.customer_view(connector, chat).await["operator_typing"].clone()
}

/// Whether a typing frame about conversation `id` is among frames.
fn typing_about(frames: &[Value], id: i64) -> bool {
    frames
        .iter()
        .any(|frame| frame["frame"] == "typing" && frame["conversation_id"] == id)
}

/// The next typing frame on a colleague's socket.
async fn typing_frame(socket: &mut Socket) -> Value {
    let frame = next_frame(socket, 3000).await.expect("a typing frame");
    assert_eq!(frame["frame"], "typing", "{frame}");
    frame
}

#[tokio::test]
async fn a_title_is_for_employees_searchable_and_never_shown_to_the_customer() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let marc = server.login("marc@example.com").await;
    let id = server.new_conversation("demo-telegram", "rename").await;
    let mut socket = server.live_events(&marc).await;

    let (status, summary) = rename(&server, &olivia, id, json!("  Remboursement   Atlas  ")).await;
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
    assert_eq!(numbers(&queue["items"], "/conversation/id"), [id]);

    let view = server.customer_view("demo-telegram", "rename").await;
    assert!(!view.to_string().contains("Atlas"), "{view}");

    // Same title again: nothing happens.
    let (status, _) = rename(&server, &olivia, id, json!("Remboursement Atlas")).await;
    assert_eq!(status, 200);
    assert!(drain(&mut socket, 800).await.is_empty());

    // Removing it.
    let (status, summary) = rename(&server, &olivia, id, Value::Null).await;
    assert_eq!(status, 200);
    assert!(summary["title"].is_null());

    let (status, _) = rename(&server, &olivia, id, json!("x".repeat(201))).await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn only_employees_who_see_the_conversation_may_rename_it() {
    let (server, marc) = TestServer::demo_as("marc@example.com").await;
    let id = server
        .new_conversation("demo-livechat", "rename-sales")
        .await;
    let answer = rename(&server, &marc, id, json!("Pas à moi")).await;
    assert_error(&answer, 403, "forbidden");
}

#[tokio::test]
async fn colleagues_and_the_customer_see_that_an_operator_types() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let marc = server.login("marc@example.com").await;
    let id = server.new_conversation("demo-telegram", "typing").await;
    let mut colleague = server.live_events(&marc).await;
    let mut own = server.live_events(&olivia).await;

    assert_eq!(
        customer_sees_typing(&server, "demo-telegram", "typing").await,
        false
    );
    assert_eq!(typing(&server, &olivia, id, json!({})).await, 204);

    let frame = typing_frame(&mut colleague).await;
    assert_eq!(frame["conversation_id"], id);
    assert_eq!(frame["user"]["name"], "Olivia Bernard");
    assert_eq!(frame["internal"], false);
    assert!(frame.get("seq").is_none());
    // Not echoed to the typist.
    assert!(next_frame(&mut own, 800).await.is_none());
    assert_eq!(
        customer_sees_typing(&server, "demo-telegram", "typing").await,
        true
    );

    // Not replayed to a socket resuming from before it.
    let mut resumed = server.events(&marc, Some(0)).await;
    let replayed = frames_until_ready(&mut resumed).await;
    assert!(replayed.iter().all(|frame| frame["frame"] != "typing"));

    // Sending the reply ends it for the customer.
    let reply = json!({"client_id": "t-reply", "text": "Bonjour !"});
    assert_eq!(server.send_message(&olivia, id, reply).await.0, 201);
    assert_eq!(
        customer_sees_typing(&server, "demo-telegram", "typing").await,
        false
    );
}

#[tokio::test]
async fn notes_and_channels_without_the_capability_stay_hidden_from_the_customer() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let marc = server.login("marc@example.com").await;
    let note_id = server
        .new_conversation("demo-telegram", "typing-note")
        .await;
    let mut colleague = server.live_events(&marc).await;
    assert_eq!(
        typing(&server, &olivia, note_id, json!({"internal": true})).await,
        204
    );
    assert_eq!(typing_frame(&mut colleague).await["internal"], true);
    assert_eq!(
        customer_sees_typing(&server, "demo-telegram", "typing-note").await,
        false
    );

    // Instagram shows no typing indicator in the demo.
    let ig = server.new_conversation("demo-instagram", "typing-ig").await;
    assert_eq!(typing(&server, &olivia, ig, json!({})).await, 204);
    assert_eq!(
        customer_sees_typing(&server, "demo-instagram", "typing-ig").await,
        false
    );
    // Colleagues are still told.
    assert!(typing_about(&drain(&mut colleague, 1000).await, ig));

    // Marc is not in Sales: he may not type there, nor be told about it.
    let sales = server
        .new_conversation("demo-livechat", "typing-sales")
        .await;
    assert_eq!(typing(&server, &marc, sales, json!({})).await, 403);
    assert_eq!(typing(&server, &olivia, sales, json!({})).await, 204);
    let frames = drain(&mut colleague, 1000).await;
    assert!(
        frames.iter().all(|frame| frame["frame"] != "typing"),
        "{frames:?}"
    );
}
