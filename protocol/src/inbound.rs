//! The generic webhook connectors call, and what the customer sees back.

use serde::{Deserialize, Serialize};

use crate::{ConversationId, MessageId, Timestamp};

/// Body of `POST /api/v1/inbound/{connector_token}`: one customer message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboundDelivery {
    /// The chat on the channel's side.
    pub chat: InboundChat,
    /// The customer on the channel's side.
    pub customer: InboundCustomer,
    /// The message.
    pub message: InboundMessage,
}

/// A chat as the channel identifies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboundChat {
    /// The channel's id of the chat.
    pub id: String,
    /// A title, if the channel has one.
    #[serde(default)]
    pub title: Option<String>,
}

/// A customer as the channel identifies them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboundCustomer {
    /// The channel's id of the customer.
    pub id: String,
    /// Display name.
    pub name: String,
    /// E-mail address, if known.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone number, if known.
    #[serde(default)]
    pub phone: Option<String>,
}

/// A message as the channel delivers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboundMessage {
    /// The channel's id of the message; a repeated delivery with the same id
    /// creates nothing new.
    pub id: String,
    /// Text (may be empty when there are attachments).
    #[serde(default)]
    pub text: String,
    /// Files hosted by the channel.
    #[serde(default)]
    pub attachments: Vec<InboundAttachment>,
}

/// A file hosted by the channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboundAttachment {
    /// Where to download it (`http`/`https`).
    pub url: String,
    /// File name.
    pub name: String,
    /// MIME type.
    #[serde(default = "default_content_type")]
    pub content_type: String,
    /// Size in bytes, if known.
    #[serde(default)]
    pub size: u64,
}

fn default_content_type() -> String {
    "application/octet-stream".into()
}

/// Answer of the webhook (202): where the message landed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboundAccepted {
    /// The conversation (session) holding the message.
    pub conversation_id: ConversationId,
    /// The stored message.
    pub message_id: MessageId,
}

/// Who wrote a message, from the customer's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CustomerViewSender {
    /// The customer.
    Customer,
    /// The company (an employee or a bot).
    Company,
}

/// A message as the customer sees it: no internal notes, mentions as names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerViewMessage {
    /// Server id; pass the last one as `after` to poll for newer messages.
    pub id: MessageId,
    /// Who wrote it.
    pub from: CustomerViewSender,
    /// Sender's display name.
    pub author_name: String,
    /// Plain text (empty when deleted).
    pub text: String,
    /// Attached files.
    pub attachments: Vec<crate::Attachment>,
    /// When it was written.
    pub created_at: Timestamp,
    /// Whether the customer sees it edited (only on channels with
    /// `edit_on_customer_side`; elsewhere they keep the original text).
    pub edited: bool,
    /// Always `false` today: a deleted message disappears from the view on
    /// channels with `delete_on_customer_side` and stays unchanged elsewhere
    /// (the customer still has it). Kept so clients may show tombstones later.
    pub deleted: bool,
    /// The card the customer receives with the text (product, payment
    /// link, company details); its values are data: render them as text.
    #[serde(default)]
    pub card: Option<crate::MessageCard>,
}

/// Answer of `GET /api/v1/inbound/{connector_token}/chats/{external_chat_id}/messages`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerViewPage {
    /// Messages in order, all sessions of the chat.
    pub items: Vec<CustomerViewMessage>,
    /// Cursor for the next poll (the last id, or the `after` given).
    pub next_cursor: Option<MessageId>,
    /// Whether an employee is typing a reply right now (only on channels
    /// whose connector has the `typing_indicator` capability).
    #[serde(default)]
    pub operator_typing: bool,
}
