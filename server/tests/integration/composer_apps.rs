//! Market apps: installed apps for everyone, the catalog and installation
//! for admins, and the built-in apps' files.

use serde_json::{json, Value};

use crate::support::{assert_error, strings, TestServer};

#[tokio::test]
async fn everyone_lists_the_installed_apps_but_only_admins_see_the_catalog() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let admin = server.login("admin@example.com").await;
    let installed = server.get_ok(&olivia, "/apps").await;
    assert_eq!(strings(&installed, "/id"), ["order-lookup", "translator"]);
    assert_eq!(installed[0]["url"], "/apps/order-lookup/index.html");

    assert_error(
        &server.get(&olivia, "/apps/catalog").await,
        403,
        "forbidden",
    );
    let catalog = server.get_ok(&admin, "/apps/catalog").await;
    assert_eq!(
        strings(&catalog, "/id"),
        ["order-lookup", "translator", "tracking-link"]
    );
    assert_eq!(catalog[2]["installed"], false);
}

#[tokio::test]
async fn only_admins_install_and_uninstall() {
    let (server, olivia) = TestServer::demo_as("olivia@example.com").await;
    let sophie = server.login("sophie@example.com").await;
    let admin = server.login("admin@example.com").await;
    let body = json!({"app_id": "tracking-link"});
    let translator = "/apps/installed/translator";
    for token in [&olivia, &sophie] {
        let answer = server.post(token, "/apps/installed", body.clone()).await;
        assert_error(&answer, 403, "forbidden");
        assert_eq!(server.delete(token, translator).await.0, 403);
    }
    let (status, app) = server.post(&admin, "/apps/installed", body).await;
    assert_eq!(status, 201);
    assert_eq!(app["installed"], true);
    let unknown = json!({"app_id": "nope"});
    let (status, _) = server.post(&admin, "/apps/installed", unknown).await;
    assert_eq!(status, 422);
    assert_eq!(server.delete(&admin, translator).await.0, 204);
    let (_, installed) = server.get(&olivia, "/apps").await;
    assert_eq!(
        strings(&installed, "/id"),
        ["order-lookup", "tracking-link"]
    );
}

#[tokio::test]
async fn the_demo_apps_are_static_pages_with_separate_scripts() {
    let server = TestServer::demo().await;
    for app in ["order-lookup", "translator", "tracking-link"] {
        let (status, html, headers) = server.page(&format!("/apps/{app}/index.html")).await;
        assert_eq!(status, 200);
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(html.contains("<script src=\"app.js\"></script>"));
        assert!(!html.contains("<script>"));
        let script = server.fetch(&format!("/apps/{app}/app.js")).await;
        assert_eq!(script.status(), 200);
    }
    let (_, host, _) = server.page("/apps/common/host.js").await;
    assert!(host.contains("event.source !== window.parent"));
    assert!(host.contains("\"insert-text\""));
    // The order data is readable from the apps' opaque origin.
    let orders = server.fetch("/apps/order-lookup/orders.json").await;
    assert_eq!(orders.headers()["access-control-allow-origin"], "*");
    let orders: Value = orders.json().await.unwrap();
    assert_eq!(orders[0]["id"], "A-1001");
    for missing in [
        "/apps/order-lookup/../../Cargo.toml",
        "/apps/order-lookup/secret.js",
    ] {
        assert_eq!(server.fetch(missing).await.status(), 404, "{missing}");
    }
}
