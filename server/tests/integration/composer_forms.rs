//! CRM web forms: sending a link, the public page, validation, submission
//! as a live system message, and the customer's submissions.

use crate::common::{frames_until_ready, next_frame, TestServer};
use serde_json::{json, Value};

struct Sent {
    conversation: i64,
    customer: i64,
    /// Path of the public page, `/forms/<token>`.
    path: String,
}

async fn form_id(server: &TestServer, token: &str, title: &str) -> i64 {
    let (_, forms) = server.get(token, "/forms").await;
    forms
        .as_array()
        .unwrap()
        .iter()
        .find(|form| form["title"] == title)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

async fn send_form(server: &TestServer, token: &str, chat: &str, title: &str) -> Sent {
    let (_, accepted) = server
        .deliver("demo-livechat", chat, &format!("{chat}-1"), "Bonjour")
        .await;
    let conversation = accepted["conversation_id"].as_i64().unwrap();
    let form = form_id(server, token, title).await;
    let (status, sent) = server
        .post(
            token,
            &format!("/conversations/{conversation}/forms"),
            json!({"form_id": form, "client_id": format!("{chat}-form")}),
        )
        .await;
    assert_eq!(status, 201, "{sent}");
    let url = sent["url"].as_str().unwrap();
    let prefix = format!("http://{}", server.addr);
    assert!(url.starts_with(&format!("{prefix}/forms/")), "{url}");
    let (_, detail) = server
        .get(token, &format!("/conversations/{conversation}"))
        .await;
    Sent {
        conversation,
        customer: detail["conversation"]["customer"]["id"].as_i64().unwrap(),
        path: url.trim_start_matches(&prefix).to_owned(),
    }
}

async fn page(server: &TestServer, path: &str) -> (u16, String, reqwest::header::HeaderMap) {
    let response = server
        .client
        .get(format!("http://{}{path}", server.addr))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, response.text().await.unwrap(), headers)
}

