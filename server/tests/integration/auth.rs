use serde_json::json;

use crate::support::{assert_error, database, TestServer};

#[tokio::test]
async fn login_gives_a_token_that_logout_revokes() {
    let (server, token) = TestServer::demo_as("olivia@example.com").await;
    let me = server.get_ok(&token, "/me").await;
    assert_eq!(me["name"], "Olivia Bernard");
    assert_eq!(me["role"], "operator");

    let (status, _) = server.post(&token, "/auth/logout", json!({})).await;
    assert_eq!(status, 204);
    assert_error(&server.get(&token, "/me").await, 401, "unauthorized");
}

#[tokio::test]
async fn wrong_password_is_a_json_401() {
    let server = TestServer::demo().await;
    let answer = server.login_attempt("olivia@example.com", "nope").await;
    assert_error(&answer, 401, "invalid_credentials");
}

#[tokio::test]
async fn requests_without_a_token_are_refused() {
    let server = TestServer::demo().await;
    let answer = server.get_anonymous("/conversations").await;
    assert_error(&answer, 401, "unauthorized");
}

#[tokio::test]
async fn changing_the_password_revokes_every_token() {
    let (server, first) = TestServer::demo_as("marc@example.com").await;
    let second = server.login("marc@example.com").await;
    let change = json!({"current_password": "demo", "new_password": "correct horse battery"});
    let (status, body) = server.put(&first, "/me/password", change).await;
    assert_eq!(status, 200);
    let fresh = body["token"].as_str().unwrap().to_owned();

    assert_eq!(server.get(&first, "/me").await.0, 401);
    assert_eq!(server.get(&second, "/me").await.0, 401);
    assert_eq!(server.get(&fresh, "/me").await.0, 200);
    let old_password = server.login_attempt("marc@example.com", "demo").await;
    assert_eq!(old_password.0, 401);
}

#[tokio::test]
async fn repeated_failed_logins_are_rate_limited() {
    let server = TestServer::demo().await;
    for _ in 0..5 {
        let answer = server.login_attempt("sophie@example.com", "guess").await;
        assert_eq!(answer.0, 401);
    }
    // Even the right password waits now.
    let answer = server.login_attempt("sophie@example.com", "demo").await;
    assert_error(&answer, 429, "too_many_requests");
    // Another account is not affected.
    server.login("olivia@example.com").await;
}

#[tokio::test]
async fn connector_tokens_are_kept_hashed_and_never_listed() {
    let (server, admin) = TestServer::demo_as("admin@example.com").await;
    let (_, lines) = server.get(&admin, "/lines").await;
    let listed = lines.to_string();
    assert!(!listed.contains("demo-telegram"), "{listed}");
    assert!(!listed.contains("webhook_token"), "{listed}");
    // The database holds the hash only, and the token still works.
    if database::skip_on_postgres("the check of the stored hash reads the SQLite file") {
        server.new_conversation("demo-telegram", "hashed-1").await;
        return;
    }
    let mut stored = Vec::new();
    for file in ["switchboard.db", "switchboard.db-wal"] {
        if let Ok(bytes) = std::fs::read(server.data_dir().join(file)) {
            stored.extend(bytes);
        }
    }
    assert!(!stored.is_empty());
    assert!(!stored
        .windows(b"demo-telegram".len())
        .any(|window| window == b"demo-telegram"));
    let hash = hex_sha256("demo-telegram");
    assert!(stored
        .windows(hash.len())
        .any(|window| window == hash.as_bytes()));
    server.new_conversation("demo-telegram", "hashed-1").await;
}

fn hex_sha256(text: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

#[tokio::test]
async fn logging_out_other_sessions_keeps_only_the_callers() {
    let (server, here) = TestServer::demo_as("olivia@example.com").await;
    let phone = server.login("olivia@example.com").await;
    let marc = server.login("marc@example.com").await;
    let (status, _) = server
        .post(&here, "/me/sessions/logout-others", json!({}))
        .await;
    assert_eq!(status, 204);
    assert_eq!(
        server.get(&here, "/me").await.0,
        200,
        "this session goes on"
    );
    assert_error(&server.get(&phone, "/me").await, 401, "unauthorized");
    assert_eq!(
        server.get(&marc, "/me").await.0,
        200,
        "a colleague's session is not touched"
    );
}
