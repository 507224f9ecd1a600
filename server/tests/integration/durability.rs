//! A message acknowledged to its sender survives `kill -9` of the server:
//! the real binary runs as a child process, customers (webhook) and an
//! operator write without pause, the process is killed with SIGKILL in the
//! middle of the stream, and after a restart on the same data folder every
//! acknowledged message is there exactly once. Retrying what was in flight
//! (same webhook message id, same client id) adds no duplicate either.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};

use crate::support::{inbound, ChildServer};

/// A write and, when the server acknowledged it, the stored message's id.
#[derive(Debug, Clone)]
struct Write {
    key: String,
    text: String,
    acked: Option<(i64, i64)>,
}

const CHATS: usize = 4;

/// A message of the customer of chat `chat`.
fn delivery(chat: &str, key: &str, text: &str) -> Value {
    inbound(chat, chat, "Kill Test", key, text)
}

/// The body of a request the server answered with `status`, or `None`.
async fn acknowledged(request: reqwest::RequestBuilder, status: u16) -> Option<Value> {
    match request.send().await {
        Ok(response) if response.status() == status => response.json().await.ok(),
        _ => None,
    }
}

/// Makes write after write (`write(i)` gives its key, its text and the
/// request, answering the acknowledged ids) until the server stops
/// acknowledging; counts the acknowledged ones in `acked`.
async fn until_refused<F, Sent>(acked: &AtomicUsize, mut write: F) -> Vec<Write>
where
    F: FnMut(usize) -> (String, String, Sent),
    Sent: Future<Output = Option<(i64, i64)>>,
{
    let mut writes = Vec::new();
    for i in 0.. {
        let (key, text, sent) = write(i);
        let acked_ids = sent.await;
        let done = acked_ids.is_none();
        writes.push(Write {
            key,
            text,
            acked: acked_ids,
        });
        if done {
            break;
        }
        acked.fetch_add(1, Ordering::SeqCst);
    }
    writes
}

/// Delivers customer messages until the server stops answering.
async fn customers(client: reqwest::Client, url: String, acked: Arc<AtomicUsize>) -> Vec<Write> {
    until_refused(&acked, |i| {
        let chat = format!("kill-chat-{}", i % CHATS);
        let key = format!("kill-{i}");
        let text = format!("customer message {i}");
        let request = client.post(&url).json(&delivery(&chat, &key, &text));
        let sent = async move {
            let body = acknowledged(request, 202).await?;
            let conversation = body["conversation_id"].as_i64().unwrap();
            Some((conversation, body["message_id"].as_i64().unwrap()))
        };
        (format!("{chat}/{key}"), text, sent)
    })
    .await
}

/// Sends operator replies until the server stops answering.
async fn operator(
    client: reqwest::Client,
    url: String,
    token: String,
    conversation: i64,
    acked: Arc<AtomicUsize>,
) -> Vec<Write> {
    until_refused(&acked, |i| {
        let key = format!("op-{i}");
        let text = format!("operator reply {i}");
        let request = client
            .post(&url)
            .bearer_auth(&token)
            .json(&json!({"client_id": key, "text": text}));
        let sent = async move {
            let body = acknowledged(request, 201).await?;
            Some((conversation, body["id"].as_i64().unwrap()))
        };
        (key, text, sent)
    })
    .await
}

