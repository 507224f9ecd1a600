//! `/shop/...`: the public product pages and pictures customers open from a
//! product card, and the stylesheet of the shop and payment pages.
//! Server-rendered HTML, every value escaped, no script at all.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use switchboard_protocol::{Product, ProductId};

use super::html::Page;
use super::page_i18n::Lang;
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

/// The product page's HTML, in `lang`.
pub fn render_product(product: &Product, lang: Lang) -> Markup {
    let text = lang.text();
    let stock = if product.stock == 0 {
        text.out_of_stock.to_owned()
    } else {
        (text.in_stock)(product.stock)
    };
    let content = html! {
        @if let Some(url) = &product.image_url {
            img class="product" src=(url) alt=(product.name);
        }
        h1 { (product.name) }
        p class="price" { (lang.money(&product.price)) }
        p { (product.description) }
        p class="muted" { (stock) }
        p class="muted" { (text.how_to_order) }
    };
    PRODUCT_PAGE.document(lang, &product.name, content)
}

fn not_found(lang: Lang) -> Markup {
    let text = lang.text();
    let content = html! {
        h1 { (text.product_not_found) }
        p { (text.product_gone) }
    };
    PRODUCT_PAGE.document(lang, text.product_not_found, content)
}

/// `GET /shop/products/{id}`.
pub async fn product(
    State(state): State<AppState>,
    Path(id): Path<String>,
    lang: Lang,
) -> Response {
    let found = match id.parse::<i64>() {
        Ok(id) => catalog::product(&state, ProductId(id)).await.ok(),
        Err(_) => None,
    };
    match found {
        Some(product) => {
            PRODUCT_PAGE.response(lang, StatusCode::OK, render_product(&product, lang))
        }
        None => PRODUCT_PAGE.response(lang, StatusCode::NOT_FOUND, not_found(lang)),
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

    fn product(name: &str, description: &str, stock: u32, image: Option<&str>) -> Product {
        Product {
            id: ProductId(1),
            name: name.into(),
            description: description.into(),
            price: Money::from_minor(1990, "EUR"),
            stock,
            image_url: image.map(Into::into),
            url: "/shop/products/1".into(),
            archived: false,
        }
    }

    #[test]
    fn product_pages_escape_every_value() {
        let html = render_product(
            &product(
                "<script>alert(1)</script>",
                "\"><img src=x onerror=alert(1)>",
                0,
                Some("/shop/images/x.svg\" onload=\"alert(1)"),
            ),
            Lang::En,
        )
        .into_string();
        assert!(!html.contains("<script>"));
        assert!(!html.contains("<img src=x"));
        assert!(!html.contains("\" onload"));
        assert!(html.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
        assert!(html.contains("src=\"/shop/images/x.svg&quot; onload=&quot;alert(1)\""));
        assert!(html.contains("alt=\"&lt;script&gt;alert(1)&lt;/script&gt;\""));
        assert!(html.contains("<p>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</p>"));
        assert!(html.contains("19.90 EUR"));
        assert!(html.contains("Out of stock"));
    }

    #[test]
    fn product_pages_follow_the_language() {
        let lamp = product("Atlas desk lamp", "Warm light", 3, None);
        let english = render_product(&lamp, Lang::En).into_string();
        assert!(english.contains("<html lang=\"en\">"));
        assert!(english.contains("<p class=\"price\">19.90 EUR</p>"));
        assert!(english.contains("<p class=\"muted\">In stock: 3</p>"));
        assert!(!english.contains("<img"));
        let french = render_product(&lamp, Lang::Fr).into_string();
        assert!(french.contains("<html lang=\"fr\">"));
        assert!(french.contains("<h1>Atlas desk lamp</h1>"));
        assert!(french.contains("<p class=\"price\">19,90\u{a0}EUR</p>"));
        assert!(french.contains("En stock\u{a0}: 3"));
        assert!(french.contains("Pour commander, dites-le-nous simplement dans la conversation."));
        let gone = not_found(Lang::Fr).into_string();
        assert!(gone.contains("<title>Produit introuvable</title>"));
        assert!(not_found(Lang::En)
            .into_string()
            .contains("<h1>Product not found</h1>"));
    }

    #[test]
    fn every_demo_picture_is_embedded() {
        for (name, svg) in IMAGES {
            assert!(svg.starts_with("<svg"), "{name}");
            assert!(!svg.contains("<script"), "{name}");
        }
    }
}
