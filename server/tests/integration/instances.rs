//! Several instances on one PostgreSQL database: two real server binaries
//! share the database (and the data folder, as a shared folder would be),
//! and what is written through one reaches the sockets of the other, in
//! order and once. Only on PostgreSQL (`SWITCHBOARD_TEST_DATABASE_URL`):
//! SQLite is one instance.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use sqlx::Connection;

use crate::support::database::on_postgres;
use crate::support::{drain, frames_until_ready, ChildServer};

/// Two instances on the database of one fresh data folder (returned
/// first: it outlives them), the second started once the first has migrated
/// and seeded it. `None` without a PostgreSQL server: the test is skipped.
fn two_instances() -> Option<(tempfile::TempDir, ChildServer, ChildServer)> {
    if !on_postgres() {
        eprintln!("skipped: several instances run on PostgreSQL only");
        return None;
    }
    let data = tempfile::tempdir().unwrap();
    let a = ChildServer::start(data.path());
    let b = ChildServer::start(data.path());
    Some((data, a, b))
}

/// The sequence numbers of the events among `frames`.
fn seqs(frames: &[Value]) -> Vec<i64> {
    frames
        .iter()
        .filter(|frame| frame["frame"] == "event")
        .map(|frame| frame["seq"].as_i64().unwrap())
        .collect()
}

/// The events an employee may see after `after`, as a socket resuming
/// there replays them from the table (on `server`).
async fn replayed(server: &ChildServer, token: &str, after: i64) -> Vec<i64> {
    let mut socket = server.events(token, Some(after)).await;
    let frames = frames_until_ready(&mut socket).await;
    assert_eq!(frames.last().unwrap()["frame"], "ready", "{frames:?}");
    seqs(&frames)
}

/// Texts of the `message_created` events among `frames`.
fn texts(frames: &[Value]) -> Vec<String> {
    frames
        .iter()
        .filter(|frame| frame["frame"] == "event" && frame["event"]["type"] == "message_created")
        .filter_map(|frame| {
            frame["event"]["message"]["text"]
                .as_str()
                .map(str::to_owned)
        })
        .collect()
}

/// Customers write and a colleague replies through instance B; an
/// operator connected to A receives every event, in order, once: exactly
/// the ones a socket replaying the table would.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_written_through_one_instance_reach_the_sockets_of_the_other_in_order_once() {
    let Some((_data, a, b)) = two_instances() else {
        return;
    };
    let olivia = a.login("olivia@example.com").await;
    let admin = b.login("admin@example.com").await;
    let mut socket = a.events(&olivia, None).await;
    let ready = frames_until_ready(&mut socket).await;
    let start = ready.last().unwrap()["latest_seq"].as_i64().unwrap();

    let conversation = b.new_conversation("demo-telegram", "two-instances").await;
    for i in 2..=5 {
        let (status, body) = b
            .deliver(
                "demo-telegram",
                "two-instances",
                &format!("two-instances-{i}"),
                &format!("customer {i}"),
            )
            .await;
        assert_eq!(status, 202, "{body}");
    }
    let (status, body) = b.act(&admin, conversation, "answer", json!({})).await;
    assert_eq!(status, 200, "{body}");
    let reply =
        json!({"client_id": "0b6f4d7e-0000-4000-8000-000000000001", "text": "reply from B"});
    let (status, body) = b.send_message(&admin, conversation, reply).await;
    assert!(status == 200 || status == 201, "{status} {body}");

    let live = drain(&mut socket, 3000).await;
    let live_seqs = seqs(&live);
    assert!(!live_seqs.is_empty(), "nothing reached A: {live:?}");
    assert!(
        live_seqs.windows(2).all(|pair| pair[0] < pair[1]),
        "in order, once: {live_seqs:?}"
    );
    assert_eq!(
        live_seqs,
        replayed(&a, &olivia, start).await,
        "A's socket got exactly the events the table holds for Olivia"
    );
    let texts = texts(&live);
    for expected in [
        "Bonjour",
        "customer 2",
        "customer 3",
        "customer 4",
        "customer 5",
        "reply from B",
    ] {
        assert_eq!(
            texts.iter().filter(|text| *text == expected).count(),
            1,
            "{expected:?} once in {texts:?}"
        );
    }
}

