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
    AuthorKind, ConversationId, ConversationStatus, Event, MessageId, SplitResult,
};

use super::conversations::{audience_of, visible};
use super::events::Change;
use super::Viewer;
use crate::error::{ApiError, OrVanished};
use crate::state::AppState;
use crate::store::conversation_actions::{self as actions, Transition};
use crate::store::message_actions as store_actions;
use crate::store::{conversations, messages};

/// Ends the message's session and starts a new one with this message.
pub async fn split(
    state: &AppState,
    viewer: &Viewer,
    id: MessageId,
) -> Result<SplitResult, ApiError> {
    let mut change = Change::begin(state).await?;
    let now = change.now;
    let facts = store_actions::facts(&mut change.tx, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such message".into()))?;
    let old = ConversationId(facts.conversation_id);
    let before = visible(&mut change.tx, viewer, old).await?;
    if facts.author_kind.0 != AuthorKind::Customer || facts.deleted_at.is_some() {
        return Err(ApiError::Unprocessable(
            "Only a customer's message can start a new conversation".into(),
        ));
    }
    super::actions::check_manage(&mut change.tx, viewer, &before).await?;
    if !messages::exists_beyond(&mut change.tx, old, id, true).await? {
        return Err(ApiError::Unprocessable(
            "This message already starts the conversation".into(),
        ));
    }
    let started = messages::by_id(&mut change.tx, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such message".into()))?;
    let assignee = match (before.status, before.assignee) {
        (ConversationStatus::InProgress, Some(assignee)) => assignee,
        _ => viewer.user.id,
    };
    let closed = actions::apply(
        &mut change.tx,
        old,
        before.version,
        &Transition::new(ConversationStatus::Closed, before.assignee, now),
    )
    .await?;
    if !closed {
        return Err(ApiError::ConversationChanged);
    }
    let external_chat_id = store_actions::external_chat_id(&mut change.tx, old)
        .await?
        .or_vanished("conversation")?;
    let latest = conversations::latest_of_chat(&mut change.tx, before.chat_id)
        .await?
        .map_or(i64::from(before.session_number), |(_, _, number)| number);
    let new = conversations::insert(
        &mut change.tx,
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
            conversations::add_participant(&mut change.tx, new, *participant).await?;
        }
    }
    let moved = store_actions::move_from(&mut change.tx, old, id, new).await?;
    let waiting = (!store_actions::answered_since(&mut change.tx, new, id).await?)
        .then_some(started.created_at);
    let line = store_actions::stored_line(&mut change.tx, old).await?;
    store_actions::set_split_state(&mut change.tx, new, line, waiting).await?;
    store_actions::record_split(&mut change.tx, old, new, id, viewer.user.id, now).await?;
    let name = &viewer.user.name;
    let closing = super::system_messages::write_text(
        &mut change.tx,
        old,
        &format!(
            "{name} moved the conversation to a new session (#{new}) starting with a message of {}",
            started.author.name
        ),
        now,
    )
    .await?;
    let opening = super::system_messages::write_text(
        &mut change.tx,
        new,
        &format!("{name} started this session from session #{old}"),
        now,
    )
    .await?;
    store_actions::refresh_last_message(&mut change.tx, old).await?;
    store_actions::refresh_last_message(&mut change.tx, new).await?;
    let closed = conversations::summary(&mut change.tx, old)
        .await?
        .or_vanished("conversation")?;
    let created = conversations::summary(&mut change.tx, new)
        .await?
        .or_vanished("conversation")?;
    let old_events = [
        Event::MessageCreated { message: closing },
        Event::ConversationUpdated {
            conversation: closed.clone(),
        },
    ];
    change
        .record_all(&audience_of(&closed, &[]), old_events)
        .await?;
    let mut new_events = vec![Event::ConversationCreated {
        conversation: created.clone(),
    }];
    for moved_id in moved {
        if let Some(message) = messages::by_id(&mut change.tx, moved_id).await? {
            new_events.push(Event::MessageUpdated { message });
        }
    }
    new_events.push(Event::MessageCreated { message: opening });
    change
        .record_all(&audience_of(&created, &[]), new_events)
        .await?;
    change.commit(state).await?;
    Ok(SplitResult {
        closed,
        created,
        message_id: id,
    })
}
