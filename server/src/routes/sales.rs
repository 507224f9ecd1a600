//! Selling in the chat: `/company`, `/products`, orders, and the card
//! messages (product, payment link, company details). The public pages are
//! in `shop_page` and `pay_page`.

use axum::extract::{Path, Query};
use axum::Json;
use switchboard_protocol::{
    CompanyInfo, ConversationId, CreateOrderRequest, ErrorBody, Order, OrderId, Product, ProductId,
    ProductsQuery, SendCardRequest, SendProductCardRequest, SentCard,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::{BaseUrl, Caller};
use super::responses::{
    forward, json, secured, upserted, AdminsOnly, Answer, Hidden, Invalid, InvalidField, NotFound,
    SendConflict, Upsert,
};
use crate::services::{cards, catalog, orders, payments};
use crate::state::AppState;

/// The routes of the company, the catalog, orders and card messages.
pub(super) fn router() -> OpenApiRouter<AppState> {
    secured(
        "sales",
        [
            routes!(company, set_company),
            routes!(products),
            routes!(product),
            routes!(create_order),
            routes!(order),
            routes!(send_payment_link),
            routes!(send_product_card),
            routes!(send_company_info),
        ],
    )
}

/// The company's details (every employee).
#[utoipa::path(get, path = "/company", operation_id = "getCompany",
    responses((status = 200, body = CompanyInfo)))]
async fn company(caller: Caller) -> Answer<CompanyInfo> {
    json(catalog::company(&caller.state)).await
}

forward! {
    /// Replaces the company's details (admins only). Invalid values: 422
    /// (`invalid_name`, `invalid_phone`, `invalid_url`, `invalid_currency`,
    /// `too_long`) with `error.field`.
    #[utoipa::path(put, path = "/company", operation_id = "setCompany", request_body = CompanyInfo,
        responses((status = 200, body = CompanyInfo), AdminsOnly, InvalidField))]
    set_company(Json(company): Json<CompanyInfo>)
        -> Answer<CompanyInfo> = json(catalog::set_company(company));
}

/// The catalog, by name, matching `q` in name or description.
#[utoipa::path(get, path = "/products", operation_id = "listProducts", params(ProductsQuery),
    responses((status = 200, body = Vec<Product>), Invalid))]
async fn products(caller: Caller, Query(query): Query<ProductsQuery>) -> Answer<Vec<Product>> {
    json(catalog::products(&caller.state, query)).await
}

/// One product.
#[utoipa::path(get, path = "/products/{id}", operation_id = "getProduct",
    params(("id" = i64, Path, description = "Product id")),
    responses((status = 200, body = Product), NotFound))]
async fn product(caller: Caller, Path(id): Path<ProductId>) -> Answer<Product> {
    json(catalog::product(&caller.state, id)).await
}

forward! {
    /// Creates an order in a conversation (linked to its deal). 201, or 200 for
    /// a repeated `client_id`. Invalid lines: 422 with `error.field` = `items`
    /// and a code: `invalid_items`, `invalid_quantity`, `unknown_product`,
    /// `out_of_stock`, `mixed_currencies`.
    #[utoipa::path(post, path = "/conversations/{id}/orders", operation_id = "createOrder",
        params(("id" = i64, Path, description = "Conversation id")), request_body = CreateOrderRequest,
        responses((status = 201, body = Order),
            (status = 200, description = "Repeat of an earlier create", body = Order), Hidden,
            (status = 409, description = "`client_id_reused` in another conversation", body = ErrorBody),
            (status = 422, description = "Invalid lines", body = ErrorBody)))]
    create_order(Path(id): Path<ConversationId>, Json(request): Json<CreateOrderRequest>)
        -> Upsert<Order> = upserted(orders::create(id, request));

    /// An order (with its latest payment).
    #[utoipa::path(get, path = "/orders/{id}", operation_id = "getOrder",
        params(("id" = i64, Path, description = "Order id")),
        responses((status = 200, body = Order), NotFound))]
    order(Path(id): Path<OrderId>) -> Answer<Order> = json(orders::get(id));

    /// Sends a payment link for the order into its conversation (a
    /// `payment_link` card); an earlier pending link of the order stops working.
    #[utoipa::path(post, path = "/orders/{id}/payment-link", operation_id = "sendPaymentLink",
        params(("id" = i64, Path, description = "Order id")), request_body = SendCardRequest,
        responses((status = 201, body = SentCard),
            (status = 200, description = "Repeat of an earlier send", body = SentCard), NotFound,
            (status = 409, description = "The order is already paid, or as for sending a message", body = ErrorBody),
            (status = 422, description = "As for sending a message", body = ErrorBody)))]
    send_payment_link(
        Path(id): Path<OrderId>,
        BaseUrl(base): BaseUrl,
        Json(request): Json<SendCardRequest>,
    )
        -> Upsert<SentCard> = upserted(payments::send_link(id, request, &base));

    /// Sends a product card (name, price, picture, page link) to the customer.
    #[utoipa::path(post, path = "/conversations/{id}/product-cards", operation_id = "sendProductCard",
        params(("id" = i64, Path, description = "Conversation id")),
        request_body = SendProductCardRequest,
        responses((status = 201, body = SentCard),
            (status = 200, description = "Repeat of an earlier send", body = SentCard), Hidden,
            SendConflict,
            (status = 422, description = "`unknown_product`, or as for sending a message", body = ErrorBody)))]
    send_product_card(
        Path(id): Path<ConversationId>,
        BaseUrl(base): BaseUrl,
        Json(request): Json<SendProductCardRequest>,
    )
        -> Upsert<SentCard> = upserted(cards::send_product(id, request, &base));

    /// Sends the company's details to the customer (a `company_info` card).
    #[utoipa::path(post, path = "/conversations/{id}/company-info", operation_id = "sendCompanyInfo",
        params(("id" = i64, Path, description = "Conversation id")), request_body = SendCardRequest,
        responses((status = 201, body = SentCard),
            (status = 200, description = "Repeat of an earlier send", body = SentCard), Hidden,
            SendConflict,
            (status = 422, description = "The details are not set, or as for sending a message", body = ErrorBody)))]
    send_company_info(Path(id): Path<ConversationId>, Json(request): Json<SendCardRequest>)
        -> Upsert<SentCard> = upserted(cards::send_company(id, request));
}
