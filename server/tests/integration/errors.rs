use crate::common::TestServer;
use serde_json::Value;

async fn assert_json_error(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status(), status);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let body: Value = response.json().await.unwrap();
    assert!(body["error"]["code"].is_string());
    assert!(body["error"]["message"].is_string());
    body
}

#[tokio::test]
async fn malformed_input_gets_a_json_4xx_never_a_500() {
    let server = TestServer::demo().await;
    let token = server.login("admin@example.com").await;
    let client = &server.client;

    let not_json = client
        .post(server.url("/auth/login"))
        .header("content-type", "application/json")
        .body("{nope")
        .send()
        .await
        .unwrap();
    assert_json_error(not_json, 400).await;
    let wrong_type = client
        .post(server.url("/auth/login"))
        .body("email=a")
        .send()
        .await
        .unwrap();
    assert_json_error(wrong_type, 415).await;
    let bad_id = client
        .get(server.url("/conversations/abc"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_json_error(bad_id, 400).await;
    let huge_id = client
        .get(server.url("/conversations/99999999999999999999999"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_json_error(huge_id, 400).await;
    let missing = client
        .get(server.url("/conversations/424242"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_json_error(missing, 404).await;
    let bad_status = client
        .get(server.url("/conversations?status=whatever"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_json_error(bad_status, 400).await;
    let bad_cursor = client
        .get(server.url("/conversations?cursor=zzz"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_json_error(bad_cursor, 400).await;
    let wrong_method = client
        .delete(server.url("/conversations"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_json_error(wrong_method, 405).await;
    let big_body = client
        .post(server.url("/inbound/demo-livechat"))
        .header("content-type", "application/json")
        .body(vec![b' '; 3 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_json_error(big_body, 413).await;
    let weird = client
        .post(server.url("/inbound/demo-livechat"))
        .json(&serde_json::json!({"chat": {"id": "\u{202e}x"}, "customer": {"id": "1", "name": "\u{0000}"}, "message": {"id": "1", "text": "é".repeat(100_001)}}))
        .send()
        .await
        .unwrap();
    assert_json_error(weird, 422).await;
}

#[tokio::test]
async fn an_upload_over_the_limit_is_a_json_413() {
    let server = TestServer::start_with(|config| {
        config.demo = true;
        config.max_upload_bytes = 1024;
    })
    .await;
    let token = server.login("olivia@example.com").await;
    let part = reqwest::multipart::Part::bytes(vec![7u8; 200 * 1024]).file_name("big.bin");
    let response = server
        .client
        .post(server.url("/files"))
        .bearer_auth(&token)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    let body = assert_json_error(response, 413).await;
    assert_eq!(body["error"]["code"], "payload_too_large");

    // Just over the limit, within the multipart allowance: still refused.
    let part = reqwest::multipart::Part::bytes(vec![7u8; 1025]).file_name("edge.bin");
    let response = server
        .client
        .post(server.url("/files"))
        .bearer_auth(&token)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_json_error(response, 413).await;
}

#[tokio::test]
async fn uploaded_files_are_served_safely() {
    let server = TestServer::demo().await;
    let token = server.login("olivia@example.com").await;
    let svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>".to_vec();
    let part = reqwest::multipart::Part::bytes(svg.clone())
        .file_name("logo\".svg")
        .mime_str("image/svg+xml")
        .unwrap();
    let response = server
        .client
        .post(server.url("/files"))
        .bearer_auth(&token)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let attachment: Value = response.json().await.unwrap();
    assert_eq!(attachment["size"], svg.len());
    let url = format!(
        "http://{}{}",
        server.addr,
        attachment["url"].as_str().unwrap()
    );
    let download = server.client.get(url).send().await.unwrap();
    assert_eq!(download.status(), 200);
    let headers = download.headers().clone();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(headers["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert_ne!(headers["content-type"], "image/svg+xml");
    assert_eq!(download.bytes().await.unwrap().to_vec(), svg);

    let png = reqwest::multipart::Part::bytes(vec![0x89, b'P', b'N', b'G'])
        .file_name("p.png")
        .mime_str("image/png")
        .unwrap();
    let attachment: Value = server
        .client
        .post(server.url("/files"))
        .bearer_auth(&token)
        .multipart(reqwest::multipart::Form::new().part("file", png))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let url = format!(
        "http://{}{}",
        server.addr,
        attachment["url"].as_str().unwrap()
    );
    let download = server.client.get(url).send().await.unwrap();
    assert!(download.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("inline"));
    assert_eq!(download.headers()["content-type"], "image/png");

    let missing = server
        .client
        .get(server.url("/files/..%2Fswitchboard.db"))
        .send()
        .await
        .unwrap();
    assert_json_error(missing, 404).await;
}

#[tokio::test]
async fn demo_data_is_loaded_once() {
    let data = tempfile::tempdir().unwrap();
    for _ in 0..2 {
        let mut config = switchboard_server::config::Config::for_tests(data.path().to_path_buf());
        config.demo = true;
        let bound = switchboard_server::bind(config).await.unwrap();
        drop(bound);
    }
    let mut config = switchboard_server::config::Config::for_tests(data.path().to_path_buf());
    config.demo = true;
    let bound = switchboard_server::bind(config).await.unwrap();
    let addr = bound.local_addr;
    let task = tokio::spawn(bound.serve());
    let client = reqwest::Client::new();
    let login: Value = client
        .post(format!("http://{addr}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "admin@example.com", "password": "demo"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["token"].as_str().unwrap();
    let users: Value = client
        .get(format!("http://{addr}/api/v1/users"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(users.as_array().unwrap().len(), 4);
    let lines: Value = client
        .get(format!("http://{addr}/api/v1/lines"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(lines.as_array().unwrap().len(), 2);
    task.abort();
}
