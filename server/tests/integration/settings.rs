//! The settings administrators manage in the app: who may change them,
//! people (invitations, deactivation, the last-admin rule), open channels
//! and connectors (tokens rotated, disabled, archived), the events every
//! workspace follows, and the audit log of each change.

use serde_json::{json, Value};

use crate::support::{
    assert_error, database, drain, items, next_frame, numbers, strings, wait_for, Demo,
};

/// The token at the end of a one-time link (`…?token=…`) or inbound URL.
fn token_of(link: &str) -> String {
    link.rsplit(['=', '/']).next().unwrap().to_owned()
}

async fn invite(demo: &Demo, email: &str, lines: Value) -> Value {
    let body = json!({"name": "Nina Novak", "email": email, "role": "operator", "lines": lines});
    let (status, answer) = demo.post(&demo.admin, "/people", body).await;
    assert_eq!(status, 201, "{answer}");
    answer
}

async fn accept(demo: &Demo, token: &str, password: &str) -> (u16, Value) {
    let body = json!({"token": token, "password": password});
    demo.call(
        reqwest::Method::POST,
        None,
        "/auth/accept-invitation",
        Some(&body),
    )
    .await
}

fn audit_actions(page: &Value) -> Vec<String> {
    strings(&page["entries"], "/action")
}

#[tokio::test]
async fn only_admins_change_settings_and_supervisors_read_them() {
    let demo = Demo::start().await;
    let changes: Vec<(reqwest::Method, String, Value)> = vec![
        (
            reqwest::Method::POST,
            "/people".into(),
            json!({"name": "X", "email": "x@example.com", "role": "operator"}),
        ),
        (
            reqwest::Method::PUT,
            format!("/people/{}", demo.marc_id),
            json!({"name": "Marc", "role": "admin", "lines": []}),
        ),
        (
            reqwest::Method::POST,
            format!("/people/{}/deactivate", demo.marc_id),
            json!({}),
        ),
        (
            reqwest::Method::POST,
            format!("/people/{}/reactivate", demo.marc_id),
            json!({}),
        ),
        (
            reqwest::Method::POST,
            format!("/people/{}/reset-link", demo.marc_id),
            json!({}),
        ),
        (
            reqwest::Method::POST,
            "/lines".into(),
            json!({"name": "Billing"}),
        ),
        (
            reqwest::Method::PUT,
            format!("/lines/{}", demo.sales),
            json!({"name": "Shop"}),
        ),
        (
            reqwest::Method::PUT,
            format!("/lines/{}/members", demo.sales),
            json!({"members": []}),
        ),
        (
            reqwest::Method::POST,
            format!("/lines/{}/archive", demo.sales),
            json!({}),
        ),
        (
            reqwest::Method::POST,
            format!("/lines/{}/restore", demo.sales),
            json!({}),
        ),
        (
            reqwest::Method::POST,
            format!("/lines/{}/connectors", demo.sales),
            json!({"kind": "telegram", "name": "Bot"}),
        ),
        (
            reqwest::Method::PUT,
            "/connectors/1".into(),
            json!({"name": "Bot", "enabled": false}),
        ),
        (
            reqwest::Method::POST,
            "/connectors/1/rotate-token".into(),
            json!({}),
        ),
        (
            reqwest::Method::PUT,
            "/company".into(),
            json!({"name": "X", "address": "", "phone": "", "opening_hours": "", "website": "", "currency": "EUR"}),
        ),
    ];
    for token in [&demo.sophie, &demo.olivia] {
        for (method, path, body) in &changes {
            let answer = demo
                .call(method.clone(), Some(token), path, Some(body))
                .await;
            assert_error(&answer, 403, "forbidden");
        }
    }
    // Nothing changed, nothing was audited; the supervisor reads both lists.
    assert_eq!(items(&demo.get_ok(&demo.sophie, "/people").await).len(), 4);
    assert!(items(&demo.get_ok(&demo.sophie, "/audit").await["entries"]).is_empty());
    assert_error(&demo.get(&demo.marc, "/people").await, 403, "forbidden");
}

