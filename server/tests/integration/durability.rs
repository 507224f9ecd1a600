//! A message acknowledged to its sender survives `kill -9` of the server:
//! the real binary runs as a child process, customers (webhook) and an
//! operator write without pause, the process is killed with SIGKILL in the
//! middle of the stream, and after a restart on the same data folder every
//! acknowledged message is there exactly once. Retrying what was in flight
//! (same webhook message id, same client id) adds no duplicate either.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::process::ChildServer;
use serde_json::{json, Value};

/// A write and, when the server acknowledged it, the stored message's id.
#[derive(Debug, Clone)]
struct Write {
    key: String,
    text: String,
    acked: Option<(i64, i64)>,
}

const CHATS: usize = 4;

fn delivery(chat: &str, key: &str, text: &str) -> Value {
    json!({
        "chat": {"id": chat, "title": null},
        "customer": {"id": chat, "name": "Kill Test", "email": null, "phone": null},
        "message": {"id": key, "text": text, "attachments": []}
    })
}

/// Delivers customer messages until the server stops answering.
async fn customers(client: reqwest::Client, url: String, acked: Arc<AtomicUsize>) -> Vec<Write> {
    let mut writes = Vec::new();
    for i in 0.. {
        let chat = format!("kill-chat-{}", i % CHATS);
        let key = format!("kill-{i}");
        let text = format!("customer message {i}");
        let response = client
            .post(&url)
            .json(&delivery(&chat, &key, &text))
            .send()
            .await;
        let ack = match response {
            Ok(response) if response.status() == 202 => response.json::<Value>().await.ok(),
            _ => None,
        };
        let acked_ids = ack.map(|body| {
            (
                body["conversation_id"].as_i64().unwrap(),
                body["message_id"].as_i64().unwrap(),
            )
        });
        let done = acked_ids.is_none();
        writes.push(Write {
            key: format!("{chat}/{key}"),
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

/// Sends operator replies until the server stops answering.
async fn operator(
    client: reqwest::Client,
    url: String,
    token: String,
    conversation: i64,
    acked: Arc<AtomicUsize>,
) -> Vec<Write> {
    let mut writes = Vec::new();
    for i in 0.. {
        let key = format!("op-{i}");
        let text = format!("operator reply {i}");
        let response = client
            .post(&url)
            .bearer_auth(&token)
            .json(&json!({"client_id": key, "text": text}))
            .send()
            .await;
        let ack = match response {
            Ok(response) if response.status() == 201 => response.json::<Value>().await.ok(),
            _ => None,
        };
        let acked_ids = ack.map(|body| (conversation, body["id"].as_i64().unwrap()));
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

/// How many times each text appears in each conversation.
async fn count_texts(
    server: &ChildServer,
    token: &str,
    conversations: &[i64],
) -> HashMap<String, Vec<i64>> {
    let mut seen: HashMap<String, Vec<i64>> = HashMap::new();
    for &conversation in conversations {
        for message in server.all_messages(token, conversation).await {
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
    let inbound = server.url("/inbound/demo-telegram");
    let first: Value = server
        .client
        .post(&inbound)
        .json(&delivery(
            "kill-operator",
            "kill-operator-1",
            "please answer",
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let op_conversation = first["conversation_id"].as_i64().unwrap();
    let answered = server
        .client
        .post(server.url(&format!("/conversations/{op_conversation}/answer")))
        .bearer_auth(&olivia)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), 200);

    let customer_acks = Arc::new(AtomicUsize::new(0));
    let operator_acks = Arc::new(AtomicUsize::new(0));
    let customers = tokio::spawn(customers(
        server.client.clone(),
        inbound.clone(),
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
    let inbound = server.url("/inbound/demo-telegram");
    for (i, write) in customer_writes.iter().enumerate() {
        let (chat, key) = write.key.split_once('/').unwrap();
        let response = server
            .client
            .post(&inbound)
            .json(&delivery(chat, key, &write.text))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 202, "retry {i}");
        let body: Value = response.json().await.unwrap();
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
        let response = server
            .client
            .post(server.url(&format!("/conversations/{op_conversation}/messages")))
            .bearer_auth(&olivia)
            .json(&json!({"client_id": write.key, "text": write.text}))
            .send()
            .await
            .unwrap();
        assert!(
            matches!(response.status().as_u16(), 200 | 201),
            "{}",
            write.key
        );
        let body: Value = response.json().await.unwrap();
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
