//! "Move to new conversation" (split): the customer raised a new topic, so
//! the current session ends and a new session of the same chat starts with
//! the chosen customer message.
//!
//! Design: the chosen message **and every later message of the session**
//! (whoever wrote them) move to the new session, so neither session has a
//! hole in its thread. The old session is closed with a system message
//! naming the new one; the new session is in progress, assigned to the old
//! session's assignee (or the caller when it had none), keeps its
//! participants and line, and gets a system message naming the old one.
//! The link is stored and exposed both ways in the message history
//! (`HistorySession::split_from` / `split_into`) and in `SplitResult`.

use switchboard_protocol::{
    AuthorKind, ConversationId, ConversationStatus, Event, Message, MessageId, SplitResult,
};

use super::conversations::{audience_of, visible};
use super::{events, Viewer};
use crate::error::{ApiError, OrVanished};
use crate::state::AppState;
use crate::store::conversation_actions::{self as actions, Transition};
use crate::store::message_actions as store_actions;
use crate::store::{self, conversations, messages};

/// Author name of system messages.
const SYSTEM_AUTHOR: &str = "Switchboard";

async fn system_note(
    db: &mut sqlx::SqliteConnection,
    conversation: ConversationId,
    text: &str,
    now: i64,
) -> Result<Message, ApiError> {
    let id = messages::insert(
        db,
        &messages::NewMessage {
            conversation,
            author_kind: AuthorKind::System,
            author_user: None,
            author_customer: None,
            author_name: SYSTEM_AUTHOR,
            text,
            internal: false,
            quote: None,
            mentions: &[],
            client_id: None,
            external: None,
            system: None,
            card: None,
            now,
        },
    )
    .await?;
    messages::by_id(db, id).await?.or_vanished("system message")
}

/// Ends the message's session and starts a new one with this message.
pub async fn split(
    state: &AppState,
    viewer: &Viewer,
    id: MessageId,
) -> Result<SplitResult, ApiError> {
    let now = store::now_ms();
    let mut tx = store::begin_write(&state.pool).await?;
    let facts = store_actions::facts(&mut tx, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such message".into()))?;
    let old = ConversationId(facts.conversation_id);
    let before = visible(&mut tx, viewer, old).await?;
    if facts.author_kind.0 != AuthorKind::Customer || facts.deleted_at.is_some() {
        return Err(ApiError::Unprocessable(
            "Only a customer's message can start a new conversation".into(),
        ));
    }
    super::actions::check_manage(&mut tx, viewer, &before).await?;
    if !messages::exists_beyond(&mut tx, old, id, true).await? {
        return Err(ApiError::Unprocessable(
            "This message already starts the conversation".into(),
        ));
    }
    let started = messages::by_id(&mut tx, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such message".into()))?;
    let assignee = match (before.status, before.assignee) {
        (ConversationStatus::InProgress, Some(assignee)) => assignee,
        _ => viewer.user.id,
    };
    let closed = actions::apply(
        &mut tx,
        old,
        before.version,
        &Transition {
            status: ConversationStatus::Closed,
            assignee: before.assignee,
            line: None,
            locked_by: None,
            now,
        },
    )
    .await?;
    if !closed {
        return Err(ApiError::ConversationChanged);
    }
    let external_chat_id = store_actions::external_chat_id(&mut tx, old)
        .await?
        .or_vanished("conversation")?;
    let latest = conversations::latest_of_chat(&mut tx, before.chat_id)
        .await?
        .map_or(i64::from(before.session_number), |(_, _, number)| number);
    let new = conversations::insert(
        &mut tx,
        &conversations::NewConversation {
            chat: before.chat_id,
            session_number: latest + 1,
            connector: before.connector_id,
            external_chat_id: &external_chat_id,
            status: ConversationStatus::InProgress,
            assignee: Some(assignee),
            now,
        },
    )
    .await?;
    for participant in &before.participants {
        if *participant != assignee {
            conversations::add_participant(&mut tx, new, *participant).await?;
        }
    }
    let moved = store_actions::move_from(&mut tx, old, id, new).await?;
    let waiting =
        (!store_actions::answered_since(&mut tx, new, id).await?).then_some(started.created_at);
    let line = store_actions::stored_line(&mut tx, old).await?;
    store_actions::set_split_state(&mut tx, new, line, waiting).await?;
    store_actions::record_split(&mut tx, old, new, id, viewer.user.id, now).await?;
    let name = &viewer.user.name;
    let closing = system_note(
        &mut tx,
        old,
        &format!(
            "{name} moved the conversation to a new session (#{new}) starting with a message of {}",
            started.author.name
        ),
        now,
    )
    .await?;
    let opening = system_note(
        &mut tx,
        new,
        &format!("{name} started this session from session #{old}"),
        now,
    )
    .await?;
    store_actions::refresh_last_message(&mut tx, old).await?;
    store_actions::refresh_last_message(&mut tx, new).await?;
    let closed = conversations::summary(&mut tx, old)
        .await?
        .or_vanished("conversation")?;
    let created = conversations::summary(&mut tx, new)
        .await?
        .or_vanished("conversation")?;
    let old_audience = audience_of(&closed, &[]);
    let new_audience = audience_of(&created, &[]);
    events::record(
        &mut tx,
        now,
        &old_audience,
        Event::MessageCreated { message: closing },
    )
    .await?;
    events::record(
        &mut tx,
        now,
        &old_audience,
        Event::ConversationUpdated {
            conversation: closed.clone(),
        },
    )
    .await?;
    events::record(
        &mut tx,
        now,
        &new_audience,
        Event::ConversationCreated {
            conversation: created.clone(),
        },
    )
    .await?;
    for moved_id in moved {
        if let Some(message) = messages::by_id(&mut tx, moved_id).await? {
            events::record(
                &mut tx,
                now,
                &new_audience,
                Event::MessageUpdated { message },
            )
            .await?;
        }
    }
    events::record(
        &mut tx,
        now,
        &new_audience,
        Event::MessageCreated { message: opening },
    )
    .await?;
    events::commit(state, tx).await?;
    Ok(SplitResult {
        closed,
        created,
        message_id: id,
    })
}
