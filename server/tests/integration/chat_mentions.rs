//! Mentions of team chats (`@{chat:ID}`): in conversations and in team
//! chats, when sent and when edited; what colleagues read (the message's
//! `chat_mentions`) and what the customer reads (the title, never a token).

use serde_json::{json, Value};

use crate::support::{items, wait_for, Demo};

/// A new team chat of `token` with `members`; returns its id.
async fn team_chat(demo: &Demo, token: &str, title: &str, members: &[i64]) -> i64 {
    let body = json!({"title": title, "members": members});
    let (status, created) = demo.post(token, "/team-chats", body).await;
    assert_eq!(status, 201, "{created}");
    created["chat"]["id"].as_i64().unwrap()
}

/// `[{"team_chat_id": id, "title": title}]`.
fn mentioned(id: i64, title: &str) -> Value {
    json!([{"team_chat_id": id, "title": title}])
}

/// Olivia answers a new website chat (a channel that delivers edits) and
/// writes `text` in it; returns the conversation and the message.
async fn replied(demo: &Demo, chat: &str, text: &str) -> (i64, Value) {
    let id = demo.new_conversation("demo-livechat", chat).await;
    let body = json!({"client_id": format!("{chat}-1"), "text": text});
    let (status, message) = demo.send_message(&demo.olivia, id, body).await;
    assert_eq!(status, 201, "{message}");
    (id, message)
}

#[tokio::test]
async fn a_chat_of_the_author_is_mentioned_and_the_customer_reads_its_title() {
    let demo = Demo::start().await;
    let parcel = team_chat(&demo, &demo.olivia, "Parcel 42", &[demo.marc_id]).await;
    let marc = demo.marc_id;
    let text = format!("@{{user:{marc}}} suit le dossier dans @{{chat:{parcel}}}.");
    let (conversation, message) = replied(&demo, "cm-sent", &text).await;
    assert_eq!(message["text"], text, "colleagues keep the tokens");
    assert_eq!(message["chat_mentions"], mentioned(parcel, "Parcel 42"));
    assert_eq!(message["mentions"][0]["user_id"], marc);

    let stored = demo.all_messages(conversation).await;
    let stored = stored.iter().find(|m| m["id"] == message["id"]).unwrap();
    assert_eq!(stored["chat_mentions"], mentioned(parcel, "Parcel 42"));

    let plain = "@Marc Petit suit le dossier dans @Parcel 42.";
    let view = demo.customer_view("demo-livechat", "cm-sent").await;
    let last = items(&view["items"]).last().unwrap().clone();
    assert_eq!(last["text"], plain);
    assert!(
        !view.to_string().contains("@{"),
        "a token reached the customer: {view}"
    );
    // The queue's preview and a feed quote read as the customer does.
    let (_, summary) = demo.summary(&demo.olivia, conversation).await;
    assert_eq!(summary["last_message"]["text"], plain);
    let post = json!({"text": "À suivre", "quote_message": message["id"]});
    let (status, post) = demo.post(&demo.olivia, "/feed", post).await;
    assert_eq!(status, 201, "{post}");
    assert_eq!(post["quote"]["excerpt"], plain);
}

#[tokio::test]
async fn a_chat_the_author_is_not_in_is_mentioned_nowhere_like_an_unknown_colleague() {
    let demo = Demo::start().await;
    // Sophie's chat with Marc: Olivia is not a member.
    let secret = team_chat(&demo, &demo.sophie, "Secret review", &[demo.marc_id]).await;
    let text = format!("Voir @{{chat:{secret}}}, @{{chat:999999}} et @{{user:999999}}");
    let (_, message) = replied(&demo, "cm-outsider", &text).await;
    assert_eq!(message["chat_mentions"], json!([]));
    assert_eq!(message["mentions"], json!([]));
    assert_eq!(message["text"], text, "the tokens stay as typed");
    let view = demo.customer_view("demo-livechat", "cm-outsider").await;
    assert!(
        !view.to_string().contains("Secret review"),
        "the title of a chat the author is not in leaked: {view}"
    );
}

#[tokio::test]
async fn an_edit_reads_the_chat_mentions_again() {
    let demo = Demo::start().await;
    let parcel = team_chat(&demo, &demo.olivia, "Parcel 42", &[demo.marc_id]).await;
    let refunds = team_chat(&demo, &demo.olivia, "Refunds", &[]).await;
    let first = format!("Voir @{{chat:{parcel}}}");
    let (conversation, message) = replied(&demo, "cm-edit", &first).await;
    let mut sophie_events = demo.live_events(&demo.sophie).await;
    let path = format!("/messages/{}", message["id"]);
    let second = json!({"text": format!("Plutôt @{{chat:{refunds}}}")});
    let (status, edited) = demo.patch(&demo.olivia, &path, second).await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["chat_mentions"], mentioned(refunds, "Refunds"));
    let told = wait_for(&mut sophie_events, |e| e["type"] == "message_updated").await;
    let told = told.expect("colleagues hear of the edit");
    assert_eq!(
        told["message"]["chat_mentions"],
        mentioned(refunds, "Refunds")
    );
    let view = demo.customer_view("demo-livechat", "cm-edit").await;
    let last = items(&view["items"]).last().unwrap().clone();
    assert_eq!(last["text"], "Plutôt @Refunds");

    let (status, edited) = demo
        .patch(&demo.olivia, &path, json!({"text": "Plus rien"}))
        .await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["chat_mentions"], json!([]));
    let stored = demo.all_messages(conversation).await;
    let stored = stored.iter().find(|m| m["id"] == message["id"]).unwrap();
    assert_eq!(stored["chat_mentions"], json!([]));
}

#[tokio::test]
async fn team_chat_messages_mention_chats_when_written_and_edited() {
    let demo = Demo::start().await;
    let parcel = team_chat(&demo, &demo.olivia, "Parcel 42", &[demo.marc_id]).await;
    let refunds = team_chat(&demo, &demo.olivia, "Refunds", &[demo.marc_id]).await;
    let secret = team_chat(&demo, &demo.sophie, "Secret review", &[]).await;
    let messages = format!("/team-chats/{refunds}/messages");
    let mut olivia_events = demo.live_events(&demo.olivia).await;
    let text = format!("Suite de @{{chat:{parcel}}} (pas @{{chat:{secret}}})");
    let body = json!({"client_id": "cm-team-1", "text": text});
    let (status, message) = demo.post(&demo.marc, &messages, body).await;
    assert_eq!(status, 201, "{message}");
    assert_eq!(message["chat_mentions"], mentioned(parcel, "Parcel 42"));
    let told = wait_for(&mut olivia_events, |e| {
        e["type"] == "team_chat_message_created"
    })
    .await;
    let told = told.expect("members are told");
    assert_eq!(
        told["message"]["chat_mentions"],
        mentioned(parcel, "Parcel 42")
    );
    let preview = &told["chat"]["last_message"]["text"];
    assert_eq!(
        preview,
        &json!(format!("Suite de @Parcel 42 (pas @{{chat:{secret}}})"))
    );
    let page = demo.get_ok(&demo.olivia, &messages).await;
    assert_eq!(
        items(&page["items"]).last().unwrap()["chat_mentions"],
        mentioned(parcel, "Parcel 42")
    );

    let path = format!("{messages}/{}", message["id"]);
    let edit = json!({"text": format!("Suite de @{{chat:{refunds}}}")});
    let (status, edited) = demo.patch(&demo.marc, &path, edit).await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["chat_mentions"], mentioned(refunds, "Refunds"));
}
