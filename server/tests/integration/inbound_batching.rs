//! The webhook under concurrent load: deliveries are written in group
//! commits; each must still be stored exactly once, answered with its own
//! ids, and announced by events numbered without gaps or repeats.

use std::collections::{HashMap, HashSet};

use futures_util::future::join_all;
use serde_json::{json, Value};

use crate::support::{inbound, next_frame, Answer, TestServer};

const CHATS: usize = 20;
const PER_CHAT: usize = 10;

async fn deliver(server: &TestServer, chat: usize, n: usize) -> Answer {
    let body = inbound(
        &format!("burst-{chat}"),
        &format!("burst-customer-{chat}"),
        &format!("Burst {chat}"),
        &format!("burst-{chat}-{n}"),
        &format!("message {n} of chat {chat}"),
    );
    server.deliver_body("demo-telegram", &body).await
}

#[tokio::test]
async fn concurrent_deliveries_are_stored_once_with_gapless_events() {
    let (server, admin) = TestServer::demo_as("admin@example.com").await;
    let mut socket = server.live_events(&admin).await;

    // Every message twice, all at once: retries land in the same batches.
    let jobs: Vec<(usize, usize)> = (0..CHATS)
        .flat_map(|chat| (0..PER_CHAT).map(move |n| (chat, n)))
        .collect();
    let sent = join_all(
        jobs.iter()
            .chain(jobs.iter())
            .map(|&(chat, n)| deliver(&server, chat, n)),
    )
    .await;
    let mut ids: HashMap<(usize, usize), Value> = HashMap::new();
    for (&(chat, n), (status, accepted)) in jobs.iter().chain(jobs.iter()).zip(&sent) {
        assert_eq!(*status, 202, "{accepted}");
        let first = ids.entry((chat, n)).or_insert_with(|| accepted.clone());
        assert_eq!(first, accepted, "a retry must answer the first ids");
    }
    let messages: HashSet<i64> = ids
        .values()
        .map(|a| a["message_id"].as_i64().unwrap())
        .collect();
    assert_eq!(messages.len(), CHATS * PER_CHAT);
    let mut conversations: HashMap<usize, i64> = HashMap::new();
    for (&(chat, _), accepted) in &ids {
        let id = accepted["conversation_id"].as_i64().unwrap();
        assert_eq!(
            *conversations.entry(chat).or_insert(id),
            id,
            "one conversation per chat"
        );
    }
    for id in conversations.values() {
        assert_eq!(server.messages(&admin, *id).await.len(), PER_CHAT);
    }

    // One conversation_created per chat, one message_created per message,
    // a conversation_updated for every other message; seq without gaps.
    let mut frames = Vec::new();
    while frames.len() < 2 * CHATS * PER_CHAT {
        match next_frame(&mut socket, 5000).await {
            Some(frame) if frame["frame"] == "event" => frames.push(frame),
            Some(_) => {}
            None => break,
        }
    }
    assert_eq!(frames.len(), 2 * CHATS * PER_CHAT);
    let seqs: Vec<i64> = frames.iter().map(|f| f["seq"].as_i64().unwrap()).collect();
    for pair in seqs.windows(2) {
        assert_eq!(pair[1], pair[0] + 1, "events are numbered without gaps");
    }
    let count = |kind: &str| frames.iter().filter(|f| f["event"]["type"] == kind).count();
    assert_eq!(count("conversation_created"), CHATS);
    assert_eq!(count("conversation_updated"), CHATS * (PER_CHAT - 1));
    assert_eq!(count("message_created"), CHATS * PER_CHAT);

    // A change outside the webhook continues the numbering.
    let id = conversations[&0];
    let (status, _) = server.act(&admin, id, "answer", json!({})).await;
    assert_eq!(status, 200);
    let next = next_frame(&mut socket, 5000).await.unwrap();
    assert_eq!(next["seq"].as_i64().unwrap(), seqs[seqs.len() - 1] + 1);
}

#[tokio::test]
async fn fresher_customer_details_and_a_new_title_are_stored() {
    let (server, admin) = TestServer::demo_as("admin@example.com").await;
    let first = inbound("details", "details-customer", "First Name", "d-1", "hello");
    let (status, accepted) = server.deliver_body("demo-livechat", &first).await;
    assert_eq!(status, 202);
    let id = accepted["conversation_id"].as_i64().unwrap();

    let mut second = inbound("details", "details-customer", "Second Name", "d-2", "again");
    second["chat"]["title"] = json!("Order 42");
    second["customer"]["email"] = json!("second@example.com");
    let (status, again) = server.deliver_body("demo-livechat", &second).await;
    assert_eq!(status, 202);
    assert_eq!(again["conversation_id"].as_i64().unwrap(), id);

    let (_, detail) = server.conversation(&admin, id).await;
    let conversation = &detail["conversation"];
    assert_eq!(conversation["customer"]["name"], "Second Name");
    assert_eq!(conversation["customer"]["email"], "second@example.com");
    assert_eq!(conversation["title"], "Order 42");
}

