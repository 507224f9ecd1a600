//! Market apps: installed apps for everyone, the catalog and installation
//! for admins, and the built-in apps' files.

use crate::common::TestServer;
use serde_json::{json, Value};

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|app| app["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn everyone_lists_the_installed_apps_but_only_admins_see_the_catalog() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let admin = server.login("admin@example.com").await;
    let (status, installed) = server.get(&olivia, "/apps").await;
    assert_eq!(status, 200);
    assert_eq!(ids(&installed), ["order-lookup", "translator"]);
    assert_eq!(installed[0]["url"], "/apps/order-lookup/index.html");

    let (status, error) = server.get(&olivia, "/apps/catalog").await;
    assert_eq!(status, 403);
    assert_eq!(error["error"]["code"], "forbidden");
    let (status, catalog) = server.get(&admin, "/apps/catalog").await;
    assert_eq!(status, 200);
    assert_eq!(
        ids(&catalog),
        ["order-lookup", "translator", "tracking-link"]
    );
    assert_eq!(catalog[2]["installed"], false);
}

#[tokio::test]
async fn only_admins_install_and_uninstall() {
    let server = TestServer::demo().await;
    let olivia = server.login("olivia@example.com").await;
    let sophie = server.login("sophie@example.com").await;
    let admin = server.login("admin@example.com").await;
    let body = json!({"app_id": "tracking-link"});
    for token in [&olivia, &sophie] {
        let (status, error) = server.post(token, "/apps/installed", body.clone()).await;
        assert_eq!(status, 403);
        assert_eq!(error["error"]["code"], "forbidden");
        let response = server
            .client
            .delete(server.url("/apps/installed/translator"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403);
    }
    let (status, app) = server.post(&admin, "/apps/installed", body).await;
    assert_eq!(status, 201);
    assert_eq!(app["installed"], true);
    let (status, _) = server
        .post(&admin, "/apps/installed", json!({"app_id": "nope"}))
        .await;
    assert_eq!(status, 422);
    let response = server
        .client
        .delete(server.url("/apps/installed/translator"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let (_, installed) = server.get(&olivia, "/apps").await;
    assert_eq!(ids(&installed), ["order-lookup", "tracking-link"]);
}

#[tokio::test]
async fn the_demo_apps_are_static_pages_with_separate_scripts() {
    let server = TestServer::demo().await;
    let get = |path: &str| {
        let url = format!("http://{}{path}", server.addr);
        let client = server.client.clone();
        async move { client.get(url).send().await.unwrap() }
    };
    for app in ["order-lookup", "translator", "tracking-link"] {
        let page = get(&format!("/apps/{app}/index.html")).await;
        assert_eq!(page.status(), 200);
        let csp = page.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains("script-src 'self'"));
        assert!(!csp.contains("unsafe-inline"));
        let html = page.text().await.unwrap();
        assert!(html.contains("<script src=\"app.js\"></script>"));
        assert!(!html.contains("<script>"));
        assert_eq!(get(&format!("/apps/{app}/app.js")).await.status(), 200);
    }
    let host = get("/apps/common/host.js").await.text().await.unwrap();
    assert!(host.contains("event.source !== window.parent"));
    assert!(host.contains("\"insert-text\""));
    // The order data is readable from the apps' opaque origin.
    let orders = get("/apps/order-lookup/orders.json").await;
    assert_eq!(orders.headers()["access-control-allow-origin"], "*");
    let orders: Value = orders.json().await.unwrap();
    assert_eq!(orders[0]["id"], "A-1001");
    assert_eq!(
        get("/apps/order-lookup/../../Cargo.toml").await.status(),
        404
    );
    assert_eq!(get("/apps/order-lookup/secret.js").await.status(), 404);
}
