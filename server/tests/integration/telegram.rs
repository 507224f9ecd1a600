//! The native Telegram connector against a fake Bot API in the test: a real
//! HTTP server speaking the documented `/bot<token>/<method>` paths and
//! `{"ok": …, "result": …}` answers, and `/file/bot<token>/<path>` for
//! downloads. Updates come in as Telegram posts them; replies, edits,
//! deletions and typing go out through the Bot API, once each, in order.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde_json::{json, Value};

use crate::support::{find, TestServer};

const BOT_TOKEN: &str = "123456:demo-bot-token";
const PHOTO: &[u8] = b"\xFF\xD8\xFF\xE0 a photo of a broken kettle";

#[derive(Default)]
struct FakeBot {
    /// What `sendMessage` answers: 200, or a failure status.
    answer: u16,
    /// Every call: (method, its JSON body or its form's text fields).
    calls: Vec<(String, Value)>,
    /// The texts `sendMessage` accepted, in order.
    delivered: Vec<String>,
    next_message_id: i64,
}

type Shared = Arc<Mutex<FakeBot>>;

fn ok(result: Value) -> axum::response::Response {
    Json(json!({"ok": true, "result": result})).into_response()
}

async fn method(
    State(shared): State<Shared>,
    Path((bot, method)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> axum::response::Response {
    if bot != format!("bot{BOT_TOKEN}") {
        let refusal = json!({"ok": false, "error_code": 401, "description": "Unauthorized"});
        return (StatusCode::UNAUTHORIZED, Json(refusal)).into_response();
    }
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let fields = if content_type.starts_with("multipart/form-data") {
        // The text fields of the form, and the file's name and size.
        let text = String::from_utf8_lossy(&body);
        let mut fields = serde_json::Map::new();
        for name in ["chat_id", "caption"] {
            let marker = format!("name=\"{name}\"\r\n\r\n");
            if let Some(start) = text.find(&marker) {
                let rest = &text[start + marker.len()..];
                let end = rest.find("\r\n--").unwrap_or(rest.len());
                fields.insert(name.into(), Value::String(rest[..end].into()));
            }
        }
        fields.insert("bytes".into(), json!(body.len()));
        Value::Object(fields)
    } else {
        serde_json::from_slice(&body).unwrap_or(Value::Null)
    };
    let mut fake = shared.lock().unwrap();
    fake.calls.push((method.clone(), fields.clone()));
    match method.as_str() {
        "getMe" => ok(
            json!({"id": 123456, "is_bot": true, "first_name": "Demo Bot", "username": "demo_bot"}),
        ),
        "setWebhook" => ok(json!(true)),
        "getFile" => ok(json!({
            "file_id": fields["file_id"], "file_unique_id": "u1",
            "file_size": PHOTO.len(), "file_path": "photos/file_1.jpg"
        })),
        "sendMessage" | "sendPhoto" | "sendDocument" if fake.answer != 200 => {
            let code = fake.answer;
            let refusal =
                json!({"ok": false, "error_code": code, "description": "Service Unavailable"});
            (StatusCode::from_u16(code).unwrap(), Json(refusal)).into_response()
        }
        "sendMessage" | "sendPhoto" | "sendDocument" => {
            fake.next_message_id += 1;
            let text = fields["text"]
                .as_str()
                .or(fields["caption"].as_str())
                .unwrap_or("");
            fake.delivered.push(text.to_owned());
            ok(json!({
                "message_id": fake.next_message_id,
                "chat": {"id": fields["chat_id"], "type": "private"},
                "date": 1_700_000_000,
                "text": fields["text"],
            }))
        }
        "editMessageText" => ok(json!({"message_id": fields["message_id"]})),
        "deleteMessage" | "sendChatAction" => ok(json!(true)),
        _ => {
            let refusal = json!({"ok": false, "error_code": 404, "description": "Not Found"});
            (StatusCode::NOT_FOUND, Json(refusal)).into_response()
        }
    }
}

async fn download(Path((bot, path)): Path<(String, String)>) -> axum::response::Response {
    if bot == format!("bot{BOT_TOKEN}") && path == "photos/file_1.jpg" {
        PHOTO.into_response()
    } else {
        StatusCode::NOT_FOUND.into_response()
    }
}

async fn start_fake() -> (SocketAddr, Shared) {
    let shared: Shared = Arc::new(Mutex::new(FakeBot {
        answer: 200,
        next_message_id: 500,
        ..FakeBot::default()
    }));
    let router = axum::Router::new()
        .route("/{bot}/{method}", axum::routing::post(method))
        .route("/file/{bot}/{*path}", axum::routing::get(download))
        .with_state(shared.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    (addr, shared)
}

fn calls(shared: &Shared, method: &str) -> Vec<Value> {
    let fake = shared.lock().unwrap();
    fake.calls
        .iter()
        .filter(|(name, _)| name == method)
        .map(|(_, body)| body.clone())
        .collect()
}

async fn until_calls(shared: &Shared, method: &str, count: usize) -> Vec<Value> {
    for _ in 0..400 {
        let found = calls(shared, method);
        if found.len() >= count {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "{method} was called {} times, not {count}",
        calls(shared, method).len()
    );
}

/// Posts an update as Telegram does.
async fn post_update(server: &TestServer, secret: Option<&str>, update: &Value) -> u16 {
    let mut request = server
        .request(
            reqwest::Method::POST,
            "/connectors/telegram/demo-telegram-bot",
        )
        .json(update);
    if let Some(secret) = secret {
        request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
    }
    request.send().await.unwrap().status().as_u16()
}

fn text_update(update_id: i64, message_id: i64, text: &str) -> Value {
    json!({
        "update_id": update_id,
        "message": {
            "message_id": message_id,
            "from": {"id": 42, "is_bot": false, "first_name": "Ivan", "last_name": "Petrov", "username": "ivanp"},
            "chat": {"id": 42, "type": "private", "first_name": "Ivan"},
            "date": 1_700_000_000,
            "text": text,
        }
    })
}

#[tokio::test]
async fn a_telegram_customer_and_an_operator_talk_through_the_bot_api() {
    let (fake_addr, fake) = start_fake().await;
    let server = TestServer::start_with(|config| {
        config.demo = true;
        config.telegram_api_url = format!("http://{fake_addr}");
        config.delivery_retry_ms = 100;
        // Retried at least every 2 s: a 30-second outage is ~20 attempts.
        config.delivery_max_backoff_ms = 2000;
        config.delivery_attempts = 40;
    })
    .await;
    let admin = server.login("admin@example.com").await;
    let lines = server.get_ok(&admin, "/lines").await;
    let support = find(&lines, "name", "Support");
    let bot = find(&support["connectors"], "name", "Telegram bot").clone();
    let bot_id = bot["id"].as_i64().unwrap();
    assert_eq!(bot["kind"], "telegram");
    assert_eq!(bot["bot_connected"], true, "{bot}");

    // The demo's webhook secret lets updates in; a wrong or missing one does not.
    assert_eq!(
        post_update(&server, None, &text_update(1, 10, "x")).await,
        401
    );
    assert_eq!(
        post_update(&server, Some("wrong"), &text_update(1, 10, "x")).await,
        401
    );
    assert_eq!(
        post_update(
            &server,
            Some("demo-telegram-secret"),
            &text_update(1, 10, "Bonjour, ma bouilloire fuit")
        )
        .await,
        200
    );
    // A repeated update creates nothing.
    assert_eq!(
        post_update(
            &server,
            Some("demo-telegram-secret"),
            &text_update(1, 10, "Bonjour, ma bouilloire fuit")
        )
        .await,
        200
    );
    let marc = server.login("marc@example.com").await;
    let conversation = server.find_conversation(&marc, "q=bouilloire").await;
    let messages = server.messages(&marc, conversation).await;
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(messages[0]["author"]["name"], "Ivan Petrov");

    // "Check" asks getMe; "Connect" calls setWebhook with the inbound URL
    // and a new secret, which replaces the old one.
    let (status, me) = server
        .post(
            &admin,
            &format!("/connectors/{bot_id}/telegram/check"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me, json!({"name": "Demo Bot", "username": "demo_bot"}));
    let (status, connected) = server
        .post(
            &admin,
            &format!("/connectors/{bot_id}/telegram/connect"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{connected}");
    assert_eq!(connected["bot_name"], "Demo Bot");
    let webhook = calls(&fake, "setWebhook").pop().unwrap();
    assert!(
        webhook["url"]
            .as_str()
            .unwrap()
            .ends_with("/api/v1/connectors/telegram/demo-telegram-bot"),
        "{webhook}"
    );
    assert_eq!(
        webhook["allowed_updates"],
        json!(["message", "edited_message"])
    );
    let secret = webhook["secret_token"].as_str().unwrap().to_owned();
    assert_eq!(
        post_update(
            &server,
            Some("demo-telegram-secret"),
            &text_update(2, 11, "old secret")
        )
        .await,
        401
    );

    // A photo with a caption arrives as an attachment, fetched with getFile.
    let photo = json!({
        "update_id": 3,
        "message": {
            "message_id": 12,
            "from": {"id": 42, "is_bot": false, "first_name": "Ivan", "last_name": "Petrov"},
            "chat": {"id": 42, "type": "private"},
            "date": 1_700_000_001,
            "caption": "Voici la photo",
            "photo": [
                {"file_id": "small", "file_unique_id": "s", "width": 90, "height": 90},
                {"file_id": "big", "file_unique_id": "b", "width": 800, "height": 800}
            ]
        }
    });
    assert_eq!(post_update(&server, Some(&secret), &photo).await, 200);
    assert_eq!(calls(&fake, "getFile").pop().unwrap()["file_id"], "big");
    let messages = server.messages(&marc, conversation).await;
    let last = messages.last().unwrap();
    assert_eq!(last["text"], "Voici la photo");
    let attachment = &last["attachments"][0];
    assert_eq!(attachment["content_type"], "image/jpeg");
    let url = attachment["url"].as_str().unwrap();
    let bytes = server
        .request(reqwest::Method::GET, url.trim_start_matches("/api/v1"))
        .bearer_auth(&marc)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&bytes[..], PHOTO);
    assert!(!url.contains(BOT_TOKEN), "the bot token never shows");

    // The customer edits their message: the workspace shows the new text.
    let edited = json!({
        "update_id": 4,
        "edited_message": {
            "message_id": 10,
            "from": {"id": 42, "is_bot": false, "first_name": "Ivan"},
            "chat": {"id": 42, "type": "private"},
            "date": 1_700_000_000, "edit_date": 1_700_000_100,
            "text": "Bonjour, ma bouilloire fuit encore"
        }
    });
    assert_eq!(post_update(&server, Some(&secret), &edited).await, 200);
    let messages = server.messages(&marc, conversation).await;
    assert_eq!(messages[0]["text"], "Bonjour, ma bouilloire fuit encore");
    assert!(messages[0]["edited_at"].as_i64().is_some());

    // The operator types and replies: sendChatAction, then sendMessage once.
    let (status, _) = server
        .act(&marc, conversation, "typing", json!({"internal": false}))
        .await;
    assert_eq!(status, 204);
    let typing = until_calls(&fake, "sendChatAction", 1).await;
    assert_eq!(typing[0], json!({"chat_id": "42", "action": "typing"}));
    let (status, reply) = server
        .send_message(
            &marc,
            conversation,
            json!({"client_id": "tg-1", "text": "Bonjour Ivan, je regarde"}),
        )
        .await;
    assert_eq!(status, 201, "{reply}");
    let reply_id = reply["id"].as_i64().unwrap();
    let sent = until_calls(&fake, "sendMessage", 1).await;
    assert_eq!(
        sent[0],
        json!({"chat_id": "42", "text": "Bonjour Ivan, je regarde"})
    );

    // An edit and a deletion call editMessageText and deleteMessage on
    // the message Telegram numbered.
    let (status, _) = server
        .patch(
            &marc,
            &format!("/messages/{reply_id}"),
            json!({"text": "Bonjour Ivan, je m'en occupe"}),
        )
        .await;
    assert_eq!(status, 200);
    let edit = until_calls(&fake, "editMessageText", 1).await;
    assert_eq!(
        edit[0],
        json!({"chat_id": "42", "message_id": 501, "text": "Bonjour Ivan, je m'en occupe"})
    );
    let (status, _) = server.delete(&marc, &format!("/messages/{reply_id}")).await;
    assert_eq!(status, 200);
    let deletion = until_calls(&fake, "deleteMessage", 1).await;
    assert_eq!(deletion[0], json!({"chat_id": "42", "message_id": 501}));

    // A file goes with sendDocument (a picture with sendPhoto), the text as
    // its caption, the bytes in the form.
    let invoice = server
        .uploaded(&marc, "invoice.pdf", "application/pdf", b"%PDF-1.4 invoice")
        .await;
    let (status, body) = server
        .send_message(
            &marc,
            conversation,
            json!({"client_id": "tg-file", "text": "Votre facture", "attachments": [invoice["id"]]}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let document = until_calls(&fake, "sendDocument", 1).await;
    assert_eq!(document[0]["chat_id"], "42");
    assert_eq!(document[0]["caption"], "Votre facture");
    assert!(document[0]["bytes"].as_u64().unwrap() > 16, "{document:?}");
    let picture = server
        .uploaded(&marc, "kettle.png", "image/png", b"\x89PNG\r\n a kettle")
        .await;
    let (status, body) = server
        .send_message(
            &marc,
            conversation,
            json!({"client_id": "tg-photo", "text": "", "attachments": [picture["id"]]}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let photo = until_calls(&fake, "sendPhoto", 1).await;
    assert_eq!(photo[0]["chat_id"], "42");
    assert_eq!(photo[0].get("caption"), None, "no caption without text");
    let sent_before_outage = fake.lock().unwrap().delivered.len();
    assert_eq!(sent_before_outage, 3);

    // While the Bot API answers 503 for 30 seconds the operator sends five
    // replies; once it is back each arrives once and in order.
    fake.lock().unwrap().answer = 503;
    for n in 1..=5 {
        let (status, body) = server
            .send_message(
                &marc,
                conversation,
                json!({"client_id": format!("tg-r{n}"), "text": format!("Réponse {n}")}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    tokio::time::sleep(Duration::from_secs(30)).await;
    assert_eq!(
        fake.lock().unwrap().delivered.len(),
        sent_before_outage,
        "nothing passes while it fails"
    );
    assert!(
        calls(&fake, "sendMessage").len() > 1,
        "it was tried meanwhile"
    );
    fake.lock().unwrap().answer = 200;
    for _ in 0..400 {
        if fake.lock().unwrap().delivered.len() >= 8 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        fake.lock().unwrap().delivered,
        [
            "Bonjour Ivan, je regarde",
            "Votre facture",
            "",
            "Réponse 1",
            "Réponse 2",
            "Réponse 3",
            "Réponse 4",
            "Réponse 5"
        ],
        "each once, in order"
    );
    let states = server.delivery_states(&marc, conversation, "Réponse").await;
    assert_eq!(states, vec![json!("delivered"); 5]);
}
