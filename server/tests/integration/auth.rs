use crate::common::TestServer;
use serde_json::json;

#[tokio::test]
async fn login_gives_a_token_that_logout_revokes() {
    let server = TestServer::demo().await;
    let token = server.login("olivia@example.com").await;
    let (status, me) = server.get(&token, "/me").await;
    assert_eq!(status, 200);
    assert_eq!(me["name"], "Olivia Bernard");
    assert_eq!(me["role"], "operator");

    let (status, _) = server.post(&token, "/auth/logout", json!({})).await;
    assert_eq!(status, 204);
    let (status, body) = server.get(&token, "/me").await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "unauthorized");
}

#[tokio::test]
async fn wrong_password_is_a_json_401() {
    let server = TestServer::demo().await;
    let response = server
        .client
        .post(server.url("/auth/login"))
        .json(&json!({"email": "olivia@example.com", "password": "nope"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_credentials");
}

#[tokio::test]
async fn requests_without_a_token_are_refused() {
    let server = TestServer::demo().await;
    let response = server
        .client
        .get(server.url("/conversations"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");
}

#[tokio::test]
async fn changing_the_password_revokes_every_token() {
    let server = TestServer::demo().await;
    let first = server.login("marc@example.com").await;
    let second = server.login("marc@example.com").await;
    let response = server
        .client
        .put(server.url("/me/password"))
        .bearer_auth(&first)
        .json(&json!({"current_password": "demo", "new_password": "correct horse battery"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    let fresh = body["token"].as_str().unwrap().to_owned();

    assert_eq!(server.get(&first, "/me").await.0, 401);
    assert_eq!(server.get(&second, "/me").await.0, 401);
    assert_eq!(server.get(&fresh, "/me").await.0, 200);
    let old_password = server
        .client
        .post(server.url("/auth/login"))
        .json(&json!({"email": "marc@example.com", "password": "demo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(old_password.status(), 401);
}

#[tokio::test]
async fn repeated_failed_logins_are_rate_limited() {
    let server = TestServer::demo().await;
    for _ in 0..5 {
        let response = server
            .client
            .post(server.url("/auth/login"))
            .json(&json!({"email": "sophie@example.com", "password": "guess"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401);
    }
    // Even the right password waits now.
    let response = server
        .client
        .post(server.url("/auth/login"))
        .json(&json!({"email": "sophie@example.com", "password": "demo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_requests");
    // Another account is not affected.
    server.login("olivia@example.com").await;
}

#[tokio::test]
async fn webhook_tokens_are_visible_to_admins_only() {
    let server = TestServer::demo().await;
    let admin = server.login("admin@example.com").await;
    let operator = server.login("olivia@example.com").await;
    let (_, lines) = server.get(&admin, "/lines").await;
    let tokens: Vec<&str> = lines
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|line| line["connectors"].as_array().unwrap())
        .map(|connector| connector["webhook_token"].as_str().unwrap())
        .collect();
    assert_eq!(
        tokens,
        [
            "demo-livechat",
            "demo-whatsapp",
            "demo-telegram",
            "demo-facebook",
            "demo-instagram"
        ]
    );
    let (_, lines) = server.get(&operator, "/lines").await;
    for line in lines.as_array().unwrap() {
        for connector in line["connectors"].as_array().unwrap() {
            assert!(connector["webhook_token"].is_null());
        }
    }
}
