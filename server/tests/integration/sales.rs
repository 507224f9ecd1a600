//! Selling in the chat: catalog, exact order totals, cards delivered to the
//! customer, payment links and their transitions (paid, failed, expired,
//! applied once), the company's details (admins only), access control.

use serde_json::{json, Value};

use crate::support::{assert_error, drain, next_frame, Answer, TestServer};

async fn product_id(server: &TestServer, token: &str, name: &str) -> i64 {
    server.find_id(token, "/products", "name", name).await
}

async fn stock_of(server: &TestServer, token: &str, product: i64) -> i64 {
    let (_, found) = server.get(token, &format!("/products/{product}")).await;
    found["stock"].as_i64().unwrap()
}

/// Orders `items` (`[{"product_id", "quantity"}]`) in a conversation.
async fn place(
    server: &TestServer,
    token: &str,
    conversation: i64,
    client_id: &str,
    items: Value,
) -> Answer {
    let body = json!({"client_id": client_id, "items": items});
    server.act(token, conversation, "orders", body).await
}

/// Orders 3 notebooks (19.90) and 2 mugs (12.50) in a conversation.
async fn order(server: &TestServer, token: &str, conversation: i64, client_id: &str) -> Value {
    let notebook = product_id(server, token, "Linen notebook A5").await;
    let mug = product_id(server, token, "Nova ceramic mug").await;
    let items = json!([
        {"product_id": notebook, "quantity": 3},
        {"product_id": mug, "quantity": 2}
    ]);
    let (status, order) = place(server, token, conversation, client_id, items).await;
    assert_eq!(status, 201, "{order}");
    order
}

/// Asks for a payment link for an order.
async fn link(server: &TestServer, token: &str, order: i64, client_id: &str) -> Answer {
    let path = format!("/orders/{order}/payment-link");
    server
        .post(token, &path, json!({"client_id": client_id}))
        .await
}

/// Sends a product card of `product` to a conversation.
async fn product_card(
    server: &TestServer,
    token: &str,
    conversation: i64,
    product: i64,
    client_id: &str,
) -> Answer {
    let body = json!({"product_id": product, "client_id": client_id});
    server.act(token, conversation, "product-cards", body).await
}

/// Sends a payment link; returns the sent card answer and the page path `/pay/<token>`.
async fn payment_link(
    server: &TestServer,
    token: &str,
    order: i64,
    client_id: &str,
) -> (Value, String) {
    let (status, sent) = link(server, token, order, client_id).await;
    assert_eq!(status, 201, "{sent}");
    let url = sent["message"]["card"]["url"].as_str().unwrap().to_owned();
    let prefix = server.site_url("");
    assert!(url.starts_with(&format!("{prefix}/pay/")), "{url}");
    (sent, url.trim_start_matches(&prefix).to_owned())
}

/// The customer's choice on a payment page (`pay` or `fail`).
async fn choose(server: &TestServer, path: &str, outcome: &str) -> (u16, String) {
    server.submit(path, &[("outcome", outcome)]).await
}

async fn system_kinds(server: &TestServer, token: &str, conversation: i64) -> Vec<String> {
    let messages = server.messages(token, conversation).await;
    messages
        .iter()
        .filter_map(|m| m["system"]["kind"].as_str().map(str::to_owned))
        .collect()
}

/// What the customer sees of a website chat.
async fn customer_view(server: &TestServer, chat: &str) -> Vec<Value> {
    let view = server.customer_view("demo-livechat", chat).await;
    view["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn the_catalog_is_searchable_with_pictures_and_public_pages() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let products = server.get_ok(&olivia, "/products").await;
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

    let response = server.fetch("/shop/images/atlas-lamp.svg").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/svg+xml");
    let (status, html, headers) = server.page(lamp["url"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    assert!(html.contains("Atlas desk lamp") && html.contains("49.90 EUR"));
    assert!(!html.contains("<script"));
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && !csp.contains("script-src"));
    let (status, _, _) = server.page("/shop/products/9999").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn order_totals_are_exact_and_lines_are_checked() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let id = server.new_conversation("demo-livechat", "order-1").await;
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
    let one = json!([{"product_id": notebook, "quantity": 1}]);
    let (status, repeat) = place(&server, &olivia, id, "order-1-a", one).await;
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
        let answer = place(&server, &olivia, id, &format!("bad-{code}"), items).await;
        assert_eq!(answer.0, 422, "{code}: {}", answer.1);
        assert_error(&answer, 422, code);
        assert_eq!(answer.1["error"]["field"], "items");
    }
    let card = server
        .get_ok(&olivia, &format!("/conversations/{id}/crm"))
        .await;
    assert_eq!(card["orders"][0]["id"], created["id"]);
}

#[tokio::test]
async fn product_and_company_cards_reach_the_customer() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let id = server.new_conversation("demo-livechat", "cards-1").await;
    let lamp = product_id(&server, &olivia, "Atlas desk lamp").await;
    let (status, sent) = product_card(&server, &olivia, id, lamp, "card-1").await;
    assert_eq!(status, 201, "{sent}");
    let card = &sent["message"]["card"];
    assert_eq!(card["kind"], "product");
    assert_eq!(card["name"], "Atlas desk lamp");
    assert_eq!(card["price"]["amount"], "49.90");
    let base = server.site_url("");
    assert_eq!(
        card["image_url"],
        format!("{base}/shop/images/atlas-lamp.svg")
    );
    assert_eq!(card["url"], format!("{base}/shop/products/{lamp}"));
    let text = sent["message"]["text"].as_str().unwrap();
    assert!(text.contains("Atlas desk lamp: 49.90 EUR"), "{text}");
    let (status, repeat) = product_card(&server, &olivia, id, lamp, "card-1").await;
    assert_eq!(status, 200);
    assert_eq!(repeat["message"]["id"], sent["message"]["id"]);
    let unknown = product_card(&server, &olivia, id, 9999, "card-2").await;
    assert_error(&unknown, 422, "unknown_product");

    let company_info = json!({"client_id": "company-1"});
    let (status, company) = server.act(&olivia, id, "company-info", company_info).await;
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
    let message = format!("/messages/{}", sent["message"]["id"]);
    let cheaper = json!({"text": "Atlas desk lamp: 1.00 EUR"});
    assert_eq!(server.patch(&olivia, &message, cheaper).await.0, 409);
}

