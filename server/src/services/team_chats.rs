//! Team chats ("Discuss in new chat", the Chats page): employee-only chats.
//! Only members see a chat, its messages and its events; anyone else gets
//! 404, as if it did not exist.

use switchboard_protocol::{
    ConversationId, CreateTeamChatRequest, EditMessageRequest, Event, MarkTeamChatReadRequest,
    Message, MessageId, MessagePage, MessagesQuery, SendMessageRequest, TeamChat, TeamChatId,
    TeamChatItem, TeamChatSource, UserId,
};

use super::conversations::visible;
use super::events::Change;
use super::messages::{check_body, check_send, finish_page, window_of, MAX_TEXT_CHARS};
use super::tasks::check_employee;
use super::validation::{TextField, CLIENT_ID};
use super::{client_ids, mentions, Viewer};
use crate::error::{ApiError, OrVanished};
use crate::state::AppState;
use crate::store::client_ids::Created;
use crate::store::events::Audience;
use crate::store::Conn;
use crate::store::{files, messages, team_chats};

const TITLE: TextField = TextField::required("title", 200);
const MAX_MEMBERS: usize = 100;

fn audience(chat: &TeamChat) -> Audience {
    Audience::Users(chat.members.clone())
}

/// A chat the viewer is a member of; 404 otherwise.
async fn member_of(db: &mut Conn, viewer: &Viewer, id: TeamChatId) -> Result<TeamChat, ApiError> {
    team_chats::chat(db, id)
        .await?
        .filter(|chat| chat.members.contains(&viewer.user.id))
        .ok_or_else(|| ApiError::NotFound("No such chat".into()))
}

async fn item(db: &mut Conn, viewer: &Viewer, chat: TeamChat) -> Result<TeamChatItem, ApiError> {
    let (last_read_message_id, unread_count) =
        team_chats::read_state(db, chat.id, viewer.user.id).await?;
    Ok(TeamChatItem {
        chat,
        unread_count,
        last_read_message_id,
    })
}

/// The viewer's chats, most recent activity first, with unread counts.
pub async fn list(state: &AppState, viewer: &Viewer) -> Result<Vec<TeamChatItem>, ApiError> {
    let mut db = state.pool.acquire().await?;
    let chats = team_chats::chats_of(&mut db, viewer.user.id).await?;
    let mut items = Vec::with_capacity(chats.len());
    for chat in chats {
        items.push(item(&mut db, viewer, chat).await?);
    }
    Ok(items)
}

/// One chat of the viewer.
pub async fn get(
    state: &AppState,
    viewer: &Viewer,
    id: TeamChatId,
) -> Result<TeamChatItem, ApiError> {
    let mut db = state.pool.acquire().await?;
    let chat = member_of(&mut db, viewer, id).await?;
    item(&mut db, viewer, chat).await
}

