//! `/conversations/{id}/…`: transfer, close, spam, take, invite, lock, history.

use axum::extract::{Path, Query, State};
use axum::Json;
use switchboard_protocol::{
    ActionRequest, ConversationId, ConversationSummary, ErrorBody, HistoryPage, HistoryQuery,
    InviteRequest, LockRequest, TransferRequest,
};

use super::extract::Authenticated;
use crate::error::ApiError;
use crate::services::{actions, history as history_service};
use crate::state::AppState;

/// "Transfer" to a colleague (they become the assignee) or to a line (its
/// Unanswered). The optional comment is added as an internal note.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/transfer", tag = "conversation actions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    request_body = TransferRequest,
    responses(
        (status = 200, description = "The conversation after the transfer", body = ConversationSummary),
        (status = 403, description = "`forbidden` (not assignee, participant, supervisor/admin, or line member while unanswered) or `locked` (with `by`)", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`conversation_closed` or `conversation_changed`", body = ErrorBody),
        (status = 422, description = "Unknown colleague or line, the current assignee or line", body = ErrorBody),
    ))]
pub async fn transfer(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Json(request): Json<TransferRequest>,
) -> Result<Json<ConversationSummary>, ApiError> {
    let id = ConversationId(id);
    Ok(Json(
        actions::transfer(&state, &caller.viewer, id, request).await?,
    ))
}

/// "Accept and close" (unanswered) / "Finish conversation" (in progress).
#[utoipa::path(post, path = "/api/v1/conversations/{id}/close", tag = "conversation actions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    request_body = ActionRequest,
    responses(
        (status = 200, body = ConversationSummary),
        (status = 403, description = "`forbidden` or `locked`", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`conversation_closed` or `conversation_changed`", body = ErrorBody),
    ))]
pub async fn close(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Json(request): Json<ActionRequest>,
) -> Result<Json<ConversationSummary>, ApiError> {
    let id = ConversationId(id);
    Ok(Json(
        actions::close(&state, &caller.viewer, id, request, false).await?,
    ))
}

/// "Mark as spam": closes it as spam; the customer writing again opens a new session.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/spam", tag = "conversation actions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    request_body = ActionRequest,
    responses(
        (status = 200, body = ConversationSummary),
        (status = 403, description = "`forbidden` or `locked`", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`conversation_closed` or `conversation_changed`", body = ErrorBody),
    ))]
pub async fn spam(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Json(request): Json<ActionRequest>,
) -> Result<Json<ConversationSummary>, ApiError> {
    let id = ConversationId(id);
    Ok(Json(
        actions::close(&state, &caller.viewer, id, request, true).await?,
    ))
}

/// "Take conversation": become the assignee, even over a colleague (who is told).
#[utoipa::path(post, path = "/api/v1/conversations/{id}/take", tag = "conversation actions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    request_body = ActionRequest,
    responses(
        (status = 200, body = ConversationSummary),
        (status = 403, description = "`forbidden` (outside the line) or `locked` (with `by`)", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`conversation_closed` or `conversation_changed`", body = ErrorBody),
    ))]
pub async fn take(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Json(request): Json<ActionRequest>,
) -> Result<Json<ConversationSummary>, ApiError> {
    let id = ConversationId(id);
    Ok(Json(
        actions::take(&state, &caller.viewer, id, request).await?,
    ))
}

/// "Invite users": adds participants.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/invite", tag = "conversation actions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    request_body = InviteRequest,
    responses(
        (status = 200, body = ConversationSummary),
        (status = 403, description = "`forbidden` or `locked`", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`conversation_closed` or `conversation_changed`", body = ErrorBody),
        (status = 422, description = "No or too many users, or an unknown one", body = ErrorBody),
    ))]
pub async fn invite(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Json(request): Json<InviteRequest>,
) -> Result<Json<ConversationSummary>, ApiError> {
    let id = ConversationId(id);
    Ok(Json(
        actions::invite(&state, &caller.viewer, id, request).await?,
    ))
}

/// "Lock as mine" / "Unlock".
#[utoipa::path(put, path = "/api/v1/conversations/{id}/lock", tag = "conversation actions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    request_body = LockRequest,
    responses(
        (status = 200, body = ConversationSummary),
        (status = 403, description = "Not the assignee, a supervisor or an admin", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`conflict` (not in progress) or `conversation_changed`", body = ErrorBody),
    ))]
pub async fn lock(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Json(request): Json<LockRequest>,
) -> Result<Json<ConversationSummary>, ApiError> {
    let id = ConversationId(id);
    Ok(Json(
        actions::set_lock(&state, &caller.viewer, id, request).await?,
    ))
}

/// "Message history": earlier sessions of the same chat, newest first.
#[utoipa::path(get, path = "/api/v1/conversations/{id}/history", tag = "conversation actions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Conversation id"), HistoryQuery),
    responses(
        (status = 200, body = HistoryPage),
        (status = 400, description = "Invalid cursor", body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn history(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Query(query): Query<HistoryQuery>,
) -> Result<Json<HistoryPage>, ApiError> {
    let id = ConversationId(id);
    Ok(Json(
        history_service::history(&state, &caller.viewer, id, query).await?,
    ))
}
