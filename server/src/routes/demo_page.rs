//! `/demo/customer`: a page where a person plays a customer, so one person
//! can test both sides in two tabs.

use axum::http::header;
use axum::response::IntoResponse;

const PAGE: &str = include_str!("../../assets/demo-customer.html");

/// Serves the customer simulator (self-contained HTML and script).
pub async fn customer_page() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CACHE_CONTROL, "no-cache"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' https: data:",
            ),
        ],
        PAGE,
    )
}
