//! A plain operator (Marc, Support line only) tries to read, act on and
//! subscribe to what belongs to the Sales line, with real ids of another
//! line's conversations, messages and files, and with guessed ids: every
//! request is refused with a JSON error, nothing changes, and nothing leaks
//! over the event stream. Admin-only data stays hidden from operators.

use reqwest::Method;
use serde_json::{json, Value};

use crate::support::{assert_error, drain, frames_until_ready, items, Demo};

/// A text only the Sales conversation holds: it must never reach Marc.
const SECRET: &str = "sales-secret-7f3a";

/// A Sales conversation answered by Olivia, with a note, a file and a
/// customer reply. Returns (conversation id, a message id of it, its file id).
async fn sales_conversation(demo: &Demo) -> (i64, i64, String) {
    let id = demo.new_conversation("demo-livechat", "ac-sales").await;
    let file = demo
        .uploaded(&demo.olivia, "quote.txt", "text/plain", b"quote for ACME")
        .await;
    let file_id = file["id"].as_str().unwrap().to_owned();
    let body = json!({"client_id": "ac-1", "text": SECRET, "attachments": [file_id]});
    let (status, sent) = demo.send_message(&demo.olivia, id, body).await;
    assert_eq!(status, 201, "{sent}");
    let message_id = sent["id"].as_i64().unwrap();
    (id, message_id, file_id)
}

/// Every request an operator could make about conversation `id`.
fn conversation_requests(
    id: &str,
    message_id: i64,
    demo: &Demo,
) -> Vec<(Method, String, Option<Value>)> {
    let get = |path: &str| (Method::GET, format!("/conversations/{id}{path}"), None);
    let post = |path: &str, body: Value| {
        let path = format!("/conversations/{id}/{path}");
        (Method::POST, path, Some(body))
    };
    let lock = json!({"locked": true});
    vec![
        get(""),
        get("/messages"),
        get("/history"),
        post("answer", json!({})),
        post("read", json!({"last_read_message_id": message_id})),
        post("messages", json!({"client_id": "intruder", "text": "hi"})),
        post(
            "messages",
            json!({"client_id": "intruder-note", "text": "hi", "internal": true}),
        ),
        post(
            "transfer",
            json!({"to": {"kind": "line", "line_id": demo.support}}),
        ),
        post(
            "transfer",
            json!({"to": {"kind": "user", "user_id": demo.marc_id}}),
        ),
        post("close", json!({})),
        post("spam", json!({})),
        post("take", json!({})),
        post("invite", json!({"users": [demo.marc_id]})),
        (Method::PUT, format!("/conversations/{id}/lock"), Some(lock)),
    ]
}

/// What the admin sees of a conversation: summary and every message.
async fn snapshot(demo: &Demo, id: i64) -> (Value, Vec<Value>) {
    (
        demo.summary(&demo.admin, id).await.1,
        demo.all_messages(id).await,
    )
}

#[tokio::test]
async fn an_operator_cannot_read_or_act_on_another_lines_conversation() {
    let demo = Demo::start().await;
    let unanswered = demo
        .new_conversation("demo-whatsapp", "ac-unanswered")
        .await;
    let (answered, message_id, _) = sales_conversation(&demo).await;
    let unanswered_message = demo.all_messages(unanswered).await[0]["id"]
        .as_i64()
        .unwrap();
    for (id, message) in [(unanswered, unanswered_message), (answered, message_id)] {
        let before = snapshot(&demo, id).await;
        for (method, path, body) in conversation_requests(&id.to_string(), message, &demo) {
            let what = format!("{method} {path}");
            let answer = demo
                .call(method, Some(&demo.marc), &path, body.as_ref())
                .await;
            assert_eq!(answer.0, 403, "{what}: {}", answer.1);
            assert_error(&answer, 403, "forbidden");
            let text = answer.1.to_string();
            assert!(
                !text.contains(SECRET) && !text.contains("Bonjour"),
                "{text}"
            );
        }
        assert_eq!(
            snapshot(&demo, id).await,
            before,
            "conversation {id} changed"
        );
    }
    // Nor does his queue or its search find them.
    for query in ["limit=200", "status=in_progress", &format!("q={SECRET}")] {
        let page = demo
            .get_ok(&demo.marc, &format!("/conversations?{query}"))
            .await;
        for item in items(&page["items"]) {
            let id = item["conversation"]["id"].as_i64().unwrap();
            assert!(id != unanswered && id != answered, "{query} lists {id}");
        }
    }
}

#[tokio::test]
async fn guessed_ids_are_refused_with_a_json_error() {
    let demo = Demo::start().await;
    for id in ["0", "-1", "999999999", "9223372036854775807", "abc", "1.5"] {
        for (method, path, body) in conversation_requests(id, 1, &demo) {
            let what = format!("{method} {path}");
            let (status, answer) = demo
                .call(method, Some(&demo.marc), &path, body.as_ref())
                .await;
            assert!(matches!(status, 400 | 404), "{what}: {status} {answer}");
            assert!(answer["error"]["code"].is_string(), "{what}: {answer}");
        }
    }
    for file in [
        "0123456789abcdef0123456789abcdef",
        "../switchboard.db",
        "x",
        "%2e%2e%2fswitchboard.db",
    ] {
        let answer = demo.get(&demo.marc, &format!("/files/{file}")).await;
        assert_error(&answer, 404, "not_found");
    }
}

