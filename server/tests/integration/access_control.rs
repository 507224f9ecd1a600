//! A plain operator (Marc, Support line only) tries to read, act on and
//! subscribe to what belongs to the Sales line, with real ids of another
//! line's conversations, messages and files, and with guessed ids: every
//! request is refused with a JSON error, nothing changes, and nothing leaks
//! over the event stream. Admin-only data stays hidden from operators.

use crate::actions::Demo;
use crate::common::{frames_until_ready, next_frame, Socket};
use reqwest::multipart::{Form, Part};
use reqwest::Method;
use serde_json::{json, Value};

/// A text only the Sales conversation holds: it must never reach Marc.
const SECRET: &str = "sales-secret-7f3a";

/// A Sales conversation answered by Olivia, with a note, a file and a
/// customer reply. Returns (conversation id, a message id of it, its file id).
async fn sales_conversation(demo: &Demo) -> (i64, i64, String) {
    let id = demo.new_conversation("demo-livechat", "ac-sales").await;
    let form = Form::new().part(
        "file",
        Part::bytes(b"quote for ACME".to_vec())
            .file_name("quote.txt")
            .mime_str("text/plain")
            .unwrap(),
    );
    let file: Value = demo
        .server
        .client
        .post(demo.server.url("/files"))
        .bearer_auth(&demo.olivia)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let file_id = file["id"].as_str().unwrap().to_owned();
    let (status, sent) = demo
        .server
        .post(
            &demo.olivia,
            &format!("/conversations/{id}/messages"),
            json!({"client_id": "ac-1", "text": SECRET, "attachments": [file_id]}),
        )
        .await;
    assert_eq!(status, 201, "{sent}");
    let message_id = sent["id"].as_i64().unwrap();
    (id, message_id, file_id)
}

/// Every request an operator could make about conversation `id`.
fn conversation_requests(id: &str, message_id: i64, demo: &Demo) -> Vec<(Method, String, Value)> {
    let post =
        |path: &str, body: Value| (Method::POST, format!("/conversations/{id}/{path}"), body);
    vec![
        (Method::GET, format!("/conversations/{id}"), Value::Null),
        (
            Method::GET,
            format!("/conversations/{id}/messages"),
            Value::Null,
        ),
        (
            Method::GET,
            format!("/conversations/{id}/history"),
            Value::Null,
        ),
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
        (
            Method::PUT,
            format!("/conversations/{id}/lock"),
            json!({"locked": true}),
        ),
    ]
}

