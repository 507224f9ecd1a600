//! The website chat widget's API, as the widget on a company's site calls
//! it: a visitor is welcomed with a token, writes, uploads a file, follows
//! the replies and the operator's typing on the stream (server-sent events),
//! and rates the finished conversation; only the sites the connector allows
//! may call it.

use std::time::Duration;

use reqwest::multipart::{Form, Part};
use reqwest::Method;
use serde_json::{json, Value};

use crate::support::{Demo, TestServer};

const WIDGET: &str = "/widget/demo-livechat";
const SITE: &str = "http://127.0.0.1:4173";

/// A visitor of the demo's website chat: their token.
async fn visitor(server: &TestServer, name: Option<&str>) -> String {
    let (status, body) = server
        .call(
            Method::POST,
            None,
            &format!("{WIDGET}/visitors"),
            Some(&json!({"name": name, "email": "zoe@example.com"})),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let token = body["token"].as_str().unwrap().to_owned();
    assert!(token.len() >= 32, "an unguessable token");
    token
}

async fn write(server: &TestServer, visitor: &str, id: &str, text: &str, files: Value) -> Value {
    let (status, body) = server
        .call(
            Method::POST,
            Some(visitor),
            &format!("{WIDGET}/messages"),
            Some(&json!({"id": id, "text": text, "files": files})),
        )
        .await;
    assert_eq!(status, 202, "{body}");
    body
}

/// Reads the stream until `wanted` shows in it (or fails after five seconds).
async fn stream_until(response: &mut reqwest::Response, seen: &mut String, wanted: &str) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while !seen.contains(wanted) {
        let chunk = tokio::time::timeout_at(deadline, response.chunk())
            .await
            .unwrap_or_else(|_| panic!("{wanted:?} never came; the stream said:\n{seen}"))
            .unwrap()
            .expect("the stream goes on");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
}

async fn open_stream(server: &TestServer, visitor: &str, after: i64) -> reqwest::Response {
    let response = server
        .request(Method::GET, &format!("{WIDGET}/stream?after={after}"))
        .bearer_auth(visitor)
        .header("origin", SITE)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "text/event-stream"
    );
    assert_eq!(response.headers()["access-control-allow-origin"], SITE);
    response
}

#[tokio::test]
async fn a_visitor_writes_and_follows_the_reply_and_the_typing_live() {
    let demo = Demo::start().await;
    let (status, config) = demo.get_anonymous(WIDGET).await;
    assert_eq!(status, 200, "{config}");
    assert_eq!(config["company"], "Atelier Lumière");
    assert!(config["welcome_message"]
        .as_str()
        .unwrap()
        .starts_with("Hello!"));
    assert_eq!(config["files"], true);

    let zoe = visitor(&demo, Some("Zoé from the site")).await;
    let first = write(&demo, &zoe, "m1", "Do you ship to Belgium?", json!([])).await;
    // Sent again (the answer was lost): nothing new.
    let again = write(&demo, &zoe, "m1", "Do you ship to Belgium?", json!([])).await;
    assert_eq!(first, again);
    let conversation = first["conversation_id"].as_i64().unwrap();
    let found = demo
        .find_conversation(&demo.olivia, "Zoé from the site")
        .await;
    assert_eq!(found, conversation);

    let mut stream = open_stream(&demo, &zoe, 0).await;
    let mut seen = String::new();
    stream_until(&mut stream, &mut seen, "Do you ship to Belgium?").await;
    assert!(seen.contains("event: message"), "{seen}");

    let typing = demo
        .act(
            &demo.olivia,
            conversation,
            "typing",
            json!({"internal": false}),
        )
        .await;
    assert_eq!(typing.0, 204, "{typing:?}");
    stream_until(&mut stream, &mut seen, "\"typing\":\"Olivia Bernard\"").await;

    let (status, reply) = demo
        .send_message(
            &demo.olivia,
            conversation,
            json!({"client_id": "r1", "text": "Yes, <b>in 3 days</b>."}),
        )
        .await;
    assert_eq!(status, 201, "{reply}");
    stream_until(&mut stream, &mut seen, "Yes, <b>in 3 days</b>.").await;
    assert!(
        seen.contains("\"author_name\":\"Olivia Bernard\""),
        "{seen}"
    );
    // Once the widget has it, the operator sees it delivered.
    let reply_id = reply["id"].as_i64().unwrap();
    let mut delivered = Value::Null;
    for _ in 0..50 {
        let messages = demo.messages(&demo.olivia, conversation).await;
        delivered = messages
            .iter()
            .find(|m| m["id"] == reply_id)
            .map(|m| m["delivery"]["state"].clone())
            .unwrap_or_default();
        if delivered == "delivered" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(delivered, "delivered");
    // An internal note never reaches the visitor.
    demo.send_message(
        &demo.olivia,
        conversation,
        json!({"client_id": "n1", "text": "VIP customer", "internal": true}),
    )
    .await;

    // Resuming after the last message seen gives what came since, nothing twice.
    let path = format!("{WIDGET}/messages?after={}", first["message_id"]);
    let (status, page) = demo.call(Method::GET, Some(&zoe), &path, None).await;
    assert_eq!(status, 200, "{page}");
    let ids: Vec<i64> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![reply_id], "{page}");

    // Without a token, or with another's, nothing.
    let (status, _) = demo.get_anonymous(&format!("{WIDGET}/messages")).await;
    assert_eq!(status, 401);
    let (status, _) = demo
        .call(
            Method::GET,
            Some("not-a-visitor"),
            &format!("{WIDGET}/messages"),
            None,
        )
        .await;
    assert_eq!(status, 401);
    let other = visitor(&demo, None).await;
    let (_, page) = demo
        .call(
            Method::GET,
            Some(&other),
            &format!("{WIDGET}/messages"),
            None,
        )
        .await;
    assert_eq!(page["items"], json!([]));
}

