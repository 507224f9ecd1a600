//! Per-message actions on conversation messages: edit, delete (as seen by
//! colleagues and in the customer view), and "Move to new conversation".

use serde_json::{json, Value};

use crate::support::{assert_error, items, wait_for, Answer, Demo};

/// Olivia answers a new conversation and writes one message in it.
async fn with_reply(demo: &Demo, connector: &str, chat: &str, internal: bool) -> (i64, Value) {
    let id = demo.new_conversation(connector, chat).await;
    let (status, _) = demo.act(&demo.olivia, id, "answer", json!({})).await;
    assert_eq!(status, 200);
    let client_id = format!("{chat}-reply");
    let message = send(demo, id, &client_id, "Bonjour, je regarde", internal).await;
    (id, message)
}

async fn send(demo: &Demo, id: i64, client_id: &str, text: &str, internal: bool) -> Value {
    let body = json!({"client_id": client_id, "text": text, "internal": internal});
    let (status, message) = demo.send_message(&demo.olivia, id, body).await;
    assert_eq!(status, 201, "{message}");
    message
}

/// Edits message `message` as `token`.
async fn edit(demo: &Demo, token: &str, message: &Value, text: &str) -> Answer {
    let path = format!("/messages/{}", message["id"]);
    demo.patch(token, &path, json!({ "text": text })).await
}

/// Deletes message `message` as `token`.
async fn delete(demo: &Demo, token: &str, message: &Value) -> Answer {
    demo.delete(token, &format!("/messages/{}", message["id"]))
        .await
}

/// The company's messages in what the customer sees of a chat.
fn from_company(view: &Value) -> Vec<&Value> {
    items(&view["items"])
        .iter()
        .filter(|m| m["from"] == "company")
        .collect()
}

/// A stored message of a conversation, as the admin sees it.
async fn stored(demo: &Demo, conversation: i64, message: &Value) -> Value {
    let messages = demo.all_messages(conversation).await;
    let found = messages.iter().find(|m| m["id"] == message["id"]);
    found.expect("the message is stored").clone()
}

#[tokio::test]
async fn only_the_author_may_edit_or_delete_a_message() {
    let demo = Demo::start().await;
    let (conversation, reply) = with_reply(&demo, "demo-livechat", "ma-own", false).await;
    // The admin sees the conversation but did not write the message.
    let answer = edit(&demo, &demo.admin, &reply, "Hijacked").await;
    assert_error(&answer, 403, "forbidden");
    let answer = delete(&demo, &demo.admin, &reply).await;
    assert_error(&answer, 403, "forbidden");
    // Nobody edits a customer's message.
    let customer = demo.all_messages(conversation).await[0].clone();
    assert_eq!(customer["author"]["kind"], "customer");
    let (status, body) = edit(&demo, &demo.olivia, &customer, "Changed").await;
    assert_eq!(status, 403, "{body}");
    // Marc is not in Sales: the conversation is not his to see.
    let (status, body) = delete(&demo, &demo.marc, &reply).await;
    assert_eq!(status, 403, "{body}");
    let unknown = json!({"id": 999_999});
    let answer = edit(&demo, &demo.olivia, &unknown, "Nothing").await;
    assert_error(&answer, 404, "not_found");
    // Untouched.
    let stored = stored(&demo, conversation, &reply).await;
    assert_eq!(stored["text"], "Bonjour, je regarde");
    assert!(stored["edited_at"].is_null());
    assert!(stored["deleted_at"].is_null());
}

#[tokio::test]
async fn the_author_edits_and_colleagues_hear_of_it() {
    let demo = Demo::start().await;
    let (conversation, reply) = with_reply(&demo, "demo-livechat", "ma-edit", false).await;
    let mut admin_events = demo.live_events(&demo.admin).await;
    let (status, edited) = edit(&demo, &demo.olivia, &reply, "Bonjour, c'est réglé").await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["text"], "Bonjour, c'est réglé");
    assert!(edited["edited_at"].is_i64());
    let event = wait_for(&mut admin_events, |e| {
        e["type"] == "message_updated" && e["message"]["id"] == reply["id"]
    })
    .await
    .expect("message_updated reaches a colleague");
    assert_eq!(event["message"]["text"], "Bonjour, c'est réglé");
    let preview = wait_for(&mut admin_events, |e| {
        e["type"] == "conversation_updated" && e["conversation"]["id"] == conversation
    })
    .await
    .expect("the queue preview is refreshed");
    assert_eq!(
        preview["conversation"]["last_message"]["text"],
        "Bonjour, c'est réglé"
    );
    let (status, body) = edit(&demo, &demo.olivia, &reply, "  ").await;
    assert_eq!(status, 422, "{body}");
    let stored = demo.all_messages(conversation).await;
    assert!(stored.iter().any(|m| m["text"] == "Bonjour, c'est réglé"));
}