/// Creates a chat: with the given members, or from a conversation message
/// (members: the conversation's assignee and participants, the caller and
/// any given; the message quoted in the chat's first message, by the caller).
/// A repeat with the same `client_id` returns the first chat and `false`.
pub async fn create(
    state: &AppState,
    viewer: &Viewer,
    request: CreateTeamChatRequest,
) -> Result<(TeamChatItem, bool), ApiError> {
    let client_id = CLIENT_ID.check_optional(request.client_id.as_deref())?;
    let mut change = Change::begin(state).await?;
    let now = change.now;
    if let Some(id) =
        client_ids::existing(&mut change.tx, Created::TeamChat, viewer, client_id).await?
    {
        let chat = member_of(&mut change.tx, viewer, TeamChatId(id)).await?;
        return Ok((item(&mut change.tx, viewer, chat).await?, false));
    }
    let mut members: Vec<UserId> = request.members.clone();
    members.push(viewer.user.id);
    let mut title = request
        .title
        .as_deref()
        .map(str::trim)
        .filter(|title| !title.is_empty())
        .map(str::to_owned);
    let mut source = None;
    if let Some(message_id) = request.from_message {
        let message = messages::by_id(&mut change.tx, message_id)
            .await?
            .ok_or_else(|| ApiError::NotFound("No such message".into()))?;
        let conversation = visible(&mut change.tx, viewer, message.conversation_id).await?;
        members.extend(conversation.assignee);
        members.extend(conversation.participants.iter().copied());
        title = title.or_else(|| Some(conversation.customer.name.clone()));
        source = Some(TeamChatSource {
            conversation_id: ConversationId(message.conversation_id.0),
            message_id,
        });
    }
    let title = title.ok_or_else(|| ApiError::Unprocessable("A chat needs a title".into()))?;
    TITLE.check(&title)?;
    members.sort();
    members.dedup();
    if members.len() > MAX_MEMBERS {
        return Err(ApiError::Unprocessable(format!(
            "At most {MAX_MEMBERS} members"
        )));
    }
    for member in &members {
        check_employee(&mut change.tx, *member).await?;
    }
    let id = team_chats::insert_chat(
        &mut change.tx,
        &title,
        viewer.user.id,
        &members,
        source,
        now,
    )
    .await?;
    client_ids::remember(&mut change.tx, Created::TeamChat, id.0, client_id).await?;
    let opening = match source {
        Some(source) => {
            let message_id = team_chats::insert_message(
                &mut change.tx,
                &team_chats::NewTeamMessage {
                    chat: id,
                    author: viewer.user.id,
                    author_name: &viewer.user.name,
                    text: "",
                    mentions: &messages::NO_MENTIONS,
                    client_id: None,
                    quote_message: Some(source.message_id),
                    quote_team_message: None,
                    attachments: &[],
                    now,
                },
            )
            .await?;
            team_chats::message(&mut change.tx, message_id).await?
        }
        None => None,
    };
    let chat = team_chats::chat(&mut change.tx, id)
        .await?
        .or_vanished("chat")?;
    change
        .record(
            &audience(&chat),
            Event::TeamChatCreated { chat: chat.clone() },
        )
        .await?;
    if let Some(message) = opening {
        change
            .record(
                &audience(&chat),
                Event::TeamChatMessageCreated {
                    chat: chat.clone(),
                    message,
                },
            )
            .await?;
    }
    let created = item(&mut change.tx, viewer, chat).await?;
    change.commit(state).await?;
    Ok((created, true))
}

/// A page of a chat's messages, oldest first (same cursors as conversations).
pub async fn list_messages(
    state: &AppState,
    viewer: &Viewer,
    id: TeamChatId,
    query: MessagesQuery,
) -> Result<MessagePage, ApiError> {
    let (window, limit) = window_of(&query)?;
    let mut db = state.pool.acquire().await?;
    member_of(&mut db, viewer, id).await?;
    let items = team_chats::page(&mut db, id, window, limit).await?;
    finish_page(items, window, limit, async |at, before| {
        team_chats::exists_beyond(&mut db, id, at, before).await
    })
    .await
}

/// Sends a message to a chat. Idempotent on `client_id`: a repeat returns
/// the first message and `false`. `internal` is ignored (a team chat never
/// reaches a customer); `quote` must be a message of the same chat.
pub async fn send(
    state: &AppState,
    viewer: &Viewer,
    id: TeamChatId,
    request: SendMessageRequest,
) -> Result<(Message, bool), ApiError> {
    let mut change = Change::begin(state).await?;
    let now = change.now;
    member_of(&mut change.tx, viewer, id).await?;
    if let Some((chat, existing)) =
        team_chats::by_client_id(&mut change.tx, viewer.user.id, &request.client_id).await?
    {
        if chat != id {
            return Err(ApiError::ClientIdReused);
        }
        let message = team_chats::message(&mut change.tx, existing)
            .await?
            .or_vanished("message")?;
        return Ok((message, false));
    }
    check_send(&request, MAX_TEXT_CHARS)?;
    for file in &request.attachments {
        if files::by_id(&mut change.tx, &file.0).await?.is_none() {
            return Err(ApiError::Unprocessable(format!("No such file: {}", file.0)));
        }
    }
    if let Some(quote) = request.quote {
        if team_chats::chat_of(&mut change.tx, quote).await? != Some(id) {
            return Err(ApiError::Unprocessable(
                "The quoted message is not part of this chat".into(),
            ));
        }
    }
    let mentions = mentions::resolve(&mut change.tx, viewer.user.id, &request.text).await?;
    let message_id = team_chats::insert_message(
        &mut change.tx,
        &team_chats::NewTeamMessage {
            chat: id,
            author: viewer.user.id,
            author_name: &viewer.user.name,
            text: &request.text,
            mentions: &mentions,
            client_id: Some(&request.client_id),
            quote_message: None,
            quote_team_message: request.quote,
            attachments: &request.attachments,
            now,
        },
    )
    .await?;
    let message = team_chats::message(&mut change.tx, message_id)
        .await?
        .or_vanished("message")?;
    let chat = team_chats::chat(&mut change.tx, id)
        .await?
        .or_vanished("chat")?;
    change
        .record(
            &audience(&chat),
            Event::TeamChatMessageCreated {
                chat,
                message: message.clone(),
            },
        )
        .await?;
    change.commit(state).await?;
    Ok((message, true))
}