#[tokio::test]
async fn a_file_goes_each_way() {
    let demo = Demo::start().await;
    let zoe = visitor(&demo, Some("Zoé")).await;
    let part = Part::bytes(b"%PDF-1.4 invoice".to_vec())
        .file_name("invoice <1>.pdf")
        .mime_str("application/pdf")
        .unwrap();
    let response = demo
        .request(Method::POST, &format!("{WIDGET}/files"))
        .bearer_auth(&zoe)
        .multipart(Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let file: Value = response.json().await.unwrap();
    let sent = write(&demo, &zoe, "f1", "", json!([file["id"]])).await;
    let conversation = sent["conversation_id"].as_i64().unwrap();
    let messages = demo.messages(&demo.olivia, conversation).await;
    let last = messages.last().unwrap();
    assert_eq!(last["attachments"][0]["name"], "invoice <1>.pdf");

    let photo = demo
        .uploaded(&demo.olivia, "label.png", "image/png", b"\x89PNG label")
        .await;
    let (status, _) = demo
        .send_message(
            &demo.olivia,
            conversation,
            json!({"client_id": "p1", "text": "Your label", "attachments": [photo["id"]]}),
        )
        .await;
    assert_eq!(status, 201);
    let (_, page) = demo
        .call(Method::GET, Some(&zoe), &format!("{WIDGET}/messages"), None)
        .await;
    let items = page["items"].as_array().unwrap();
    let reply = items.last().unwrap();
    assert_eq!(reply["attachments"][0]["name"], "label.png");
    let url = reply["attachments"][0]["url"].as_str().unwrap();
    let bytes = demo.fetch(url).await.bytes().await.unwrap();
    assert_eq!(&bytes[..], b"\x89PNG label");

    // Only files uploaded by visitors may be sent from the widget.
    let (status, body) = demo
        .call(
            Method::POST,
            Some(&zoe),
            &format!("{WIDGET}/messages"),
            Some(&json!({"id": "f2", "text": "", "files": [photo["id"]]})),
        )
        .await;
    assert_eq!(status, 422, "{body}");
}

#[tokio::test]
async fn only_the_allowed_sites_may_use_it() {
    let demo = Demo::start().await;
    let preflight = |origin: &'static str| {
        demo.request(Method::OPTIONS, &format!("{WIDGET}/visitors"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let allowed = preflight("http://localhost:5173").await.unwrap();
    assert_eq!(allowed.status(), 204);
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "http://localhost:5173"
    );
    let refused = preflight("https://evil.example").await.unwrap();
    assert_eq!(refused.status(), 403);
    assert!(refused
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    // A request that skips the preflight is refused too.
    let response = demo
        .request(Method::POST, &format!("{WIDGET}/visitors"))
        .header("origin", "https://evil.example")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let body: Value = response.json().await.unwrap();
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("may not embed"));

    // The admin allows the site: it works at once.
    let connector = connector_id(&demo, "Website chat").await;
    let path = format!("/connectors/{connector}/widget");
    let mut settings = demo.get_ok(&demo.admin, &path).await;
    assert_eq!(settings["public_id"], "demo-livechat");
    settings["allowed_origins"] = json!(["https://shop.example", "https://evil.example/"]);
    let (status, saved) = demo.put(&demo.admin, &path, settings.clone()).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(
        saved["allowed_origins"],
        json!(["https://shop.example", "https://evil.example"])
    );
    assert_eq!(
        preflight("https://evil.example").await.unwrap().status(),
        204
    );
    assert_eq!(
        preflight("http://localhost:5173").await.unwrap().status(),
        403
    );

    // Bad values get field errors; operators may not change it.
    settings["allowed_origins"] = json!(["shop.example"]);
    let (status, refused) = demo.put(&demo.admin, &path, settings.clone()).await;
    assert_eq!(status, 422);
    assert_eq!(refused["error"]["field"], "allowed_origins");
    settings["allowed_origins"] = json!([]);
    settings["public_id"] = json!("has spaces");
    let (status, refused) = demo.put(&demo.admin, &path, settings.clone()).await;
    assert_eq!(status, 422);
    assert_eq!(refused["error"]["field"], "public_id");
    let (status, _) = demo.put(&demo.olivia, &path, settings).await;
    assert_eq!(status, 403);
    // Only website chats have these settings.
    let whatsapp = connector_id(&demo, "WhatsApp").await;
    let (status, _) = demo
        .get(&demo.admin, &format!("/connectors/{whatsapp}/widget"))
        .await;
    assert_eq!(status, 404);
    let (status, _) = demo.get_anonymous("/widget/no-such-chat").await;
    assert_eq!(status, 404);
}

async fn connector_id(demo: &Demo, name: &str) -> i64 {
    let lines = demo.get_ok(&demo.admin, "/lines").await;
    lines
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|line| line["connectors"].as_array().unwrap().iter())
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no connector {name}"))["id"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn a_new_website_chat_connector_gets_its_own_public_id() {
    let demo = Demo::start().await;
    let path = format!("/lines/{}/connectors", demo.sales);
    let (status, made) = demo
        .post(
            &demo.admin,
            &path,
            json!({"kind": "livechat", "name": "Shop chat"}),
        )
        .await;
    assert_eq!(status, 201, "{made}");
    let id = made["connector"]["id"].as_i64().unwrap();
    let settings = demo
        .get_ok(&demo.admin, &format!("/connectors/{id}/widget"))
        .await;
    let public_id = settings["public_id"].as_str().unwrap();
    assert!(
        public_id.starts_with("chat-") && public_id.len() > 12,
        "{public_id}"
    );
    assert_eq!(settings["allowed_origins"], json!([]));
    let (status, config) = demo.get_anonymous(&format!("/widget/{public_id}")).await;
    assert_eq!(status, 200, "{config}");
}

#[tokio::test]
async fn the_visitor_rates_the_finished_conversation_once() {
    let demo = Demo::start().await;
    let zoe = visitor(&demo, Some("Zoé")).await;
    let sent = write(&demo, &zoe, "m1", "Thanks for the help", json!([])).await;
    let conversation = sent["conversation_id"].as_i64().unwrap();
    let path = format!("{WIDGET}/rating");
    let rate = |score: i64, comment: &'static str| {
        let body = json!({"conversation_id": conversation, "score": score, "comment": comment});
        let (demo, zoe, path) = (&demo, &zoe, &path);
        async move { demo.call(Method::POST, Some(zoe), path, Some(&body)).await }
    };
    // Not finished yet.
    assert_eq!(rate(5, "").await.0, 409);
    let mut stream = open_stream(&demo, &zoe, 0).await;
    let mut seen = String::new();
    stream_until(&mut stream, &mut seen, "\"to_rate\":null").await;
    demo.send_message(
        &demo.olivia,
        conversation,
        json!({"client_id": "r", "text": "Bye!"}),
    )
    .await;
    assert_eq!(
        demo.act(&demo.olivia, conversation, "close", json!({}))
            .await
            .0,
        200
    );
    stream_until(
        &mut stream,
        &mut seen,
        &format!("\"to_rate\":{conversation}"),
    )
    .await;

    assert_eq!(rate(6, "").await.0, 422);
    let (status, body) = rate(4, "Quick <and> kind").await;
    assert_eq!(status, 204, "{body}");
    assert_eq!(rate(5, "").await.0, 409, "rated once");
    stream_until(&mut stream, &mut seen, "\"to_rate\":null}").await;

    let messages = demo.messages(&demo.olivia, conversation).await;
    let rated = messages.last().unwrap();
    assert_eq!(rated["system"]["kind"], "rated");
    assert_eq!(rated["system"]["score"], 4);
    assert_eq!(rated["system"]["comment"], "Quick <and> kind");
    assert_eq!(
        rated["text"],
        "The customer rated the conversation 4/5: \"Quick <and> kind\""
    );
}

