//! The public pages customers open (CRM forms, product pages, payment
//! pages): server-rendered HTML built with `maud` (every value escaped), no
//! script at all, each kind with its own stylesheet and
//! Content-Security-Policy, in the customer's language.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};

use super::page_i18n::Lang;
use crate::error::ApiError;
use crate::security_headers::insert_fixed;

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
    /// A whole page in `lang` around `content`.
    pub fn document(&self, lang: Lang, title: &str, content: Markup) -> Markup {
        html! {
            (DOCTYPE)
            html lang=(lang.code()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    meta name="referrer" content="no-referrer";
                    title { (title) }
                    link rel="stylesheet" href=(self.stylesheet);
                }
                body {
                    main { (content) }
                }
            }
        }
    }

    /// The answer carrying a page in `lang` (from [`document`](Self::document)).
    pub fn response(&self, lang: Lang, status: StatusCode, page: Markup) -> Response {
        let mut response = (status, page.into_string()).into_response();
        let fixed = [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, self.csp),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            // Tokens travel in these URLs: never leak them to another site or a cache.
            (header::REFERRER_POLICY, "no-referrer"),
            (header::CACHE_CONTROL, "no-store"),
        ];
        let headers = response.headers_mut();
        insert_fixed(headers, fixed);
        headers.insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(lang.code()),
        );
        headers.append(header::VARY, HeaderValue::from_static("accept-language"));
        response
    }

    /// The `404` page saying why (`title`, then the error's message).
    pub fn not_found(&self, lang: Lang, title: &str, error: &ApiError) -> Response {
        let message = error.to_string();
        let content = html! {
            h1 { (title) }
            p { (lang.service_message(&message)) }
        };
        self.response(
            lang,
            StatusCode::NOT_FOUND,
            self.document(lang, title, content),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: Page = Page {
        stylesheet: "/x/x.css",
        csp: "default-src 'none'",
    };

    #[test]
    fn the_document_is_in_the_language_and_escapes_its_title() {
        let html = PAGE
            .document(Lang::Fr, "<script>\"&", html! { p { "x" } })
            .into_string();
        assert!(
            html.starts_with("<!DOCTYPE html><html lang=\"fr\">"),
            "{html}"
        );
        assert!(html.contains("<title>&lt;script&gt;&quot;&amp;</title>"));
        assert!(html.contains("<link rel=\"stylesheet\" href=\"/x/x.css\">"));
        assert!(html.contains("<main><p>x</p></main>"));
    }

    #[test]
    fn the_answer_carries_the_policy_and_the_language() {
        let response = PAGE.response(Lang::Fr, StatusCode::OK, html! {});
        let headers = response.headers();
        assert_eq!(
            headers[header::CONTENT_SECURITY_POLICY],
            "default-src 'none'"
        );
        assert_eq!(headers[header::CONTENT_TYPE], "text/html; charset=utf-8");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        assert_eq!(headers[header::CONTENT_LANGUAGE], "fr");
    }
}
