//! `/inbound/{connector_token}`: the webhook connectors call, and the
//! customer's view of a chat.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use switchboard_protocol::{
    CustomerViewPage, ErrorBody, InboundAccepted, InboundDelivery, MessageId,
};

use utoipa_axum::{router::OpenApiRouter, routes};

use super::responses::{json, public, Answer, ApiResult, NotFound};
use crate::services::inbound;
use crate::state::AppState;

/// The routes connectors call.
pub(super) fn router() -> OpenApiRouter<AppState> {
    public("inbound", [routes!(deliver), routes!(customer_view)])
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
