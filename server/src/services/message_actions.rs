//! "Edit" and "Delete" of a conversation message: the caller's own
//! messages only.
//!
//! Editing an internal note is always allowed. Editing a message the
//! customer received is allowed only where the channel can deliver the edit
//! (`edit_on_customer_side`): the capability doubles as "editable", because
//! an edit the customer never sees would leave the two sides telling
//! different stories. Deleting is allowed on every channel; where the
//! channel cannot delete (`delete_on_customer_side` false) the customer
//! keeps their copy, colleagues see "Message deleted". Each change emits
//! `message_updated` to the conversation's audience, and `conversation_updated`
//! when the message is the one the queue previews.

use switchboard_protocol::{
    AuthorKind, ConnectorCapabilities, ConversationId, ConversationSummary, EditMessageRequest,
    Event, Message, MessageId, OutboundKind,
};

use super::conversations::{audience_of, visible};
use super::delivery;
use super::events::Change;
use super::mentions;
use super::messages::{check_body, text_limit};
use super::Viewer;
use crate::error::{ApiError, OrVanished};
use crate::state::AppState;
use crate::store::message_actions::{self as store_actions, MessageFacts};
use crate::store::Conn;
use crate::store::{conversations, lines, messages};

/// Loads a message and its conversation, refusing anyone but its author.
async fn own_message(
    db: &mut Conn,
    viewer: &Viewer,
    id: MessageId,
) -> Result<(MessageFacts, ConversationSummary), ApiError> {
    let facts = store_actions::facts(db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such message".into()))?;
    let conversation = visible(db, viewer, ConversationId(facts.conversation_id)).await?;
    let own = facts.author_kind.0 == AuthorKind::Employee
        && facts.author_user_id == Some(viewer.user.id.0);
    if !own {
        return Err(ApiError::Forbidden(
            "You can only change your own messages".into(),
        ));
    }
    Ok((facts, conversation))
}

async fn capabilities(
    db: &mut Conn,
    conversation: &ConversationSummary,
) -> Result<ConnectorCapabilities, ApiError> {
    lines::connector_by_id(db, conversation.connector_id)
        .await?
        .map(|connector| connector.capabilities)
        .or_vanished("connector")
}

/// Replaces the text of one of the caller's messages; sets `edited_at`.
pub async fn edit(
    state: &AppState,
    viewer: &Viewer,
    id: MessageId,
    request: EditMessageRequest,
) -> Result<Message, ApiError> {
    let mut change = Change::begin(state).await?;
    let now = change.now;
    let (facts, conversation) = own_message(&mut change.tx, viewer, id).await?;
    if facts.deleted_at.is_some() {
        return Err(ApiError::Conflict("This message was deleted".into()));
    }
    let caps = capabilities(&mut change.tx, &conversation).await?;
    if !facts.internal && !caps.edit_on_customer_side {
        return Err(ApiError::UnsupportedByChannel(
            "This channel cannot change a message the customer already received".into(),
        ));
    }
    let current = messages::by_id(&mut change.tx, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such message".into()))?;
    if current.card.is_some() {
        // The card (price, link) is what the customer relies on; a changed
        // text would contradict it.
        return Err(ApiError::Conflict(
            "A product, payment or company card cannot be edited; delete it and send a new one"
                .into(),
        ));
    }
    // Internal notes never reach the channel: only its limit on what the
    // customer receives applies to replies.
    let max_text = text_limit((!facts.internal).then_some(&caps));
    check_body(&request.text, !current.attachments.is_empty(), max_text)?;
    if request.text == current.text {
        return Ok(current);
    }
    let mentions = mentions::resolve(&mut change.tx, viewer.user.id, &request.text).await?;
    store_actions::edit(&mut change.tx, id, &request.text, &mentions, now).await?;
    delivery::queue_message(&mut change.tx, id, OutboundKind::MessageEdited, now).await?;
    finish(state, change, &conversation, id, now).await
}

/// Deletes one of the caller's messages; sets `deleted_at`. Deleting a
/// deleted message changes nothing.
pub async fn delete(state: &AppState, viewer: &Viewer, id: MessageId) -> Result<Message, ApiError> {
    let mut change = Change::begin(state).await?;
    let now = change.now;
    let (facts, conversation) = own_message(&mut change.tx, viewer, id).await?;
    if facts.deleted_at.is_some() {
        return messages::by_id(&mut change.tx, id)
            .await?
            .ok_or_else(|| ApiError::NotFound("No such message".into()));
    }
    store_actions::delete(&mut change.tx, id, now).await?;
    // Where the channel cannot delete, the customer keeps their copy.
    if capabilities(&mut change.tx, &conversation)
        .await?
        .delete_on_customer_side
    {
        delivery::queue_message(&mut change.tx, id, OutboundKind::MessageDeleted, now).await?;
    }
    finish(state, change, &conversation, id, now).await
}

async fn finish(
    state: &AppState,
    mut change: Change,
    conversation: &ConversationSummary,
    id: MessageId,
    _now: i64,
) -> Result<Message, ApiError> {
    let message = messages::by_id(&mut change.tx, id)
        .await?
        .or_vanished("message")?;
    let audience = audience_of(conversation, &[]);
    change
        .record(
            &audience,
            Event::MessageUpdated {
                message: message.clone(),
            },
        )
        .await?;
    // The queue previews the last message: tell it when that one changed.
    if conversation.last_message.as_ref().map(|last| last.id) == Some(id) {
        store_actions::bump_version(&mut change.tx, conversation.id).await?;
        let after = conversations::summary(&mut change.tx, conversation.id)
            .await?
            .or_vanished("conversation")?;
        change
            .record(
                &audience,
                Event::ConversationUpdated {
                    conversation: after,
                },
            )
            .await?;
    }
    change.commit(state).await?;
    Ok(message)
}
