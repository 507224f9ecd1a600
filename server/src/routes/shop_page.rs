//! `/shop/...`: the public product pages and pictures customers open from a
//! product card, and the stylesheet of the shop and payment pages.
//! Server-rendered HTML, every value escaped, no script at all.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use switchboard_protocol::{Product, ProductId};

use super::html::{escape, Page};
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
/// How the product pages are served.
const PRODUCT_PAGE: Page = Page {
    stylesheet: "/shop/shop.css",
    csp: PRODUCT_CSP,
};

const PRODUCT_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
    form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

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
    PRODUCT_PAGE.document(&product.name, &content)
}

/// `GET /shop/products/{id}`.
pub async fn product(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let found = match id.parse::<i64>() {
        Ok(id) => catalog::product(&state, ProductId(id)).await.ok(),
        Err(_) => None,
    };
    match found {
        Some(product) => PRODUCT_PAGE.response(StatusCode::OK, render_product(&product)),
        None => PRODUCT_PAGE.response(
            StatusCode::NOT_FOUND,
            PRODUCT_PAGE.document(
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
    super::html::stylesheet(STYLESHEET)
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
            archived: false,
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
