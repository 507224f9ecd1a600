//! Security headers on every response: the Content Security Policy, framing
//! rules, the referrer policy and `nosniff`.
//!
//! Three policies, chosen by path:
//! - the app and every other page (`/`, `/demo/...`, errors): scripts only
//!   from this origin (plus `'wasm-unsafe-eval'` to compile the app's
//!   WebAssembly), never inline, never `eval`; the page may not be framed;
//! - [`FRAMEABLE_PREFIX`] (`/apps/`): pages meant to run inside the
//!   workspace's sandboxed iframes (demo market apps), framed by this origin
//!   and by the origins allowed to host the app (`--cors-origin`) only;
//! - the API (`/api/`): JSON and files, which should never run anything.
//!
//! The app's loader script, which Trunk inlines in `index.html`, is moved to
//! a file at build time (`scripts/externalize-loader.mjs`, a Trunk hook), so
//! no hash or nonce is needed and the same policy holds on a CDN.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName};
use axum::http::{HeaderMap, HeaderValue};
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

/// The policy of the framable pages when the app is also hosted elsewhere
/// (a CDN): those origins may frame them too.
#[derive(Clone, Debug, Default)]
pub struct HostOrigins(Arc<Option<HeaderValue>>);

impl HostOrigins {
    /// From the origins allowed to call the API (`--cors-origin`); origins
    /// that cannot appear in a header are left out.
    pub fn new(origins: &[String]) -> Self {
        let clean: Vec<&str> = origins
            .iter()
            .map(|origin| origin.trim_end_matches('/'))
            .filter(|origin| {
                !origin.is_empty() && origin.chars().all(|c| c.is_ascii_graphic() && c != ';')
            })
            .collect();
        if clean.is_empty() {
            return Self::default();
        }
        let policy = format!("{FRAMEABLE_POLICY} {}", clean.join(" "));
        Self(Arc::new(HeaderValue::from_str(&policy).ok()))
    }
}

/// Adds the headers, keeping a stricter `Content-Security-Policy` a handler
/// set itself (uploaded files add `sandbox`).
pub async fn security_headers(
    State(hosts): State<HostOrigins>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let (policy, frame_options) = policies_for(&path);
    let hosted_elsewhere = path
        .starts_with(FRAMEABLE_PREFIX)
        .then(|| hosts.0.as_ref().clone())
        .flatten();
    let headers = response.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            hosted_elsewhere
                .clone()
                .unwrap_or_else(|| HeaderValue::from_static(policy)),
        );
    }
    // `X-Frame-Options` cannot name other origins; browsers follow
    // `frame-ancestors` when both are present, older ones get SAMEORIGIN.
    if hosted_elsewhere.is_none() {
        headers.insert(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static(frame_options),
        );
    } else {
        headers.remove(header::X_FRAME_OPTIONS);
    }
    insert_fixed(
        headers,
        [
            (header::REFERRER_POLICY, REFERRER_POLICY),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (
                HeaderName::from_static("cross-origin-opener-policy"),
                "same-origin",
            ),
        ],
    );
    response
}

/// Sets headers whose values are fixed (a type, a policy), replacing any
/// earlier value: what every handler that writes its own headers does.
pub fn insert_fixed<const N: usize>(
    headers: &mut HeaderMap,
    fixed: [(HeaderName, &'static str); N],
) {
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
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

    #[test]
    fn apps_may_be_framed_by_the_origins_hosting_the_app() {
        let hosts = HostOrigins::new(&["https://cdn.example.com/".into(), "bad;origin".into()]);
        let policy = hosts.0.as_ref().clone().unwrap();
        assert!(policy
            .to_str()
            .unwrap()
            .ends_with("frame-ancestors 'self' https://cdn.example.com"));
        assert!(HostOrigins::new(&[]).0.is_none());
    }
}