#[tokio::test]
async fn an_invitation_is_used_once_before_it_expires_and_logs_the_invitee_in() {
    let demo = Demo::start().await;
    let mut admin_events = demo.live_events(&demo.sophie).await;
    let taken = json!({"name": "Again", "email": "OLIVIA@example.com", "role": "operator"});
    let refused = demo.post(&demo.admin, "/people", taken).await;
    assert_error(&refused, 422, "email_taken");
    assert_eq!(refused.1["error"]["field"], "email");
    let bad = json!({"name": " ", "email": "nina@example.com", "role": "operator"});
    assert_eq!(
        demo.post(&demo.admin, "/people", bad).await.1["error"]["field"],
        "name"
    );

    let invited = invite(&demo, "nina@example.com", json!([demo.support])).await;
    assert_eq!(invited["person"]["invitation_pending"], true);
    assert_eq!(invited["person"]["lines"], json!([demo.support]));
    let link = invited["invitation"]["link"].as_str().unwrap();
    assert!(link.contains("/#/invite?token="), "{link}");
    let event = wait_for(&mut admin_events, |event| event["type"] == "user_updated").await;
    assert_eq!(event.unwrap()["user"]["email"], "nina@example.com");
    let line = wait_for(&mut admin_events, |event| event["type"] == "line_updated").await;
    assert!(line.unwrap()["line"]["members"]
        .as_array()
        .unwrap()
        .contains(&invited["person"]["user"]["id"]));

    // No password yet: nobody logs in as them.
    assert_error(
        &demo.login_attempt("nina@example.com", "").await,
        401,
        "invalid_credentials",
    );
    let token = token_of(link);
    let short = accept(&demo, &token, "short").await;
    assert_eq!(
        (short.0, short.1["error"]["field"].as_str()),
        (422, Some("password"))
    );
    let (status, session) = accept(&demo, &token, "a good password").await;
    assert_eq!(status, 200, "{session}");
    let me = demo.get_ok(session["token"].as_str().unwrap(), "/me").await;
    assert_eq!(me["email"], "nina@example.com");
    assert_error(
        &accept(&demo, &token, "another password").await,
        404,
        "not_found",
    );
    assert_eq!(
        demo.login_attempt("nina@example.com", "a good password")
            .await
            .0,
        200
    );

    // A new invitation link expires: 7 days later it opens nothing.
    let second = invite(&demo, "paul@example.com", json!([])).await;
    let token = token_of(second["invitation"]["link"].as_str().unwrap());
    let week = second["invitation"]["expires_at"].as_i64().unwrap() - now_ms();
    assert!(
        (7 * 86_400_000 - 60_000..=7 * 86_400_000).contains(&week),
        "{week}"
    );
    database::execute(
        demo.data_dir(),
        "UPDATE one_time_links SET expires_at = 1 WHERE purpose = 'invite'",
        &[],
    )
    .await;
    assert_error(
        &accept(&demo, &token, "a good password").await,
        404,
        "not_found",
    );

    let audit = demo.get_ok(&demo.admin, "/audit?kind=people").await;
    assert_eq!(audit_actions(&audit), ["person_invited", "person_invited"]);
    assert_eq!(audit["entries"][0]["subject"], "Nina Novak");
    assert_eq!(audit["entries"][0]["actor_name"], "Alex Martin");
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

#[tokio::test]
async fn nobody_deactivates_or_demotes_themselves_or_the_last_admin() {
    let demo = Demo::start().await;
    let admin_id = demo.user_id(&demo.admin, "admin@example.com").await;
    let own = demo
        .post(
            &demo.admin,
            &format!("/people/{admin_id}/deactivate"),
            json!({}),
        )
        .await;
    assert_error(&own, 409, "conflict");
    let all_lines = json!([demo.sales, demo.support]);
    let demote = json!({"name": "Alex Martin", "role": "operator", "lines": all_lines});
    let own = demo
        .put(&demo.admin, &format!("/people/{admin_id}"), demote.clone())
        .await;
    assert_error(&own, 409, "conflict");

    // With a second administrator, each may demote the other, but the last
    // one standing keeps the role.
    let promote = json!({"name": "Marc Petit", "role": "admin", "lines": [demo.support]});
    let (status, marc) = demo
        .put(&demo.admin, &format!("/people/{}", demo.marc_id), promote)
        .await;
    assert_eq!(
        (status, marc["user"]["role"].as_str()),
        (200, Some("admin")),
        "{marc}"
    );
    let (status, _) = demo
        .put(&demo.marc, &format!("/people/{admin_id}"), demote)
        .await;
    assert_eq!(status, 200);
    let back = json!({"name": "Alex Martin", "role": "admin", "lines": all_lines});
    let own = demo
        .put(&demo.admin, &format!("/people/{admin_id}"), back)
        .await;
    assert_error(&own, 403, "forbidden");
    let own = demo
        .post(
            &demo.marc,
            &format!("/people/{}/deactivate", demo.marc_id),
            json!({}),
        )
        .await;
    assert_error(&own, 409, "conflict");

    let audit = demo.get_ok(&demo.marc, "/audit?kind=roles").await;
    let details = strings(&audit["entries"], "/details");
    assert_eq!(details, ["admin → operator", "operator → admin"]);
    let by_marc = demo
        .get_ok(&demo.marc, &format!("/audit?actor={}", demo.marc_id))
        .await;
    assert_eq!(audit_actions(&by_marc), ["role_changed"]);
}

#[tokio::test]
async fn deactivating_ends_sessions_and_sends_conversations_back_to_unanswered() {
    let demo = Demo::start().await;
    let id = demo
        .new_conversation("demo-telegram", "deactivation-1")
        .await;
    let (status, _) = demo.act(&demo.marc, id, "answer", json!({})).await;
    assert_eq!(status, 200);
    let mut marc_events = demo.live_events(&demo.marc).await;
    let mut olivia_events = demo.live_events(&demo.olivia).await;

    let (status, person) = demo
        .post(
            &demo.admin,
            &format!("/people/{}/deactivate", demo.marc_id),
            json!({}),
        )
        .await;
    assert_eq!(
        (status, person["user"]["active"].as_bool()),
        (200, Some(false)),
        "{person}"
    );

    // Marc's open stream hears it, then closes as a session that ended.
    let told = wait_for(&mut marc_events, |event| event["type"] == "user_updated").await;
    assert_eq!(told.unwrap()["user"]["active"], false);
    assert!(
        next_frame(&mut marc_events, 2000).await.is_none(),
        "the stream closed"
    );
    assert_error(&demo.get(&demo.marc, "/me").await, 401, "unauthorized");
    assert_error(
        &demo.login_attempt("marc@example.com", "demo").await,
        403,
        "deactivated",
    );

    // The conversation is back in Unanswered for the line's other members.
    let updated = wait_for(&mut olivia_events, |event| {
        event["type"] == "conversation_updated" && event["conversation"]["id"] == id
    })
    .await
    .unwrap();
    assert_eq!(updated["conversation"]["status"], "unanswered");
    assert_eq!(updated["conversation"]["assignee"], Value::Null);
    let system = demo.last_system(id).await;
    assert_eq!(system["system"]["kind"], "released");
    assert_eq!(system["system"]["from"]["name"], "Marc Petit");
    let directory = demo.get_ok(&demo.olivia, "/users").await;
    let marc = items(&directory)
        .iter()
        .find(|user| user["id"] == demo.marc_id)
        .unwrap();
    assert_eq!(marc["active"], false);

    let refused = demo
        .post(
            &demo.admin,
            &format!("/people/{}/reset-link", demo.marc_id),
            json!({}),
        )
        .await;
    assert_error(&refused, 409, "conflict");
    let (status, _) = demo
        .post(
            &demo.admin,
            &format!("/people/{}/reactivate", demo.marc_id),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(demo.login_attempt("marc@example.com", "demo").await.0, 200);
    let (status, link) = demo
        .post(
            &demo.admin,
            &format!("/people/{}/reset-link", demo.marc_id),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    assert!(link["link"].as_str().unwrap().contains("/#/reset?token="));
    let audit = demo.get_ok(&demo.admin, "/audit").await;
    assert_eq!(
        audit_actions(&audit),
        [
            "reset_link_created",
            "person_reactivated",
            "person_deactivated"
        ]
    );
}

#[tokio::test]
async fn channels_are_created_renamed_and_their_queues_follow_at_once() {
    let demo = Demo::start().await;
    let mut olivia_events = demo.live_events(&demo.olivia).await;
    let taken = demo
        .post(&demo.admin, "/lines", json!({"name": "sales"}))
        .await;
    assert_error(&taken, 422, "name_taken");
    assert_eq!(taken.1["error"]["field"], "name");
    let (status, line) = demo
        .post(&demo.admin, "/lines", json!({"name": "Billing"}))
        .await;
    assert_eq!(status, 201, "{line}");
    let billing = line["id"].as_i64().unwrap();

    let (status, renamed) = demo
        .put(
            &demo.admin,
            &format!("/lines/{}", demo.sales),
            json!({"name": "Shop"}),
        )
        .await;
    assert_eq!((status, renamed["name"].as_str()), (200, Some("Shop")));
    let told = wait_for(&mut olivia_events, |event| {
        event["type"] == "line_updated" && event["line"]["id"] == demo.sales
    })
    .await;
    assert_eq!(told.unwrap()["line"]["name"], "Shop");

    // Olivia leaves Sales: its conversations and their events stop reaching her.
    let sales_conversation = demo.new_conversation("demo-whatsapp", "queue-1").await;
    let before = demo
        .get_ok(&demo.olivia, "/conversations?status=unanswered&limit=200")
        .await;
    assert!(numbers(&before["items"], "/conversation/id").contains(&sales_conversation));
    let (status, line) = demo
        .put(
            &demo.admin,
            &format!("/lines/{}/members", demo.sales),
            json!({"members": [demo.marc_id]}),
        )
        .await;
    assert_eq!(
        (status, line["members"].clone()),
        (200, json!([demo.marc_id]))
    );
    drain(&mut olivia_events, 300).await;
    let after = demo
        .get_ok(&demo.olivia, "/conversations?status=unanswered&limit=200")
        .await;
    assert!(!numbers(&after["items"], "/conversation/id").contains(&sales_conversation));
    demo.deliver("demo-whatsapp", "queue-1", "queue-1-2", "Still there?")
        .await;
    let leaked = drain(&mut olivia_events, 500).await;
    assert!(
        !leaked
            .iter()
            .any(|frame| frame["event"]["message"]["conversation_id"] == sales_conversation),
        "{leaked:?}"
    );

    let unknown = demo
        .put(
            &demo.admin,
            &format!("/lines/{billing}/members"),
            json!({"members": [999]}),
        )
        .await;
    assert_error(&unknown, 422, "unknown_person");
    let audit = demo.get_ok(&demo.admin, "/audit?kind=lines").await;
    assert_eq!(
        audit_actions(&audit),
        ["line_members_changed", "line_renamed", "line_created"]
    );
}

#[tokio::test]
async fn connector_tokens_rotate_and_disabled_connectors_or_archived_channels_take_nothing() {
    let demo = Demo::start().await;
    let (_, line) = demo
        .post(&demo.admin, "/lines", json!({"name": "Bots"}))
        .await;
    let bots = line["id"].as_i64().unwrap();
    let new = json!({"kind": "telegram", "name": "Telegram bot"});
    let (status, added) = demo
        .post(&demo.admin, &format!("/lines/{bots}/connectors"), new)
        .await;
    assert_eq!(status, 201, "{added}");
    assert_eq!(added["connector"]["capabilities"]["max_text_length"], 4096);
    let url = added["inbound_url"].as_str().unwrap();
    assert!(url.ends_with(&format!(
        "/api/v1/inbound/{}",
        added["token"].as_str().unwrap()
    )));
    let old = token_of(url);
    let connector = added["connector"]["id"].as_i64().unwrap();
    let first = demo.new_conversation(&old, "bot-1").await;
    assert!(first > 0);

    let (status, rotated) = demo
        .post(
            &demo.admin,
            &format!("/connectors/{connector}/rotate-token"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    let new = token_of(rotated["inbound_url"].as_str().unwrap());
    assert_ne!(new, old);
    assert_error(
        &demo.deliver(&old, "bot-2", "bot-2-1", "Hi").await,
        404,
        "not_found",
    );
    assert_eq!(demo.deliver(&new, "bot-2", "bot-2-1", "Hi").await.0, 202);

    let off = json!({"name": "Telegram bot", "enabled": false});
    let (status, disabled) = demo
        .put(&demo.admin, &format!("/connectors/{connector}"), off)
        .await;
    assert_eq!((status, disabled["enabled"].as_bool()), (200, Some(false)));
    assert_error(
        &demo.deliver(&new, "bot-3", "bot-3-1", "Hi").await,
        404,
        "not_found",
    );
    let on = json!({"name": "Telegram bot", "enabled": true});
    demo.put(&demo.admin, &format!("/connectors/{connector}"), on)
        .await;
    assert_eq!(demo.deliver(&new, "bot-3", "bot-3-1", "Hi").await.0, 202);

    // Archiving waits for the open conversations to move.
    let refused = demo
        .post(&demo.admin, &format!("/lines/{bots}/archive"), json!({}))
        .await;
    assert_error(&refused, 409, "open_conversations");
    assert!(refused.1["error"]["message"]
        .as_str()
        .unwrap()
        .contains("3 open conversations"));
    let moving = json!({"move_to": demo.support});
    let (status, archived) = demo
        .post(&demo.admin, &format!("/lines/{bots}/archive"), moving)
        .await;
    assert_eq!(
        (status, archived["archived"].as_bool()),
        (200, Some(true)),
        "{archived}"
    );
    let moved = demo.summary(&demo.admin, first).await.1;
    assert_eq!(moved["line_id"], demo.support);
    assert_error(
        &demo.deliver(&new, "bot-4", "bot-4-1", "Hi").await,
        404,
        "not_found",
    );
    let transfer = json!({"to": {"kind": "line", "line_id": bots}});
    let refused = demo.act(&demo.admin, first, "transfer", transfer).await;
    assert_eq!(refused.0, 422);

    let audit = demo.get_ok(&demo.admin, "/audit").await;
    assert_eq!(
        audit_actions(&audit),
        [
            "line_archived",
            "connector_updated",
            "connector_updated",
            "token_rotated",
            "connector_added",
            "line_created"
        ]
    );
    let tokens = demo.get_ok(&demo.admin, "/audit?kind=tokens").await;
    assert_eq!(audit_actions(&tokens), ["token_rotated"]);
}

#[tokio::test]
async fn the_audit_log_pages_newest_first() {
    let demo = Demo::start().await;
    for n in 0..55 {
        let name = format!("Channel {n:02}");
        let (status, _) = demo
            .post(&demo.admin, "/lines", json!({"name": name}))
            .await;
        assert_eq!(status, 201);
    }
    let first = demo.get_ok(&demo.admin, "/audit").await;
    assert_eq!(items(&first["entries"]).len(), 50);
    assert_eq!(first["entries"][0]["subject"], "Channel 54");
    let cursor = first["next_cursor"].as_i64().unwrap();
    let second = demo
        .get_ok(&demo.admin, &format!("/audit?before={cursor}"))
        .await;
    assert_eq!(strings(&second["entries"], "/subject").len(), 5);
    assert_eq!(second["entries"][4]["subject"], "Channel 00");
    assert_eq!(second["next_cursor"], Value::Null);
}

#[tokio::test]
async fn my_sessions_name_their_browser_and_the_current_one() {
    let demo = Demo::start().await;
    let (status, body) = demo
        .request(reqwest::Method::POST, "/auth/login")
        .header(
            "user-agent",
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        )
        .json(&json!({"email": "olivia@example.com", "password": "demo"}))
        .send()
        .await
        .map(|response| response.status().as_u16())
        .map(|status| (status, ()))
        .unwrap();
    assert_eq!(status, 200, "{body:?}");
    let sessions = demo.get_ok(&demo.olivia, "/me/sessions").await;
    let devices = strings(&sessions, "/device");
    assert!(
        devices.contains(&"Firefox on Linux".to_owned()),
        "{devices:?}"
    );
    let current: Vec<&Value> = items(&sessions)
        .iter()
        .filter(|s| s["current"] == true)
        .collect();
    assert_eq!(current.len(), 1);
    assert_eq!(items(&sessions).len(), 2);
}

#[tokio::test]
async fn the_catalog_is_managed_in_the_app_and_archived_products_are_no_longer_offered() {
    let demo = Demo::start().await;
    let body = |name: &str, price: &str| json!({"name": name, "description": "Warm", "price": price, "stock": 3});
    let refused = demo
        .post(&demo.admin, "/products", body("Scarf", "twelve"))
        .await;
    assert_error(&refused, 422, "invalid_price");
    assert_eq!(refused.1["error"]["field"], "price");
    let (status, scarf) = demo
        .post(&demo.admin, "/products", body("Scarf", "12.50"))
        .await;
    assert_eq!(status, 201, "{scarf}");
    assert_eq!(
        scarf["price"],
        json!({"amount": "12.50", "currency": "EUR"})
    );
    let taken = demo
        .post(&demo.admin, "/products", body("scarf", "1"))
        .await;
    assert_error(&taken, 422, "name_taken");
    let id = scarf["id"].as_i64().unwrap();

    // A picture is an uploaded raster image, never an SVG.
    let svg = demo
        .uploaded(&demo.admin, "x.svg", "image/svg+xml", b"<svg/>")
        .await;
    let mut with_svg = body("Scarf", "12.50");
    with_svg["image_file"] = svg["id"].clone();
    let refused = demo
        .put(&demo.admin, &format!("/products/{id}"), with_svg)
        .await;
    assert_error(&refused, 422, "invalid_picture");
    let png = demo
        .uploaded(&demo.admin, "scarf.png", "image/png", b"\x89PNG\r\n\x1a\n")
        .await;
    let mut with_png = body("Wool scarf", "14.00");
    with_png["image_file"] = png["id"].clone();
    let (status, edited) = demo
        .put(&demo.admin, &format!("/products/{id}"), with_png)
        .await;
    assert_eq!(status, 200, "{edited}");
    let picture = format!("/api/v1/files/{}", png["id"].as_str().unwrap());
    assert_eq!(edited["image_url"], picture.as_str());
    assert_eq!(edited["price"]["amount"], "14.00");

    let offered = demo.get_ok(&demo.olivia, "/products").await;
    assert!(strings(&offered, "/name").contains(&"Wool scarf".to_owned()));
    let (status, archived) = demo
        .post(&demo.admin, &format!("/products/{id}/archive"), json!({}))
        .await;
    assert_eq!((status, archived["archived"].as_bool()), (200, Some(true)));
    let offered = demo.get_ok(&demo.olivia, "/products").await;
    assert!(!strings(&offered, "/name").contains(&"Wool scarf".to_owned()));
    let catalog = demo.get_ok(&demo.sophie, "/catalog/products").await;
    assert_eq!(items(&catalog).last().unwrap()["name"], "Wool scarf");
    assert_error(
        &demo.get(&demo.olivia, "/catalog/products").await,
        403,
        "forbidden",
    );

    let company = json!({"name": "Acme", "address": "", "phone": "", "opening_hours": "", "website": "", "currency": "EUR"});
    assert_eq!(demo.put(&demo.admin, "/company", company).await.0, 200);
    let audit = demo.get_ok(&demo.admin, "/audit").await;
    assert_eq!(
        audit_actions(&audit),
        [
            "company_updated",
            "product_archived",
            "product_updated",
            "product_added"
        ]
    );
    assert_eq!(
        audit_actions(&demo.get_ok(&demo.admin, "/audit?kind=catalog").await).len(),
        3
    );
}

#[tokio::test]
async fn a_channel_offers_the_forms_it_is_given_and_no_other() {
    let demo = Demo::start().await;
    let forms = demo.get_ok(&demo.admin, "/forms").await;
    let ids = crate::support::numbers(&forms, "/id");
    assert!(ids.len() >= 2, "{forms}");
    let (offered, other) = (ids[0], ids[1]);
    let mut events = demo.live_events(&demo.olivia).await;
    let (status, line) = demo
        .put(
            &demo.admin,
            &format!("/lines/{}/forms", demo.support),
            json!({"forms": [offered]}),
        )
        .await;
    assert_eq!((status, line["forms"].clone()), (200, json!([offered])));
    let told = wait_for(&mut events, |event| event["type"] == "line_updated").await;
    assert_eq!(told.unwrap()["line"]["forms"], json!([offered]));
    let unknown = demo
        .put(
            &demo.admin,
            &format!("/lines/{}/forms", demo.support),
            json!({"forms": [9999]}),
        )
        .await;
    assert_error(&unknown, 422, "unknown_form");

    let id = demo
        .new_conversation("demo-telegram", "forms-offered")
        .await;
    let send = |form: i64, client: &str| json!({"form_id": form, "client_id": client});
    let refused = demo
        .act(&demo.olivia, id, "forms", send(other, "f-1"))
        .await;
    assert_error(&refused, 422, "form_not_offered");
    assert_eq!(refused.1["error"]["field"], "form_id");
    let (status, _) = demo
        .act(&demo.olivia, id, "forms", send(offered, "f-2"))
        .await;
    assert_eq!(status, 201);
    // Sales offers every form still.
    let sales = demo.new_conversation("demo-whatsapp", "forms-all").await;
    assert_eq!(
        demo.act(&demo.olivia, sales, "forms", send(other, "f-3"))
            .await
            .0,
        201
    );
    let audit = demo.get_ok(&demo.admin, "/audit?kind=lines").await;
    assert_eq!(audit_actions(&audit), ["line_forms_changed"]);
}
