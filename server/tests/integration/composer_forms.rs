//! CRM web forms: sending a link, the public page, validation, submission
//! as a live system message, and the customer's submissions.

use serde_json::json;

use crate::support::{next_frame, strings, TestServer};

struct Sent {
    conversation: i64,
    /// Path of the customer's submissions, `/customers/<id>/form-submissions`.
    submissions: String,
    /// Path of the public page, `/forms/<token>`.
    path: String,
}

async fn form_id(server: &TestServer, token: &str, title: &str) -> i64 {
    server.find_id(token, "/forms", "title", title).await
}

/// Sends form `title` in a new website-chat conversation (chat `chat`,
/// client id `<chat>-form`).
async fn send_form(server: &TestServer, token: &str, chat: &str, title: &str) -> Sent {
    let conversation = server.new_conversation("demo-livechat", chat).await;
    let form = form_id(server, token, title).await;
    let body = json!({"form_id": form, "client_id": format!("{chat}-form")});
    let (status, sent) = server.act(token, conversation, "forms", body).await;
    assert_eq!(status, 201, "{sent}");
    let url = sent["url"].as_str().unwrap();
    let prefix = server.site_url("");
    assert!(url.starts_with(&format!("{prefix}/forms/")), "{url}");
    let (_, detail) = server.conversation(token, conversation).await;
    let customer = detail["conversation"]["customer"]["id"].as_i64().unwrap();
    Sent {
        conversation,
        submissions: format!("/customers/{customer}/form-submissions"),
        path: url.trim_start_matches(&prefix).to_owned(),
    }
}

#[tokio::test]
async fn forms_are_listed_and_searched() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let forms = server.get_ok(&olivia, "/forms").await;
    assert_eq!(
        strings(&forms, "/title"),
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
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let sent = send_form(&server, &olivia, "form-link", "Callback request").await;
    let view = server.customer_view("demo-livechat", "form-link").await;
    let last = view["items"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["from"], "company");
    assert!(last["text"].as_str().unwrap().contains(&sent.path));

    let (status, html, headers) = server.page(&sent.path).await;
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

    let (status, html, _) = server.page("/forms/0123456789abcdef").await;
    assert_eq!(status, 404);
    assert!(html.contains("Form not found"));
}

#[tokio::test]
async fn a_french_browser_gets_the_form_page_in_french() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let sent = send_form(&server, &olivia, "form-fr", "Callback request").await;
    let french = "fr-FR,fr;q=0.9,en;q=0.8";
    let get = |path: String| {
        server
            .client
            .get(server.site_url(&path))
            .header("accept-language", french)
            .send()
    };

    let response = get(sent.path.clone()).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-language"], "fr");
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"fr\">"), "{html}");
    assert!(html.contains("<button type=\"submit\">Envoyer</button>"));
    // What the company wrote is shown as written.
    assert!(html.contains("<h1>Callback request</h1>"));
    assert!(html.contains("<option value=\"Afternoon\">Afternoon</option>"));

    // `?lang=en` wins over the browser's language.
    let html = get(format!("{}?lang=en", sent.path))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"en\">") && html.contains(">Send</button>"));

    // Errors come back in French, the typed values kept.
    let response = server
        .client
        .post(server.site_url(&sent.path))
        .header("accept-language", french)
        .form(&[
            ("name", "Marie"),
            ("phone", "call me maybe"),
            ("slot", "Morning"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Veuillez corriger les champs signalés ci-dessous."));
    assert!(html.contains("Saisissez un numéro de téléphone"), "{html}");
    assert!(html.contains("value=\"call me maybe\""));

    // An unknown link: the not-found page in French too.
    let response = get("/forms/0123456789abcdef".to_owned()).await.unwrap();
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert!(html.contains("<h1>Formulaire introuvable</h1>"), "{html}");
    assert!(html.contains("Ce lien de formulaire n’est pas valide"));
}

#[tokio::test]
async fn invalid_values_are_shown_again_escaped_with_their_errors() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let sent = send_form(&server, &olivia, "form-bad", "Callback request").await;
    let hostile = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";
    let (status, html) = server
        .submit(
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
    let (_, submissions) = server.get(&olivia, &sent.submissions).await;
    assert_eq!(submissions, json!([]));
}

#[tokio::test]
async fn a_submission_appears_live_as_a_system_message_and_on_the_customer() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let sent = send_form(&server, &olivia, "form-ok", "Callback request").await;
    let mut socket = server.live_events(&olivia).await;

    let (status, html) = server
        .submit(
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

    let submissions = server.get_ok(&olivia, &sent.submissions).await;
    assert_eq!(submissions[0]["form_title"], "Callback request");
    assert_eq!(submissions[0]["answers"][1]["value"], "+33 6 12 34 56 78");
    // Marc (not in Sales) may not read them.
    let marc = server.login("marc@example.com").await;
    assert_eq!(server.get(&marc, &sent.submissions).await.0, 404);

    // The link is used: the page thanks, a second submit stores nothing.
    let (_, again, _) = server.page(&sent.path).await;
    assert!(again.contains("already submitted"));
    let other = [("name", "Other"), ("phone", "0612345678")];
    let (status, html) = server.submit(&sent.path, &other).await;
    assert_eq!(status, 200);
    assert!(html.contains("already submitted"));
    let (_, submissions) = server.get(&olivia, &sent.submissions).await;
    assert_eq!(submissions.as_array().unwrap().len(), 1);
    // The customer does not see the system message.
    let view = server.customer_view("demo-livechat", "form-ok").await;
    assert!(!view.to_string().contains("+33 6 12"));
}

#[tokio::test]
async fn sending_a_form_twice_with_one_client_id_sends_one_link() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let sent = send_form(&server, &olivia, "form-twice", "Delivery address").await;
    let form = form_id(&server, &olivia, "Delivery address").await;
    let repeat = json!({"form_id": form, "client_id": "form-twice-form"});
    let (status, repeat) = server
        .act(&olivia, sent.conversation, "forms", repeat)
        .await;
    assert_eq!(status, 200);
    assert!(repeat["url"].as_str().unwrap().ends_with(&sent.path));
    let unknown = json!({"form_id": 999, "client_id": "nope"});
    let (status, _) = server
        .act(&olivia, sent.conversation, "forms", unknown)
        .await;
    assert_eq!(status, 422);
}
