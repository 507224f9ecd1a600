use crate::common::TestServer;
use switchboard_protocol::{ErrorBody, Health};

#[tokio::test]
async fn health_answers_ok_with_the_version() {
    let server = TestServer::start().await;
    let response = server
        .client
        .get(server.url("/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let health: Health = response.json().await.unwrap();
    assert_eq!(health.status, "ok");
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn unknown_api_paths_answer_a_json_404() {
    let server = TestServer::start().await;
    let response = server
        .client
        .get(server.url("/no/such/thing"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let body: ErrorBody = response.json().await.unwrap();
    assert_eq!(body.error.code, "not_found");
}

#[tokio::test]
async fn configured_origins_may_call_the_api_and_others_may_not() {
    let server = TestServer::start_with(|config| {
        config.cors_origins = vec!["http://cdn.example.test".into()];
    })
    .await;
    let allowed = server
        .client
        .get(server.url("/health"))
        .header("Origin", "http://cdn.example.test")
        .send()
        .await
        .unwrap();
    assert_eq!(
        allowed
            .headers()
            .get("access-control-allow-origin")
            .unwrap(),
        "http://cdn.example.test"
    );
    let other = server
        .client
        .get(server.url("/health"))
        .header("Origin", "http://evil.example.test")
        .send()
        .await
        .unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
}
