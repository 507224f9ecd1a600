//! `/demo/customer`: a page where a person plays a customer, so one person
//! can test both sides in two tabs. Its script and styles are separate files
//! so the page runs under the Content Security Policy (no inline script).

use axum::http::header;
use axum::response::IntoResponse;

const PAGE: &str = include_str!("../../assets/demo-customer.html");
const SCRIPT: &str = include_str!("../../assets/demo-customer.js");
const STYLE: &str = include_str!("../../assets/demo-customer.css");

/// Serves the customer simulator's page.
pub async fn customer_page() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        PAGE,
    )
}

/// Serves the customer simulator's script.
pub async fn customer_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        SCRIPT,
    )
}

/// Serves the customer simulator's styles.
pub async fn customer_style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        STYLE,
    )
}
