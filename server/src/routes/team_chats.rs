//! `/team-chats`: internal chats between employees. A non-member gets 404
//! for everything about a chat.

use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::Json;
use switchboard_protocol::{
    CreateTeamChatRequest, EditMessageRequest, ErrorBody, MarkTeamChatReadRequest, Message,
    MessageId, MessagePage, MessagesQuery, SendMessageRequest, TeamChatId, TeamChatItem,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::Caller;
use super::responses::{
    forward, json, no_content, secured, upserted, Answer, ApiResult, Invalid, NotFound, NotYours,
    Upsert,
};
use crate::services::team_chats;
use crate::state::AppState;

/// The routes of team chats and their messages.
pub(super) fn router() -> OpenApiRouter<AppState> {
    secured(
        "team chats",
        [
            routes!(list, create),
            routes!(get),
            routes!(list_messages, send_message),
            routes!(edit_message, delete_message),
            routes!(mark_read),
        ],
    )
}

/// A message of a chat: `/team-chats/{id}/messages/{message_id}`.
type ChatMessage = Path<(TeamChatId, MessageId)>;

forward! {
    /// The caller's chats, most recent activity first, with unread counts.
    #[utoipa::path(get, path = "/team-chats", operation_id = "listTeamChats",
        responses((status = 200, body = Vec<TeamChatItem>)))]
    list() -> Answer<Vec<TeamChatItem>> = json(team_chats::list());

    /// Creates a chat, from members and a title or from a conversation message
    /// ("Discuss in new chat").
    #[utoipa::path(post, path = "/team-chats", operation_id = "createTeamChat",
        request_body = CreateTeamChatRequest,
        responses((status = 201, body = TeamChatItem),
            (status = 200, description = "Repeat of an earlier create (same `client_id`)", body = TeamChatItem),
            (status = 403, description = "The message's conversation is not visible to the caller", body = ErrorBody),
            NotFound, Invalid))]
    create(Json(request): Json<CreateTeamChatRequest>)
        -> Upsert<TeamChatItem> = upserted(team_chats::create(request));

    /// One chat of the caller.
    #[utoipa::path(get, path = "/team-chats/{id}", operation_id = "getTeamChat",
        params(("id" = i64, Path, description = "Team chat id")),
        responses((status = 200, body = TeamChatItem), NotFound))]
    get(Path(id): Path<TeamChatId>) -> Answer<TeamChatItem> = json(team_chats::get(id));

    /// Messages of a chat, oldest first (same cursors as conversation messages).
    #[utoipa::path(get, path = "/team-chats/{id}/messages", operation_id = "listTeamChatMessages",
        params(("id" = i64, Path, description = "Team chat id"), MessagesQuery),
        responses((status = 200, body = MessagePage), NotFound))]
    list_messages(Path(id): Path<TeamChatId>, Query(query): Query<MessagesQuery>)
        -> Answer<MessagePage> = json(team_chats::list_messages(id, query));

    /// Sends a message. 201 when created, 200 when `client_id` was already used
    /// in this chat (the first message is returned).
    #[utoipa::path(post, path = "/team-chats/{id}/messages", operation_id = "sendTeamChatMessage",
        params(("id" = i64, Path, description = "Team chat id")), request_body = SendMessageRequest,
        responses((status = 201, body = Message),
            (status = 200, description = "Repeat of an earlier send", body = Message), NotFound,
            (status = 409, description = "`client_id_reused`", body = ErrorBody), Invalid))]
    send_message(Path(id): Path<TeamChatId>, Json(request): Json<SendMessageRequest>)
        -> Upsert<Message> = upserted(team_chats::send(id, request));

    /// Moves the caller's read marker.
    #[utoipa::path(post, path = "/team-chats/{id}/read", operation_id = "markTeamChatRead",
        params(("id" = i64, Path, description = "Team chat id")), request_body = MarkTeamChatReadRequest,
        responses((status = 204), NotFound, Invalid))]
    mark_read(Path(id): Path<TeamChatId>, Json(request): Json<MarkTeamChatReadRequest>)
        -> ApiResult<StatusCode> = no_content(team_chats::mark_read(id, request));
}

/// "Edit" in a team chat: the caller's own message.
#[utoipa::path(patch, path = "/team-chats/{id}/messages/{message_id}",
    operation_id = "editTeamChatMessage",
    params(("id" = i64, Path, description = "Team chat id"), ("message_id" = i64, Path, description = "Message id")),
    request_body = EditMessageRequest,
    responses((status = 200, body = Message), NotYours,
        (status = 409, description = "Deleted", body = ErrorBody), Invalid))]
async fn edit_message(
    caller: Caller,
    Path((chat, id)): ChatMessage,
    Json(request): Json<EditMessageRequest>,
) -> Answer<Message> {
    let edited = team_chats::edit_message(&caller.state, &caller.viewer, chat, id, request);
    Ok(Json(edited.await?))
}

/// "Delete" in a team chat: the caller's own message.
#[utoipa::path(delete, path = "/team-chats/{id}/messages/{message_id}",
    operation_id = "deleteTeamChatMessage",
    params(("id" = i64, Path, description = "Team chat id"), ("message_id" = i64, Path, description = "Message id")),
    responses((status = 200, body = Message), NotYours))]
async fn delete_message(caller: Caller, Path((chat, id)): ChatMessage) -> Answer<Message> {
    let answer = team_chats::delete_message(&caller.state, &caller.viewer, chat, id);
    json(answer).await
}
