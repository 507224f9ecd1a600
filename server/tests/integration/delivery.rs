//! Outbound delivery through the generic webhook: a receiver in the test
//! (a real HTTP server on a free port) checks every request's signature and
//! timestamp the way `docs/connectors.md` tells adapters to, drops repeated
//! ids, and can be told to fail. The operator's replies reach it once each,
//! in order, through failures; past the retry limit the message shows
//! "Not delivered" and "Retry" delivers it.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use crate::support::{find, ChildServer, TestServer};

/// The demo website chat's secret token (its connector secret).
const SECRET: &str = "demo-livechat";
/// How old a timestamp the receiver accepts, in seconds.
const TOLERANCE_SECS: i64 = 300;

#[derive(Default)]
struct Receiver {
    /// What it answers: 200, or a failure status.
    answer: u16,
    /// How long it takes to answer.
    delay: Duration,
    /// Requests that arrived (counted before the delay).
    arrived: usize,
    /// Delivery ids seen (a repeat is acknowledged and dropped).
    seen: HashSet<String>,
    /// What it took, in order: (type, message id, text).
    taken: Vec<(String, i64, String)>,
    /// Requests refused for their signature or timestamp.
    refused: usize,
    /// Every request that reached it, with its headers, for replays.
    requests: Vec<(HeaderMap, Bytes)>,
}

type Shared = Arc<Mutex<Receiver>>;

