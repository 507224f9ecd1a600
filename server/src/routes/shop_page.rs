//! `/shop/...`: the public product pages and pictures customers open from a
//! product card, and the stylesheet of the shop and payment pages.
//! Server-rendered HTML, every value escaped, no script at all.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use switchboard_protocol::{Product, ProductId};

use super::form_page::escape;
use crate::services::catalog;
use crate::state::AppState;

const STYLESHEET: &str = include_str!("../../assets/shop.css");

/// The demo pictures, embedded in the binary: `(file name, SVG)`.
const IMAGES: &[(&str, &str)] = &[
    (
        "atlas-lamp.svg",
        include_str!("../../assets/shop/atlas-lamp.svg"),
    ),
    (
        "atlas-pro-lamp.svg",
        include_str!("../../assets/shop/atlas-pro-lamp.svg"),
    ),
    (
        "nova-mug.svg",
        include_str!("../../assets/shop/nova-mug.svg"),
    ),
    (
        "linen-notebook.svg",
        include_str!("../../assets/shop/linen-notebook.svg"),
    ),
    (
        "oak-stand.svg",
        include_str!("../../assets/shop/oak-stand.svg"),
    ),
    (
        "wool-throw.svg",
        include_str!("../../assets/shop/wool-throw.svg"),
    ),
    (
        "brass-pen.svg",
        include_str!("../../assets/shop/brass-pen.svg"),
    ),
    (
        "travel-tote.svg",
        include_str!("../../assets/shop/travel-tote.svg"),
    ),
];

/// Product pages: their own stylesheet and pictures, nothing else.
const PRODUCT_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
    form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

/// An HTML answer with the page's own Content-Security-Policy.
pub fn html_response(status: StatusCode, csp: &'static str, body: String) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(csp),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A whole page around `content` (already escaped HTML).
pub fn page(title: &str, content: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\">\
         <title>{}</title><link rel=\"stylesheet\" href=\"/shop/shop.css\"></head>\
         <body><main>{content}</main></body></html>\n",
        escape(title)
    )
}

/// The product page's HTML.
pub fn render_product(product: &Product) -> String {
    let image = product
        .image_url
        .as_deref()
        .map_or_else(String::new, |url| {
            format!(
                "<img class=\"product\" src=\"{}\" alt=\"{}\">",
                escape(url),
                escape(&product.name)
            )
        });
    let stock = if product.stock == 0 {
        "Out of stock".to_owned()
    } else {
        format!("In stock: {}", product.stock)
    };
    let content = format!(
        "{image}<h1>{}</h1><p class=\"price\">{}</p><p>{}</p><p class=\"muted\">{}</p>\
         <p class=\"muted\">To order, just tell us in the chat.</p>",
        escape(&product.name),
        escape(&product.price.to_string()),
        escape(&product.description),
        escape(&stock)
    );
    page(&product.name, &content)
}

/// `GET /shop/products/{id}`.
pub async fn product(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let found = match id.parse::<i64>() {
        Ok(id) => catalog::product(&state, ProductId(id)).await.ok(),
        Err(_) => None,
    };
    match found {
        Some(product) => html_response(StatusCode::OK, PRODUCT_CSP, render_product(&product)),
        None => html_response(
            StatusCode::NOT_FOUND,
            PRODUCT_CSP,
            page(
                "Product not found",
                "<h1>Product not found</h1><p>This product is no longer in our catalog.</p>",
            ),
        ),
    }
}

/// `GET /shop/images/{file}`: a demo picture. SVG is served with a policy
/// that lets it run nothing, even when opened on its own.
pub async fn image(Path(file): Path<String>) -> Response {
    match IMAGES.iter().find(|(name, _)| *name == file) {
        Some((_, svg)) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; style-src 'unsafe-inline'; sandbox",
                ),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            *svg,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "No such image").into_response(),
    }
}

/// `GET /shop/shop.css`.
pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_protocol::Money;

    #[test]
    fn product_pages_escape_every_value() {
        let html = render_product(&Product {
            id: ProductId(1),
            name: "<script>alert(1)</script>".into(),
            description: "\"><img src=x onerror=alert(1)>".into(),
            price: Money::from_minor(1990, "EUR"),
            stock: 0,
            image_url: Some("/shop/images/x.svg\" onload=\"alert(1)".into()),
            url: "/shop/products/1".into(),
        });
        assert!(!html.contains("<script>"));
        assert!(!html.contains("<img src=x"));
        assert!(!html.contains("\" onload"));
        assert!(html.contains("19.90 EUR"));
        assert!(html.contains("Out of stock"));
    }

    #[test]
    fn every_demo_picture_is_embedded() {
        for (name, svg) in IMAGES {
            assert!(svg.starts_with("<svg"), "{name}");
            assert!(!svg.contains("<script"), "{name}");
        }
    }
}
