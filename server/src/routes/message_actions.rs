//! `/messages/{id}`: edit, delete and "Move to new conversation" of a
//! conversation message.

use axum::extract::{Path, State};
use axum::Json;
use switchboard_protocol::{EditMessageRequest, ErrorBody, Message, MessageId, SplitResult};

use super::extract::Authenticated;
use crate::error::ApiError;
use crate::services::{message_actions, split};
use crate::state::AppState;

/// "Edit": replaces the text of one of the caller's messages. Internal notes
/// always; messages the customer received only where the channel has
/// `edit_on_customer_side`.
#[utoipa::path(patch, path = "/api/v1/messages/{id}", tag = "message actions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Message id")),
    request_body = EditMessageRequest,
    responses(
        (status = 200, description = "The message after the edit", body = Message),
        (status = 403, description = "Not the caller's message, or a conversation they may not see", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`unsupported_by_channel` (the channel cannot edit what the customer received) or `conflict` (deleted)", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn edit(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Json(request): Json<EditMessageRequest>,
) -> Result<Json<Message>, ApiError> {
    Ok(Json(
        message_actions::edit(&state, &caller.viewer, MessageId(id), request).await?,
    ))
}

/// "Delete": one of the caller's messages. Colleagues then see it with empty
/// text and `deleted_at`; the customer loses it where the channel has
/// `delete_on_customer_side`. Repeating it changes nothing.
#[utoipa::path(delete, path = "/api/v1/messages/{id}", tag = "message actions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Message id")),
    responses(
        (status = 200, description = "The message after the deletion", body = Message),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
) -> Result<Json<Message>, ApiError> {
    Ok(Json(
        message_actions::delete(&state, &caller.viewer, MessageId(id)).await?,
    ))
}

/// "Move to new conversation": closes the message's session and starts a
/// new session of the same chat with this customer message and every later
/// message, assigned to the same operator.
#[utoipa::path(post, path = "/api/v1/messages/{id}/split", tag = "message actions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "A customer message id")),
    responses(
        (status = 200, body = SplitResult),
        (status = 403, description = "`forbidden` or `locked`", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`conversation_closed` or `conversation_changed`", body = ErrorBody),
        (status = 422, description = "Not a customer message, or the first of its session", body = ErrorBody),
    ))]
pub async fn split(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
) -> Result<Json<SplitResult>, ApiError> {
    Ok(Json(
        split::split(&state, &caller.viewer, MessageId(id)).await?,
    ))
}
