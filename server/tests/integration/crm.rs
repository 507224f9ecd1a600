//! The CRM: "Save to CRM" matching (channel id, e-mail, phone) without
//! duplicates, deal linking, validated edits, access control and live events.

use serde_json::{json, Value};

use crate::support::{assert_error, inbound, next_frame, Answer, TestServer};

/// A message "Hello" of customer `customer` in chat `chat-<customer>`, with
/// contact details.
fn contact_message(customer: &str, name: &str, email: Option<&str>, phone: Option<&str>) -> Value {
    let chat = format!("chat-{customer}");
    let mut body = inbound(&chat, customer, name, &format!("m-{customer}"), "Hello");
    body["customer"]["email"] = json!(email);
    body["customer"]["phone"] = json!(phone);
    body
}

/// Delivers a customer message with contact details; returns the conversation id.
async fn deliver_as(
    server: &TestServer,
    connector: &str,
    customer: &str,
    name: &str,
    email: Option<&str>,
    phone: Option<&str>,
) -> i64 {
    let body = contact_message(customer, name, email, phone);
    let (status, accepted) = server.deliver_body(connector, &body).await;
    assert_eq!(status, 202, "{accepted}");
    accepted["conversation_id"].as_i64().unwrap()
}

/// "Save to CRM" on a conversation.
async fn save(server: &TestServer, token: &str, conversation: i64) -> Answer {
    server.act(token, conversation, "crm", json!({})).await
}

/// The CRM card of a conversation.
async fn card(server: &TestServer, token: &str, conversation: i64) -> Answer {
    server
        .get(token, &format!("/conversations/{conversation}/crm"))
        .await
}

/// The contact and the deal "Save to CRM" gave.
fn contact_and_deal(saved: &Value) -> (String, String) {
    let contact = saved["contact"]["id"].as_i64().unwrap();
    let deal = saved["deal"]["id"].as_i64().unwrap();
    (
        format!("/crm/contacts/{contact}"),
        format!("/crm/deals/{deal}"),
    )
}

#[tokio::test]
async fn saving_twice_reuses_the_contact_and_the_deal() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let email = Some("Anna.Schmidt@Example.com");
    let conversation = deliver_as(
        &server,
        "demo-livechat",
        "anna-web",
        "Anna Schmidt",
        email,
        None,
    )
    .await;
    let (status, first) = save(&server, &olivia, conversation).await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["contact_created"], true);
    assert_eq!(first["deal_created"], true);
    let contact = &first["contact"];
    assert_eq!(contact["name"], "Anna Schmidt");
    assert_eq!(contact["email"], "Anna.Schmidt@Example.com");
    assert_eq!(contact["external_ids"][0]["external_id"], "anna-web");
    assert_eq!(contact["external_ids"][0]["channel"], "livechat");
    let deal = &first["deal"];
    assert_eq!(deal["stage"], "new");
    assert_eq!(deal["amount"], json!({"amount": "0.00", "currency": "EUR"}));
    assert_eq!(deal["conversation_ids"], json!([conversation]));
    assert_eq!(deal["responsible"]["name"], "Olivia Bernard");
    assert_eq!(deal["contact_id"], contact["id"]);

    let (status, second) = save(&server, &olivia, conversation).await;
    assert_eq!(status, 200, "{second}");
    assert_eq!(second["contact_created"], false);
    assert_eq!(second["deal_created"], false);
    assert_eq!(second["contact"]["id"], contact["id"]);
    assert_eq!(second["deal"]["id"], deal["id"]);
    assert_eq!(second["contact"]["version"], contact["version"]);

    let (status, card) = card(&server, &olivia, conversation).await;
    assert_eq!(status, 200);
    assert_eq!(card["contact"]["id"], contact["id"]);
    assert_eq!(card["deal_id"], deal["id"]);
    assert_eq!(card["deals"].as_array().unwrap().len(), 1);
    assert_eq!(card["orders"], json!([]));
    assert_eq!(card["form_submissions"], json!([]));
}

#[tokio::test]
async fn the_card_is_empty_before_saving() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let conversation = deliver_as(&server, "demo-livechat", "new-1", "Noé", None, None).await;
    let (status, card) = card(&server, &olivia, conversation).await;
    assert_eq!(status, 200);
    assert_eq!(card["contact"], Value::Null);
    assert_eq!(card["deal_id"], Value::Null);
    assert_eq!(card["deals"], json!([]));
}

