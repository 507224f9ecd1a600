//! The public pages customers open (CRM forms, product pages, payment
//! pages): server-rendered HTML, every value escaped, no script at all, each
//! kind with its own stylesheet and Content-Security-Policy.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::security_headers::insert_fixed;

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// A stylesheet of the public pages (a file of the binary): cached for an
/// hour, never sniffed.
pub fn stylesheet(css: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        css,
    )
}

/// One kind of public page: its stylesheet and its policy.
pub struct Page {
    /// The URL of its stylesheet (a file of this server).
    pub stylesheet: &'static str,
    /// Its `Content-Security-Policy`.
    pub csp: &'static str,
}

impl Page {
    /// A whole page around `content` (already escaped HTML).
    pub fn document(&self, title: &str, content: &str) -> String {
        format!(
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <meta name=\"referrer\" content=\"no-referrer\">\
             <title>{}</title><link rel=\"stylesheet\" href=\"{}\"></head>\
             <body><main>{content}</main></body></html>\n",
            escape(title),
            self.stylesheet
        )
    }

    /// The answer carrying a page (`body`, from [`document`](Self::document)).
    pub fn response(&self, status: StatusCode, body: String) -> Response {
        let mut response = (status, body).into_response();
        let fixed = [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, self.csp),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            // Tokens travel in these URLs: never leak them to another site or a cache.
            (header::REFERRER_POLICY, "no-referrer"),
            (header::CACHE_CONTROL, "no-store"),
        ];
        insert_fixed(response.headers_mut(), fixed);
        response
    }

    /// The `404` page saying why (`title`, then the error's message).
    pub fn not_found(&self, title: &str, error: &ApiError) -> Response {
        let content = format!(
            "<h1>{}</h1><p>{}</p>",
            escape(title),
            escape(&error.to_string())
        );
        self.response(StatusCode::NOT_FOUND, self.document(title, &content))
    }
}
