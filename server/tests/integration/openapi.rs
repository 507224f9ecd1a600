use reqwest::Method;

use crate::support::TestServer;

/// `docs/openapi.json` must be the document the server serves. To refresh
/// it after changing the API, run this test with `UPDATE_OPENAPI=1`.
#[tokio::test]
async fn the_committed_openapi_document_is_up_to_date() {
    let server = TestServer::start().await;
    let response = server
        .request(Method::GET, "/openapi.json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let served = response.text().await.unwrap();
    let parsed: serde_json::Value = serde_json::from_str(&served).unwrap();
    assert!(parsed["openapi"].as_str().unwrap().starts_with("3."));
    assert!(parsed["paths"]["/api/v1/inbound/{connector_token}"].is_object());

    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/openapi.json");
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, format!("{served}\n")).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        committed.trim_end(),
        served.trim_end(),
        "docs/openapi.json is stale: run `UPDATE_OPENAPI=1 cargo test -p switchboard-server --test integration openapi`"
    );
}
