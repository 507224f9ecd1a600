//! `/inbound/{connector_token}`: the webhook connectors call, and the
//! customer's view of a chat.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use switchboard_protocol::{
    CustomerViewPage, ErrorBody, InboundAccepted, InboundDelivery, MessageId,
};

use utoipa_axum::{router::OpenApiRouter, routes};

use super::responses::{json, public, Answer, ApiResult, NotFound};
use crate::services::inbound::{self, telegram};
use crate::state::AppState;

/// The routes connectors call.
pub(super) fn router() -> OpenApiRouter<AppState> {
    public(
        "inbound",
        [
            routes!(deliver),
            routes!(customer_view),
            routes!(telegram_update),
        ],
    )
}

/// Delivers one customer message. Repeating a delivery (same `message.id`)
/// creates nothing and returns the same ids.
#[utoipa::path(post, path = "/inbound/{connector_token}", operation_id = "deliverInbound",
    params(("connector_token" = String, Path, description = "The connector's secret webhook token")),
    request_body = InboundDelivery,
    responses((status = 202, body = InboundAccepted),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 404, description = "Unknown token", body = ErrorBody),
        (status = 422, description = "Invalid values", body = ErrorBody)))]
async fn deliver(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Json(delivery): Json<InboundDelivery>,
) -> ApiResult<(StatusCode, Json<InboundAccepted>)> {
    let accepted = inbound::deliver(&state, &token, delivery).await?;
    Ok((StatusCode::ACCEPTED, Json(accepted)))
}

/// Takes a Telegram Bot API `Update` (`message`: text, `photo`, `document`,
/// `caption`; `edited_message`), posted by Telegram to the URL "Connect"
/// gave `setWebhook`. A repeated `update_id` creates nothing.
#[utoipa::path(post, path = "/connectors/telegram/{connector_token}", operation_id = "telegramUpdate",
    params(("connector_token" = String, Path, description = "The connector's secret token"),
        ("X-Telegram-Bot-Api-Secret-Token" = String, Header, description = "The secret given to `setWebhook`")),
    request_body(content = Object, description = "A Telegram Bot API `Update`"),
    responses((status = 200, description = "Taken (or taken before, or a kind of update that is ignored)"),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 422, description = "Not an `Update`", body = ErrorBody),
        (status = 401, description = "Missing or wrong secret header", body = ErrorBody),
        (status = 404, description = "Unknown token, or not a Telegram connector", body = ErrorBody)))]
async fn telegram_update(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Json(update): Json<telegram::Update>,
) -> ApiResult<StatusCode> {
    let secret = headers
        .get(telegram::SECRET_HEADER)
        .and_then(|value| value.to_str().ok());
    telegram::receive(&state, &token, secret, update).await?;
    Ok(StatusCode::OK)
}

/// Query of the customer view.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CustomerViewQuery {
    /// Only messages after this id (the previous `next_cursor`).
    pub after: Option<MessageId>,
}

/// What the customer sees: customer and company messages of every session,
/// in order; never internal notes; mentions as plain names.
#[utoipa::path(get, path = "/inbound/{connector_token}/chats/{external_chat_id}/messages",
    operation_id = "getCustomerView",
    params( ("connector_token" = String, Path, description = "The connector's secret webhook token"), ("external_chat_id" = String, Path, description = "The channel's chat id"), CustomerViewQuery, ),
    responses((status = 200, body = CustomerViewPage), NotFound))]
async fn customer_view(
    State(state): State<AppState>,
    Path((token, chat)): Path<(String, String)>,
    Query(query): Query<CustomerViewQuery>,
) -> Answer<CustomerViewPage> {
    json(inbound::customer_view(&state, &token, &chat, query.after)).await
}