/// A socket closed on A resumes on B with `?after=`: together the two
/// sockets got every event once, in order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_socket_closed_on_one_instance_resumes_on_the_other_without_gap_or_duplicate() {
    let Some((_data, a, b)) = two_instances() else {
        return;
    };
    let olivia = a.login("olivia@example.com").await;
    let mut first = a.events(&olivia, None).await;
    let ready = frames_until_ready(&mut first).await;
    let start = ready.last().unwrap()["latest_seq"].as_i64().unwrap();

    // Written through both instances while the first socket listens on A.
    a.new_conversation("demo-telegram", "resume-a").await;
    b.new_conversation("demo-telegram", "resume-b").await;
    let before = seqs(&drain(&mut first, 2000).await);
    assert!(before.len() >= 2, "{before:?}");
    let last = *before.last().unwrap();
    drop(first);

    // Written while nobody listens, then while the resumed socket does.
    a.new_conversation("demo-telegram", "resume-c").await;
    let mut second = b.events(&olivia, Some(last)).await;
    b.new_conversation("demo-telegram", "resume-d").await;
    a.new_conversation("demo-telegram", "resume-e").await;
    let frames = drain(&mut second, 3000).await;
    assert!(
        frames.iter().all(|frame| frame["frame"] != "resync"),
        "no resync for a resume within the window: {frames:?}"
    );
    let after = seqs(&frames);
    let mut all = before.clone();
    all.extend(&after);
    assert!(
        all.windows(2).all(|pair| pair[0] < pair[1]),
        "in order, once: {all:?}"
    );
    assert_eq!(all, replayed(&b, &olivia, start).await, "no gap");
    let conversations = texts(&frames).len();
    assert_eq!(conversations, 3, "resume-c, -d and -e: {frames:?}");
}

/// What the receiver of deliveries got: every request's delivery id and
/// message text, in arrival order, repeats included.
type Arrivals = Arc<Mutex<Vec<(String, String)>>>;

