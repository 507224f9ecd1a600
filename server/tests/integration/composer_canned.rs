//! Canned responses: who sees which, who may change them, search.

use crate::common::TestServer;
use serde_json::{json, Value};

async fn send(
    server: &TestServer,
    method: reqwest::Method,
    token: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = server
        .client
        .request(method, server.url(path))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn titles(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item["title"].as_str().unwrap().to_owned())
        .collect()
}

async fn line_id(server: &TestServer, token: &str, name: &str) -> i64 {
    let (_, lines) = server.get(token, "/lines").await;
    lines
        .as_array()
        .unwrap()
        .iter()
        .find(|line| line["name"] == name)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn each_operator_sees_their_own_and_their_lines_responses() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let marc = server.login("marc@example.com").await;
    let (status, mine) = server.get(&olivia, "/canned-responses").await;
    assert_eq!(status, 200);
    // Olivia: her personal ones first, then Sales' and Support's.
    assert_eq!(
        titles(&mine),
        [
            "Greeting",
            "Signature",
            "Delivery times",
            "Order number",
            "Refund",
            "Welcome discount"
        ]
    );
    assert_eq!(mine[0]["scope"], json!({"kind": "personal"}));
    assert_eq!(mine[0]["shortcut"], "hello");
    assert_eq!(mine[0]["editable"], true);
    assert_eq!(mine[2]["scope"]["kind"], "line");
    assert_eq!(mine[2]["editable"], false);
    // Marc: only Support, and not Olivia's personal ones.
    let (_, his) = server.get(&marc, "/canned-responses").await;
    assert_eq!(titles(&his), ["Callback", "Order number", "Refund"]);
}

#[tokio::test]
async fn search_matches_title_text_and_shortcut() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let (_, by_shortcut) = server.get(&olivia, "/canned-responses?q=promo").await;
    assert_eq!(titles(&by_shortcut), ["Welcome discount"]);
    let (_, by_text) = server.get(&olivia, "/canned-responses?q=rembours").await;
    assert_eq!(titles(&by_text), ["Refund"]);
    let (_, by_title) = server.get(&olivia, "/canned-responses?q=GREET").await;
    assert_eq!(titles(&by_title), ["Greeting"]);
    // LIKE wildcards are searched literally.
    let (_, wildcard) = server.get(&olivia, "/canned-responses?q=%25").await;
    assert_eq!(titles(&wildcard), ["Welcome discount"]);
}

#[tokio::test]
async fn operators_manage_their_own_responses_only() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let marc = server.login("marc@example.com").await;
    let (status, created) = server
        .post(
            &olivia,
            "/canned-responses",
            json!({"title": "Thanks", "text": "Merci {customer_name} !", "shortcut": "#merci", "scope": {"kind": "personal"}}),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(created["shortcut"], "merci");
    assert_eq!(created["editable"], true);
    let id = created["id"].as_i64().unwrap();
    let path = format!("/canned-responses/{id}");

    // Marc can neither see nor change it.
    let body = json!({"title": "Hacked", "text": "x", "scope": {"kind": "personal"}});
    let (status, error) = send(
        &server,
        reqwest::Method::PUT,
        &marc,
        &path,
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(error["error"]["code"], "not_found");
    let (status, _) = send(&server, reqwest::Method::DELETE, &marc, &path, None).await;
    assert_eq!(status, 404);

    let (status, updated) = send(
        &server,
        reqwest::Method::PUT,
        &olivia,
        &path,
        Some(json!({"title": "Thanks!", "text": "Merci beaucoup", "shortcut": null, "scope": {"kind": "personal"}})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(updated["title"], "Thanks!");
    assert!(updated["shortcut"].is_null());
    let (status, _) = send(&server, reqwest::Method::DELETE, &olivia, &path, None).await;
    assert_eq!(status, 204);
    let (_, after) = server.get(&olivia, "/canned-responses?q=Thanks").await;
    assert_eq!(after, json!([]));
}

#[tokio::test]
async fn only_admins_manage_line_responses() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let admin = server.login("admin@example.com").await;
    let sales = line_id(&server, &olivia, "Sales").await;
    let line_body = json!({"title": "Opening hours", "text": "9h-18h", "scope": {"kind": "line", "line_id": sales}});
    let (status, error) = server
        .post(&olivia, "/canned-responses", line_body.clone())
        .await;
    assert_eq!(status, 403);
    assert_eq!(error["error"]["code"], "forbidden");

    let (_, mine) = server.get(&olivia, "/canned-responses?q=delivery").await;
    let shared = mine[0]["id"].as_i64().unwrap();
    let path = format!("/canned-responses/{shared}");
    let (status, error) = send(
        &server,
        reqwest::Method::PUT,
        &olivia,
        &path,
        Some(json!({"title": "Mine now", "text": "x", "scope": {"kind": "personal"}})),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(error["error"]["code"], "forbidden");
    let (status, _) = send(&server, reqwest::Method::DELETE, &olivia, &path, None).await;
    assert_eq!(status, 403);

    let (status, created) = server.post(&admin, "/canned-responses", line_body).await;
    assert_eq!(status, 201);
    assert_eq!(created["editable"], true);
    // The line's members see it, read-only.
    let (_, seen) = server.get(&olivia, "/canned-responses?q=opening").await;
    assert_eq!(titles(&seen), ["Opening hours"]);
    assert_eq!(seen[0]["editable"], false);
    let (status, _) = send(&server, reqwest::Method::DELETE, &admin, &path, None).await;
    assert_eq!(status, 204);
}

#[tokio::test]
async fn invalid_responses_are_refused_with_422() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    for body in [
        json!({"title": " ", "text": "x", "scope": {"kind": "personal"}}),
        json!({"title": "t", "text": "", "scope": {"kind": "personal"}}),
        json!({"title": "t", "text": "x", "shortcut": "two words", "scope": {"kind": "personal"}}),
        json!({"title": "t".repeat(101), "text": "x", "scope": {"kind": "personal"}}),
    ] {
        let (status, error) = server.post(&olivia, "/canned-responses", body).await;
        assert_eq!(status, 422);
        assert_eq!(error["error"]["code"], "unprocessable");
    }
}