async fn send(demo: &Demo, token: &str, method: Method, path: &str, body: &Value) -> (u16, Value) {
    let mut request = demo
        .server
        .client
        .request(method, demo.server.url(path))
        .bearer_auth(token);
    if !body.is_null() {
        request = request.json(body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// What the admin sees of a conversation: summary and every message.
async fn snapshot(demo: &Demo, id: i64) -> (Value, Vec<Value>) {
    (
        demo.summary(&demo.admin, id).await.1,
        demo.messages(id).await,
    )
}

#[tokio::test]
async fn an_operator_cannot_read_or_act_on_another_lines_conversation() {
    let demo = Demo::start().await;
    let unanswered = demo
        .new_conversation("demo-whatsapp", "ac-unanswered")
        .await;
    let (answered, message_id, _) = sales_conversation(&demo).await;
    let unanswered_message = demo.messages(unanswered).await[0]["id"].as_i64().unwrap();
    for (id, message) in [(unanswered, unanswered_message), (answered, message_id)] {
        let before = snapshot(&demo, id).await;
        for (method, path, body) in conversation_requests(&id.to_string(), message, &demo) {
            let (status, answer) = send(&demo, &demo.marc, method.clone(), &path, &body).await;
            assert_eq!(status, 403, "{method} {path}: {answer}");
            assert_eq!(answer["error"]["code"], "forbidden", "{method} {path}");
            let text = answer.to_string();
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
        let (status, page) = demo
            .server
            .get(&demo.marc, &format!("/conversations?{query}"))
            .await;
        assert_eq!(status, 200);
        for item in page["items"].as_array().unwrap() {
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
            let (status, answer) = send(&demo, &demo.marc, method.clone(), &path, &body).await;
            assert!(
                matches!(status, 400 | 404),
                "{method} {path}: {status} {answer}"
            );
            assert!(
                answer["error"]["code"].is_string(),
                "{method} {path}: {answer}"
            );
        }
    }
    for file in [
        "0123456789abcdef0123456789abcdef",
        "../switchboard.db",
        "x",
        "%2e%2e%2fswitchboard.db",
    ] {
        let (status, answer) = send(
            &demo,
            &demo.marc,
            Method::GET,
            &format!("/files/{file}"),
            &Value::Null,
        )
        .await;
        assert_eq!(status, 404, "{file}: {answer}");
        assert_eq!(answer["error"]["code"], "not_found");
    }
}

#[tokio::test]
async fn foreign_ids_inside_requests_are_refused() {
    let demo = Demo::start().await;
    let (_, sales_message, sales_file) = sales_conversation(&demo).await;
    let own = demo.new_conversation("demo-telegram", "ac-own").await;
    let (status, _) = demo.act(&demo.marc, own, "answer", json!({})).await;
    assert_eq!(status, 200);
    let path = format!("/conversations/{own}/messages");
    let before = demo.messages(own).await;

    let (status, answer) = demo
        .server
        .post(
            &demo.marc,
            &format!("/conversations/{own}/read"),
            json!({"last_read_message_id": sales_message}),
        )
        .await;
    assert_eq!(status, 422, "read marker on another's message: {answer}");
    let (status, answer) = demo
        .server
        .post(
            &demo.marc,
            &path,
            json!({"client_id": "q", "text": "quoting", "quote": sales_message}),
        )
        .await;
    assert_eq!(status, 422, "quote of another line's message: {answer}");
    assert!(!answer.to_string().contains(SECRET));
    let (status, answer) = demo
        .server
        .post(
            &demo.marc,
            &path,
            json!({"client_id": "f", "text": "look", "attachments": [sales_file]}),
        )
        .await;
    assert_eq!(status, 422, "re-attaching another line's file: {answer}");
    assert_eq!(demo.messages(own).await, before, "nothing was written");

    // His own uploads he may attach.
    let form = Form::new().part("file", Part::bytes(b"mine".to_vec()).file_name("mine.txt"));
    let mine: Value = demo
        .server
        .client
        .post(demo.server.url("/files"))
        .bearer_auth(&demo.marc)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (status, answer) = demo
        .server
        .post(
            &demo.marc,
            &path,
            json!({"client_id": "m", "text": "mine", "attachments": [mine["id"]]}),
        )
        .await;
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

async fn drain(socket: &mut Socket) -> Vec<Value> {
    let mut frames = Vec::new();
    while let Some(frame) = next_frame(socket, 700).await {
        frames.push(frame);
    }
    frames
}

#[tokio::test]
async fn the_event_stream_leaks_nothing_of_another_line() {
    let demo = Demo::start().await;
    let mut marc = demo.server.events(&demo.marc, None).await;
    let ready = frames_until_ready(&mut marc).await;
    let start = ready.last().unwrap()["latest_seq"].as_i64().unwrap();

    // Everything that can happen to a Sales conversation.
    let (id, message_id, _) = sales_conversation(&demo).await;
    demo.server
        .post(
            &demo.olivia,
            &format!("/conversations/{id}/read"),
            json!({"last_read_message_id": message_id}),
        )
        .await;
    demo.server
        .post(
            &demo.olivia,
            &format!("/conversations/{id}/messages"),
            json!({"client_id": "n", "text": SECRET, "internal": true}),
        )
        .await;
    assert_eq!(demo.lock(&demo.olivia, id, true).await.0, 200);
    assert_eq!(demo.lock(&demo.olivia, id, false).await.0, 200);
    let sophie_id = {
        let (_, users) = demo.server.get(&demo.admin, "/users").await;
        users
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["email"] == "sophie@example.com")
            .unwrap()["id"]
            .clone()
    };
    assert_eq!(
        demo.act(&demo.olivia, id, "invite", json!({"users": [sophie_id]}))
            .await
            .0,
        200
    );
    demo.server
        .deliver("demo-livechat", "ac-sales", "ac-sales-2", SECRET)
        .await;
    assert_eq!(demo.act(&demo.admin, id, "close", json!({})).await.0, 200);
    // Then something Marc may see, proving the stream was live all along.
    demo.server
        .deliver("demo-telegram", "ac-visible", "v-1", "Support hello")
        .await;

    let live = drain(&mut marc).await;
    assert!(
        live.iter()
            .any(|f| f["event"]["message"]["text"] == "Support hello"),
        "the stream was live"
    );
    for frame in &live {
        assert!(
            !leaks(frame, id),
            "live frame leaks conversation {id}: {frame}"
        );
    }
    // Resuming from before replays the same filtered history.
    let mut replay = demo.server.events(&demo.marc, Some(start)).await;
    let frames = frames_until_ready(&mut replay).await;
    assert!(frames
        .iter()
        .any(|f| f["event"]["message"]["text"] == "Support hello"));
    for frame in &frames {
        assert!(
            !leaks(frame, id),
            "replayed frame leaks conversation {id}: {frame}"
        );
    }
    // The admin, by contrast, received it (the check above can fail).
    let mut admin = demo.server.events(&demo.admin, Some(start)).await;
    let frames = frames_until_ready(&mut admin).await;
    assert!(frames.iter().any(|frame| leaks(frame, id)));
}

#[tokio::test]
async fn admin_only_data_is_hidden_from_operators() {
    let demo = Demo::start().await;
    let tokens = |lines: &Value| -> Vec<Value> {
        lines
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|line| line["connectors"].as_array().unwrap().clone())
            .map(|connector| connector["webhook_token"].clone())
            .collect()
    };
    let (status, lines) = demo.server.get(&demo.admin, "/lines").await;
    assert_eq!(status, 200);
    assert!(
        tokens(&lines).iter().all(Value::is_string),
        "admins see tokens"
    );
    for operator in [&demo.marc, &demo.olivia, &demo.sophie] {
        let (status, lines) = demo.server.get(operator, "/lines").await;
        assert_eq!(status, 200);
        let hidden = tokens(&lines);
        assert!(!hidden.is_empty());
        assert!(hidden.iter().all(Value::is_null), "{lines}");
    }
}