#[tokio::test]
async fn the_scripts_are_served_compressed_to_any_site() {
    let server = TestServer::demo().await;
    for (path, budget) in [("/widget.js", 5 * 1024), ("/widget/app.js", 95 * 1024)] {
        let response = server
            .client
            .get(server.site_url(path))
            .header("accept-encoding", "br")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let headers = response.headers().clone();
        assert_eq!(headers["content-encoding"], "br", "{path}");
        assert!(headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript"));
        assert_eq!(headers["access-control-allow-origin"], "*");
        let bytes = response.bytes().await.unwrap();
        assert!(bytes.len() < budget, "{path}: {} bytes", bytes.len());
    }
}

#[tokio::test]
async fn edits_deletions_and_cards_reach_the_open_widget() {
    let demo = Demo::start().await;
    let zoe = visitor(&demo, Some("Zoé")).await;
    let sent = write(&demo, &zoe, "m1", "Hello", json!([])).await;
    let conversation = sent["conversation_id"].as_i64().unwrap();
    let (_, first) = demo
        .send_message(
            &demo.olivia,
            conversation,
            json!({"client_id": "r1", "text": "Helo"}),
        )
        .await;
    let (_, second) = demo
        .send_message(
            &demo.olivia,
            conversation,
            json!({"client_id": "r2", "text": "Oops"}),
        )
        .await;
    let mut stream = open_stream(&demo, &zoe, 0).await;
    let mut seen = String::new();
    stream_until(&mut stream, &mut seen, "Oops").await;

    let first_id = first["id"].as_i64().unwrap();
    let (status, _) = demo
        .patch(
            &demo.olivia,
            &format!("/messages/{first_id}"),
            json!({"text": "Hello!"}),
        )
        .await;
    assert_eq!(status, 200);
    stream_until(&mut stream, &mut seen, "\"text\":\"Hello!\"").await;
    assert!(seen.contains("\"edited\":true"), "{seen}");

    let second_id = second["id"].as_i64().unwrap();
    let (status, _) = demo
        .delete(&demo.olivia, &format!("/messages/{second_id}"))
        .await;
    assert!(status == 200 || status == 204, "{status}");
    stream_until(
        &mut stream,
        &mut seen,
        &format!("event: removed\ndata: {{\"id\":{second_id}}}"),
    )
    .await;

    let (status, card) = demo
        .act(
            &demo.olivia,
            conversation,
            "company-info",
            json!({"client_id": "c1"}),
        )
        .await;
    assert_eq!(status, 201, "{card}");
    stream_until(&mut stream, &mut seen, "\"kind\":\"company_info\"").await;
}
