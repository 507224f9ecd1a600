//! `/team-chats`: internal chats between employees. A non-member gets 404
//! for everything about a chat.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use switchboard_protocol::{
    CreateTeamChatRequest, EditMessageRequest, ErrorBody, MarkTeamChatReadRequest, Message,
    MessageId, MessagePage, MessagesQuery, SendMessageRequest, TeamChatId, TeamChatItem,
};

use super::extract::Authenticated;
use crate::error::ApiError;
use crate::services::team_chats;
use crate::state::AppState;

/// The caller's chats, most recent activity first, with unread counts.
#[utoipa::path(get, path = "/api/v1/team-chats", tag = "team chats", security(("bearer" = [])),
    responses((status = 200, body = Vec<TeamChatItem>), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Authenticated,
) -> Result<Json<Vec<TeamChatItem>>, ApiError> {
    Ok(Json(team_chats::list(&state, &caller.viewer).await?))
}

/// Creates a chat, from members and a title or from a conversation message
/// ("Discuss in new chat").
#[utoipa::path(post, path = "/api/v1/team-chats", tag = "team chats", security(("bearer" = [])),
    request_body = CreateTeamChatRequest,
    responses(
        (status = 201, body = TeamChatItem),
        (status = 200, description = "Repeat of an earlier create (same `client_id`)", body = TeamChatItem),
        (status = 403, description = "The message's conversation is not visible to the caller", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: Authenticated,
    Json(request): Json<CreateTeamChatRequest>,
) -> Result<(StatusCode, Json<TeamChatItem>), ApiError> {
    let (item, created) = team_chats::create(&state, &caller.viewer, request).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(item)))
}

/// One chat of the caller.
#[utoipa::path(get, path = "/api/v1/team-chats/{id}", tag = "team chats", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Team chat id")),
    responses((status = 200, body = TeamChatItem), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
) -> Result<Json<TeamChatItem>, ApiError> {
    Ok(Json(
        team_chats::get(&state, &caller.viewer, TeamChatId(id)).await?,
    ))
}

/// Messages of a chat, oldest first (same cursors as conversation messages).
#[utoipa::path(get, path = "/api/v1/team-chats/{id}/messages", tag = "team chats", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Team chat id"), MessagesQuery),
    responses((status = 200, body = MessagePage), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_messages(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Query(query): Query<MessagesQuery>,
) -> Result<Json<MessagePage>, ApiError> {
    Ok(Json(
        team_chats::list_messages(&state, &caller.viewer, TeamChatId(id), query).await?,
    ))
}

/// Sends a message. 201 when created, 200 when `client_id` was already used
/// in this chat (the first message is returned).
#[utoipa::path(post, path = "/api/v1/team-chats/{id}/messages", tag = "team chats", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Team chat id")),
    request_body = SendMessageRequest,
    responses(
        (status = 201, body = Message),
        (status = 200, description = "Repeat of an earlier send", body = Message),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`client_id_reused`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn send_message(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Json(request): Json<SendMessageRequest>,
) -> Result<(StatusCode, Json<Message>), ApiError> {
    let (message, created) =
        team_chats::send(&state, &caller.viewer, TeamChatId(id), request).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(message)))
}

/// Moves the caller's read marker.
#[utoipa::path(post, path = "/api/v1/team-chats/{id}/read", tag = "team chats", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Team chat id")),
    request_body = MarkTeamChatReadRequest,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn mark_read(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Json(request): Json<MarkTeamChatReadRequest>,
) -> Result<StatusCode, ApiError> {
    team_chats::mark_read(&state, &caller.viewer, TeamChatId(id), request).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// "Edit" in a team chat: the caller's own message.
#[utoipa::path(patch, path = "/api/v1/team-chats/{id}/messages/{message_id}", tag = "team chats", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Team chat id"), ("message_id" = i64, Path, description = "Message id")),
    request_body = EditMessageRequest,
    responses(
        (status = 200, body = Message),
        (status = 403, description = "Not the caller's message", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Deleted", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn edit_message(
    State(state): State<AppState>,
    caller: Authenticated,
    Path((id, message_id)): Path<(i64, i64)>,
    Json(request): Json<EditMessageRequest>,
) -> Result<Json<Message>, ApiError> {
    Ok(Json(
        team_chats::edit_message(
            &state,
            &caller.viewer,
            TeamChatId(id),
            MessageId(message_id),
            request,
        )
        .await?,
    ))
}

/// "Delete" in a team chat: the caller's own message.
#[utoipa::path(delete, path = "/api/v1/team-chats/{id}/messages/{message_id}", tag = "team chats", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Team chat id"), ("message_id" = i64, Path, description = "Message id")),
    responses(
        (status = 200, body = Message),
        (status = 403, description = "Not the caller's message", body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
pub async fn delete_message(
    State(state): State<AppState>,
    caller: Authenticated,
    Path((id, message_id)): Path<(i64, i64)>,
) -> Result<Json<Message>, ApiError> {
    Ok(Json(
        team_chats::delete_message(
            &state,
            &caller.viewer,
            TeamChatId(id),
            MessageId(message_id),
        )
        .await?,
    ))
}
