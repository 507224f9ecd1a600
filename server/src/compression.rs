//! Compressed answers. The app's files are compressed once, at build time
//! (`scripts/compress-dist.mjs` writes `.br` and `.gz` copies, which
//! [`crate::static_files`] sends); the API's JSON is compressed as it is
//! answered, by [`api_layer`], when it is large enough to gain from it.

use axum::http::StatusCode;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;

/// Answers smaller than this are sent as they are: compressing them saves
/// less than the work costs.
pub const MIN_COMPRESSED_BYTES: u16 = 1024;

/// Compresses the API's answers (brotli or gzip, as the request's
/// `Accept-Encoding` allows) above [`MIN_COMPRESSED_BYTES`]; never the
/// websocket upgrade (`101`, whose connection is no longer HTTP), nor files
/// sent as they were uploaded (raster images and other binaries, already
/// compressed or not worth it).
pub fn api_layer() -> CompressionLayer<impl Predicate> {
    let predicate = SizeAbove::new(MIN_COMPRESSED_BYTES)
        .and(NotForContentType::IMAGES)
        .and(NotForContentType::const_new("application/octet-stream"))
        // The widget's live stream: each event must leave at once.
        .and(NotForContentType::SSE)
        .and(|status: StatusCode, _, _: &_, _: &_| status != StatusCode::SWITCHING_PROTOCOLS);
    CompressionLayer::new().compress_when(predicate)
}

#[cfg(test)]
mod tests {
    use axum::body::{to_bytes, Body};
    use axum::http::{header, Request, Response};
    use axum::routing::get;
    use axum::Router;
    use tower::ServiceExt;

    use super::*;

    fn app() -> Router {
        let big = "{\"items\":[".to_owned() + &"\"queue row\",".repeat(200) + "\"end\"]}";
        Router::new()
            .route(
                "/big",
                get(move || async move { ([(header::CONTENT_TYPE, "application/json")], big) }),
            )
            .route(
                "/small",
                get(|| async { ([(header::CONTENT_TYPE, "application/json")], "{}") }),
            )
            .route(
                "/picture",
                get(|| async { ([(header::CONTENT_TYPE, "image/png")], vec![7u8; 4096]) }),
            )
            .route(
                "/upgrade",
                get(|| async {
                    Response::builder()
                        .status(StatusCode::SWITCHING_PROTOCOLS)
                        .header(header::UPGRADE, "websocket")
                        .body(Body::empty())
                        .unwrap()
                }),
            )
            .layer(api_layer())
    }

    async fn get_with(path: &str, accept: &str) -> Response<Body> {
        let request = Request::get(path)
            .header(header::ACCEPT_ENCODING, accept)
            .body(Body::empty())
            .unwrap();
        app().oneshot(request).await.unwrap()
    }

    fn encoding(response: &Response<Body>) -> Option<&str> {
        response
            .headers()
            .get(header::CONTENT_ENCODING)
            .and_then(|value| value.to_str().ok())
    }

    #[tokio::test]
    async fn large_json_is_compressed_as_the_client_accepts() {
        let brotli = get_with("/big", "gzip, br").await;
        assert_eq!(encoding(&brotli), Some("br"));
        assert_eq!(brotli.headers()[header::VARY], "accept-encoding");
        assert_eq!(brotli.headers()[header::CONTENT_TYPE], "application/json");
        let compressed = to_bytes(brotli.into_body(), usize::MAX).await.unwrap();
        assert!(compressed.len() < 1024, "{} bytes", compressed.len());
        assert_eq!(encoding(&get_with("/big", "gzip").await), Some("gzip"));
        assert_eq!(encoding(&get_with("/big", "identity").await), None);
    }

    #[tokio::test]
    async fn small_answers_images_and_the_websocket_upgrade_are_not() {
        assert_eq!(encoding(&get_with("/small", "br").await), None);
        assert_eq!(encoding(&get_with("/picture", "br").await), None);
        let upgrade = get_with("/upgrade", "gzip, br").await;
        assert_eq!(upgrade.status(), StatusCode::SWITCHING_PROTOCOLS);
        assert_eq!(encoding(&upgrade), None);
    }
}