#[tokio::test]
async fn a_channel_that_cannot_edit_refuses_edits_of_sent_messages_but_not_of_notes() {
    let demo = Demo::start().await;
    let (conversation, reply) = with_reply(&demo, "demo-whatsapp", "ma-wa", false).await;
    let answer = edit(&demo, &demo.olivia, &reply, "Other text").await;
    assert_error(&answer, 409, "unsupported_by_channel");
    let note = send(&demo, conversation, "ma-wa-note", "Note interne", true).await;
    let (status, body) = edit(&demo, &demo.olivia, &note, "Note corrigée").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["text"], "Note corrigée");
    // The customer still has the text they received.
    let view = demo.customer_view("demo-whatsapp", "ma-wa").await;
    let company = from_company(&view);
    assert_eq!(company.len(), 1, "the note never reaches the customer");
    assert_eq!(company[0]["text"], "Bonjour, je regarde");
    assert_eq!(company[0]["edited"], false);
}

#[tokio::test]
async fn customer_view_follows_edits_and_deletions_where_the_channel_can() {
    let demo = Demo::start().await;
    let (conversation, first) = with_reply(&demo, "demo-livechat", "ma-live", false).await;
    let second = send(&demo, conversation, "ma-live-2", "Message en trop", false).await;
    let mut admin_events = demo.live_events(&demo.admin).await;
    let (status, _) = edit(&demo, &demo.olivia, &first, "Texte corrigé").await;
    assert_eq!(status, 200);
    let (status, deleted) = delete(&demo, &demo.olivia, &second).await;
    assert_eq!(status, 200, "{deleted}");
    assert_eq!(deleted["text"], "");
    assert!(deleted["deleted_at"].is_i64());
    let event = wait_for(&mut admin_events, |e| {
        e["type"] == "message_updated" && e["message"]["id"] == second["id"]
    })
    .await
    .expect("deletion reaches a colleague");
    assert_eq!(event["message"]["text"], "");
    // A colleague sees "Message deleted": no text, no files, `deleted_at`.
    let gone = stored(&demo, conversation, &second).await;
    assert_eq!(gone["text"], "");
    assert!(gone["deleted_at"].is_i64());
    // Deleting again changes nothing.
    assert_eq!(delete(&demo, &demo.olivia, &second).await.0, 200);
    // The web chat edits and deletes on the customer's side.
    let view = demo.customer_view("demo-livechat", "ma-live").await;
    let company = from_company(&view);
    assert_eq!(company.len(), 1, "{view}");
    assert_eq!(company[0]["text"], "Texte corrigé");
    assert_eq!(company[0]["edited"], true);
    assert!(items(&view["items"])
        .iter()
        .all(|m| m["id"] != second["id"]));
}

#[tokio::test]
async fn customer_keeps_deleted_messages_where_the_channel_cannot_delete() {
    let demo = Demo::start().await;
    let (conversation, reply) = with_reply(&demo, "demo-whatsapp", "ma-keep", false).await;
    assert_eq!(delete(&demo, &demo.olivia, &reply).await.0, 200);
    let gone = stored(&demo, conversation, &reply).await;
    assert_eq!(gone["text"], "", "colleagues see it deleted");
    let view = demo.customer_view("demo-whatsapp", "ma-keep").await;
    let kept = items(&view["items"])
        .iter()
        .find(|m| m["id"] == reply["id"])
        .expect("still there");
    assert_eq!(kept["text"], "Bonjour, je regarde");
    assert_eq!(kept["deleted"], false);
}

