//! `/conversations`: the queue, a conversation, answering, read markers, messages.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use switchboard_protocol::{
    ConversationDetail, ConversationId, ConversationSummary, ErrorBody, MarkReadRequest, Message,
    MessagePage, MessagesQuery, QueuePage, QueueQuery, SendMessageRequest,
};

use super::extract::Authenticated;
use crate::error::ApiError;
use crate::services::{conversations, messages};
use crate::state::AppState;

/// The queue: conversations the caller may see, most recent activity first.
#[utoipa::path(get, path = "/api/v1/conversations", tag = "conversations", security(("bearer" = [])),
    params(QueueQuery),
    responses((status = 200, body = QueuePage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn queue(
    State(state): State<AppState>,
    caller: Authenticated,
    Query(query): Query<QueueQuery>,
) -> Result<Json<QueuePage>, ApiError> {
    Ok(Json(
        conversations::queue(&state, &caller.viewer, query).await?,
    ))
}

/// One conversation.
#[utoipa::path(get, path = "/api/v1/conversations/{id}", tag = "conversations", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    responses(
        (status = 200, body = ConversationDetail),
        (status = 403, description = "Not in the conversation's line", body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
pub async fn detail(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
) -> Result<Json<ConversationDetail>, ApiError> {
    Ok(Json(
        conversations::detail(&state, &caller.viewer, ConversationId(id)).await?,
    ))
}

/// "Reply": take an unanswered conversation. Repeating it as the assignee is harmless.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/answer", tag = "conversations", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    responses(
        (status = 200, body = ConversationSummary),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`already_answered` (with `by`, the colleague) or `conversation_closed`", body = ErrorBody),
    ))]
pub async fn answer(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
) -> Result<Json<ConversationSummary>, ApiError> {
    Ok(Json(
        conversations::answer(&state, &caller.viewer, ConversationId(id)).await?,
    ))
}

/// Moves the caller's read marker.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/read", tag = "conversations", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    request_body = MarkReadRequest,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn mark_read(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Json(request): Json<MarkReadRequest>,
) -> Result<StatusCode, ApiError> {
    conversations::mark_read(&state, &caller.viewer, ConversationId(id), request).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Messages of a conversation, oldest first (cursor pagination both ways).
#[utoipa::path(get, path = "/api/v1/conversations/{id}/messages", tag = "messages", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Conversation id"), MessagesQuery),
    responses((status = 200, body = MessagePage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_messages(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Query(query): Query<MessagesQuery>,
) -> Result<Json<MessagePage>, ApiError> {
    Ok(Json(
        messages::list(&state, &caller.viewer, ConversationId(id), query).await?,
    ))
}

/// Sends a message. 201 when created, 200 when `client_id` was already used
/// in this conversation (the first message is returned).
#[utoipa::path(post, path = "/api/v1/conversations/{id}/messages", tag = "messages", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    request_body = SendMessageRequest,
    responses(
        (status = 201, body = Message),
        (status = 200, description = "Repeat of an earlier send", body = Message),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`already_answered`, `conversation_closed` or `client_id_reused`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn send_message(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Json(request): Json<SendMessageRequest>,
) -> Result<(StatusCode, Json<Message>), ApiError> {
    let (message, created) =
        messages::send(&state, &caller.viewer, ConversationId(id), request).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(message)))
}
