//! `/conversations/{id}/…`: transfer, close, spam, take, invite, lock, snooze, history.

use axum::extract::{Path, Query};
use axum::Json;
use switchboard_protocol::{
    ActionRequest, ConversationId, ConversationSummary, ErrorBody, HistoryPage, HistoryQuery,
    InviteRequest, LockRequest, SnoozeRequest, TransferRequest,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::responses::{forward, json, secured, ActionRefused, Answer, Hidden, Invalid, NotFound};
use crate::services::{actions, history as history_service, snooze as snoozing};
use crate::state::AppState;

/// The routes of the actions on a conversation as a whole.
pub(super) fn router() -> OpenApiRouter<AppState> {
    secured(
        "conversation actions",
        [
            routes!(transfer),
            routes!(close),
            routes!(spam),
            routes!(take),
            routes!(invite),
            routes!(lock),
            routes!(snooze, wake),
            routes!(history),
        ],
    )
}

/// What every action answers: the conversation after it.
type Acted = Answer<ConversationSummary>;

forward! {
    /// "Transfer" to a colleague (they become the assignee) or to a line (its
    /// Unanswered). The optional comment is added as an internal note.
    #[utoipa::path(post, path = "/conversations/{id}/transfer", operation_id = "transferConversation",
        params(("id" = i64, Path, description = "Conversation id")), request_body = TransferRequest,
        responses(
            (status = 200, description = "The conversation after the transfer", body = ConversationSummary),
            ActionRefused, NotFound,
            (status = 422, description = "Unknown colleague or line, the current assignee or line", body = ErrorBody)))]
    transfer(Path(id): Path<ConversationId>, Json(request): Json<TransferRequest>)
        -> Acted = json(actions::transfer(id, request));

    /// "Accept and close" (unanswered) / "Finish conversation" (in progress).
    #[utoipa::path(post, path = "/conversations/{id}/close", operation_id = "closeConversation",
        params(("id" = i64, Path, description = "Conversation id")), request_body = ActionRequest,
        responses((status = 200, body = ConversationSummary), ActionRefused, NotFound))]
    close(Path(id): Path<ConversationId>, Json(request): Json<ActionRequest>)
        -> Acted = json(actions::close(id, request, false));

    /// "Mark as spam": closes it as spam; the customer writing again opens a new session.
    #[utoipa::path(post, path = "/conversations/{id}/spam", operation_id = "markConversationSpam",
        params(("id" = i64, Path, description = "Conversation id")), request_body = ActionRequest,
        responses((status = 200, body = ConversationSummary), ActionRefused, NotFound))]
    spam(Path(id): Path<ConversationId>, Json(request): Json<ActionRequest>)
        -> Acted = json(actions::close(id, request, true));

    /// "Take conversation": become the assignee, even over a colleague (who is told).
    #[utoipa::path(post, path = "/conversations/{id}/take", operation_id = "takeConversation",
        params(("id" = i64, Path, description = "Conversation id")), request_body = ActionRequest,
        responses((status = 200, body = ConversationSummary),
            (status = 403, description = "`forbidden` (outside the line) or `locked` (with `by`)", body = ErrorBody),
            NotFound,
            (status = 409, description = "`conversation_closed` or `conversation_changed`", body = ErrorBody)))]
    take(Path(id): Path<ConversationId>, Json(request): Json<ActionRequest>)
        -> Acted = json(actions::take(id, request));

    /// "Invite users": adds participants.
    #[utoipa::path(post, path = "/conversations/{id}/invite", operation_id = "inviteToConversation",
        params(("id" = i64, Path, description = "Conversation id")), request_body = InviteRequest,
        responses((status = 200, body = ConversationSummary), ActionRefused, NotFound,
            (status = 422, description = "No or too many users, or an unknown one", body = ErrorBody)))]
    invite(Path(id): Path<ConversationId>, Json(request): Json<InviteRequest>)
        -> Acted = json(actions::invite(id, request));

    /// "Lock as mine" / "Unlock".
    #[utoipa::path(put, path = "/conversations/{id}/lock", operation_id = "lockConversation",
        params(("id" = i64, Path, description = "Conversation id")), request_body = LockRequest,
        responses((status = 200, body = ConversationSummary),
            (status = 403, description = "Not the assignee, a supervisor or an admin", body = ErrorBody),
            NotFound,
            (status = 409, description = "`conflict` (not in progress) or `conversation_changed`", body = ErrorBody)))]
    lock(Path(id): Path<ConversationId>, Json(request): Json<LockRequest>)
        -> Acted = json(actions::set_lock(id, request));

    /// "Snooze": hides the conversation in progress from "In progress" until
    /// the time the preset gives in the operator's time zone, or until the
    /// customer writes, whichever comes first.
    #[utoipa::path(post, path = "/conversations/{id}/snooze", operation_id = "snoozeConversation",
        params(("id" = i64, Path, description = "Conversation id")), request_body = SnoozeRequest,
        responses((status = 200, description = "The conversation, snoozed", body = ConversationSummary),
            (status = 403, description = "`forbidden` (not assignee, participant, supervisor/admin) or `locked` (with `by`)", body = ErrorBody),
            NotFound,
            (status = 409, description = "`conflict` (not in progress), `conversation_closed` or `conversation_changed`", body = ErrorBody),
            (status = 422, description = "`invalid_time_zone` (field `time_zone`); `invalid_snooze_time`, `snooze_time_past` or `snooze_time_too_far` (field `local`)", body = ErrorBody)))]
    snooze(Path(id): Path<ConversationId>, Json(request): Json<SnoozeRequest>)
        -> Acted = json(snoozing::snooze(id, request));

    /// "Wake now": the snoozed conversation is back in "In progress".
    #[utoipa::path(delete, path = "/conversations/{id}/snooze", operation_id = "wakeConversation",
        params(("id" = i64, Path, description = "Conversation id")),
        responses((status = 200, description = "The conversation, awake", body = ConversationSummary),
            (status = 403, description = "`forbidden` (not assignee, participant, supervisor/admin) or `locked` (with `by`)", body = ErrorBody),
            NotFound,
            (status = 409, description = "`conflict` (not in progress) or `conversation_closed`", body = ErrorBody)))]
    wake(Path(id): Path<ConversationId>) -> Acted = json(snoozing::wake(id));

    /// "Message history": earlier sessions of the same chat, newest first.
    #[utoipa::path(get, path = "/conversations/{id}/history", operation_id = "getConversationHistory",
        params(("id" = i64, Path, description = "Conversation id"), HistoryQuery),
        responses((status = 200, body = HistoryPage),
            (status = 400, description = "Invalid cursor", body = ErrorBody), Hidden, Invalid))]
    history(Path(id): Path<ConversationId>, Query(query): Query<HistoryQuery>)
        -> Answer<HistoryPage> = json(history_service::history(id, query));
}
