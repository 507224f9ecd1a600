//! `/conversations`: the queue, a conversation, answering, read markers, messages.

use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::Json;
use switchboard_protocol::{
    ActionRequest, ConversationDetail, ConversationId, ConversationSummary, ErrorBody,
    MarkReadRequest, Message, MessagePage, MessagesQuery, QueuePage, QueueQuery,
    SendMessageRequest,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::responses::{
    forward, json, no_content, secured, upserted, Answer, ApiResult, Hidden, Invalid, Upsert,
};
use crate::services::{conversations, messages, routing};
use crate::state::AppState;

/// The routes of the queue, conversations and their messages.
pub(super) fn router() -> OpenApiRouter<AppState> {
    let conversations = [
        routes!(queue),
        routes!(detail),
        routes!(answer),
        routes!(skip),
        routes!(mark_read),
    ];
    let messages = [routes!(list_messages, send_message)];
    secured("conversations", conversations).merge(secured("messages", messages))
}

forward! {
    /// The queue: conversations the caller may see, most recent activity first.
    #[utoipa::path(get, path = "/conversations", operation_id = "listConversations", params(QueueQuery),
        responses((status = 200, body = QueuePage)))]
    queue(Query(query): Query<QueueQuery>) -> Answer<QueuePage> = json(conversations::queue(query));

    /// One conversation.
    #[utoipa::path(get, path = "/conversations/{id}", operation_id = "getConversation",
        params(("id" = i64, Path, description = "Conversation id")),
        responses((status = 200, body = ConversationDetail), Hidden))]
    detail(Path(id): Path<ConversationId>)
        -> Answer<ConversationDetail> = json(conversations::detail(id));

    /// "Reply": take an unanswered conversation. Repeating it as the assignee is harmless.
    #[utoipa::path(post, path = "/conversations/{id}/answer", operation_id = "answerConversation",
        params(("id" = i64, Path, description = "Conversation id")),
        responses((status = 200, body = ConversationSummary), Hidden,
            (status = 409, description = "`already_answered` (with `by`, the colleague) or `conversation_closed`", body = ErrorBody)))]
    answer(Path(id): Path<ConversationId>)
        -> Answer<ConversationSummary> = json(conversations::answer(id));

    /// "Skip": the member holding the offer of an unanswered conversation
    /// lets it pass now; it is offered to the next available member and
    /// not to them again. "Accept" is `answer`.
    #[utoipa::path(post, path = "/conversations/{id}/skip", operation_id = "skipOffer",
        params(("id" = i64, Path, description = "Conversation id")), request_body = ActionRequest,
        responses((status = 200, body = ConversationSummary), Hidden,
            (status = 409, description = "`conflict`: not offered to the caller; `conversation_changed`", body = ErrorBody)))]
    skip(Path(id): Path<ConversationId>, Json(request): Json<ActionRequest>)
        -> Answer<ConversationSummary> = json(routing::skip(id, request));

    /// Moves the caller's read marker.
    #[utoipa::path(post, path = "/conversations/{id}/read", operation_id = "markConversationRead",
        params(("id" = i64, Path, description = "Conversation id")), request_body = MarkReadRequest,
        responses((status = 204), Hidden, Invalid))]
    mark_read(Path(id): Path<ConversationId>, Json(request): Json<MarkReadRequest>)
        -> ApiResult<StatusCode> = no_content(conversations::mark_read(id, request));

    /// Messages of a conversation, oldest first (cursor pagination both ways).
    #[utoipa::path(get, path = "/conversations/{id}/messages",
        operation_id = "listConversationMessages",
        params(("id" = i64, Path, description = "Conversation id"), MessagesQuery),
        responses((status = 200, body = MessagePage), Hidden))]
    list_messages(Path(id): Path<ConversationId>, Query(query): Query<MessagesQuery>)
        -> Answer<MessagePage> = json(messages::list(id, query));

    /// Sends a message. 201 when created, 200 when `client_id` was already used
    /// in this conversation (the first message is returned).
    #[utoipa::path(post, path = "/conversations/{id}/messages",
        operation_id = "sendConversationMessage",
        params(("id" = i64, Path, description = "Conversation id")), request_body = SendMessageRequest,
        responses((status = 201, body = Message),
            (status = 200, description = "Repeat of an earlier send", body = Message), Hidden,
            (status = 409, description = "`already_answered`, `conversation_closed` or `client_id_reused`", body = ErrorBody),
            Invalid))]
    send_message(Path(id): Path<ConversationId>, Json(request): Json<SendMessageRequest>)
        -> Upsert<Message> = upserted(messages::send(id, request));
}