#[tokio::test]
async fn paying_updates_order_deal_and_conversation_once() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let id = server.new_conversation("demo-livechat", "pay-1").await;
    let (_, saved) = server.act(&olivia, id, "crm", json!({})).await;
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

    let (status, html, headers) = server.page(&path).await;
    assert_eq!(status, 200);
    assert!(html.contains("Linen notebook A5") && html.contains("84.70 EUR"));
    assert!(html.contains("value=\"pay\"") && html.contains("value=\"fail\""));
    assert!(!html.contains("<script"));
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("form-action 'self'") && !csp.contains("script-src"));

    let mut socket = server.live_events(&olivia).await;
    let (status, html) = choose(&server, &path, "pay").await;
    assert_eq!(status, 200);
    assert!(html.contains("Payment received"));
    let mut seen = Vec::new();
    for frame in drain(&mut socket, 1000).await {
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
    let (status, error) = link(&server, &olivia, order_id, "pay-1-link-again").await;
    assert_eq!(status, 409, "a paid order needs no new link: {error}");
}

#[tokio::test]
async fn a_failed_payment_can_be_retried_with_a_new_link() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let id = server.new_conversation("demo-livechat", "fail-1").await;
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
    let id = server.new_conversation("demo-livechat", "exp-1").await;
    let order_id = order(&server, &olivia, id, "exp-1-order").await["id"]
        .as_i64()
        .unwrap();
    let (_, path) = payment_link(&server, &olivia, order_id, "exp-1-link").await;
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    let (status, html) = choose(&server, &path, "pay").await;
    assert_eq!(status, 409);
    assert!(html.contains("expired"), "{html}");
    let (status, html, _) = server.page(&path).await;
    assert_eq!(status, 200);
    assert!(html.contains("expired") && !html.contains("value=\"pay\""));
    let (_, expired) = server.get(&olivia, &format!("/orders/{order_id}")).await;
    assert_eq!(expired["status"], "payment_expired");
    assert_eq!(expired["payment"]["status"], "expired");
    assert_eq!(
        system_kinds(&server, &olivia, id).await,
        ["payment_expired"]
    );
    let (status, _, _) = server.page("/pay/not-a-token").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn only_admins_edit_the_company_details() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let admin = server.login("admin@example.com").await;
    let company = server.get_ok(&olivia, "/company").await;
    assert_eq!(company["name"], "Atelier Lumière");
    assert_eq!(company["currency"], "EUR");
    let mut edited = company.clone();
    edited["opening_hours"] = json!("Every day 8:00-20:00");
    let refused = server.put(&olivia, "/company", edited.clone()).await;
    assert_error(&refused, 403, "forbidden");
    let mut bad = edited.clone();
    bad["website"] = json!("javascript:alert(1)");
    let invalid = server.put(&admin, "/company", bad).await;
    assert_error(&invalid, 422, "invalid_url");
    assert_eq!(invalid.1["error"]["field"], "website");

    let mut socket = server.live_events(&olivia).await;
    let (status, saved) = server.put(&admin, "/company", edited).await;
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
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let marc = server.login("marc@example.com").await; // Support only
    let id = server.new_conversation("demo-livechat", "acl-sales").await;
    let lamp = product_id(&server, &marc, "Atlas desk lamp").await;
    let one_lamp = json!([{"product_id": lamp, "quantity": 1}]);
    assert_eq!(place(&server, &marc, id, "m-1", one_lamp).await.0, 403);
    assert_eq!(product_card(&server, &marc, id, lamp, "m-2").await.0, 403);
    let company_info = json!({"client_id": "m-3"});
    assert_eq!(
        server.act(&marc, id, "company-info", company_info).await.0,
        403
    );
    let order_id = order(&server, &olivia, id, "acl-order").await["id"]
        .as_i64()
        .unwrap();
    let (status, _) = server.get(&marc, &format!("/orders/{order_id}")).await;
    assert_eq!(status, 404);
    assert_eq!(link(&server, &marc, order_id, "m-4").await.0, 404);
    assert_eq!(server.get_anonymous("/products").await.0, 401);
}
