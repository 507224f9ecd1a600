//! Makes every error of the API a JSON error body, including the plain-text
//! rejections of axum's extractors (malformed JSON, wrong content type, body
//! too large, unknown method...).

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use switchboard_protocol::ErrorBody;

/// Longest rejection text kept as the error message.
const MAX_MESSAGE_BYTES: usize = 2048;

/// The stable code of an HTTP status.
pub fn code_of(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::CONFLICT => "conflict",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "unprocessable",
        StatusCode::TOO_MANY_REQUESTS => "too_many_requests",
        StatusCode::UPGRADE_REQUIRED => "upgrade_required",
        status if status.is_server_error() => "internal",
        _ => "error",
    }
}

/// Middleware: rewrites non-JSON error answers as `{"error":{...}}`.
pub async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = match to_bytes(body, MAX_MESSAGE_BYTES).await {
        Ok(bytes) if !bytes.is_empty() && !status.is_server_error() => {
            String::from_utf8_lossy(&bytes).into_owned()
        }
        _ => status
            .canonical_reason()
            .unwrap_or("Request failed")
            .to_owned(),
    };
    let body = ErrorBody::new(code_of(status), text);
    let json = serde_json::to_vec(&body).unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, Body::from(json))
}
