//! `/conversations/{id}/title` (`/rename`) and `/conversations/{id}/typing`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use switchboard_protocol::{
    ConversationId, ConversationSummary, ErrorBody, SetTitleRequest, TypingRequest,
};

use super::extract::Authenticated;
use crate::error::ApiError;
use crate::services::composer;
use crate::state::AppState;

/// Sets (or with `null` removes) the employee-only title of a conversation;
/// it replaces the channel's title in `ConversationSummary.title`, is found
/// by the queue search and never reaches the customer. Emits
/// `message_created` (a `renamed` system message) and `conversation_updated`.
#[utoipa::path(put, path = "/api/v1/conversations/{id}/title", tag = "composer", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    request_body = SetTitleRequest,
    responses(
        (status = 200, body = ConversationSummary),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn set_title(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Json(request): Json<SetTitleRequest>,
) -> Result<Json<ConversationSummary>, ApiError> {
    Ok(Json(
        composer::rename(&state, &caller.viewer, ConversationId(id), request).await?,
    ))
}

/// The caller is typing (call about every 3 s while they type; it counts
/// for 6 s). Colleagues who may see the conversation get an ephemeral
/// `typing` frame; a reply (not `internal`) shows in the customer view on
/// channels with the `typing_indicator` capability.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/typing", tag = "composer", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    request_body = TypingRequest,
    responses(
        (status = 204),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`conversation_closed`", body = ErrorBody),
    ))]
pub async fn typing(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Json(request): Json<TypingRequest>,
) -> Result<StatusCode, ApiError> {
    composer::typing(&state, &caller.viewer, ConversationId(id), request).await?;
    Ok(StatusCode::NO_CONTENT)
}