#[tokio::test]
async fn contacts_are_matched_by_email_phone_and_channel_id() {
    let (server, admin) = TestServer::demo_as("admin@example.com").await;
    let saved = |connector: &'static str,
                 customer: &'static str,
                 name: &'static str,
                 email: Option<&'static str>,
                 phone: Option<&'static str>| {
        let (server, admin) = (&server, &admin);
        async move {
            let id = deliver_as(server, connector, customer, name, email, phone).await;
            save(server, admin, id).await
        }
    };
    // E-mail, whatever its case, on another channel.
    let (_, first) = saved(
        "demo-livechat",
        "p-web",
        "Paul",
        Some("paul@example.com"),
        None,
    )
    .await;
    let phone = Some("+33 6 11 22 33 44");
    let (status, second) = saved(
        "demo-whatsapp",
        "p-wa",
        "Paul R.",
        Some("PAUL@example.com"),
        phone,
    )
    .await;
    assert_eq!(status, 201, "a new deal for the other conversation");
    assert_eq!(second["contact_created"], false);
    assert_eq!(second["deal_created"], true);
    assert_eq!(second["contact"]["id"], first["contact"]["id"]);
    assert_eq!(
        second["contact"]["name"], "Paul",
        "an existing name is kept"
    );
    assert_eq!(
        second["contact"]["phone"], "+33 6 11 22 33 44",
        "a missing phone is filled in"
    );
    assert_eq!(
        second["contact"]["customer_ids"].as_array().unwrap().len(),
        2
    );
    assert_eq!(
        second["contact"]["external_ids"].as_array().unwrap().len(),
        2
    );

    // Phone digits, whatever the formatting, on a third channel.
    let (_, third) = saved(
        "demo-telegram",
        "p-tg",
        "P",
        None,
        Some("+33 (6) 11-22-33-44"),
    )
    .await;
    assert_eq!(third["contact_created"], false);
    assert_eq!(third["contact"]["id"], first["contact"]["id"]);

    // A channel id recorded in the CRM (the demo's Lucie Fontaine holds WhatsApp `demo-lucie`).
    let (_, found) = saved("demo-whatsapp", "demo-lucie", "Lucie", None, None).await;
    assert_eq!(found["contact_created"], false);
    assert_eq!(found["contact"]["name"], "Lucie Fontaine");
    assert_eq!(found["contact"]["email"], "lucie.fontaine@example.com");

    // Someone else entirely gets their own contact.
    let (_, created) = saved(
        "demo-livechat",
        "z-web",
        "Zoé",
        Some("zoe@example.com"),
        None,
    )
    .await;
    assert_eq!(created["contact_created"], true);
    assert_ne!(created["contact"]["id"], first["contact"]["id"]);
}

#[tokio::test]
async fn a_returning_customer_continues_their_open_deal() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let first = deliver_as(&server, "demo-livechat", "back-1", "Bea", None, None).await;
    let (_, saved) = save(&server, &olivia, first).await;
    let (status, _) = server.act(&olivia, first, "close", json!({})).await;
    assert_eq!(status, 200);
    let mut again = contact_message("back-1", "Bea", None, None);
    again["message"] = json!({"id": "m-back-1-again", "text": "Me again", "attachments": []});
    let (_, accepted) = server.deliver_body("demo-livechat", &again).await;
    let second = accepted["conversation_id"].as_i64().unwrap();
    assert_ne!(second, first);
    let (status, again) = save(&server, &olivia, second).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["deal"]["id"], saved["deal"]["id"]);
    assert_eq!(again["deal"]["conversation_ids"], json!([first, second]));
}

