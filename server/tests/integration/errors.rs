use reqwest::Method;
use serde_json::json;
use switchboard_server::config::Config;

use crate::support::{assert_json_error, TestServer};

#[tokio::test]
async fn malformed_input_gets_a_json_4xx_never_a_500() {
    let (server, token) = TestServer::demo_as("admin@example.com").await;
    let json_text = |path: &str, body: Vec<u8>| {
        server
            .request(Method::POST, path)
            .header("content-type", "application/json")
            .body(body)
    };
    let read = |path: &str| server.request(Method::GET, path).bearer_auth(&token);
    let weird = json!({"chat": {"id": "\u{202e}x"}, "customer": {"id": "1", "name": "\u{0000}"}, "message": {"id": "1", "text": "é".repeat(100_001)}});
    let cases = [
        (json_text("/auth/login", b"{nope".to_vec()), 400),
        (
            server.request(Method::POST, "/auth/login").body("email=a"),
            415,
        ),
        (read("/conversations/abc"), 400),
        (read("/conversations/99999999999999999999999"), 400),
        (read("/conversations/424242"), 404),
        (read("/conversations?status=whatever"), 400),
        (read("/conversations?cursor=zzz"), 400),
        (
            server
                .request(Method::DELETE, "/conversations")
                .bearer_auth(&token),
            405,
        ),
        (
            json_text("/inbound/demo-livechat", vec![b' '; 3 * 1024 * 1024]),
            413,
        ),
        (
            server
                .request(Method::POST, "/inbound/demo-livechat")
                .json(&weird),
            422,
        ),
    ];
    for (request, status) in cases {
        assert_json_error(request.send().await.unwrap(), status).await;
    }
}

#[tokio::test]
async fn an_upload_over_the_limit_is_a_json_413() {
    let server = TestServer::start_with(|config| {
        config.demo = true;
        config.max_upload_bytes = 1024;
    })
    .await;
    let token = server.login("olivia@example.com").await;
    let bytes = vec![7u8; 200 * 1024];
    let response = server
        .upload(&token, "big.bin", "application/octet-stream", &bytes)
        .await;
    let body = assert_json_error(response, 413).await;
    assert_eq!(body["error"]["code"], "payload_too_large");

    // Just over the limit, within the multipart allowance: still refused.
    let bytes = vec![7u8; 1025];
    let response = server
        .upload(&token, "edge.bin", "application/octet-stream", &bytes)
        .await;
    assert_json_error(response, 413).await;
}

#[tokio::test]
async fn uploaded_files_are_served_safely() {
    let (server, token) = TestServer::demo_as("olivia@example.com").await;
    let svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>";
    let attachment = server
        .uploaded(&token, "logo\".svg", "image/svg+xml", svg)
        .await;
    assert_eq!(attachment["size"], svg.len());
    let download = server.fetch(attachment["url"].as_str().unwrap()).await;
    assert_eq!(download.status(), 200);
    let headers = download.headers().clone();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(headers["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert_ne!(headers["content-type"], "image/svg+xml");
    assert_eq!(download.bytes().await.unwrap().as_ref(), svg);

    let png = [0x89, b'P', b'N', b'G'];
    let attachment = server.uploaded(&token, "p.png", "image/png", &png).await;
    let download = server.fetch(attachment["url"].as_str().unwrap()).await;
    assert!(download.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("inline"));
    assert_eq!(download.headers()["content-type"], "image/png");

    let missing = server
        .request(Method::GET, "/files/..%2Fswitchboard.db")
        .send()
        .await
        .unwrap();
    assert_json_error(missing, 404).await;
}

#[tokio::test]
async fn demo_data_is_loaded_once() {
    let data = tempfile::tempdir().unwrap();
    for _ in 0..2 {
        let mut config = Config::for_tests(data.path().to_path_buf());
        config.database_url = crate::support::database::url_for(data.path());
        config.demo = true;
        drop(switchboard_server::bind(config).await.unwrap());
    }
    let server = TestServer::start_in(data, |config| config.demo = true).await;
    let admin = server.login("admin@example.com").await;
    let (_, users) = server.get(&admin, "/users").await;
    assert_eq!(users.as_array().unwrap().len(), 4);
    let (_, lines) = server.get(&admin, "/lines").await;
    assert_eq!(lines.as_array().unwrap().len(), 3);
}
