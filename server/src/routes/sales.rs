//! Selling in the chat: `/company`, `/products`, orders, and the card
//! messages (product, payment link, company details). The public pages are
//! in `shop_page` and `pay_page`.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use switchboard_protocol::{
    CompanyInfo, ConversationId, CreateOrderRequest, ErrorBody, Order, OrderId, Product, ProductId,
    ProductsQuery, SendCardRequest, SendProductCardRequest, SentCard,
};

use super::extract::Authenticated;
use super::forms::base_url;
use crate::error::ApiError;
use crate::services::{cards, catalog, orders, payments};
use crate::state::AppState;

fn created_or_repeat<T>((body, created): (T, bool)) -> (StatusCode, Json<T>) {
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    (status, Json(body))
}

/// The company's details (every employee).
#[utoipa::path(get, path = "/api/v1/company", tag = "sales", security(("bearer" = [])),
    responses((status = 200, body = CompanyInfo)))]
pub async fn company(
    State(state): State<AppState>,
    _caller: Authenticated,
) -> Result<Json<CompanyInfo>, ApiError> {
    Ok(Json(catalog::company(&state).await?))
}

/// Replaces the company's details (admins only). Invalid values: 422
/// (`invalid_name`, `invalid_phone`, `invalid_url`, `invalid_currency`,
/// `too_long`) with `error.field`.
#[utoipa::path(put, path = "/api/v1/company", tag = "sales", security(("bearer" = [])),
    request_body = CompanyInfo,
    responses(
        (status = 200, body = CompanyInfo),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 422, description = "An invalid field", body = ErrorBody),
    ))]
pub async fn set_company(
    State(state): State<AppState>,
    caller: Authenticated,
    Json(company): Json<CompanyInfo>,
) -> Result<Json<CompanyInfo>, ApiError> {
    Ok(Json(
        catalog::set_company(&state, &caller.viewer, company).await?,
    ))
}

/// The catalog, by name, matching `q` in name or description.
#[utoipa::path(get, path = "/api/v1/products", tag = "sales", security(("bearer" = [])),
    params(ProductsQuery),
    responses((status = 200, body = Vec<Product>), (status = 422, body = ErrorBody)))]
pub async fn products(
    State(state): State<AppState>,
    _caller: Authenticated,
    Query(query): Query<ProductsQuery>,
) -> Result<Json<Vec<Product>>, ApiError> {
    Ok(Json(catalog::products(&state, query).await?))
}

/// One product.
#[utoipa::path(get, path = "/api/v1/products/{id}", tag = "sales", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Product id")),
    responses((status = 200, body = Product), (status = 404, body = ErrorBody)))]
pub async fn product(
    State(state): State<AppState>,
    _caller: Authenticated,
    Path(id): Path<i64>,
) -> Result<Json<Product>, ApiError> {
    Ok(Json(catalog::product(&state, ProductId(id)).await?))
}

/// Creates an order in a conversation (linked to its deal). 201, or 200 for
/// a repeated `client_id`. Invalid lines: 422 with `error.field` = `items`
/// and a code: `invalid_items`, `invalid_quantity`, `unknown_product`,
/// `out_of_stock`, `mixed_currencies`.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/orders", tag = "sales", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    request_body = CreateOrderRequest,
    responses(
        (status = 201, body = Order),
        (status = 200, description = "Repeat of an earlier create", body = Order),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`client_id_reused` in another conversation", body = ErrorBody),
        (status = 422, description = "Invalid lines", body = ErrorBody),
    ))]
pub async fn create_order(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Json(request): Json<CreateOrderRequest>,
) -> Result<(StatusCode, Json<Order>), ApiError> {
    Ok(created_or_repeat(
        orders::create(&state, &caller.viewer, ConversationId(id), request).await?,
    ))
}

/// An order (with its latest payment).
#[utoipa::path(get, path = "/api/v1/orders/{id}", tag = "sales", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Order id")),
    responses((status = 200, body = Order), (status = 404, body = ErrorBody)))]
pub async fn order(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
) -> Result<Json<Order>, ApiError> {
    Ok(Json(
        orders::get(&state, &caller.viewer, OrderId(id)).await?,
    ))
}

/// Sends a payment link for the order into its conversation (a
/// `payment_link` card); an earlier pending link of the order stops working.
#[utoipa::path(post, path = "/api/v1/orders/{id}/payment-link", tag = "sales", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Order id")),
    request_body = SendCardRequest,
    responses(
        (status = 201, body = SentCard),
        (status = 200, description = "Repeat of an earlier send", body = SentCard),
        (status = 404, body = ErrorBody),
        (status = 409, description = "The order is already paid, or as for sending a message", body = ErrorBody),
        (status = 422, description = "As for sending a message", body = ErrorBody),
    ))]
pub async fn send_payment_link(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(request): Json<SendCardRequest>,
) -> Result<(StatusCode, Json<SentCard>), ApiError> {
    let base = base_url(&headers)?;
    Ok(created_or_repeat(
        payments::send_link(&state, &caller.viewer, OrderId(id), request, &base).await?,
    ))
}

/// Sends a product card (name, price, picture, page link) to the customer.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/product-cards", tag = "sales", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    request_body = SendProductCardRequest,
    responses(
        (status = 201, body = SentCard),
        (status = 200, description = "Repeat of an earlier send", body = SentCard),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "As for sending a message", body = ErrorBody),
        (status = 422, description = "`unknown_product`, or as for sending a message", body = ErrorBody),
    ))]
pub async fn send_product_card(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(request): Json<SendProductCardRequest>,
) -> Result<(StatusCode, Json<SentCard>), ApiError> {
    let base = base_url(&headers)?;
    Ok(created_or_repeat(
        cards::send_product(&state, &caller.viewer, ConversationId(id), request, &base).await?,
    ))
}

/// Sends the company's details to the customer (a `company_info` card).
#[utoipa::path(post, path = "/api/v1/conversations/{id}/company-info", tag = "sales", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    request_body = SendCardRequest,
    responses(
        (status = 201, body = SentCard),
        (status = 200, description = "Repeat of an earlier send", body = SentCard),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "As for sending a message", body = ErrorBody),
        (status = 422, description = "The details are not set, or as for sending a message", body = ErrorBody),
    ))]
pub async fn send_company_info(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Json(request): Json<SendCardRequest>,
) -> Result<(StatusCode, Json<SentCard>), ApiError> {
    Ok(created_or_repeat(
        cards::send_company(&state, &caller.viewer, ConversationId(id), request).await?,
    ))
}