#[tokio::test]
async fn contact_and_deal_edits_are_validated() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let conversation = deliver_as(&server, "demo-livechat", "ed-1", "Eda", None, None).await;
    let (_, saved) = save(&server, &olivia, conversation).await;
    let (contact, deal) = contact_and_deal(&saved);

    for (body, code, field) in [
        (json!({"email": "eda@"}), "invalid_email", "email"),
        (json!({"phone": "call me"}), "invalid_phone", "phone"),
        (json!({"name": "   "}), "invalid_name", "name"),
    ] {
        let answer = server.patch(&olivia, &contact, body).await;
        assert_error(&answer, 422, code);
        let error = &answer.1["error"];
        assert_eq!(error["field"], field);
        assert!(error["message"].as_str().unwrap().starts_with("Enter "));
    }
    let version = saved["contact"]["version"].as_i64().unwrap();
    let fixed =
        json!({"email": " eda@example.com ", "phone": "+49 30 1234567", "version": version});
    let (status, edited) = server.patch(&olivia, &contact, fixed).await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["email"], "eda@example.com");
    assert_eq!(edited["name"], "Eda");
    assert_eq!(edited["version"], version + 1);
    let stale = server
        .patch(&olivia, &contact, json!({"name": "X", "version": version}))
        .await;
    assert_error(&stale, 409, "record_changed");
    let (_, cleared) = server.patch(&olivia, &contact, json!({"phone": ""})).await;
    assert_eq!(cleared["phone"], Value::Null);

    let moved = json!({"stage": "proposal", "amount": "1250.5", "title": "Lamps for Eda"});
    let (status, moved) = server.patch(&olivia, &deal, moved).await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["stage"], "proposal");
    assert_eq!(
        moved["amount"],
        json!({"amount": "1250.50", "currency": "EUR"})
    );
    assert_eq!(moved["title"], "Lamps for Eda");
    for amount in ["12.345", "-1", "1,5", "abc"] {
        let answer = server
            .patch(&olivia, &deal, json!({"amount": amount}))
            .await;
        assert_eq!(answer.0, 422, "{amount}");
        assert_error(&answer, 422, "invalid_amount");
        assert_eq!(answer.1["error"]["field"], "amount");
    }
    let (status, error) = server.patch(&olivia, &deal, json!({"stage": "sold"})).await;
    assert_eq!(status, 422, "unknown stage: {error}");
    let unknown = server
        .patch(&olivia, &deal, json!({"responsible_id": 999}))
        .await;
    assert_error(&unknown, 422, "unknown_user");
}

#[tokio::test]
async fn only_employees_of_the_line_reach_the_crm_of_a_conversation() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let marc = server.login("marc@example.com").await; // Support only
    let sophie = server.login("sophie@example.com").await; // supervisor
    let conversation = deliver_as(&server, "demo-livechat", "acl-1", "Ada", None, None).await;
    assert_error(&save(&server, &marc, conversation).await, 403, "forbidden");
    assert_eq!(card(&server, &marc, conversation).await.0, 403);
    let (_, saved) = save(&server, &olivia, conversation).await;
    let (contact, deal) = contact_and_deal(&saved);
    assert_eq!(server.get(&marc, &contact).await.0, 404);
    assert_eq!(server.get(&marc, &deal).await.0, 404);
    let lost = json!({"stage": "lost"});
    assert_eq!(server.patch(&marc, &deal, lost).await.0, 404);
    assert_eq!(server.get(&sophie, &contact).await.0, 200);
    assert_eq!(server.get(&olivia, &deal).await.0, 200);
    assert_eq!(server.get_anonymous(&contact).await.0, 401);
}

#[tokio::test]
async fn contact_and_deal_changes_arrive_live_for_the_line_only() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let admin = server.login("admin@example.com").await;
    let marc = server.login("marc@example.com").await;
    let conversation = deliver_as(&server, "demo-livechat", "live-1", "Liv", None, None).await;
    let (_, saved) = save(&server, &admin, conversation).await;
    let (contact, deal) = contact_and_deal(&saved);

    let mut olivia_socket = server.live_events(&olivia).await;
    let mut marc_socket = server.live_events(&marc).await;
    let renamed = json!({"name": "Liv Ullmann"});
    server.patch(&admin, &contact, renamed).await;
    server.patch(&admin, &deal, json!({"stage": "won"})).await;

    let frame = next_frame(&mut olivia_socket, 3000).await.unwrap();
    assert_eq!(frame["event"]["type"], "contact_updated");
    assert_eq!(frame["event"]["contact"]["name"], "Liv Ullmann");
    let frame = next_frame(&mut olivia_socket, 3000).await.unwrap();
    assert_eq!(frame["event"]["type"], "deal_updated");
    assert_eq!(frame["event"]["deal"]["stage"], "won");
    assert!(next_frame(&mut marc_socket, 500).await.is_none());
}