#[tokio::test]
async fn moving_a_message_to_a_new_conversation_links_both_sessions() {
    let demo = Demo::start().await;
    let (old, reply) = with_reply(&demo, "demo-telegram", "ma-split", false).await;
    let (status, delivered) = demo
        .deliver(
            "demo-telegram",
            "ma-split",
            "ma-split-2",
            "Autre sujet : ma facture",
        )
        .await;
    assert_eq!(status, 202);
    assert_eq!(delivered["conversation_id"], old);
    let topic = demo
        .all_messages(old)
        .await
        .into_iter()
        .find(|m| m["text"] == "Autre sujet : ma facture")
        .unwrap();
    let split_path = |message: &Value| format!("/messages/{}/split", message["id"]);
    // Only a customer's message starts a new conversation.
    let (status, body) = demo
        .post(&demo.olivia, &split_path(&reply), json!({}))
        .await;
    assert_eq!(status, 422, "{body}");
    let mut olivia_events = demo.live_events(&demo.olivia).await;
    let (status, split) = demo
        .post(&demo.olivia, &split_path(&topic), json!({}))
        .await;
    assert_eq!(status, 200, "{split}");
    let new = split["created"]["id"].as_i64().unwrap();
    assert_eq!(split["closed"]["id"], old);
    assert_eq!(split["closed"]["status"], "closed");
    assert_eq!(split["created"]["status"], "in_progress");
    assert_eq!(split["created"]["assignee"], demo.olivia_id);
    assert_eq!(split["created"]["chat_id"], split["closed"]["chat_id"]);
    assert_eq!(
        split["created"]["session_number"].as_i64().unwrap(),
        split["closed"]["session_number"].as_i64().unwrap() + 1
    );
    let created = wait_for(&mut olivia_events, |e| {
        e["type"] == "conversation_created" && e["conversation"]["id"] == new
    })
    .await;
    assert!(created.is_some(), "conversation_created is sent");
    // The new session begins with the message; the old one says where it went.
    let new_messages = demo.all_messages(new).await;
    assert_eq!(new_messages[0]["id"], topic["id"]);
    assert_eq!(new_messages[0]["conversation_id"], new);
    let old_messages = demo.all_messages(old).await;
    assert!(old_messages.iter().all(|m| m["id"] != topic["id"]));
    let note = old_messages.last().unwrap();
    assert_eq!(note["author"]["kind"], "system");
    assert!(note["text"].as_str().unwrap().contains(&format!("#{new}")));
    // The history of the new session shows the old one, linked both ways.
    let history = demo
        .get_ok(&demo.olivia, &format!("/conversations/{new}/history"))
        .await;
    let session = &history["items"][0];
    assert_eq!(session["conversation"]["id"], old);
    assert_eq!(session["split_into"]["conversation_id"], new);
    assert_eq!(session["split_into"]["message_id"], topic["id"]);
    assert!(items(&session["messages"])
        .iter()
        .any(|m| m["id"] == reply["id"]));
    // The customer's next message goes to the new session.
    let (_, next) = demo
        .deliver("demo-telegram", "ma-split", "ma-split-3", "Merci")
        .await;
    assert_eq!(next["conversation_id"], new);
}

#[tokio::test]
async fn search_follows_edits_and_deletions_and_takes_wildcards_literally() {
    let demo = Demo::start().await;
    let (id, reply) = with_reply(&demo, "demo-telegram", "search-edits", false).await;
    let finds = async |text: &str| {
        let query = text.replace('%', "%25").replace(' ', "%20");
        let (status, page) = demo
            .get(&demo.admin, &format!("/conversations?q={query}"))
            .await;
        assert_eq!(status, 200, "{page}");
        items(&page["items"])
            .iter()
            .any(|item| item["conversation"]["id"] == id)
    };
    assert!(finds("je regarde").await);

    let (status, edited) = edit(
        &demo,
        &demo.olivia,
        &reply,
        "Remboursement ZX-42 à 100% validé",
    )
    .await;
    assert_eq!(status, 200, "{edited}");
    assert!(finds("zx-42").await, "found whatever the case");
    assert!(finds("X-4").await);
    assert!(finds("100%").await, "a % of the text is a character");
    assert!(!finds("1_0").await, "a _ of the text is a character");
    assert!(
        !finds("je regarde").await,
        "the text before the edit is gone"
    );

    let (status, deleted) = delete(&demo, &demo.olivia, &reply).await;
    assert_eq!(status, 200, "{deleted}");
    assert!(!finds("zx-42").await, "a deleted message is not searched");
}