/// Moves the viewer's read marker; tells the viewer's other tabs.
pub async fn mark_read(
    state: &AppState,
    viewer: &Viewer,
    id: TeamChatId,
    request: MarkTeamChatReadRequest,
) -> Result<(), ApiError> {
    let mut change = Change::begin(state).await?;
    let _now = change.now;
    member_of(&mut change.tx, viewer, id).await?;
    if team_chats::chat_of(&mut change.tx, request.last_read_message_id).await? != Some(id) {
        return Err(ApiError::Unprocessable(
            "The message is not part of this chat".into(),
        ));
    }
    let marker = team_chats::mark_read(
        &mut change.tx,
        id,
        viewer.user.id,
        request.last_read_message_id,
    )
    .await?;
    change
        .record(
            &Audience::Users(vec![viewer.user.id]),
            Event::TeamChatRead {
                team_chat_id: id,
                user_id: viewer.user.id,
                last_read_message_id: marker,
            },
        )
        .await?;
    change.commit(state).await?;
    Ok(())
}

/// Loads one of the viewer's own messages in a chat they are a member of.
async fn own_message(
    db: &mut Conn,
    viewer: &Viewer,
    chat: TeamChatId,
    id: MessageId,
) -> Result<(TeamChat, Option<i64>), ApiError> {
    let found = member_of(db, viewer, chat).await?;
    let Some((message_chat, author, deleted)) = team_chats::facts(db, id).await? else {
        return Err(ApiError::NotFound("No such message".into()));
    };
    if message_chat != chat {
        return Err(ApiError::NotFound("No such message".into()));
    }
    if author != viewer.user.id {
        return Err(ApiError::Forbidden(
            "You can only change your own messages".into(),
        ));
    }
    Ok((found, deleted))
}

/// "Edit" in a team chat: the author's own message; sets `edited_at`.
pub async fn edit_message(
    state: &AppState,
    viewer: &Viewer,
    chat: TeamChatId,
    id: MessageId,
    request: EditMessageRequest,
) -> Result<Message, ApiError> {
    let mut change = Change::begin(state).await?;
    let now = change.now;
    let (found, deleted) = own_message(&mut change.tx, viewer, chat, id).await?;
    if deleted.is_some() {
        return Err(ApiError::Conflict("This message was deleted".into()));
    }
    let current = team_chats::message(&mut change.tx, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such message".into()))?;
    let carries_more = !current.attachments.is_empty() || current.quote.is_some();
    check_body(&request.text, carries_more, MAX_TEXT_CHARS)?;
    let mentions = mentions::resolve(&mut change.tx, viewer.user.id, &request.text).await?;
    team_chats::edit_message(&mut change.tx, id, &request.text, &mentions, now).await?;
    finish_update(state, change, &found, id, now).await
}

/// "Delete" in a team chat: the author's own message; sets `deleted_at`.
/// Deleting a deleted message changes nothing.
pub async fn delete_message(
    state: &AppState,
    viewer: &Viewer,
    chat: TeamChatId,
    id: MessageId,
) -> Result<Message, ApiError> {
    let mut change = Change::begin(state).await?;
    let now = change.now;
    let (found, deleted) = own_message(&mut change.tx, viewer, chat, id).await?;
    if deleted.is_some() {
        return team_chats::message(&mut change.tx, id)
            .await?
            .ok_or_else(|| ApiError::NotFound("No such message".into()));
    }
    team_chats::delete_message(&mut change.tx, id, now).await?;
    finish_update(state, change, &found, id, now).await
}

async fn finish_update(
    state: &AppState,
    mut change: Change,
    chat: &TeamChat,
    id: MessageId,
    _now: i64,
) -> Result<Message, ApiError> {
    let message = team_chats::message(&mut change.tx, id)
        .await?
        .or_vanished("message")?;
    change
        .record(
            &audience(chat),
            Event::TeamChatMessageUpdated {
                team_chat_id: chat.id,
                message: message.clone(),
            },
        )
        .await?;
    change.commit(state).await?;
    Ok(message)
}
