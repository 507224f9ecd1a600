use reqwest::Method;
use switchboard_protocol::{ErrorBody, Health};

use crate::support::TestServer;

#[tokio::test]
async fn health_answers_ok_with_the_version() {
    let server = TestServer::start().await;
    let (status, body) = server.get_anonymous("/health").await;
    assert_eq!(status, 200);
    let health: Health = serde_json::from_value(body).unwrap();
    assert_eq!(health.status, "ok");
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn unknown_api_paths_answer_a_json_404() {
    let server = TestServer::start().await;
    let (status, body) = server.get_anonymous("/no/such/thing").await;
    assert_eq!(status, 404);
    let body: ErrorBody = serde_json::from_value(body).unwrap();
    assert_eq!(body.error.code, "not_found");
}

#[tokio::test]
async fn configured_origins_may_call_the_api_and_others_may_not() {
    let server = TestServer::start_with(|config| {
        config.cors_origins = vec!["http://cdn.example.test".into()];
    })
    .await;
    let allowed_origin = |origin: &'static str| {
        let request = server
            .request(Method::GET, "/health")
            .header("Origin", origin);
        async move {
            let response = request.send().await.unwrap();
            let allowed = response.headers().get("access-control-allow-origin");
            allowed.map(|value| value.to_str().unwrap().to_owned())
        }
    };
    assert_eq!(
        allowed_origin("http://cdn.example.test").await.as_deref(),
        Some("http://cdn.example.test")
    );
    assert_eq!(allowed_origin("http://evil.example.test").await, None);
}
