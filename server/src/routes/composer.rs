//! `/conversations/{id}/title` (`/rename`) and `/conversations/{id}/typing`.

use axum::extract::Path;
use axum::http::StatusCode;
use axum::Json;
use switchboard_protocol::{
    ConversationId, ConversationSummary, ErrorBody, SetTitleRequest, TypingRequest,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::responses::{forward, json, no_content, secured, Answer, ApiResult, Hidden, Invalid};
use crate::services::composer;
use crate::state::AppState;

/// The routes of the composer's commands that are not messages.
pub(super) fn router() -> OpenApiRouter<AppState> {
    secured("composer", [routes!(set_title), routes!(typing)])
}

forward! {
    /// Sets (or with `null` removes) the employee-only title of a conversation;
    /// it replaces the channel's title in `ConversationSummary.title`, is found
    /// by the queue search and never reaches the customer. Emits
    /// `message_created` (a `renamed` system message) and `conversation_updated`.
    #[utoipa::path(put, path = "/conversations/{id}/title", operation_id = "setConversationTitle",
        params(("id" = i64, Path, description = "Conversation id")), request_body = SetTitleRequest,
        responses((status = 200, body = ConversationSummary), Hidden, Invalid))]
    set_title(Path(id): Path<ConversationId>, Json(request): Json<SetTitleRequest>)
        -> Answer<ConversationSummary> = json(composer::rename(id, request));

    /// The caller is typing (call about every 3 s while they type; it counts
    /// for 6 s). Colleagues who may see the conversation get an ephemeral
    /// `typing` frame; a reply (not `internal`) shows in the customer view on
    /// channels with the `typing_indicator` capability.
    #[utoipa::path(post, path = "/conversations/{id}/typing", operation_id = "sendTyping",
        params(("id" = i64, Path, description = "Conversation id")), request_body = TypingRequest,
        responses((status = 204), Hidden,
            (status = 409, description = "`conversation_closed`", body = ErrorBody)))]
    typing(Path(id): Path<ConversationId>, Json(request): Json<TypingRequest>)
        -> ApiResult<StatusCode> = no_content(composer::typing(id, request));
}
