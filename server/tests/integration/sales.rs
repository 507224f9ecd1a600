//! Selling in the chat: catalog, exact order totals, cards delivered to the
//! customer, payment links and their transitions (paid, failed, expired,
//! applied once), the company's details (admins only), access control.

use crate::common::{frames_until_ready, next_frame, TestServer};
use serde_json::{json, Value};

async fn put(server: &TestServer, token: &str, path: &str, body: Value) -> (u16, Value) {
    let response = server
        .client
        .put(server.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// A new website-chat conversation (Sales line) for a customer.
async fn conversation(server: &TestServer, chat: &str) -> i64 {
    let (status, accepted) = server
        .deliver("demo-livechat", chat, &format!("{chat}-1"), "Bonjour")
        .await;
    assert_eq!(status, 202);
    accepted["conversation_id"].as_i64().unwrap()
}

async fn product_id(server: &TestServer, token: &str, name: &str) -> i64 {
    let (_, products) = server.get(token, "/products").await;
    products
        .as_array()
        .unwrap()
        .iter()
        .find(|product| product["name"] == name)
        .unwrap_or_else(|| panic!("{name}"))["id"]
        .as_i64()
        .unwrap()
}

async fn stock_of(server: &TestServer, token: &str, product: i64) -> i64 {
    let (_, found) = server.get(token, &format!("/products/{product}")).await;
    found["stock"].as_i64().unwrap()
}

async fn order(server: &TestServer, token: &str, conversation: i64, client_id: &str) -> Value {
    let notebook = product_id(server, token, "Linen notebook A5").await;
    let mug = product_id(server, token, "Nova ceramic mug").await;
    let (status, order) = server
        .post(
            token,
            &format!("/conversations/{conversation}/orders"),
            json!({"client_id": client_id, "items": [
                {"product_id": notebook, "quantity": 3},
                {"product_id": mug, "quantity": 2}
            ]}),
        )
        .await;
    assert_eq!(status, 201, "{order}");
    order
}

/// Sends a payment link; returns the sent card answer and the page path `/pay/<token>`.
async fn payment_link(
    server: &TestServer,
    token: &str,
    order: i64,
    client_id: &str,
) -> (Value, String) {
    let (status, sent) = server
        .post(
            token,
            &format!("/orders/{order}/payment-link"),
            json!({"client_id": client_id}),
        )
        .await;
    assert_eq!(status, 201, "{sent}");
    let url = sent["message"]["card"]["url"].as_str().unwrap().to_owned();
    let prefix = format!("http://{}", server.addr);
    assert!(url.starts_with(&format!("{prefix}/pay/")), "{url}");
    (sent, url.trim_start_matches(&prefix).to_owned())
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

async fn choose(server: &TestServer, path: &str, outcome: &str) -> (u16, String) {
    let response = server
        .client
        .post(format!("http://{}{path}", server.addr))
        .form(&[("outcome", outcome)])
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn system_kinds(server: &TestServer, token: &str, conversation: i64) -> Vec<String> {
    let (_, page) = server
        .get(token, &format!("/conversations/{conversation}/messages"))
        .await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["system"]["kind"].as_str().map(str::to_owned))
        .collect()
}

async fn customer_view(server: &TestServer, chat: &str) -> Vec<Value> {
    let view: Value = server
        .client
        .get(server.url(&format!("/inbound/demo-livechat/chats/{chat}/messages")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    view["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn the_catalog_is_searchable_with_pictures_and_public_pages() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let (status, products) = server.get(&olivia, "/products").await;
    assert_eq!(status, 200);
    let products = products.as_array().unwrap();
    assert_eq!(products.len(), 8);
    let lamp = products
        .iter()
        .find(|p| p["name"] == "Atlas desk lamp")
        .unwrap();
    assert_eq!(lamp["price"], json!({"amount": "49.90", "currency": "EUR"}));
    assert_eq!(lamp["image_url"], "/shop/images/atlas-lamp.svg");
    let (_, found) = server.get(&olivia, "/products?q=LAMP").await;
    assert_eq!(found.as_array().unwrap().len(), 2);

    let response = server
        .client
        .get(format!("http://{}/shop/images/atlas-lamp.svg", server.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/svg+xml");
    let (status, html, headers) = page(&server, lamp["url"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    assert!(html.contains("Atlas desk lamp") && html.contains("49.90 EUR"));
    assert!(!html.contains("<script"));
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && !csp.contains("script-src"));
    let (status, _, _) = page(&server, "/shop/products/9999").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn order_totals_are_exact_and_lines_are_checked() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let id = conversation(&server, "order-1").await;
    let created = order(&server, &olivia, id, "order-1-a").await;
    assert_eq!(created["status"], "new");
    assert_eq!(
        created["lines"][0]["line_total"]["amount"], "59.70",
        "3 × 19.90"
    );
    assert_eq!(created["lines"][0]["unit_price"]["amount"], "19.90");
    assert_eq!(
        created["lines"][1]["line_total"]["amount"], "25.00",
        "2 × 12.50"
    );
    assert_eq!(
        created["total"],
        json!({"amount": "84.70", "currency": "EUR"})
    );
    assert_eq!(created["deal_id"], Value::Null);
    assert_eq!(created["created_by"]["name"], "Olivia Bernard");

    // The same client id is the same order.
    let notebook = product_id(&server, &olivia, "Linen notebook A5").await;
    let (status, repeat) = server
        .post(
            &olivia,
            &format!("/conversations/{id}/orders"),
            json!({"client_id": "order-1-a", "items": [{"product_id": notebook, "quantity": 1}]}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(repeat["id"], created["id"]);

    let tote = product_id(&server, &olivia, "Travel tote bag").await;
    for (items, code) in [
        (
            json!([{"product_id": notebook, "quantity": 0}]),
            "invalid_quantity",
        ),
        (json!([]), "invalid_items"),
        (json!([{"product_id": tote, "quantity": 1}]), "out_of_stock"),
        (
            json!([{"product_id": 9999, "quantity": 1}]),
            "unknown_product",
        ),
        (
            json!([{"product_id": notebook, "quantity": 40}, {"product_id": notebook, "quantity": 40}]),
            "out_of_stock",
        ),
    ] {
        let (status, error) = server
            .post(
                &olivia,
                &format!("/conversations/{id}/orders"),
                json!({"client_id": format!("bad-{code}"), "items": items}),
            )
            .await;
        assert_eq!(status, 422, "{code}: {error}");
        assert_eq!(error["error"]["code"], code);
        assert_eq!(error["error"]["field"], "items");
    }
    let (status, card) = server
        .get(&olivia, &format!("/conversations/{id}/crm"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(card["orders"][0]["id"], created["id"]);
}

#[tokio::test]
async fn product_and_company_cards_reach_the_customer() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let id = conversation(&server, "cards-1").await;
    let lamp = product_id(&server, &olivia, "Atlas desk lamp").await;
    let (status, sent) = server
        .post(
            &olivia,
            &format!("/conversations/{id}/product-cards"),
            json!({"product_id": lamp, "client_id": "card-1"}),
        )
        .await;
    assert_eq!(status, 201, "{sent}");
    let card = &sent["message"]["card"];
    assert_eq!(card["kind"], "product");
    assert_eq!(card["name"], "Atlas desk lamp");
    assert_eq!(card["price"]["amount"], "49.90");
    let base = format!("http://{}", server.addr);
    assert_eq!(
        card["image_url"],
        format!("{base}/shop/images/atlas-lamp.svg")
    );
    assert_eq!(card["url"], format!("{base}/shop/products/{lamp}"));
    let text = sent["message"]["text"].as_str().unwrap();
    assert!(text.contains("Atlas desk lamp: 49.90 EUR"), "{text}");
    let (status, repeat) = server
        .post(
            &olivia,
            &format!("/conversations/{id}/product-cards"),
            json!({"product_id": lamp, "client_id": "card-1"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(repeat["message"]["id"], sent["message"]["id"]);
    let (status, error) = server
        .post(
            &olivia,
            &format!("/conversations/{id}/product-cards"),
            json!({"product_id": 9999, "client_id": "card-2"}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(error["error"]["code"], "unknown_product");

    let (status, company) = server
        .post(
            &olivia,
            &format!("/conversations/{id}/company-info"),
            json!({"client_id": "company-1"}),
        )
        .await;
    assert_eq!(status, 201, "{company}");
    assert_eq!(company["message"]["card"]["kind"], "company_info");
    assert_eq!(company["message"]["card"]["name"], "Atelier Lumière");
    assert!(company["message"]["text"]
        .as_str()
        .unwrap()
        .contains("Phone: +33 1 23 45 67 89"));

    let view = customer_view(&server, "cards-1").await;
    let cards: Vec<&Value> = view
        .iter()
        .filter_map(|m| m["card"].as_object().map(|_| &m["card"]))
        .collect();
    assert_eq!(cards.len(), 2, "{view:?}");
    assert_eq!(cards[0]["kind"], "product");
    assert_eq!(cards[0]["url"], format!("{base}/shop/products/{lamp}"));
    assert_eq!(cards[1]["kind"], "company_info");
    assert_eq!(
        cards[1]["opening_hours"],
        "Monday to Friday 9:00-18:00\nSaturday 10:00-16:00"
    );

    // A card is what the customer relies on: its text cannot be edited.
    let message = sent["message"]["id"].as_i64().unwrap();
    let response = server
        .client
        .patch(server.url(&format!("/messages/{message}")))
        .bearer_auth(&olivia)
        .json(&json!({"text": "Atlas desk lamp: 1.00 EUR"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409);
}

#[tokio::test]
async fn paying_updates_order_deal_and_conversation_once() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let id = conversation(&server, "pay-1").await;
    let (_, saved) = server
        .post(&olivia, &format!("/conversations/{id}/crm"), json!({}))
        .await;
    let deal = saved["deal"]["id"].as_i64().unwrap();
    let created = order(&server, &olivia, id, "pay-1-order").await;
    assert_eq!(created["deal_id"], deal);
    let (_, proposal) = server.get(&olivia, &format!("/crm/deals/{deal}")).await;
    assert_eq!(proposal["stage"], "proposal", "an order is an offer");
    let order_id = created["id"].as_i64().unwrap();
    let notebook = product_id(&server, &olivia, "Linen notebook A5").await;
    let stock_before = stock_of(&server, &olivia, notebook).await;

    let (sent, path) = payment_link(&server, &olivia, order_id, "pay-1-link").await;
    assert_eq!(sent["order"]["status"], "awaiting_payment");
    assert_eq!(sent["order"]["payment"]["status"], "pending");
    let card = &sent["message"]["card"];
    assert_eq!(card["kind"], "payment_link");
    assert_eq!(card["total"]["amount"], "84.70");
    assert_eq!(card["lines"].as_array().unwrap().len(), 2);
    let view = customer_view(&server, "pay-1").await;
    assert_eq!(view.last().unwrap()["card"]["kind"], "payment_link");
    assert!(view.last().unwrap()["text"]
        .as_str()
        .unwrap()
        .contains(&path));

    let (status, html, headers) = page(&server, &path).await;
    assert_eq!(status, 200);
    assert!(html.contains("Linen notebook A5") && html.contains("84.70 EUR"));
    assert!(html.contains("value=\"pay\"") && html.contains("value=\"fail\""));
    assert!(!html.contains("<script"));
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("form-action 'self'") && !csp.contains("script-src"));

    let mut socket = server.events(&olivia, None).await;
    frames_until_ready(&mut socket).await;
    let (status, html) = choose(&server, &path, "pay").await;
    assert_eq!(status, 200);
    assert!(html.contains("Payment received"));
    let mut seen = Vec::new();
    while let Some(frame) = next_frame(&mut socket, 1000).await {
        let event = &frame["event"];
        seen.push(event["type"].as_str().unwrap_or_default().to_owned());
        if event["type"] == "message_created" {
            assert_eq!(event["message"]["system"]["kind"], "payment_received");
            assert_eq!(event["message"]["system"]["total"]["amount"], "84.70");
        }
    }
    assert!(seen.contains(&"message_created".to_owned()), "{seen:?}");
    assert!(seen.contains(&"order_updated".to_owned()), "{seen:?}");
    assert!(seen.contains(&"deal_updated".to_owned()), "{seen:?}");

    let (_, paid) = server.get(&olivia, &format!("/orders/{order_id}")).await;
    assert_eq!(paid["status"], "paid");
    assert_eq!(paid["payment"]["status"], "paid");
    let (_, won) = server.get(&olivia, &format!("/crm/deals/{deal}")).await;
    assert_eq!(won["stage"], "won");
    assert_eq!(won["amount"], json!({"amount": "84.70", "currency": "EUR"}));
    assert_eq!(stock_of(&server, &olivia, notebook).await, stock_before - 3);

    // The callback repeated (or contradicted) is applied once.
    for outcome in ["pay", "fail"] {
        let (status, html) = choose(&server, &path, outcome).await;
        assert_eq!(status, 409);
        assert!(html.contains("already paid"), "{html}");
    }
    assert_eq!(
        system_kinds(&server, &olivia, id).await,
        ["payment_received"]
    );
    assert_eq!(stock_of(&server, &olivia, notebook).await, stock_before - 3);
    let (status, error) = server
        .post(
            &olivia,
            &format!("/orders/{order_id}/payment-link"),
            json!({"client_id": "pay-1-link-again"}),
        )
        .await;
    assert_eq!(status, 409, "a paid order needs no new link: {error}");
}

#[tokio::test]
async fn a_failed_payment_can_be_retried_with_a_new_link() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let id = conversation(&server, "fail-1").await;
    let order_id = order(&server, &olivia, id, "fail-1-order").await["id"]
        .as_i64()
        .unwrap();
    let (_, first) = payment_link(&server, &olivia, order_id, "fail-1-link").await;
    let (status, html) = choose(&server, &first, "fail").await;
    assert_eq!(status, 200);
    assert!(html.contains("payment failed"));
    let (_, failed) = server.get(&olivia, &format!("/orders/{order_id}")).await;
    assert_eq!(failed["status"], "payment_failed");
    let (status, _) = choose(&server, &first, "pay").await;
    assert_eq!(status, 409, "a failed link stays failed");

    let (_, second) = payment_link(&server, &olivia, order_id, "fail-1-link-2").await;
    let (_, third) = payment_link(&server, &olivia, order_id, "fail-1-link-3").await;
    let (status, html) = choose(&server, &second, "pay").await;
    assert_eq!(status, 409, "a replaced link no longer works");
    assert!(html.contains("expired"));
    let (status, _) = choose(&server, &third, "pay").await;
    assert_eq!(status, 200);
    assert_eq!(
        system_kinds(&server, &olivia, id).await,
        ["payment_failed", "payment_received"]
    );
}

#[tokio::test]
async fn an_unpaid_link_expires() {
    let server = TestServer::start_with(|config| {
        config.demo = true;
        config.payment_link_ttl_secs = 1;
    })
    .await;
    let olivia = server.login("olivia@example.com").await;
    let id = conversation(&server, "exp-1").await;
    let order_id = order(&server, &olivia, id, "exp-1-order").await["id"]
        .as_i64()
        .unwrap();
    let (_, path) = payment_link(&server, &olivia, order_id, "exp-1-link").await;
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    let (status, html) = choose(&server, &path, "pay").await;
    assert_eq!(status, 409);
    assert!(html.contains("expired"), "{html}");
    let (status, html, _) = page(&server, &path).await;
    assert_eq!(status, 200);
    assert!(html.contains("expired") && !html.contains("value=\"pay\""));
    let (_, expired) = server.get(&olivia, &format!("/orders/{order_id}")).await;
    assert_eq!(expired["status"], "payment_expired");
    assert_eq!(expired["payment"]["status"], "expired");
    assert_eq!(
        system_kinds(&server, &olivia, id).await,
        ["payment_expired"]
    );
    let (status, _, _) = page(&server, "/pay/not-a-token").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn only_admins_edit_the_company_details() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let admin = server.login("admin@example.com").await;
    let (status, company) = server.get(&olivia, "/company").await;
    assert_eq!(status, 200);
    assert_eq!(company["name"], "Atelier Lumière");
    assert_eq!(company["currency"], "EUR");
    let mut edited = company.clone();
    edited["opening_hours"] = json!("Every day 8:00-20:00");
    let (status, error) = put(&server, &olivia, "/company", edited.clone()).await;
    assert_eq!(status, 403);
    assert_eq!(error["error"]["code"], "forbidden");
    let mut bad = edited.clone();
    bad["website"] = json!("javascript:alert(1)");
    let (status, error) = put(&server, &admin, "/company", bad).await;
    assert_eq!(status, 422);
    assert_eq!(error["error"]["code"], "invalid_url");
    assert_eq!(error["error"]["field"], "website");

    let mut socket = server.events(&olivia, None).await;
    frames_until_ready(&mut socket).await;
    let (status, saved) = put(&server, &admin, "/company", edited).await;
    assert_eq!(status, 200, "{saved}");
    let frame = next_frame(&mut socket, 3000).await.unwrap();
    assert_eq!(frame["event"]["type"], "company_updated");
    assert_eq!(
        frame["event"]["company"]["opening_hours"],
        "Every day 8:00-20:00"
    );
    let (_, company) = server.get(&olivia, "/company").await;
    assert_eq!(company["opening_hours"], "Every day 8:00-20:00");
}

#[tokio::test]
async fn selling_is_limited_to_employees_of_the_line() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let marc = server.login("marc@example.com").await; // Support only
    let id = conversation(&server, "acl-sales").await;
    let lamp = product_id(&server, &marc, "Atlas desk lamp").await;
    let (status, _) = server
        .post(
            &marc,
            &format!("/conversations/{id}/orders"),
            json!({"client_id": "m-1", "items": [{"product_id": lamp, "quantity": 1}]}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = server
        .post(
            &marc,
            &format!("/conversations/{id}/product-cards"),
            json!({"product_id": lamp, "client_id": "m-2"}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = server
        .post(
            &marc,
            &format!("/conversations/{id}/company-info"),
            json!({"client_id": "m-3"}),
        )
        .await;
    assert_eq!(status, 403);
    let order_id = order(&server, &olivia, id, "acl-order").await["id"]
        .as_i64()
        .unwrap();
    let (status, _) = server.get(&marc, &format!("/orders/{order_id}")).await;
    assert_eq!(status, 404);
    let (status, _) = server
        .post(
            &marc,
            &format!("/orders/{order_id}/payment-link"),
            json!({"client_id": "m-4"}),
        )
        .await;
    assert_eq!(status, 404);
    let response = server
        .client
        .get(server.url("/products"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}
