use futures_util::SinkExt;
use reqwest::Method;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message as WsMessage;

use crate::support::{drain, frames_until_ready, next_frame, TestServer};

fn seqs(frames: &[Value]) -> Vec<i64> {
    frames
        .iter()
        .filter(|f| f["frame"] == "event")
        .map(|f| f["seq"].as_i64().unwrap())
        .collect()
}

/// The texts of the `message_created` events among frames.
fn created_texts(frames: &[Value]) -> Vec<&str> {
    frames
        .iter()
        .filter(|f| f["event"]["type"] == "message_created")
        .map(|f| f["event"]["message"]["text"].as_str().unwrap())
        .collect()
}

/// Whether a frame carries a message with this text.
fn has_text(frames: &[Value], text: &str) -> bool {
    frames.iter().any(|f| f["event"]["message"]["text"] == text)
}

/// The `x-switchboard-seq` header of a snapshot.
fn seq_of(response: &reqwest::Response) -> i64 {
    response.headers()["x-switchboard-seq"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_live_client_receives_new_messages_with_increasing_seq() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let mut socket = server.events(&olivia, None).await;
    let ready = next_frame(&mut socket, 5000).await.unwrap();
    assert_eq!(ready["frame"], "ready");
    server
        .deliver("demo-livechat", "live", "l-1", "Allô ?")
        .await;
    let created = next_frame(&mut socket, 5000).await.unwrap();
    assert_eq!(created["event"]["type"], "conversation_created");
    assert_eq!(created["event"]["conversation"]["status"], "unanswered");
    let message = next_frame(&mut socket, 5000).await.unwrap();
    assert_eq!(message["event"]["type"], "message_created");
    assert_eq!(message["event"]["message"]["text"], "Allô ?");
    assert!(message["seq"].as_i64().unwrap() > created["seq"].as_i64().unwrap());
}

#[tokio::test]
async fn resuming_after_a_disconnect_misses_and_repeats_nothing() {
    let (server, admin) = TestServer::demo_as("admin@example.com").await;
    let mut socket = server.live_events(&admin).await;
    server
        .deliver("demo-livechat", "resume", "r-1", "one")
        .await;
    let first = next_frame(&mut socket, 5000).await.unwrap();
    let second = next_frame(&mut socket, 5000).await.unwrap();
    let last_seen = second["seq"].as_i64().unwrap();
    assert!(last_seen > first["seq"].as_i64().unwrap());
    drop(socket);

    // Missed while disconnected: a message, an answer, a reply.
    let (_, accepted) = server
        .deliver("demo-livechat", "resume", "r-2", "two")
        .await;
    let id = accepted["conversation_id"].as_i64().unwrap();
    server.act(&admin, id, "answer", json!({})).await;
    let reply = json!({"client_id": "k", "text": "three"});
    server.send_message(&admin, id, reply).await;

    let mut socket = server.events(&admin, Some(last_seen)).await;
    let replayed = frames_until_ready(&mut socket).await;
    assert_eq!(replayed.last().unwrap()["frame"], "ready");
    let latest = replayed.last().unwrap()["latest_seq"].as_i64().unwrap();
    let expected: Vec<i64> = (last_seen + 1..=latest).collect();
    assert_eq!(
        seqs(&replayed),
        expected,
        "every missed event, in order, once"
    );
    assert_eq!(created_texts(&replayed), ["two", "three"]);

    // Live events continue after the replay without repeating it.
    server
        .deliver("demo-livechat", "resume", "r-3", "four")
        .await;
    let live_seqs = seqs(&drain(&mut socket, 700).await);
    assert!(!live_seqs.is_empty());
    assert!(live_seqs.iter().all(|seq| *seq > latest));
    let mut sorted = live_seqs.clone();
    sorted.dedup();
    assert_eq!(sorted, live_seqs);
}

#[tokio::test]
async fn a_too_old_sequence_gets_an_explicit_resync() {
    let server = TestServer::start_with(|config| {
        config.demo = true;
        config.event_retention = 3;
    })
    .await;
    let admin = server.login("admin@example.com").await;
    for n in 0..4 {
        server
            .deliver("demo-telegram", "old", &format!("o-{n}"), "hello")
            .await;
    }
    let mut socket = server.events(&admin, Some(1)).await;
    let frame = next_frame(&mut socket, 5000).await.unwrap();
    assert_eq!(frame["frame"], "resync");
    assert!(frame["latest_seq"].as_i64().unwrap() >= 8);

    // A sequence from the future (another database) resyncs too.
    let mut socket = server.events(&admin, Some(1_000_000)).await;
    assert_eq!(
        next_frame(&mut socket, 5000).await.unwrap()["frame"],
        "resync"
    );

    // A recent one still replays.
    let latest = frame["latest_seq"].as_i64().unwrap();
    let mut socket = server.events(&admin, Some(latest - 1)).await;
    let frames = frames_until_ready(&mut socket).await;
    assert_eq!(seqs(&frames), [latest]);
}

#[tokio::test]
async fn operators_only_receive_events_of_conversations_they_may_see() {
    let (server, marc) = TestServer::demo_as("marc@example.com").await;
    let admin = server.login("admin@example.com").await;
    let mut marc_socket = server.events(&marc, None).await;
    let ready = frames_until_ready(&mut marc_socket).await;
    let start = ready.last().unwrap()["latest_seq"].as_i64().unwrap();

    server
        .deliver("demo-livechat", "sales-secret", "s-1", "Sales only")
        .await;
    server
        .deliver("demo-telegram", "support", "t-1", "Support question")
        .await;
    let received = drain(&mut marc_socket, 700).await;
    assert_eq!(created_texts(&received), ["Support question"]);

    // Replay is filtered the same way.
    let mut replay = server.events(&marc, Some(start)).await;
    let frames = frames_until_ready(&mut replay).await;
    assert!(!has_text(&frames, "Sales only"));
    assert!(has_text(&frames, "Support question"));

    // The admin sees both.
    let mut boss = server.events(&admin, Some(start)).await;
    let frames = frames_until_ready(&mut boss).await;
    assert!(has_text(&frames, "Sales only"));
}

#[tokio::test]
async fn the_stream_requires_a_valid_token_and_answers_pings() {
    let server = TestServer::demo().await;
    let refused =
        tokio_tungstenite::connect_async(format!("ws://{}/api/v1/events?token=wrong", server.addr))
            .await;
    match refused {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), 401)
        }
        other => panic!("expected a 401, got {other:?}"),
    }
    let token = server.login("olivia@example.com").await;
    let mut socket = server.live_events(&token).await;
    let ping = WsMessage::Text(r#"{"frame":"ping","nonce":42}"#.into());
    socket.send(ping).await.unwrap();
    let pong = next_frame(&mut socket, 5000).await.unwrap();
    assert_eq!(pong, json!({"frame": "pong", "nonce": 42}));
}

