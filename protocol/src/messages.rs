//! Messages of a conversation.

use serde::{Deserialize, Serialize};

use crate::names::named_enum;
use crate::search::query_params;
use crate::{
    Attachment, ChatId, ClientMessageId, ConversationId, CustomerId, FileId, MessageId, TeamChatId,
    Timestamp, UserId,
};

named_enum! {
    /// Who wrote a message.
    pub enum AuthorKind {
        /// The customer.
        Customer = "customer",
        /// An employee.
        Employee = "employee",
        /// The workspace itself (status changes, transfers...).
        System = "system",
        /// An automated assistant.
        Bot = "bot",
    }
}

/// The author of a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Author {
    /// Kind of author.
    pub kind: AuthorKind,
    /// The employee, when `kind` is `employee`.
    pub user_id: Option<UserId>,
    /// The customer, when `kind` is `customer`.
    pub customer_id: Option<CustomerId>,
    /// Display name at the time of writing.
    pub name: String,
}

/// A mention of an employee. In the text it is written `@{user:ID}`; show
/// it as `@` followed by `name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mention {
    /// The employee mentioned.
    pub user_id: UserId,
    /// Their name.
    pub name: String,
}

/// A mention of a team chat the author is a member of. In the text it is
/// written `@{chat:ID}`; show it as `@` followed by `title` (the customer
/// reads exactly that, as plain text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatMention {
    /// The team chat mentioned.
    pub team_chat_id: TeamChatId,
    /// Its title when the message was written or last edited.
    pub title: String,
}

/// The message a reply quotes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuotedMessage {
    /// The quoted message.
    pub id: MessageId,
    /// Its author's name.
    pub author_name: String,
    /// The start of its text (empty if it was deleted).
    pub excerpt: String,
    /// Set when the quoted message is a customer conversation's message
    /// quoted outside it (the opening quote of a team chat): that conversation.
    #[serde(default)]
    pub conversation_id: Option<ConversationId>,
}

/// A message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    /// Server identifier; grows with time.
    pub id: MessageId,
    /// The conversation (session) it belongs to.
    pub conversation_id: ConversationId,
    /// The chat of that conversation.
    pub chat_id: ChatId,
    /// The id the sending client generated, for reconciling optimistic sends.
    pub client_id: Option<ClientMessageId>,
    /// Who wrote it.
    pub author: Author,
    /// Plain text; may contain mention tokens `@{user:ID}` (listed in
    /// `mentions`) and `@{chat:ID}` (listed in `chat_mentions`). Empty when
    /// deleted.
    pub text: String,
    /// Attached files.
    pub attachments: Vec<Attachment>,
    /// The message it replies to, if any.
    pub quote: Option<QuotedMessage>,
    /// Internal note: employees only, never sent to the customer.
    pub internal: bool,
    /// Employees mentioned in the text.
    pub mentions: Vec<Mention>,
    /// Team chats mentioned in the text. JSON written before chats could be
    /// mentioned has no such field: read as none.
    #[serde(default)]
    pub chat_mentions: Vec<ChatMention>,
    /// When it was written.
    pub created_at: Timestamp,
    /// When it was last edited, if it was.
    pub edited_at: Option<Timestamp>,
    /// When it was deleted, if it was.
    pub deleted_at: Option<Timestamp>,
    /// For system messages (`author.kind` = `system`): what happened, for the
    /// app to render in its language; `text` is an English rendering.
    #[serde(default)]
    pub system: Option<crate::SystemEvent>,
    /// A structured card (product, payment link, company details) the
    /// message shows; `text` is a plain English rendering of it.
    #[serde(default)]
    pub card: Option<crate::MessageCard>,
    /// Its delivery to the customer's channel: none for messages that do
    /// not travel (internal notes, customer and system messages) and on
    /// channels whose adapter polls the customer view.
    #[serde(default)]
    pub delivery: Option<crate::MessageDelivery>,
}

/// Body of `POST /api/v1/conversations/{id}/messages`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SendMessageRequest {
    /// Client-generated id; a repeat with the same id returns the first message.
    pub client_id: ClientMessageId,
    /// Plain text. Mention tokens allowed: `@{user:ID}` (an employee) and
    /// `@{chat:ID}` (a team chat the sender is a member of); a token that
    /// names neither is kept as typed and mentions nothing.
    pub text: String,
    /// Files uploaded with `POST /api/v1/files`.
    #[serde(default)]
    pub attachments: Vec<FileId>,
    /// The message this one replies to.
    #[serde(default)]
    pub quote: Option<MessageId>,
    /// An internal note (never reaches the customer).
    #[serde(default)]
    pub internal: bool,
}

query_params! {
    /// Query of `GET /api/v1/conversations/{id}/messages`. Without cursors: the
    /// latest `limit` messages.
    pub struct MessagesQuery {
        /// Messages older than this one (scrolling up).
        pub before: Option<MessageId>,
        /// Messages newer than this one (catching up).
        pub after: Option<MessageId>,
        /// Page size, 1 to 200 (default 50).
        pub limit: Option<u32>,
    }
}

/// A page of messages, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessagePage {
    /// The messages, in order.
    pub items: Vec<Message>,
    /// Whether older messages exist (ask with `before` = first id).
    pub has_more_before: bool,
    /// Whether newer messages exist (ask with `after` = last id).
    pub has_more_after: bool,
}