async fn submit(server: &TestServer, path: &str, values: &[(&str, &str)]) -> (u16, String) {
    let response = server
        .client
        .post(format!("http://{}{path}", server.addr))
        .form(values)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn forms_are_listed_and_searched() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let (status, forms) = server.get(&olivia, "/forms").await;
    assert_eq!(status, 200);
    let titles: Vec<&str> = forms
        .as_array()
        .unwrap()
        .iter()
        .map(|form| form["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["Callback request", "Delivery address", "Return request"]
    );
    assert_eq!(forms[0]["fields"][1]["kind"], "phone");
    assert_eq!(forms[0]["fields"][2]["kind"], "select");
    assert_eq!(forms[0]["fields"][2]["options"][0], "Morning");
    let (_, found) = server.get(&olivia, "/forms?q=deliver").await;
    assert_eq!(found.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_link_reaches_the_customer_and_opens_a_script_free_page() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let sent = send_form(&server, &olivia, "form-link", "Callback request").await;
    let view = server
        .client
        .get(server.url("/inbound/demo-livechat/chats/form-link/messages"))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let last = view["items"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["from"], "company");
    assert!(last["text"].as_str().unwrap().contains(&sent.path));

    let (status, html, headers) = page(&server, &sent.path).await;
    assert_eq!(status, 200);
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'"));
    assert!(!csp.contains("script-src"));
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert!(html.contains("<form method=\"post\""));
    assert!(html.contains("type=\"tel\""));
    assert!(html.contains("<option value=\"Afternoon\">Afternoon</option>"));
    assert!(!html.contains("<script"));
    assert!(!html.contains(" on"), "no inline event handlers");

    let (status, html, _) = page(&server, "/forms/0123456789abcdef").await;
    assert_eq!(status, 404);
    assert!(html.contains("Form not found"));
    let _ = sent.conversation;
}

#[tokio::test]
async fn invalid_values_are_shown_again_escaped_with_their_errors() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let sent = send_form(&server, &olivia, "form-bad", "Callback request").await;
    let hostile = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";
    let (status, html) = submit(
        &server,
        &sent.path,
        &[
            ("name", hostile),
            ("phone", "call me maybe"),
            ("slot", "</option><script>x</script>"),
            ("topic", "</textarea><script>alert(3)</script>"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"));
    assert!(html.contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;/textarea&gt;&lt;script&gt;alert(3)&lt;/script&gt;</textarea>"));
    assert!(html.contains("Enter a phone number"));
    assert!(html.contains("Choose one of the options"));
    assert!(html.contains("aria-invalid=\"true\""));
    // The typed value is kept.
    assert!(html.contains("value=\"call me maybe\""));
    // Nothing was stored.
    let (_, submissions) = server
        .get(
            &olivia,
            &format!("/customers/{}/form-submissions", sent.customer),
        )
        .await;
    assert_eq!(submissions, json!([]));
}

#[tokio::test]
async fn a_submission_appears_live_as_a_system_message_and_on_the_customer() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let sent = send_form(&server, &olivia, "form-ok", "Callback request").await;
    let mut socket = server.events(&olivia, None).await;
    frames_until_ready(&mut socket).await;

    let (status, html) = submit(
        &server,
        &sent.path,
        &[
            ("name", "Marie <b>Dupont</b>"),
            ("phone", "+33 6 12 34 56 78"),
            ("slot", "Afternoon"),
            ("topic", ""),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("Thank you"));

    let frame = next_frame(&mut socket, 5000).await.expect("an event");
    let message = &frame["event"]["message"];
    assert_eq!(frame["event"]["type"], "message_created");
    assert_eq!(message["conversation_id"], sent.conversation);
    assert_eq!(message["author"]["kind"], "system");
    let system = &message["system"];
    assert_eq!(system["kind"], "form_submitted");
    assert_eq!(system["form_title"], "Callback request");
    assert_eq!(
        system["answers"][0],
        json!({"name": "name", "label": "Your name", "value": "Marie <b>Dupont</b>"})
    );
    assert_eq!(system["answers"][2]["value"], "Afternoon");

    let (status, submissions) = server
        .get(
            &olivia,
            &format!("/customers/{}/form-submissions", sent.customer),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(submissions[0]["form_title"], "Callback request");
    assert_eq!(submissions[0]["answers"][1]["value"], "+33 6 12 34 56 78");
    // Marc (not in Sales) may not read them.
    let marc = server.login("marc@example.com").await;
    let (status, _) = server
        .get(
            &marc,
            &format!("/customers/{}/form-submissions", sent.customer),
        )
        .await;
    assert_eq!(status, 404);

    // The link is used: the page thanks, a second submit stores nothing.
    let (_, again, _) = page(&server, &sent.path).await;
    assert!(again.contains("already submitted"));
    let (status, html) = submit(
        &server,
        &sent.path,
        &[("name", "Other"), ("phone", "0612345678")],
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("already submitted"));
    let (_, submissions) = server
        .get(
            &olivia,
            &format!("/customers/{}/form-submissions", sent.customer),
        )
        .await;
    assert_eq!(submissions.as_array().unwrap().len(), 1);
    // The customer does not see the system message.
    let view: Value = server
        .client
        .get(server.url("/inbound/demo-livechat/chats/form-ok/messages"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!view.to_string().contains("+33 6 12"));
}

#[tokio::test]
async fn sending_a_form_twice_with_one_client_id_sends_one_link() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let sent = send_form(&server, &olivia, "form-twice", "Delivery address").await;
    let form = form_id(&server, &olivia, "Delivery address").await;
    let (status, repeat) = server
        .post(
            &olivia,
            &format!("/conversations/{}/forms", sent.conversation),
            json!({"form_id": form, "client_id": "form-twice-form"}),
        )
        .await;
    assert_eq!(status, 200);
    assert!(repeat["url"].as_str().unwrap().ends_with(&sent.path));
    let (status, _) = server
        .post(
            &olivia,
            &format!("/conversations/{}/forms", sent.conversation),
            json!({"form_id": 999, "client_id": "nope"}),
        )
        .await;
    assert_eq!(status, 422);
}
