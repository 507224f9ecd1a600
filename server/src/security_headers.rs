//! Security headers on every response: the Content Security Policy, framing
//! rules, the referrer policy and `nosniff`.
//!
//! Three policies, chosen by path:
//! - the app and every other page (`/`, `/demo/...`, errors): scripts only
//!   from this origin (plus `'wasm-unsafe-eval'` to compile the app's
//!   WebAssembly), never inline, never `eval`; the page may not be framed;
//! - [`FRAMEABLE_PREFIX`] (`/apps/`): pages meant to run inside the
//!   workspace's sandboxed iframes (demo market apps), framed by this origin
//!   only;
//! - the API (`/api/`): JSON and files, which should never run anything.
//!
//! The app's loader script, which Trunk inlines in `index.html`, is moved to
//! a file at build time (`scripts/externalize-loader.mjs`, a Trunk hook), so
//! no hash or nonce is needed and the same policy holds on a CDN.

use axum::extract::Request;
use axum::http::header::{self, HeaderName};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

/// Pages under this path may be framed by the app (same origin only).
pub const FRAMEABLE_PREFIX: &str = "/apps/";

/// Policy of the app and every other page: nothing inline, nothing from elsewhere.
/// `'self'` in `connect-src` also covers the websocket of the same host
/// (`ws:`/`wss:`) in current browsers.
pub const PAGE_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self'; \
connect-src 'self'; frame-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; \
form-action 'self'; frame-ancestors 'none'";

/// Policy of the pages under [`FRAMEABLE_PREFIX`]: like [`PAGE_POLICY`], but
/// the app (same origin) may frame them.
pub const FRAMEABLE_POLICY: &str = "default-src 'self'; script-src 'self'; \
style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; \
base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/// Policy of API responses (JSON, uploaded files): nothing may run, load or frame them.
pub const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// `Referrer-Policy`: never leak the workspace's URLs (conversation ids) to
/// the sites customers link to.
pub const REFERRER_POLICY: &str = "no-referrer";

/// Adds the headers, keeping a stricter `Content-Security-Policy` a handler
/// set itself (uploaded files add `sandbox`).
pub async fn security_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let (policy, frame_options) = policies_for(&path);
    let headers = response.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(policy),
        );
    }
    headers.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static(frame_options),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static(REFERRER_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// The policy and `X-Frame-Options` value of a path.
fn policies_for(path: &str) -> (&'static str, &'static str) {
    if path.starts_with("/api/") {
        (API_POLICY, "DENY")
    } else if path.starts_with(FRAMEABLE_PREFIX) {
        (FRAMEABLE_POLICY, "SAMEORIGIN")
    } else {
        (PAGE_POLICY, "DENY")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_never_inline_nor_evaluated() {
        for policy in [PAGE_POLICY, FRAMEABLE_POLICY, API_POLICY] {
            let scripts = policy
                .split(';')
                .find(|directive| directive.trim().starts_with("script-src"))
                .unwrap_or("");
            assert!(!scripts.contains("'unsafe-inline'"), "{policy}");
            assert!(!scripts.contains("'unsafe-eval'"), "{policy}");
        }
    }

    #[test]
    fn only_the_apps_folder_may_be_framed() {
        assert_eq!(policies_for("/").1, "DENY");
        assert_eq!(policies_for("/demo/customer").1, "DENY");
        assert_eq!(policies_for("/api/v1/me").1, "DENY");
        assert_eq!(policies_for("/apps/weather/index.html").1, "SAMEORIGIN");
        assert!(policies_for("/apps/x").0.contains("frame-ancestors 'self'"));
        assert!(policies_for("/").0.contains("frame-ancestors 'none'"));
    }
}
