//! Serving the built app (`dist/`) with the cache headers a CDN would use:
//! hashed files are immutable, `index.html` and `config.json` are always
//! revalidated so a new deployment or a new backend address takes effect at once.
//!
//! The build writes a brotli (`.br`) and a gzip (`.gz`) copy next to each
//! compressible file (`scripts/compress-dist.mjs`): a request that accepts
//! one of them gets it as it is, with the original file's `Content-Type`,
//! its `Content-Encoding`, and `Vary: Accept-Encoding` so caches keep the
//! variants apart. Nothing is compressed while answering.

use std::path::Path;

use axum::extract::Request;
use axum::http::header;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

/// A service for the app's static files, falling back to `index.html`.
pub fn service(dist: &Path) -> Router {
    let index = ServeFile::new(dist.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true)
        .not_found_service(index);
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
}

async fn cache_headers(request: Request, next: Next) -> Response {
    let policy = cache_policy(request.uri().path());
    let mut response = next.run(request).await;
    let _headers = response.headers_mut();
    let fixed = [
        (header::CACHE_CONTROL, policy),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        // Which copy is sent depends on Accept-Encoding (see the module docs).
        (header::VARY, "accept-encoding"),
    ];
    crate::security_headers::insert_fixed(response.headers_mut(), fixed);
    response
}

/// Trunk names the files it builds `name-<16 hex digits>.ext`: those never
/// change and may be cached forever; everything else is revalidated.
fn cache_policy(path: &str) -> &'static str {
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default();
    // wasm-bindgen appends `_bg` after the hash of the wasm module.
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let hashed = stem
        .rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
    if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

#[cfg(test)]
mod tests {
    use axum::body::{to_bytes, Body};
    use axum::http::{Request, Response, StatusCode};
    use tower::ServiceExt;

    use super::*;

    /// A build holding a script and index.html, each with its compressed copies.
    fn dist() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, content) in [
            ("x.js", "plain script"),
            ("x.js.br", "brotli script"),
            ("x.js.gz", "gzip script"),
            ("app-0123456789abcdef.js", "plain hashed"),
            ("app-0123456789abcdef.js.br", "brotli hashed"),
            ("index.html", "plain page"),
            ("index.html.br", "brotli page"),
        ] {
            std::fs::write(dir.path().join(name), content).unwrap();
        }
        dir
    }

    async fn fetch(dist: &Path, path: &str, accept: Option<&str>) -> (Response<Body>, String) {
        let mut request = Request::get(path);
        if let Some(accept) = accept {
            request = request.header(header::ACCEPT_ENCODING, accept);
        }
        let response = service(dist)
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let (parts, body) = response.into_parts();
        let bytes = to_bytes(body, usize::MAX).await.unwrap();
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        (Response::from_parts(parts, Body::empty()), text)
    }

    fn header_of(response: &Response<Body>, name: header::HeaderName) -> &str {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    }

    #[tokio::test]
    async fn the_copy_the_client_accepts_is_sent_with_the_original_type() {
        let dist = dist();
        for (accept, body, encoding) in [
            (Some("gzip, deflate, br"), "brotli script", "br"),
            (Some("gzip"), "gzip script", "gzip"),
            (None, "plain script", ""),
        ] {
            let (response, text) = fetch(dist.path(), "/x.js", accept).await;
            assert_eq!(response.status(), StatusCode::OK);
            assert_eq!(text, body, "{accept:?}");
            assert_eq!(header_of(&response, header::CONTENT_ENCODING), encoding);
            assert!(header_of(&response, header::CONTENT_TYPE).starts_with("text/javascript"));
            assert_eq!(header_of(&response, header::VARY), "accept-encoding");
            assert_eq!(header_of(&response, header::CACHE_CONTROL), "no-cache");
        }
    }

    #[tokio::test]
    async fn hashed_files_stay_immutable_and_other_paths_get_the_app() {
        let dist = dist();
        let (hashed, text) = fetch(dist.path(), "/app-0123456789abcdef.js", Some("br")).await;
        assert_eq!(text, "brotli hashed");
        assert_eq!(
            header_of(&hashed, header::CACHE_CONTROL),
            "public, max-age=31536000, immutable"
        );
        // The app answers unknown paths itself (with ServeDir's 404 status).
        let (fallback, text) = fetch(dist.path(), "/queue/unanswered", Some("br")).await;
        assert_eq!(fallback.status(), StatusCode::NOT_FOUND);
        assert_eq!(text, "brotli page");
        assert!(header_of(&fallback, header::CONTENT_TYPE).starts_with("text/html"));
        let (root, text) = fetch(dist.path(), "/", None).await;
        assert_eq!(root.status(), StatusCode::OK);
        assert_eq!(text, "plain page");
    }

    #[test]
    fn hashed_build_outputs_are_immutable() {
        assert_eq!(
            cache_policy("/switchboard-1a2b3c4d5e6f7a8b_bg.wasm"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_policy("/switchboard-1a2b3c4d5e6f7a8b.js"),
            "public, max-age=31536000, immutable"
        );
    }

    #[test]
    fn entry_points_are_revalidated() {
        assert_eq!(cache_policy("/"), "no-cache");
        assert_eq!(cache_policy("/index.html"), "no-cache");
        assert_eq!(cache_policy("/config.json"), "no-cache");
    }
}