#[tokio::test]
async fn known_customers_writing_again_together_each_reach_their_conversation() {
    let (server, admin) = TestServer::demo_as("admin@example.com").await;
    const KNOWN: usize = 30;
    let mut conversations = Vec::new();
    for chat in 0..KNOWN {
        let (status, accepted) = deliver(&server, chat, 0).await;
        assert_eq!(status, 202, "{accepted}");
        conversations.push(accepted["conversation_id"].as_i64().unwrap());
    }
    let mut socket = server.live_events(&admin).await;

    // Each known chat writes once more (twice: a retry), all at once, with
    // one of them sending a file and one of them giving a new name.
    let mut bodies: Vec<Value> = (0..KNOWN)
        .map(|chat| {
            inbound(
                &format!("burst-{chat}"),
                &format!("burst-customer-{chat}"),
                &format!("Burst {chat}"),
                &format!("burst-{chat}-1"),
                &format!("message 1 of chat {chat}"),
            )
        })
        .collect();
    bodies[3]["message"]["attachments"] = json!([{
        "name": "photo.jpg", "content_type": "image/jpeg", "size": 2048,
        "url": "https://files.example.com/photo.jpg"
    }]);
    bodies[7]["customer"]["name"] = json!("Burst Seven");
    let sent = join_all(
        bodies
            .iter()
            .chain(bodies.iter())
            .map(|body| server.deliver_body("demo-telegram", body)),
    )
    .await;
    let mut new_messages = Vec::new();
    for (chat, (status, accepted)) in sent.iter().take(KNOWN).enumerate() {
        assert_eq!(*status, 202, "{accepted}");
        assert_eq!(accepted["conversation_id"], conversations[chat]);
        assert_eq!(
            sent[KNOWN + chat].1,
            *accepted,
            "a retry answers the first ids"
        );
        new_messages.push(accepted["message_id"].as_i64().unwrap());
    }

    for (chat, id) in conversations.iter().enumerate() {
        let messages = server.messages(&admin, *id).await;
        let texts: Vec<&str> = messages
            .iter()
            .map(|m| m["text"].as_str().unwrap())
            .collect();
        let expected = [
            format!("message 0 of chat {chat}"),
            format!("message 1 of chat {chat}"),
        ];
        assert_eq!(texts, expected);
        assert_eq!(messages[1]["id"], new_messages[chat]);
        let files = messages[1]["attachments"].as_array().unwrap().len();
        assert_eq!(files, usize::from(chat == 3));
    }
    let (_, detail) = server.conversation(&admin, conversations[7]).await;
    assert_eq!(detail["conversation"]["customer"]["name"], "Burst Seven");

    // Each conversation announced once with its new last message, then that
    // message; numbered without gaps.
    let mut frames = Vec::new();
    while frames.len() < 2 * KNOWN {
        match next_frame(&mut socket, 5000).await {
            Some(frame) if frame["frame"] == "event" => frames.push(frame),
            Some(_) => {}
            None => break,
        }
    }
    assert_eq!(frames.len(), 2 * KNOWN);
    let seqs: Vec<i64> = frames.iter().map(|f| f["seq"].as_i64().unwrap()).collect();
    for pair in seqs.windows(2) {
        assert_eq!(pair[1], pair[0] + 1, "events are numbered without gaps");
    }
    for (chat, id) in conversations.iter().enumerate() {
        let updated: Vec<&Value> = frames
            .iter()
            .filter(|f| f["event"]["type"] == "conversation_updated")
            .map(|f| &f["event"]["conversation"])
            .filter(|c| c["id"] == *id)
            .collect();
        assert_eq!(updated.len(), 1, "chat {chat}");
        assert_eq!(updated[0]["last_message"]["id"], new_messages[chat]);
        assert!(!updated[0]["waiting_since"].is_null(), "{}", updated[0]);
        let created = frames
            .iter()
            .position(|f| {
                f["event"]["type"] == "message_created"
                    && f["event"]["message"]["id"] == new_messages[chat]
            })
            .expect("the message is announced");
        let update = frames
            .iter()
            .position(|f| {
                f["event"]["type"] == "conversation_updated"
                    && f["event"]["conversation"]["id"] == *id
            })
            .unwrap();
        assert!(update < created, "the conversation first, then its message");
        assert_eq!(frames[created]["event"]["message"]["conversation_id"], *id);
    }
}