#[tokio::test]
async fn a_snapshot_says_where_the_stream_stood_and_resuming_from_it_misses_nothing() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;

    // The queue snapshot, with the latest event it reflects.
    let snapshot = server
        .request(Method::GET, "/conversations?status=unanswered")
        .bearer_auth(&olivia)
        .send()
        .await
        .unwrap();
    assert_eq!(snapshot.status(), 200);
    let seq = seq_of(&snapshot);
    let _: Value = snapshot.json().await.unwrap();

    // A customer writes before the app's socket is open...
    let id = server.new_conversation("demo-telegram", "between").await;

    // ...and the socket opened after the snapshot's number replays it.
    let mut socket = server.events(&olivia, Some(seq)).await;
    let frames = frames_until_ready(&mut socket).await;
    assert!(
        frames
            .iter()
            .any(|frame| frame["event"]["type"] == "conversation_created"
                && frame["event"]["conversation"]["id"] == id),
        "the conversation created after the snapshot is replayed: {frames:?}"
    );
    assert!(seqs(&frames).iter().all(|replayed| *replayed > seq));

    // Without the number, a socket opened now would start after it.
    let mut late = server.events(&olivia, None).await;
    let ready = frames_until_ready(&mut late).await;
    assert_eq!(seqs(&ready), Vec::<i64>::new());
}

#[tokio::test]
async fn the_snapshot_number_follows_the_stream_and_other_origins_may_read_it() {
    let server = TestServer::start_with(|config| {
        config.demo = true;
        config.cors_origins = vec!["http://cdn.example".into()];
    })
    .await;
    let olivia = server.login("olivia@example.com").await;
    let users = || server.request(Method::GET, "/users").bearer_auth(&olivia);
    let before = users()
        .header("origin", "http://cdn.example")
        .send()
        .await
        .unwrap();
    let exposed = before.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(exposed.contains("x-switchboard-seq"), "{exposed}");
    server
        .deliver("demo-telegram", "moves", "m-1", "One more event")
        .await;
    let after = users().send().await.unwrap();
    assert!(seq_of(&after) > seq_of(&before));
}
