//! The CRM: "Save to CRM" matching (channel id, e-mail, phone) without
//! duplicates, deal linking, validated edits, access control and live events.

use crate::common::{frames_until_ready, next_frame, TestServer};
use serde_json::{json, Value};

/// Delivers a customer message with contact details; returns the conversation id.
async fn deliver_as(
    server: &TestServer,
    connector: &str,
    customer: &str,
    name: &str,
    email: Option<&str>,
    phone: Option<&str>,
) -> i64 {
    let body = json!({
        "chat": {"id": format!("chat-{customer}"), "title": null},
        "customer": {"id": customer, "name": name, "email": email, "phone": phone},
        "message": {"id": format!("m-{customer}"), "text": "Hello", "attachments": []}
    });
    let response = server
        .client
        .post(server.url(&format!("/inbound/{connector}")))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
    let accepted: Value = response.json().await.unwrap();
    accepted["conversation_id"].as_i64().unwrap()
}

async fn patch(server: &TestServer, token: &str, path: &str, body: Value) -> (u16, Value) {
    let response = server
        .client
        .patch(server.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn save(server: &TestServer, token: &str, conversation: i64) -> (u16, Value) {
    server
        .post(
            token,
            &format!("/conversations/{conversation}/crm"),
            json!({}),
        )
        .await
}

#[tokio::test]
async fn saving_twice_reuses_the_contact_and_the_deal() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let conversation = deliver_as(
        &server,
        "demo-livechat",
        "anna-web",
        "Anna Schmidt",
        Some("Anna.Schmidt@Example.com"),
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

    let (status, card) = server
        .get(&olivia, &format!("/conversations/{conversation}/crm"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(card["contact"]["id"], contact["id"]);
    assert_eq!(card["deal_id"], deal["id"]);
    assert_eq!(card["deals"].as_array().unwrap().len(), 1);
    assert_eq!(card["orders"], json!([]));
    assert_eq!(card["form_submissions"], json!([]));
}

#[tokio::test]
async fn the_card_is_empty_before_saving() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let conversation = deliver_as(&server, "demo-livechat", "new-1", "Noé", None, None).await;
    let (status, card) = server
        .get(&olivia, &format!("/conversations/{conversation}/crm"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(card["contact"], Value::Null);
    assert_eq!(card["deal_id"], Value::Null);
    assert_eq!(card["deals"], json!([]));
}

#[tokio::test]
async fn contacts_are_matched_by_email_phone_and_channel_id() {
    let server = TestServer::demo().await;
    let admin = server.login("admin@example.com").await;
    // E-mail, whatever its case, on another channel.
    let web = deliver_as(
        &server,
        "demo-livechat",
        "p-web",
        "Paul",
        Some("paul@example.com"),
        None,
    )
    .await;
    let whatsapp = deliver_as(
        &server,
        "demo-whatsapp",
        "p-wa",
        "Paul R.",
        Some("PAUL@example.com"),
        Some("+33 6 11 22 33 44"),
    )
    .await;
    let (_, first) = save(&server, &admin, web).await;
    let (status, second) = save(&server, &admin, whatsapp).await;
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
    let telegram = deliver_as(
        &server,
        "demo-telegram",
        "p-tg",
        "P",
        None,
        Some("+33 (6) 11-22-33-44"),
    )
    .await;
    let (_, third) = save(&server, &admin, telegram).await;
    assert_eq!(third["contact_created"], false);
    assert_eq!(third["contact"]["id"], first["contact"]["id"]);

    // A channel id recorded in the CRM (the demo's Lucie Fontaine holds WhatsApp `demo-lucie`).
    let lucie = deliver_as(&server, "demo-whatsapp", "demo-lucie", "Lucie", None, None).await;
    let (_, found) = save(&server, &admin, lucie).await;
    assert_eq!(found["contact_created"], false);
    assert_eq!(found["contact"]["name"], "Lucie Fontaine");
    assert_eq!(found["contact"]["email"], "lucie.fontaine@example.com");

    // Someone else entirely gets their own contact.
    let other = deliver_as(
        &server,
        "demo-livechat",
        "z-web",
        "Zoé",
        Some("zoe@example.com"),
        None,
    )
    .await;
    let (_, created) = save(&server, &admin, other).await;
    assert_eq!(created["contact_created"], true);
    assert_ne!(created["contact"]["id"], first["contact"]["id"]);
}

#[tokio::test]
async fn a_returning_customer_continues_their_open_deal() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let first = deliver_as(&server, "demo-livechat", "back-1", "Bea", None, None).await;
    let (_, saved) = save(&server, &olivia, first).await;
    let (status, _) = server
        .post(&olivia, &format!("/conversations/{first}/close"), json!({}))
        .await;
    assert_eq!(status, 200);
    let body = json!({
        "chat": {"id": "chat-back-1", "title": null},
        "customer": {"id": "back-1", "name": "Bea", "email": null, "phone": null},
        "message": {"id": "m-back-1-again", "text": "Me again", "attachments": []}
    });
    let (_, accepted): (u16, Value) = {
        let response = server
            .client
            .post(server.url("/inbound/demo-livechat"))
            .json(&body)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    };
    let second = accepted["conversation_id"].as_i64().unwrap();
    assert_ne!(second, first);
    let (status, again) = save(&server, &olivia, second).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["deal"]["id"], saved["deal"]["id"]);
    assert_eq!(again["deal"]["conversation_ids"], json!([first, second]));
}

#[tokio::test]
async fn contact_and_deal_edits_are_validated() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let conversation = deliver_as(&server, "demo-livechat", "ed-1", "Eda", None, None).await;
    let (_, saved) = save(&server, &olivia, conversation).await;
    let contact = saved["contact"]["id"].as_i64().unwrap();
    let deal = saved["deal"]["id"].as_i64().unwrap();
    let path = format!("/crm/contacts/{contact}");

    for (body, code, field) in [
        (json!({"email": "eda@"}), "invalid_email", "email"),
        (json!({"phone": "call me"}), "invalid_phone", "phone"),
        (json!({"name": "   "}), "invalid_name", "name"),
    ] {
        let (status, error) = patch(&server, &olivia, &path, body).await;
        assert_eq!(status, 422, "{error}");
        assert_eq!(error["error"]["code"], code);
        assert_eq!(error["error"]["field"], field);
        assert!(error["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Enter "));
    }
    let version = saved["contact"]["version"].as_i64().unwrap();
    let (status, edited) = patch(
        &server,
        &olivia,
        &path,
        json!({"email": " eda@example.com ", "phone": "+49 30 1234567", "version": version}),
    )
    .await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["email"], "eda@example.com");
    assert_eq!(edited["name"], "Eda");
    assert_eq!(edited["version"], version + 1);
    let (status, stale) = patch(
        &server,
        &olivia,
        &path,
        json!({"name": "X", "version": version}),
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(stale["error"]["code"], "record_changed");
    let (_, cleared) = patch(&server, &olivia, &path, json!({"phone": ""})).await;
    assert_eq!(cleared["phone"], Value::Null);

    let path = format!("/crm/deals/{deal}");
    let (status, moved) = patch(
        &server,
        &olivia,
        &path,
        json!({"stage": "proposal", "amount": "1250.5", "title": "Lamps for Eda"}),
    )
    .await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["stage"], "proposal");
    assert_eq!(
        moved["amount"],
        json!({"amount": "1250.50", "currency": "EUR"})
    );
    assert_eq!(moved["title"], "Lamps for Eda");
    for amount in ["12.345", "-1", "1,5", "abc"] {
        let (status, error) = patch(&server, &olivia, &path, json!({"amount": amount})).await;
        assert_eq!(status, 422, "{amount}");
        assert_eq!(error["error"]["code"], "invalid_amount");
        assert_eq!(error["error"]["field"], "amount");
    }
    let (status, error) = patch(&server, &olivia, &path, json!({"stage": "sold"})).await;
    assert_eq!(status, 422, "unknown stage: {error}");
    let (status, error) = patch(&server, &olivia, &path, json!({"responsible_id": 999})).await;
    assert_eq!(status, 422);
    assert_eq!(error["error"]["code"], "unknown_user");
}

#[tokio::test]
async fn only_employees_of_the_line_reach_the_crm_of_a_conversation() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let marc = server.login("marc@example.com").await; // Support only
    let sophie = server.login("sophie@example.com").await; // supervisor
    let conversation = deliver_as(&server, "demo-livechat", "acl-1", "Ada", None, None).await;
    let (status, error) = save(&server, &marc, conversation).await;
    assert_eq!(status, 403);
    assert_eq!(error["error"]["code"], "forbidden");
    let (status, _) = server
        .get(&marc, &format!("/conversations/{conversation}/crm"))
        .await;
    assert_eq!(status, 403);
    let (_, saved) = save(&server, &olivia, conversation).await;
    let contact = saved["contact"]["id"].as_i64().unwrap();
    let deal = saved["deal"]["id"].as_i64().unwrap();
    let (status, _) = server.get(&marc, &format!("/crm/contacts/{contact}")).await;
    assert_eq!(status, 404);
    let (status, _) = server.get(&marc, &format!("/crm/deals/{deal}")).await;
    assert_eq!(status, 404);
    let (status, _) = patch(
        &server,
        &marc,
        &format!("/crm/deals/{deal}"),
        json!({"stage": "lost"}),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = server
        .get(&sophie, &format!("/crm/contacts/{contact}"))
        .await;
    assert_eq!(status, 200);
    let (status, _) = server.get(&olivia, &format!("/crm/deals/{deal}")).await;
    assert_eq!(status, 200);
    let response = server
        .client
        .get(server.url(&format!("/crm/contacts/{contact}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn contact_and_deal_changes_arrive_live_for_the_line_only() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let admin = server.login("admin@example.com").await;
    let marc = server.login("marc@example.com").await;
    let conversation = deliver_as(&server, "demo-livechat", "live-1", "Liv", None, None).await;
    let (_, saved) = save(&server, &admin, conversation).await;
    let contact = saved["contact"]["id"].as_i64().unwrap();
    let deal = saved["deal"]["id"].as_i64().unwrap();

    let mut olivia_socket = server.events(&olivia, None).await;
    frames_until_ready(&mut olivia_socket).await;
    let mut marc_socket = server.events(&marc, None).await;
    frames_until_ready(&mut marc_socket).await;
    patch(
        &server,
        &admin,
        &format!("/crm/contacts/{contact}"),
        json!({"name": "Liv Ullmann"}),
    )
    .await;
    patch(
        &server,
        &admin,
        &format!("/crm/deals/{deal}"),
        json!({"stage": "won"}),
    )
    .await;

    let frame = next_frame(&mut olivia_socket, 3000).await.unwrap();
    assert_eq!(frame["event"]["type"], "contact_updated");
    assert_eq!(frame["event"]["contact"]["name"], "Liv Ullmann");
    let frame = next_frame(&mut olivia_socket, 3000).await.unwrap();
    assert_eq!(frame["event"]["type"], "deal_updated");
    assert_eq!(frame["event"]["deal"]["stage"], "won");
    assert!(next_frame(&mut marc_socket, 500).await.is_none());
}