#[tokio::test]
async fn foreign_ids_inside_requests_are_refused() {
    let demo = Demo::start().await;
    let (_, sales_message, sales_file) = sales_conversation(&demo).await;
    let own = demo.new_conversation("demo-telegram", "ac-own").await;
    let (status, _) = demo.act(&demo.marc, own, "answer", json!({})).await;
    assert_eq!(status, 200);
    let before = demo.all_messages(own).await;

    for (action, body, what) in [
        (
            "read",
            json!({"last_read_message_id": sales_message}),
            "read marker on another's message",
        ),
        (
            "messages",
            json!({"client_id": "q", "text": "quoting", "quote": sales_message}),
            "quote of another line's message",
        ),
        (
            "messages",
            json!({"client_id": "f", "text": "look", "attachments": [sales_file]}),
            "re-attaching another line's file",
        ),
    ] {
        let (status, answer) = demo.act(&demo.marc, own, action, body).await;
        assert_eq!(status, 422, "{what}: {answer}");
        assert!(!answer.to_string().contains(SECRET), "{what}: {answer}");
    }
    assert_eq!(demo.all_messages(own).await, before, "nothing was written");

    // His own uploads he may attach.
    let mine = demo
        .uploaded(&demo.marc, "mine.txt", "text/plain", b"mine")
        .await;
    let body = json!({"client_id": "m", "text": "mine", "attachments": [mine["id"]]});
    let (status, answer) = demo.send_message(&demo.marc, own, body).await;
    assert_eq!(status, 201, "{answer}");
}

/// Whether a frame says anything about conversation `id` or carries the secret.
fn leaks(frame: &Value, id: i64) -> bool {
    fn about(value: &Value, id: i64) -> bool {
        match value {
            Value::Object(map) => map.iter().any(|(key, inner)| {
                (key == "conversation_id" && inner == id)
                    || (key == "conversation" && inner["id"] == id)
                    || about(inner, id)
            }),
            Value::Array(items) => items.iter().any(|item| about(item, id)),
            _ => false,
        }
    }
    about(frame, id) || frame.to_string().contains(SECRET)
}

/// Whether a frame is the customer message Marc may see.
fn visible(frame: &Value) -> bool {
    frame["event"]["message"]["text"] == "Support hello"
}

#[tokio::test]
async fn the_event_stream_leaks_nothing_of_another_line() {
    let demo = Demo::start().await;
    let mut marc = demo.events(&demo.marc, None).await;
    let ready = frames_until_ready(&mut marc).await;
    let start = ready.last().unwrap()["latest_seq"].as_i64().unwrap();

    // Everything that can happen to a Sales conversation.
    let (id, message_id, _) = sales_conversation(&demo).await;
    let read = json!({"last_read_message_id": message_id});
    demo.act(&demo.olivia, id, "read", read).await;
    let note = json!({"client_id": "n", "text": SECRET, "internal": true});
    demo.send_message(&demo.olivia, id, note).await;
    assert_eq!(demo.lock(&demo.olivia, id, true).await.0, 200);
    assert_eq!(demo.lock(&demo.olivia, id, false).await.0, 200);
    let sophie_id = demo.user_id(&demo.admin, "sophie@example.com").await;
    let invite = json!({"users": [sophie_id]});
    assert_eq!(demo.act(&demo.olivia, id, "invite", invite).await.0, 200);
    demo.deliver("demo-livechat", "ac-sales", "ac-sales-2", SECRET)
        .await;
    assert_eq!(demo.act(&demo.admin, id, "close", json!({})).await.0, 200);
    // Then something Marc may see, proving the stream was live all along.
    demo.deliver("demo-telegram", "ac-visible", "v-1", "Support hello")
        .await;

    let live = drain(&mut marc, 700).await;
    assert!(live.iter().any(visible), "the stream was live");
    for frame in &live {
        assert!(
            !leaks(frame, id),
            "live frame leaks conversation {id}: {frame}"
        );
    }
    // Resuming from before replays the same filtered history.
    let mut replay = demo.events(&demo.marc, Some(start)).await;
    let frames = frames_until_ready(&mut replay).await;
    assert!(frames.iter().any(visible));
    for frame in &frames {
        assert!(
            !leaks(frame, id),
            "replayed frame leaks conversation {id}: {frame}"
        );
    }
    // The admin, by contrast, received it (the check above can fail).
    let mut admin = demo.events(&demo.admin, Some(start)).await;
    let frames = frames_until_ready(&mut admin).await;
    assert!(frames.iter().any(|frame| leaks(frame, id)));
}

#[tokio::test]
async fn settings_are_for_admins_and_supervisors_read_them() {
    let demo = Demo::start().await;
    for operator in [&demo.marc, &demo.olivia] {
        assert_error(&demo.get(operator, "/people").await, 403, "forbidden");
        assert_error(&demo.get(operator, "/audit").await, 403, "forbidden");
    }
    for boss in [&demo.sophie, &demo.admin] {
        assert_eq!(demo.get(boss, "/people").await.0, 200);
        assert_eq!(demo.get(boss, "/audit").await.0, 200);
    }
}