/// A channel's endpoint for outbound deliveries that answers 200 after
/// `delay`, recording each request when it arrives.
async fn start_receiver(delay: Duration) -> (String, Arrivals) {
    let arrivals: Arrivals = Arc::default();
    let recorded = arrivals.clone();
    let hook = move |body: axum::body::Bytes| {
        let recorded = recorded.clone();
        async move {
            let delivery: Value = serde_json::from_slice(&body).unwrap_or_default();
            let id = delivery["id"].as_str().unwrap_or_default().to_owned();
            let text = delivery["message"]["text"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            recorded.lock().unwrap().push((id, text));
            tokio::time::sleep(delay).await;
            axum::http::StatusCode::OK
        }
    };
    let router = axum::Router::new().route("/hook", axum::routing::post(hook));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    (format!("http://{addr}/hook"), arrivals)
}

/// Waits (at most 20 s) until the receiver has `count` requests.
async fn until_arrived(arrivals: &Arrivals, count: usize) {
    for _ in 0..400 {
        if arrivals.lock().unwrap().len() >= count {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "{count} deliveries expected: {:?}",
        arrivals.lock().unwrap()
    );
}

/// Replies sent through both instances reach the channel once each, in
/// order, though both instances run the delivery worker.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_delivery_is_made_once_with_two_instances_running() {
    let Some((_data, a, b)) = two_instances() else {
        return;
    };
    let (url, arrivals) = start_receiver(Duration::ZERO).await;
    let admin = a.login("admin@example.com").await;
    a.set_outbound(&admin, "Sales", "Website chat", &url).await;
    let olivia = a.login("olivia@example.com").await;
    let conversation = b.new_conversation("demo-livechat", "two-hooks").await;
    let mut expected = Vec::new();
    for n in 1..=6 {
        let server = if n % 2 == 0 { &a } else { &b };
        let text = format!("Reply {n}");
        let body = json!({"client_id": format!("two-hooks-{n}"), "text": text});
        let (status, body) = server.send_message(&olivia, conversation, body).await;
        assert_eq!(status, 201, "{body}");
        expected.push(text);
    }
    until_arrived(&arrivals, expected.len()).await;
    // Time for a second attempt to arrive, if any were made.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let arrived = arrivals.lock().unwrap().clone();
    let texts: Vec<&str> = arrived.iter().map(|(_, text)| text.as_str()).collect();
    assert_eq!(texts, expected, "each reply once, in order");
    let states = b.delivery_states(&olivia, conversation, "Reply").await;
    assert_eq!(states, vec![json!("delivered"); expected.len()]);
}

/// The process holding a TCP connection from `port` on this machine.
fn process_with_local_port(port: u16) -> Option<u32> {
    let output = std::process::Command::new("ss")
        .args(["-tnpH", "state", "established"])
        .arg(format!("( sport = :{port} )"))
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let pid = text.split("pid=").nth(1)?;
    pid.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// The process of the instance holding the delivery worker's lock, if one
/// does now.
async fn delivery_worker(data: &tempfile::TempDir) -> Option<u32> {
    let url = crate::support::database::url_for(data.path())?;
    let mut db = sqlx::PgConnection::connect(&url).await.ok()?;
    // The lock's 64-bit key is split in two 32-bit halves in pg_locks.
    let query = "SELECT a.client_port FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid \
        WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = $1";
    let port: Option<i32> = sqlx::query_scalar(query)
        .bind(0x7362_0001_i64)
        .fetch_optional(&mut db)
        .await
        .ok()?;
    let _ = db.close().await;
    process_with_local_port(u16::try_from(port?).ok()?)
}

/// `kill -9` of the instance in the middle of a delivery: the other
/// instance takes the worker over and the delivery still happens.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_instance_takes_over_the_deliveries_of_one_killed_mid_delivery() {
    let Some((data, a, b)) = two_instances() else {
        return;
    };
    let (url, arrivals) = start_receiver(Duration::from_secs(3)).await;
    let admin = a.login("admin@example.com").await;
    a.set_outbound(&admin, "Sales", "Website chat", &url).await;
    let olivia = a.login("olivia@example.com").await;
    let conversation = a.new_conversation("demo-livechat", "takeover").await;
    let body = json!({"client_id": "takeover-1", "text": "Survives"});
    let (status, body) = a.send_message(&olivia, conversation, body).await;
    assert_eq!(status, 201, "{body}");
    until_arrived(&arrivals, 1).await;
    // The receiver is answering slowly: the worker still holds its lock.
    let worker = delivery_worker(&data)
        .await
        .expect("an instance is delivering");
    let (mut killed, survivor) = if worker == a.child.id() {
        (a, b)
    } else {
        assert_eq!(worker, b.child.id(), "the worker is one of the two");
        (b, a)
    };
    killed.child.kill().unwrap();
    killed.wait_exit(Duration::from_secs(5)).expect("killed");
    // The attempt in flight got no answer: the survivor makes it again.
    until_arrived(&arrivals, 2).await;
    let arrived = arrivals.lock().unwrap().clone();
    assert_eq!(
        arrived[0], arrived[1],
        "the same delivery, same id: {arrived:?}"
    );
    let olivia = survivor.login("olivia@example.com").await;
    let states = survivor
        .delivery_states(&olivia, conversation, "Survives")
        .await;
    assert_eq!(states, vec![json!("delivered")]);
}

/// An operator types on B: a colleague's socket on A shows it, the
/// customer view read through A too, and the typist's own socket on A does
/// not get it back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_on_one_instance_reaches_colleagues_on_the_other() {
    let Some((_data, a, b)) = two_instances() else {
        return;
    };
    let olivia = b.login("olivia@example.com").await;
    let marc = a.login("marc@example.com").await;
    let id = b.new_conversation("demo-telegram", "typing-across").await;
    let mut colleague = a.live_events(&marc).await;
    let mut own = a.live_events(&olivia).await;
    // Past the events of the new conversation.
    drain(&mut colleague, 1000).await;
    drain(&mut own, 200).await;

    let (status, _) = b.act(&olivia, id, "typing", json!({})).await;
    assert_eq!(status, 204);
    let frames = drain(&mut colleague, 1500).await;
    let typing: Vec<&Value> = frames.iter().filter(|f| f["frame"] == "typing").collect();
    assert_eq!(typing.len(), 1, "{frames:?}");
    assert_eq!(typing[0]["conversation_id"], id);
    assert_eq!(typing[0]["user"]["name"], "Olivia Bernard");
    assert!(drain(&mut own, 300)
        .await
        .iter()
        .all(|f| f["frame"] != "typing"));
    let view = a.customer_view("demo-telegram", "typing-across").await;
    assert_eq!(view["operator_typing"], true, "{view}");

    // The reply is sent through B: the customer view read through A stops
    // saying "typing" at once, not when the notice runs out.
    let (status, body) = b.act(&olivia, id, "answer", json!({})).await;
    assert_eq!(status, 200, "{body}");
    let reply = json!({"client_id": "typing-across-reply", "text": "Done typing"});
    let (status, body) = b.send_message(&olivia, id, reply).await;
    assert_eq!(status, 201, "{body}");
    let mut stopped = false;
    for _ in 0..20 {
        let view = a.customer_view("demo-telegram", "typing-across").await;
        if view["operator_typing"] == false {
            stopped = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(stopped, "still typing on A 2 s after the reply");
}

/// Sends what `socket` shows now (a `viewing` frame).
async fn view(socket: &mut crate::support::Socket, conversation: Option<i64>) {
    use futures_util::SinkExt;
    let frame = json!({"frame": "viewing", "conversation_id": conversation}).to_string();
    socket
        .send(tokio_tungstenite::tungstenite::Message::Text(frame.into()))
        .await
        .unwrap();
}

/// The next `viewers` frame of `conversation` on `socket`, skipping others
/// (3 s at most).
async fn viewers(socket: &mut crate::support::Socket, conversation: i64) -> Option<Vec<i64>> {
    while let Some(frame) = crate::support::next_frame(socket, 3000).await {
        if frame["frame"] == "viewers" && frame["conversation_id"] == conversation {
            let ids = frame["user_ids"]
                .as_array()?
                .iter()
                .filter_map(Value::as_i64);
            return Some(ids.collect());
        }
    }
    None
}

/// Marc views a conversation through B: Olivia, connected to A, sees him
/// among its viewers, and a socket opened on A later sees him too; when he
/// looks elsewhere, or his socket closes, she sees him go.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn who_views_a_conversation_crosses_instances() {
    let Some((_data, a, b)) = two_instances() else {
        return;
    };
    let olivia = a.login("olivia@example.com").await;
    let marc = b.login("marc@example.com").await;
    let olivia_id = a.user_id(&olivia, "olivia@example.com").await;
    let marc_id = a.user_id(&olivia, "marc@example.com").await;
    let id = b.new_conversation("demo-telegram", "viewers-across").await;
    let mut on_a = a.live_events(&olivia).await;
    let mut on_b = b.live_events(&marc).await;
    drain(&mut on_a, 1000).await;
    drain(&mut on_b, 200).await;

    view(&mut on_b, Some(id)).await;
    assert_eq!(viewers(&mut on_b, id).await, Some(vec![marc_id]));
    assert_eq!(
        viewers(&mut on_a, id).await,
        Some(vec![marc_id]),
        "Marc on B"
    );

    // Olivia opens it on A: she gets both at once, and Marc hears of her.
    view(&mut on_a, Some(id)).await;
    let mut both = vec![olivia_id, marc_id];
    both.sort_unstable();
    assert_eq!(viewers(&mut on_a, id).await, Some(both.clone()));
    assert_eq!(viewers(&mut on_b, id).await, Some(both));

    // Marc looks at nothing: Olivia is left alone.
    view(&mut on_b, None).await;
    assert_eq!(viewers(&mut on_a, id).await, Some(vec![olivia_id]));

    // He comes back, then his socket closes.
    view(&mut on_b, Some(id)).await;
    let mut both = vec![olivia_id, marc_id];
    both.sort_unstable();
    assert_eq!(viewers(&mut on_a, id).await, Some(both));
    on_b.close(None).await.unwrap();
    drop(on_b);
    assert_eq!(viewers(&mut on_a, id).await, Some(vec![olivia_id]));
}

/// Failed logins counted on one instance block the next try on the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_login_rate_limit_is_shared_by_the_instances() {
    let Some((_data, a, b)) = two_instances() else {
        return;
    };
    for _ in 0..5 {
        let (status, _) = a.login_attempt("marc@example.com", "wrong").await;
        assert_eq!(status, 401);
    }
    let (status, body) = b.login_attempt("marc@example.com", "demo").await;
    assert_eq!(status, 429, "{body}");
    // Another account from the same address is not blocked.
    let (status, _) = b.login_attempt("olivia@example.com", "demo").await;
    assert_eq!(status, 200);
}