fn sign(secret: &str, timestamp: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Verifies as an adapter must: the signature over "timestamp.body" with
/// the connector secret, compared in constant time, and a recent timestamp.
fn verified(headers: &HeaderMap, body: &[u8]) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let (Some(timestamp), Some(signature)) = (
        header("x-switchboard-timestamp"),
        header("x-switchboard-signature"),
    ) else {
        return false;
    };
    let Ok(at) = timestamp.parse::<i64>() else {
        return false;
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    if (now - at).abs() > TOLERANCE_SECS {
        return false;
    }
    let Some(hex_sig) = signature.strip_prefix("sha256=") else {
        return false;
    };
    let Ok(given) = hex::decode(hex_sig) else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.verify_slice(&given).is_ok()
}

async fn hook(State(shared): State<Shared>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let delay = {
        let mut receiver = shared.lock().unwrap();
        receiver.arrived += 1;
        receiver.delay
    };
    tokio::time::sleep(delay).await;
    let mut receiver = shared.lock().unwrap();
    receiver.requests.push((headers.clone(), body.clone()));
    if !verified(&headers, &body) {
        receiver.refused += 1;
        return StatusCode::UNAUTHORIZED;
    }
    if receiver.answer != 200 {
        return StatusCode::from_u16(receiver.answer).unwrap();
    }
    let delivery: Value = serde_json::from_slice(&body).unwrap();
    let id = delivery["id"].as_str().unwrap().to_owned();
    assert_eq!(
        headers["x-switchboard-delivery"].to_str().unwrap(),
        id,
        "the header repeats the body's id"
    );
    if receiver.seen.insert(id) {
        let message = &delivery["message"];
        receiver.taken.push((
            delivery["type"].as_str().unwrap().to_owned(),
            message["id"].as_i64().unwrap_or(0),
            message["text"].as_str().unwrap_or("").to_owned(),
        ));
    }
    StatusCode::OK
}

async fn start_receiver() -> (SocketAddr, Shared) {
    let shared: Shared = Arc::new(Mutex::new(Receiver {
        answer: 200,
        ..Receiver::default()
    }));
    let router = axum::Router::new()
        .route("/hook", axum::routing::post(hook))
        .with_state(shared.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    (addr, shared)
}

/// Waits (at most 20 s) until `done` holds for the receiver.
async fn until(shared: &Shared, what: &str, done: impl Fn(&Receiver) -> bool) {
    for _ in 0..400 {
        if done(&shared.lock().unwrap()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let receiver = shared.lock().unwrap();
    panic!("{what}: took {:?}", receiver.taken);
}

/// The delivery of message `id` as `token` sees it, once `state` (at most 20 s).
async fn delivery_of(
    server: &TestServer,
    token: &str,
    conversation: i64,
    id: i64,
    state: &str,
) -> Value {
    let mut last = Value::Null;
    for _ in 0..400 {
        let messages = server.messages(token, conversation).await;
        let message = messages.iter().find(|m| m["id"] == id).unwrap();
        last = message["delivery"].clone();
        if last["state"] == state {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("message {id} never became {state}: {last}");
}

async fn send(server: &TestServer, token: &str, conversation: i64, key: &str, text: &str) -> i64 {
    let (status, message) = server
        .send_message(token, conversation, json!({"client_id": key, "text": text}))
        .await;
    assert_eq!(status, 201, "{message}");
    assert_eq!(message["delivery"]["state"], "sending", "{message}");
    message["id"].as_i64().unwrap()
}

/// A demo server whose website chat posts to a fresh receiver; the
/// operator's token and a new conversation of that channel.
async fn wired(attempts: u32) -> (TestServer, Shared, String, i64) {
    let server = TestServer::start_with(|config| {
        config.demo = true;
        config.delivery_attempts = attempts;
        config.delivery_retry_ms = 100;
    })
    .await;
    let (addr, shared) = start_receiver().await;
    let admin = server.login("admin@example.com").await;
    let url = format!("http://{addr}/hook");
    let body = server
        .set_outbound(&admin, "Sales", "Website chat", &url)
        .await;
    assert_eq!(body["outbound_url"], url.as_str());
    assert_eq!(body["delivery"]["queued"], 0);
    let operator = server.login("olivia@example.com").await;
    let conversation = server.new_conversation("demo-livechat", "hook-chat").await;
    (server, shared, operator, conversation)
}

#[tokio::test]
async fn replies_reach_the_receiver_once_each_in_order_through_failures() {
    let (server, shared, operator, conversation) = wired(10).await;
    let first = send(&server, &operator, conversation, "d-1", "Hello from Olivia").await;
    until(&shared, "the first reply", |r| r.taken.len() == 1).await;
    delivery_of(&server, &operator, conversation, first, "delivered").await;
    // Internal notes never travel.
    let (status, note) = server
        .send_message(
            &operator,
            conversation,
            json!({"client_id": "d-note", "text": "between us", "internal": true}),
        )
        .await;
    assert_eq!(status, 201, "{note}");
    assert_eq!(note["delivery"], Value::Null);

    // The receiver fails for a while; five replies wait, then arrive in order.
    shared.lock().unwrap().answer = 503;
    let mut ids = Vec::new();
    for n in 1..=5 {
        ids.push(
            send(
                &server,
                &operator,
                conversation,
                &format!("d-r{n}"),
                &format!("Reply {n}"),
            )
            .await,
        );
    }
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(
        shared.lock().unwrap().taken.len(),
        1,
        "nothing passes a failing receiver"
    );
    let waiting = delivery_of(&server, &operator, conversation, ids[0], "sending").await;
    assert!(
        waiting["error"].as_str().unwrap().contains("503"),
        "the reason shows while it retries: {waiting}"
    );
    shared.lock().unwrap().answer = 200;
    until(&shared, "the five replies", |r| r.taken.len() == 6).await;
    let taken = shared.lock().unwrap().taken.clone();
    let texts: Vec<_> = taken.iter().map(|(_, _, text)| text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Hello from Olivia",
            "Reply 1",
            "Reply 2",
            "Reply 3",
            "Reply 4",
            "Reply 5"
        ]
    );
    assert!(taken.iter().all(|(kind, _, _)| kind == "message.created"));
    for id in &ids {
        let delivered = delivery_of(&server, &operator, conversation, *id, "delivered").await;
        assert_eq!(delivered["error"], Value::Null);
    }

    // An edit and a deletion follow the message (the website chat has both).
    let (status, _) = server
        .patch(
            &operator,
            &format!("/messages/{}", ids[4]),
            json!({"text": "Reply five"}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = server
        .delete(&operator, &format!("/messages/{}", ids[3]))
        .await;
    assert_eq!(status, 200);
    until(&shared, "the edit and the deletion", |r| r.taken.len() == 8).await;
    let taken = shared.lock().unwrap().taken.clone();
    assert_eq!(
        taken[6],
        ("message.edited".into(), ids[4], "Reply five".into())
    );
    assert_eq!(taken[7], ("message.deleted".into(), ids[3], String::new()));
    assert_eq!(
        shared.lock().unwrap().refused,
        0,
        "every request was signed"
    );
    // The connector's health clears once deliveries work again.
    let admin = server.login("admin@example.com").await;
    let lines = server.get_ok(&admin, "/lines").await;
    let chat = find(
        &find(&lines, "name", "Sales")["connectors"],
        "name",
        "Website chat",
    )
    .clone();
    assert_eq!(chat["delivery"]["last_error"], Value::Null, "{chat}");
    assert_eq!(chat["delivery"]["queued"], 0, "{chat}");
}

#[tokio::test]
async fn past_the_retry_limit_it_is_not_delivered_until_retry() {
    let (server, shared, operator, conversation) = wired(3).await;
    shared.lock().unwrap().answer = 502;
    let id = send(&server, &operator, conversation, "f-1", "Are you there?").await;
    let failed = delivery_of(&server, &operator, conversation, id, "failed").await;
    let reason = failed["error"].as_str().unwrap();
    assert!(
        reason.contains("Gave up after 3 attempts") && reason.contains("502"),
        "{reason}"
    );
    // The admin sees the failing connector.
    let admin = server.login("admin@example.com").await;
    let lines = server.get_ok(&admin, "/lines").await;
    let chat = find(
        &find(&lines, "name", "Sales")["connectors"],
        "name",
        "Website chat",
    )
    .clone();
    assert!(
        chat["delivery"]["last_error"]
            .as_str()
            .unwrap()
            .contains("502"),
        "{chat}"
    );
    assert!(chat["delivery"]["last_error_at"].as_i64().is_some());

    // Edited while not delivered: no edit goes out (the customer never had
    // it), and the message stays "Not delivered".
    let (status, edited) = server
        .patch(
            &operator,
            &format!("/messages/{id}"),
            json!({"text": "Are you still there?"}),
        )
        .await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["delivery"]["state"], "failed", "{edited}");

    // "Retry" gives it fresh attempts; the receiver, back, gets it once, as
    // it now reads.
    shared.lock().unwrap().answer = 200;
    let (status, retried) = server
        .post(
            &operator,
            &format!("/messages/{id}/retry-delivery"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{retried}");
    assert_eq!(retried["delivery"]["state"], "sending");
    delivery_of(&server, &operator, conversation, id, "delivered").await;
    until(&shared, "the retried reply", |r| r.taken.len() == 1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let taken = shared.lock().unwrap().taken.clone();
    assert_eq!(
        taken,
        [(
            "message.created".to_owned(),
            id,
            "Are you still there?".to_owned()
        )]
    );
    // Nothing left to retry.
    let (status, body) = server
        .post(
            &operator,
            &format!("/messages/{id}/retry-delivery"),
            json!({}),
        )
        .await;
    assert_eq!(status, 409, "{body}");

    // A refusal (4xx other than 408 and 429) is final at once.
    shared.lock().unwrap().answer = 410;
    let gone = send(&server, &operator, conversation, "f-2", "Still there?").await;
    let failed = delivery_of(&server, &operator, conversation, gone, "failed").await;
    assert!(
        failed["error"].as_str().unwrap().contains("410"),
        "{failed}"
    );
    let requests = shared.lock().unwrap().requests.len();
    assert_eq!(
        requests,
        3 + 1 + 1,
        "three attempts, the retry, one refused attempt"
    );
}

#[tokio::test]
async fn the_receiver_rejects_a_forged_signature_and_a_replayed_timestamp() {
    let (server, shared, operator, conversation) = wired(10).await;
    send(&server, &operator, conversation, "s-1", "Signed").await;
    until(&shared, "the signed reply", |r| r.taken.len() == 1).await;
    let (headers, body) = shared.lock().unwrap().requests[0].clone();
    let addr = {
        let url = server
            .get_ok(&server.login("admin@example.com").await, "/lines")
            .await;
        let sales = find(&url, "name", "Sales");
        find(&sales["connectors"], "name", "Website chat")["outbound_url"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let client = reqwest::Client::new();
    let post = |timestamp: String, signature: String, body: Bytes| {
        client
            .post(&addr)
            .header("x-switchboard-timestamp", timestamp)
            .header("x-switchboard-signature", signature)
            .header("x-switchboard-delivery", "replay")
            .body(body)
            .send()
    };
    let timestamp = headers["x-switchboard-timestamp"]
        .to_str()
        .unwrap()
        .to_owned();
    let signature = headers["x-switchboard-signature"]
        .to_str()
        .unwrap()
        .to_owned();
    // A timestamp ten minutes old, correctly signed: refused as a replay.
    let old = (timestamp.parse::<i64>().unwrap() - 600).to_string();
    let replay = post(old.clone(), sign(SECRET, &old, &body), body.clone())
        .await
        .unwrap();
    assert_eq!(replay.status(), 401);
    // The fresh signature moved onto an old timestamp: it no longer matches.
    let moved = post(old, signature.clone(), body.clone()).await.unwrap();
    assert_eq!(moved.status(), 401);
    // A changed body under the original signature: refused.
    let mut forged = body.to_vec();
    forged.extend_from_slice(b" ");
    let forged = post(timestamp, signature, Bytes::from(forged))
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
    assert_eq!(shared.lock().unwrap().refused, 3);
    assert_eq!(shared.lock().unwrap().taken.len(), 1);
}

/// `kill -9` of the server with deliveries queued, and one in flight: after
/// the restart each reaches the receiver exactly once (a repeated attempt
/// carries the same id, which the receiver drops), in order.
#[tokio::test]
async fn deliveries_survive_kill_9_and_arrive_once() {
    let data = tempfile::tempdir().unwrap();
    let (addr, shared) = start_receiver().await;
    let args = ["--delivery-retry-ms", "100"];
    let server = ChildServer::start_with(data.path(), &args);
    let admin = server.login("admin@example.com").await;
    let url = format!("http://{addr}/hook");
    server
        .set_outbound(&admin, "Sales", "Website chat", &url)
        .await;
    let operator = server.login("olivia@example.com").await;
    let conversation = server.new_conversation("demo-livechat", "kill-chat").await;
    // The receiver is down: the replies queue.
    shared.lock().unwrap().answer = 503;
    for n in 1..=4 {
        let (status, body) = server
            .send_message(
                &operator,
                conversation,
                json!({"client_id": format!("k-{n}"), "text": format!("Queued {n}")}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Back, but slow: the first delivery is in flight when the server dies.
    {
        let mut receiver = shared.lock().unwrap();
        receiver.answer = 200;
        receiver.delay = Duration::from_millis(1500);
    }
    let before = shared.lock().unwrap().arrived;
    let mut in_flight = false;
    for _ in 0..200 {
        tokio::time::sleep(Duration::from_millis(10)).await;
        if shared.lock().unwrap().arrived > before {
            in_flight = true;
            break;
        }
    }
    assert!(in_flight, "a retry reached the slow receiver");
    server.signal("KILL");
    drop(server);
    shared.lock().unwrap().delay = Duration::ZERO;
    let restarted = ChildServer::start_with(data.path(), &args);
    until(&shared, "every queued reply", |r| r.taken.len() >= 4).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let texts: Vec<String> = {
        let receiver = shared.lock().unwrap();
        receiver
            .taken
            .iter()
            .map(|(_, _, text)| text.clone())
            .collect()
    };
    assert_eq!(
        texts,
        ["Queued 1", "Queued 2", "Queued 3", "Queued 4"],
        "each once, in order"
    );
    let operator = restarted.login("olivia@example.com").await;
    let states = restarted
        .delivery_states(&operator, conversation, "Queued")
        .await;
    assert_eq!(states, vec![json!("delivered"); 4]);
}