/// How many times each text appears in each conversation.
async fn count_texts(
    server: &ChildServer,
    token: &str,
    conversations: &[i64],
) -> HashMap<String, Vec<i64>> {
    let mut seen: HashMap<String, Vec<i64>> = HashMap::new();
    for &conversation in conversations {
        for message in server.messages(token, conversation).await {
            if let Some(text) = message["text"].as_str() {
                seen.entry(text.to_owned())
                    .or_default()
                    .push(message["id"].as_i64().unwrap());
            }
        }
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_message_survives_kill_9_exactly_once() {
    let data = tempfile::tempdir().unwrap();
    let mut server = ChildServer::start(data.path());
    let olivia = server.login("olivia@example.com").await;
    let first = delivery("kill-operator", "kill-operator-1", "please answer");
    let (_, first) = server.deliver_body("demo-telegram", &first).await;
    let op_conversation = first["conversation_id"].as_i64().unwrap();
    let (status, _) = server
        .act(&olivia, op_conversation, "answer", json!({}))
        .await;
    assert_eq!(status, 200);

    let customer_acks = Arc::new(AtomicUsize::new(0));
    let operator_acks = Arc::new(AtomicUsize::new(0));
    let customers = tokio::spawn(customers(
        server.client.clone(),
        server.url("/inbound/demo-telegram"),
        customer_acks.clone(),
    ));
    let operator = tokio::spawn(operator(
        server.client.clone(),
        server.url(&format!("/conversations/{op_conversation}/messages")),
        olivia.clone(),
        op_conversation,
        operator_acks.clone(),
    ));
    // Kill in the middle of the stream, once both writers are well under way.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while (customer_acks.load(Ordering::SeqCst) < 60 || operator_acks.load(Ordering::SeqCst) < 30)
        && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.child.kill().expect("SIGKILL");
    server.child.wait().unwrap();
    let customer_writes = customers.await.unwrap();
    let operator_writes = operator.await.unwrap();
    let acked_customers: Vec<&Write> = customer_writes
        .iter()
        .filter(|w| w.acked.is_some())
        .collect();
    let acked_replies: Vec<&Write> = operator_writes
        .iter()
        .filter(|w| w.acked.is_some())
        .collect();
    assert!(
        acked_customers.len() >= 60,
        "{} customer writes acknowledged",
        acked_customers.len()
    );
    assert!(
        acked_replies.len() >= 30,
        "{} replies acknowledged",
        acked_replies.len()
    );
    // Each writer stopped on a write the dying server did not acknowledge.
    assert!(customer_writes.last().unwrap().acked.is_none());
    assert!(operator_writes.last().unwrap().acked.is_none());
    drop(server);

    let server = ChildServer::start(data.path());
    let admin = server.login("admin@example.com").await;
    let mut conversations: Vec<i64> = acked_customers
        .iter()
        .filter_map(|w| w.acked.map(|(conversation, _)| conversation))
        .collect();
    conversations.push(op_conversation);
    conversations.sort_unstable();
    conversations.dedup();
    let seen = count_texts(&server, &admin, &conversations).await;
    for write in acked_customers.iter().chain(&acked_replies) {
        let (_, id) = write.acked.unwrap();
        assert_eq!(
            seen.get(&write.text).map(Vec::as_slice),
            Some([id].as_slice()),
            "{} ({}) after kill -9",
            write.text,
            write.key
        );
    }

    // The senders retry what they were not sure of (and, to be thorough,
    // everything): nothing is stored twice.
    for (i, write) in customer_writes.iter().enumerate() {
        let (chat, key) = write.key.split_once('/').unwrap();
        let retry = delivery(chat, key, &write.text);
        let (status, body) = server.deliver_body("demo-telegram", &retry).await;
        assert_eq!(status, 202, "retry {i}");
        if let Some((_, id)) = write.acked {
            assert_eq!(
                body["message_id"], id,
                "a retried delivery returns the stored message"
            );
        }
        conversations.push(body["conversation_id"].as_i64().unwrap());
    }
    let olivia = server.login("olivia@example.com").await;
    for write in &operator_writes {
        let retry = json!({"client_id": write.key, "text": write.text});
        let (status, body) = server.send_message(&olivia, op_conversation, retry).await;
        assert!(matches!(status, 200 | 201), "{}", write.key);
        if let Some((_, id)) = write.acked {
            assert_eq!(body["id"], id, "a retried reply returns the stored message");
        }
    }
    conversations.sort_unstable();
    conversations.dedup();
    let seen = count_texts(&server, &admin, &conversations).await;
    for write in customer_writes.iter().chain(&operator_writes) {
        assert_eq!(
            seen.get(&write.text).map(Vec::len),
            Some(1),
            "{} after retries",
            write.text
        );
    }
}
