//! Reading and writing messages of a conversation.

use switchboard_protocol::{
    AuthorKind, ConnectorCapabilities, ConversationId, ConversationStatus, Event, Message,
    MessageCard, MessageId, MessagePage, MessagesQuery, OutboundKind, SendMessageRequest,
};

use super::conversations::{audience_of, take_in, visible};
use super::events::Change;
use super::validation::{self, TextField, CLIENT_ID};
use super::{mentions, Viewer};
use crate::error::{ApiError, OrVanished};
use crate::state::AppState;
use crate::store::Conn;
use crate::store::{conversations, events::Audience, files, messages};

const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 200;
/// Longest text accepted from an employee when the channel sets no limit.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// The text of a message an employee writes (in a conversation or a team
/// chat, sent or edited); a channel may accept less ([`text_limit`]).
pub const TEXT: TextField = TextField::optional("text", MAX_TEXT_CHARS);
/// Most attachments per message.
const MAX_ATTACHMENTS: usize = 20;

/// A page of a conversation's messages, oldest first.
pub async fn list(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    query: MessagesQuery,
) -> Result<MessagePage, ApiError> {
    let (window, limit) = window_of(&query)?;
    let mut db = state.pool.acquire().await?;
    visible(&mut db, viewer, id).await?;
    let items = messages::page(&mut db, id, window, limit).await?;
    finish_page(items, window, limit, async |at, before| {
        messages::exists_beyond(&mut db, id, at, before).await
    })
    .await
}

/// The slice and page size a messages query asks for (conversations and
/// team chats page the same way).
pub(crate) fn window_of(query: &MessagesQuery) -> Result<(messages::Window, u32), ApiError> {
    let limit = validation::page_size(query.limit, DEFAULT_LIMIT, MAX_LIMIT);
    let window = match (query.before, query.after) {
        (Some(_), Some(_)) => {
            return Err(ApiError::BadRequest(
                "Give either `before` or `after`, not both".into(),
            ))
        }
        (Some(before), None) => messages::Window::Before(before),
        (None, Some(after)) => messages::Window::After(after),
        (None, None) => messages::Window::Latest,
    };
    Ok((window, limit))
}

/// Turns the rows read for `window` (one more than `limit` when more exist
/// in the cursor's direction) into a page; `beyond(id, before)` says whether
/// messages exist past `id` on the other side.
pub(crate) async fn finish_page(
    mut items: Vec<Message>,
    window: messages::Window,
    limit: u32,
    beyond: impl AsyncFnOnce(MessageId, bool) -> sqlx::Result<bool>,
) -> Result<MessagePage, ApiError> {
    let limit = limit as usize;
    let extra = items.len() > limit;
    // The extra row is on the far side of the cursor's direction.
    let after = matches!(window, messages::Window::After(_));
    if after {
        items.truncate(limit);
    } else if extra {
        items.remove(0);
    }
    let ends = items.first().map(|m| m.id).zip(items.last().map(|m| m.id));
    let (has_more_before, has_more_after) = match ends {
        Some((first, _)) if after => (beyond(first, true).await?, extra),
        Some((_, last)) => (extra, beyond(last, false).await?),
        None => (false, false),
    };
    Ok(MessagePage {
        items,
        has_more_before,
        has_more_after,
    })
}

/// The most characters a reply may have: the channel's limit when the
/// message reaches a customer through one (`caps`), else [`MAX_TEXT_CHARS`].
pub(crate) fn text_limit(caps: Option<&ConnectorCapabilities>) -> usize {
    caps.and_then(|caps| caps.max_text_length)
        .map_or(MAX_TEXT_CHARS, |max| (max as usize).min(MAX_TEXT_CHARS))
}

/// Checks what a message carries (written or edited): text, unless it
/// carries something else (`carries_more`: files, a quote), of at most
/// `max_text` characters.
pub(crate) fn check_body(text: &str, carries_more: bool, max_text: usize) -> Result<(), ApiError> {
    if text.trim().is_empty() && !carries_more {
        return Err(ApiError::Unprocessable(
            "A message needs text or an attachment".into(),
        ));
    }
    TEXT.at_most(max_text).check(text).map(drop)
}

/// Checks a message to send, to a conversation or a team chat: its client
/// id, its body and how many files it attaches.
pub(crate) fn check_send(request: &SendMessageRequest, max_text: usize) -> Result<(), ApiError> {
    CLIENT_ID.check(&request.client_id.0)?;
    check_body(&request.text, !request.attachments.is_empty(), max_text)?;
    if request.attachments.len() > MAX_ATTACHMENTS {
        return Err(ApiError::Unprocessable(format!(
            "At most {MAX_ATTACHMENTS} attachments per message"
        )));
    }
    Ok(())
}

/// Refuses attachments on a channel that carries no files, and files larger
/// than the channel accepts (422).
async fn check_files_allowed(
    db: &mut Conn,
    caps: &ConnectorCapabilities,
    request: &SendMessageRequest,
) -> Result<(), ApiError> {
    if request.attachments.is_empty() {
        return Ok(());
    }
    if !caps.files {
        return Err(ApiError::Unprocessable(
            "This channel cannot carry files: send the text alone".into(),
        ));
    }
    let Some(max) = caps.max_file_bytes else {
        return Ok(());
    };
    for file in &request.attachments {
        if let Some(row) = files::by_id(db, &file.0).await? {
            if u64::try_from(row.size).unwrap_or(u64::MAX) > max {
                return Err(ApiError::Unprocessable(format!(
                    "{} is larger than the {max} bytes this channel accepts",
                    row.name
                )));
            }
        }
    }
    Ok(())
}