/// Marc views a conversation through B, then B is killed (`kill -9`, no
/// goodbye): Olivia on A sees him go once B's list expires.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_viewers_of_a_killed_instance_expire() {
    let Some((_data, a, mut b)) = two_instances() else {
        return;
    };
    let olivia = a.login("olivia@example.com").await;
    let marc = b.login("marc@example.com").await;
    let marc_id = a.user_id(&olivia, "marc@example.com").await;
    let id = b.new_conversation("demo-telegram", "viewers-killed").await;
    let mut on_a = a.live_events(&olivia).await;
    let mut on_b = b.live_events(&marc).await;
    drain(&mut on_a, 1000).await;
    view(&mut on_b, Some(id)).await;
    assert_eq!(viewers(&mut on_a, id).await, Some(vec![marc_id]));

    b.child.kill().unwrap();
    b.wait_exit(Duration::from_secs(5)).expect("killed");
    // Expiry (30 s) plus one re-announce period (10 s), with room.
    let deadline = std::time::Instant::now() + Duration::from_secs(50);
    let mut left = None;
    while std::time::Instant::now() < deadline {
        if let Some(ids) = viewers(&mut on_a, id).await {
            left = Some(ids);
            break;
        }
    }
    assert_eq!(left, Some(vec![]), "Marc went with B");
    drop(on_b);
}
