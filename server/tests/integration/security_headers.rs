//! Every kind of response carries the security headers: the app's files,
//! the customer simulator, API JSON, API errors, uploaded files, the
//! websocket upgrade and the pages meant to be framed (`/apps/`).

use reqwest::header::HeaderMap;
use reqwest::Method;

use crate::support::TestServer;

/// A `dist/` folder like Trunk's output, with the loader in a file.
fn fake_dist() -> tempfile::TempDir {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><script type=\"module\" src=\"./loader-0123456789abcdef.js\"></script>",
    )
    .unwrap();
    std::fs::write(dist.path().join("loader-0123456789abcdef.js"), "// loader").unwrap();
    std::fs::create_dir(dist.path().join("apps")).unwrap();
    std::fs::write(dist.path().join("apps/demo.html"), "<!doctype html>").unwrap();
    dist
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .unwrap_or_else(|| panic!("missing {name}"))
        .to_str()
        .unwrap()
}

fn directive<'a>(policy: &'a str, name: &str) -> Option<&'a str> {
    policy
        .split(';')
        .map(str::trim)
        .find(|directive| directive.split_whitespace().next() == Some(name))
}

/// The headers every response must carry; returns the policy.
fn assert_common(what: &str, headers: &HeaderMap) -> String {
    assert_eq!(
        header(headers, "x-content-type-options"),
        "nosniff",
        "{what}"
    );
    assert_eq!(header(headers, "referrer-policy"), "no-referrer", "{what}");
    let policy = header(headers, "content-security-policy").to_owned();
    for scripts in [
        directive(&policy, "script-src"),
        directive(&policy, "default-src"),
    ]
    .into_iter()
    .flatten()
    {
        assert!(!scripts.contains("'unsafe-inline'"), "{what}: {policy}");
        assert!(!scripts.contains("'unsafe-eval'"), "{what}: {policy}");
    }
    policy
}

/// Not framable at all.
fn assert_not_framable(what: &str, headers: &HeaderMap) {
    let policy = assert_common(what, headers);
    assert_eq!(header(headers, "x-frame-options"), "DENY", "{what}");
    assert_eq!(
        directive(&policy, "frame-ancestors"),
        Some("frame-ancestors 'none'"),
        "{what}"
    );
}

#[tokio::test]
async fn app_pages_and_files_run_only_scripts_from_this_origin() {
    let dist = fake_dist();
    let path = dist.path().to_path_buf();
    let server = TestServer::start_with(move |config| config.dist_dir = path).await;
    for (path, status) in [
        ("/", 200),
        ("/index.html", 200),
        ("/loader-0123456789abcdef.js", 200),
        ("/no-such-file.js", 404),
    ] {
        let response = server.fetch(path).await;
        assert_eq!(response.status(), status, "{path}");
        assert_not_framable(path, response.headers());
        let policy = header(response.headers(), "content-security-policy");
        assert_eq!(
            directive(policy, "script-src"),
            Some("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}"
        );
        assert_eq!(directive(policy, "connect-src"), Some("connect-src 'self'"));
        assert_eq!(directive(policy, "frame-src"), Some("frame-src 'self'"));
        assert_eq!(directive(policy, "object-src"), Some("object-src 'none'"));
    }
}

#[tokio::test]
async fn pages_under_apps_may_be_framed_by_the_app_only() {
    let dist = fake_dist();
    let path = dist.path().to_path_buf();
    let server = TestServer::start_with(move |config| config.dist_dir = path).await;
    let response = server.fetch("/apps/demo.html").await;
    assert_eq!(response.status(), 200);
    let policy = assert_common("/apps/", response.headers());
    assert_eq!(header(response.headers(), "x-frame-options"), "SAMEORIGIN");
    assert_eq!(
        directive(&policy, "frame-ancestors"),
        Some("frame-ancestors 'self'")
    );
}

#[tokio::test]
async fn the_customer_simulator_has_no_inline_script() {
    let server = TestServer::demo().await;
    let page = server.fetch("/demo/customer").await;
    assert_eq!(page.status(), 200);
    assert_not_framable("/demo/customer", page.headers());
    let policy = header(page.headers(), "content-security-policy").to_owned();
    assert!(!policy.contains("'unsafe-inline'"), "{policy}");
    let html = page.text().await.unwrap();
    assert!(html.contains("<script src=\"customer.js\"></script>"));
    // The website chat it embeds is the real widget, loaded like a site does.
    assert!(html
        .contains("<script src=\"/widget.js\" data-connector=\"demo-livechat\" async></script>"));
    assert_eq!(
        html.matches("<script").count(),
        html.matches("<script src=").count(),
        "only script files"
    );
    assert_eq!(html.matches("></script>").count(), 2, "nothing inline");
    assert!(!html.contains("<style"), "styles come from a file");
    assert!(
        !html.contains(" onclick=") && !html.contains(" onsubmit="),
        "no inline handlers"
    );
    for (path, content_type) in [
        ("/demo/customer.js", "text/javascript; charset=utf-8"),
        ("/demo/customer.css", "text/css; charset=utf-8"),
    ] {
        let response = server.fetch(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(header(response.headers(), "content-type"), content_type);
        assert_not_framable(path, response.headers());
    }
}

#[tokio::test]
async fn api_answers_and_errors_may_run_nothing() {
    let (server, token) = TestServer::demo_as("olivia@example.com").await;
    let get = |path: &str| server.request(Method::GET, path);
    let cases = [
        (get("/health"), 200),
        (get("/me").bearer_auth(&token), 200),
        (get("/me"), 401),
        (get("/no/such/endpoint"), 404),
        (
            server
                .request(Method::POST, "/auth/login")
                .header("content-type", "application/json")
                .body("{not json"),
            400,
        ),
        (
            server.request(Method::DELETE, "/me").bearer_auth(&token),
            405,
        ),
    ];
    for (request, status) in cases {
        let response = request.send().await.unwrap();
        let what = format!("{} {}", response.url().path(), response.status());
        assert_eq!(response.status().as_u16(), status, "{what}");
        assert_not_framable(&what, response.headers());
        assert_eq!(
            header(response.headers(), "content-security-policy"),
            "default-src 'none'; frame-ancestors 'none'",
            "{what}"
        );
    }
}

#[tokio::test]
async fn uploaded_files_are_sandboxed() {
    let (server, token) = TestServer::demo_as("olivia@example.com").await;
    let svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>";
    let uploaded = server
        .uploaded(&token, "evil.svg", "image/svg+xml", svg)
        .await;
    let id = uploaded["id"].as_str().expect("file id");
    let response = server
        .request(Method::GET, &format!("/files/{id}"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let policy = assert_common("file", response.headers());
    assert!(policy.contains("sandbox"), "{policy}");
    assert_eq!(header(response.headers(), "x-frame-options"), "DENY");
}

#[tokio::test]
async fn the_websocket_upgrade_carries_the_headers_too() {
    let (server, token) = TestServer::demo_as("olivia@example.com").await;
    let url = format!("ws://{}/api/v1/events?token={token}", server.addr);
    let (_socket, response) = tokio_tungstenite::connect_async(url).await.unwrap();
    assert_eq!(response.status(), 101);
    for name in [
        "content-security-policy",
        "x-frame-options",
        "referrer-policy",
        "x-content-type-options",
    ] {
        assert!(response.headers().contains_key(name), "{name}");
    }
}