/// Sends a message as the viewer. Idempotent on `client_id`: a repeat
/// returns the first message and `false`. Writing (not as an internal note)
/// in an unanswered conversation takes it, with the same race rules as
/// answering; in a closed or spam one (the chat's latest session) it reopens
/// it, in progress and assigned to the viewer, with a system message.
pub async fn send(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    request: SendMessageRequest,
) -> Result<(Message, bool), ApiError> {
    send_with_card(state, viewer, id, request, None).await
}

/// [`send`] with a structured card (product, payment link, company
/// details) built by the server; `request.text` is its plain rendering.
pub async fn send_with_card(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    request: SendMessageRequest,
    card: Option<&MessageCard>,
) -> Result<(Message, bool), ApiError> {
    let mut change = Change::begin(state).await?;
    let now = change.now;
    if let Some(existing) =
        messages::by_client_id(&mut change.tx, viewer.user.id, &request.client_id).await?
    {
        if existing.conversation_id == id {
            return Ok((existing, false));
        }
        return Err(ApiError::ClientIdReused);
    }
    let before = visible(&mut change.tx, viewer, id).await?;
    // Internal notes never reach the channel: only its limits on what the
    // customer receives apply to replies.
    let caps = if request.internal {
        None
    } else {
        crate::store::lines::connector_by_id(&mut change.tx, before.connector_id)
            .await?
            .map(|connector| connector.capabilities)
    };
    check_send(&request, text_limit(caps.as_ref()))?;
    if let Some(caps) = &caps {
        check_files_allowed(&mut change.tx, caps, &request).await?;
    }
    // Writing to a closed (or spam) conversation reopens it for the sender.
    let reopened = match (before.status.is_open(), request.internal) {
        (true, _) => None,
        (false, true) => return Err(ApiError::ConversationClosed),
        (false, false) => Some(super::actions::reopen(&mut change.tx, viewer, &before, now).await?),
    };
    // Participants write alongside the assignee; anyone else writing to the
    // customer answers (takes) the conversation.
    let participant = before.status == ConversationStatus::InProgress
        && before.participants.contains(&viewer.user.id);
    if !request.internal && !participant {
        take_in(&mut change.tx, viewer, id, now).await?;
    }
    // Only files the sender uploaded: a file id seen elsewhere (another
    // line's conversation, a customer's upload) cannot be re-attached.
    for file in &request.attachments {
        let row = files::by_id(&mut change.tx, &file.0).await?;
        if row.and_then(|row| row.uploaded_by) != Some(viewer.user.id.0) {
            return Err(ApiError::Unprocessable(format!("No such file: {}", file.0)));
        }
    }
    if let Some(quote) = request.quote {
        if messages::chat_of(&mut change.tx, quote).await? != Some(before.chat_id) {
            return Err(ApiError::Unprocessable(
                "The quoted message is not part of this chat".into(),
            ));
        }
    }
    let mentions = mentions::resolve(&mut change.tx, viewer.user.id, &request.text).await?;
    let message = messages::NewMessage {
        internal: request.internal,
        quote: request.quote,
        mentions: &mentions,
        client_id: Some(&request.client_id),
        card,
        ..messages::NewMessage::by_employee(id, &viewer.user, &request.text, now)
    };
    let message_id = messages::insert(&mut change.tx, &message).await?;
    files::attach(&mut change.tx, message_id.0, &request.attachments).await?;
    super::delivery::queue_message(
        &mut change.tx,
        message_id,
        OutboundKind::MessageCreated,
        now,
    )
    .await?;
    conversations::touch_with_message(
        &mut change.tx,
        id,
        message_id,
        AuthorKind::Employee,
        request.internal,
        now,
    )
    .await?;
    let message = messages::by_id(&mut change.tx, message_id)
        .await?
        .or_vanished("message")?;
    let after = visible(&mut change.tx, viewer, id).await?;
    let previous: Vec<_> = before.assignee.into_iter().collect();
    // The reopening system message, if any, comes before the message.
    let created = reopened.into_iter().chain([message.clone()]);
    let events = created
        .map(|message| Event::MessageCreated { message })
        .chain([Event::ConversationUpdated {
            conversation: after.clone(),
        }]);
    change
        .record_all(&audience_of(&after, &previous), events)
        .await?;
    // Mentioned colleagues are told even when they are not involved.
    let mentioned: Vec<_> = message
        .mentions
        .iter()
        .map(|mention| mention.user_id)
        .filter(|user| *user != viewer.user.id)
        .collect();
    if !mentioned.is_empty() {
        change
            .record(
                &Audience::Users(mentioned),
                Event::Mentioned {
                    conversation: after,
                    message: message.clone(),
                },
            )
            .await?;
    }
    change.commit(state).await?;
    if !request.internal {
        state.typing.stop(id);
    }
    Ok((message, true))
}
