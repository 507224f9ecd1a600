//! `/inbound/{connector_token}`: the webhook connectors call, and the
//! customer's view of a chat.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use switchboard_protocol::{
    CustomerViewPage, ErrorBody, InboundAccepted, InboundDelivery, MessageId,
};

use crate::error::ApiError;
use crate::services::inbound;
use crate::state::AppState;

/// Delivers one customer message. Repeating a delivery (same `message.id`)
/// creates nothing and returns the same ids.
#[utoipa::path(post, path = "/api/v1/inbound/{connector_token}", tag = "inbound",
    params(("connector_token" = String, Path, description = "The connector's secret webhook token")),
    request_body = InboundDelivery,
    responses(
        (status = 202, body = InboundAccepted),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 404, description = "Unknown token", body = ErrorBody),
        (status = 422, description = "Invalid values", body = ErrorBody),
    ))]
pub async fn deliver(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Json(delivery): Json<InboundDelivery>,
) -> Result<(StatusCode, Json<InboundAccepted>), ApiError> {
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
#[utoipa::path(get, path = "/api/v1/inbound/{connector_token}/chats/{external_chat_id}/messages", tag = "inbound",
    params(
        ("connector_token" = String, Path, description = "The connector's secret webhook token"),
        ("external_chat_id" = String, Path, description = "The channel's chat id"),
        CustomerViewQuery,
    ),
    responses((status = 200, body = CustomerViewPage), (status = 404, body = ErrorBody)))]
pub async fn customer_view(
    State(state): State<AppState>,
    Path((token, chat)): Path<(String, String)>,
    Query(query): Query<CustomerViewQuery>,
) -> Result<Json<CustomerViewPage>, ApiError> {
    Ok(Json(
        inbound::customer_view(&state, &token, &chat, query.after).await?,
    ))
}
