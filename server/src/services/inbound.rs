//! Customer channels: the generic webhook connectors deliver messages to,
//! and the customer's view of a chat.

pub mod telegram;
mod writer;

pub use writer::{InboundWriter, Source, WriterStartError};

use switchboard_protocol::mentions::plain_text;
use switchboard_protocol::{
    AuthorKind, ChatId, Connector, CustomerViewMessage, CustomerViewPage, CustomerViewSender,
    InboundAccepted, InboundDelivery, MessageId,
};

use super::validation::TextField;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{conversations, customers, lines, messages};

/// Longest accepted external id, name or title.
const MAX_FIELD_CHARS: usize = 500;
/// Longest accepted customer text.
const MAX_TEXT_CHARS: usize = 100_000;
/// Most attachments per delivered message.
const MAX_ATTACHMENTS: usize = 20;
/// Page size of the customer view.
const VIEW_LIMIT: u32 = 200;

async fn connector(state: &AppState, token: &str) -> Result<Connector, ApiError> {
    let mut db = state.pool.acquire().await?;
    lines::connector_by_token(&mut db, token)
        .await?
        .ok_or_else(|| ApiError::NotFound("Unknown connector token".into()))
}

fn check_field(name: &'static str, value: &str, allow_empty: bool) -> Result<(), ApiError> {
    let field = if allow_empty {
        TextField::optional(name, MAX_FIELD_CHARS)
    } else {
        TextField::required(name, MAX_FIELD_CHARS)
    };
    field.check(value).map(drop)
}

/// Checks a delivery's values; `stored_files` counts the files already
/// stored on this server that come with it.
fn validate(delivery: &InboundDelivery, stored_files: usize) -> Result<(), ApiError> {
    check_field("chat.id", &delivery.chat.id, false)?;
    check_field("customer.id", &delivery.customer.id, false)?;
    check_field("customer.name", &delivery.customer.name, false)?;
    check_field("message.id", &delivery.message.id, false)?;
    if let Some(title) = &delivery.chat.title {
        check_field("chat.title", title, true)?;
    }
    for value in [&delivery.customer.email, &delivery.customer.phone]
        .into_iter()
        .flatten()
    {
        check_field("customer contact", value, true)?;
    }
    let message = &delivery.message;
    if message.text.trim().is_empty() && message.attachments.is_empty() && stored_files == 0 {
        return Err(ApiError::Unprocessable(
            "A message needs text or an attachment".into(),
        ));
    }
    TextField::optional("message.text", MAX_TEXT_CHARS).check(&message.text)?;
    if message.attachments.len() > MAX_ATTACHMENTS {
        return Err(ApiError::Unprocessable("Too many attachments".into()));
    }
    for attachment in &message.attachments {
        let scheme_ok =
            attachment.url.starts_with("https://") || attachment.url.starts_with("http://");
        if !scheme_ok {
            return Err(ApiError::Unprocessable(
                "Attachment URLs must be http(s)".into(),
            ));
        }
        check_field("attachment.url", &attachment.url, false)?;
        check_field("attachment.name", &attachment.name, false)?;
        check_field("attachment.content_type", &attachment.content_type, false)?;
    }
    Ok(())
}

/// Stores a customer message delivered by a connector. A repeated delivery
/// (same `message.id` on the same connector) returns the first result. A
/// closed or spam chat gets a new session.
///
/// The token, the values and the write are handled by the [`InboundWriter`],
/// which commits the deliveries waiting at that moment together (group
/// commit). The answer comes only after that commit, so an acknowledged
/// message survives a crash.
pub async fn deliver(
    state: &AppState,
    token: &str,
    delivery: InboundDelivery,
) -> Result<InboundAccepted, ApiError> {
    state
        .inbound
        .write(Source::Token(token.to_owned()), delivery, Vec::new())
        .await
}

/// What the customer sees of a chat: customer and company messages of every
/// session, in order, never internal notes, mentions as names.
pub async fn customer_view(
    state: &AppState,
    token: &str,
    external_chat_id: &str,
    after: Option<MessageId>,
) -> Result<CustomerViewPage, ApiError> {
    let connector = connector(state, token).await?;
    chat_view(state, &connector, external_chat_id, after).await
}

/// [`customer_view`] of a connector already found.
pub async fn chat_view(
    state: &AppState,
    connector: &Connector,
    external_chat_id: &str,
    after: Option<MessageId>,
) -> Result<CustomerViewPage, ApiError> {
    let chat = {
        let mut db = state.pool.acquire().await?;
        customers::chat_by_link(&mut db, connector.id, external_chat_id).await?
    };
    let Some(chat) = chat else {
        return Err(ApiError::NotFound("No such chat on this connector".into()));
    };
    view_of_chat(state, connector, chat, after).await
}

/// [`chat_view`] of a chat already found.
pub async fn view_of_chat(
    state: &AppState,
    connector: &Connector,
    chat: ChatId,
    after: Option<MessageId>,
) -> Result<CustomerViewPage, ApiError> {
    let mut db = state.pool.acquire().await?;
    let after = after.unwrap_or(MessageId(0));
    let found = messages::customer_visible(&mut db, chat, after, VIEW_LIMIT).await?;
    let next_cursor = Some(found.last().map_or(after, |message| message.id));
    let caps = &connector.capabilities;
    let mut items = Vec::with_capacity(found.len());
    for message in found {
        // A deletion reaches the customer only where the channel can delete;
        // elsewhere they keep the message as it was.
        if message.deleted_at.is_some() && caps.delete_on_customer_side {
            continue;
        }
        // An edit reaches them only where the channel can edit.
        let (text, edited) = match (message.edited_at.is_some(), caps.edit_on_customer_side) {
            (true, false) => (
                crate::store::message_actions::original_text(&mut db, message.id)
                    .await?
                    .unwrap_or_else(|| message.text.clone()),
                false,
            ),
            (edited, _) => (message.text.clone(), edited),
        };
        items.push(CustomerViewMessage {
            id: message.id,
            from: if message.author.kind == AuthorKind::Customer {
                CustomerViewSender::Customer
            } else {
                CustomerViewSender::Company
            },
            author_name: message.author.name.clone(),
            text: plain_text(&text, &message.mentions, &message.chat_mentions),
            attachments: message.attachments,
            created_at: message.created_at,
            edited,
            deleted: false,
            card: message.card,
        });
    }
    let operator_typing = connector.capabilities.typing_indicator
        && conversations::latest_of_chat(&mut db, chat)
            .await?
            .is_some_and(|(id, status, _)| status.is_open() && state.typing.replying(id));
    Ok(CustomerViewPage {
        items,
        next_cursor,
        operator_typing,
    })
}
