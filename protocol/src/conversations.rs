//! Conversations (sessions of a chat) and the queue that lists them.

use serde::{Deserialize, Serialize};

use crate::names::named_enum;
use crate::search::query_params;
use crate::{
    AuthorKind, ChatId, ConnectorId, ConnectorKind, ConversationId, Customer, LabelId, LineId,
    MessageId, Priority, Timestamp, UserId,
};

named_enum! {
    /// Where a conversation is in its life.
    pub enum ConversationStatus {
        /// The customer waits for an employee.
        Unanswered = "unanswered",
        /// An employee (the assignee) took it.
        InProgress = "in_progress",
        /// Finished.
        Closed = "closed",
        /// Closed as spam.
        Spam = "spam",
    }
}

impl ConversationStatus {
    /// Whether the customer and employees can still write in it.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Unanswered | Self::InProgress)
    }
}

/// A plain-text preview of the last message of a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessagePreview {
    /// The message.
    pub id: MessageId,
    /// Who wrote it.
    pub author_kind: AuthorKind,
    /// Its text as plain text (mentions as `@Name` and `@Title`, as the
    /// customer reads them), truncated to about 200 characters (empty when
    /// deleted).
    pub text: String,
    /// Whether it is an internal note.
    pub internal: bool,
    /// When it was written.
    pub created_at: Timestamp,
}

/// A conversation as every employee sees it (the same for everyone, so it
/// travels in events). Per-employee data (unread count) is in [`QueueItem`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationSummary {
    /// Server identifier.
    pub id: ConversationId,
    /// The chat (customer on a line) it is a session of.
    pub chat_id: ChatId,
    /// 1 for the first session of the chat, then 2, 3...
    pub session_number: u32,
    /// The line it belongs to.
    pub line_id: LineId,
    /// The connector the customer writes through.
    pub connector_id: ConnectorId,
    /// The channel of that connector.
    pub channel: ConnectorKind,
    /// Title for employees: the one set with `PUT .../title` (`/rename`),
    /// else the chat title given by the channel, if any. Never shown to the customer.
    pub title: Option<String>,
    /// The customer.
    pub customer: Customer,
    /// Current status.
    pub status: ConversationStatus,
    /// The employee it is assigned to (in progress), or offered to
    /// (unanswered, on lines that distribute evenly or strictly).
    pub assignee: Option<UserId>,
    /// Employees invited into the conversation besides the assignee.
    pub participants: Vec<UserId>,
    /// The last message, if any.
    pub last_message: Option<MessagePreview>,
    /// Since when the customer waits for an answer (`None` when they don't).
    pub waiting_since: Option<Timestamp>,
    /// Last message or status change.
    pub last_activity_at: Timestamp,
    /// When the session started.
    pub created_at: Timestamp,
    /// When the session was closed, if it was.
    pub closed_at: Option<Timestamp>,
    /// Increases with every change, so clients can ignore stale copies.
    pub version: i64,
    /// Set while the conversation is locked to its assignee ("Lock as mine"):
    /// the employee who locked it. Only they, the assignee, supervisors and
    /// admins may then take or transfer it.
    #[serde(default)]
    pub locked_by: Option<UserId>,
    /// While the assignee of an unanswered conversation holds it as an
    /// offer ("Offered to you"): when the offer passes on to the next
    /// available member unless they accept it.
    #[serde(default)]
    pub offer_expires_at: Option<Timestamp>,
    /// How the customer rated the finished conversation (1 to 5), once
    /// they did.
    #[serde(default)]
    pub rating: Option<u8>,
    /// The labels it carries, in the order of the labels' names.
    #[serde(default)]
    pub labels: Vec<LabelId>,
    /// How urgent it is.
    #[serde(default)]
    pub priority: Priority,
    /// While the conversation in progress is snoozed: when it comes back
    /// (it also comes back as soon as the customer writes). Snoozed
    /// conversations are listed apart from "In progress".
    #[serde(default)]
    pub snoozed_until: Option<Timestamp>,
}

impl ConversationSummary {
    /// The employee holding the conversation as an offer, if any.
    pub fn offered_to(&self) -> Option<UserId> {
        self.offer_expires_at.and(self.assignee)
    }

    /// Whether the conversation is locked to its assignee.
    pub fn is_locked(&self) -> bool {
        self.locked_by.is_some()
    }
}

/// A queue row: the conversation plus what is personal to the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueItem {
    /// The conversation.
    pub conversation: ConversationSummary,
    /// Customer messages after the caller's read marker.
    pub unread_count: u32,
    /// The caller's read marker.
    pub last_read_message_id: Option<MessageId>,
}

/// Number of visible conversations per status, with the same filters as the page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCounts {
    /// Unanswered.
    pub unanswered: u32,
    /// In progress.
    pub in_progress: u32,
    /// Closed.
    pub closed: u32,
    /// Spam.
    pub spam: u32,
    /// In progress and assigned to the viewer ("Mine").
    #[serde(default)]
    pub in_progress_mine: u32,
    /// In progress but snoozed (not counted in `in_progress` nor
    /// `in_progress_mine`).
    #[serde(default)]
    pub snoozed: u32,
}

query_params! {
    /// Query of `GET /api/v1/conversations`. Every filter is optional.
    pub struct QueueQuery {
        /// Only this status.
        pub status: Option<ConversationStatus>,
        /// Only this line.
        pub line_id: Option<LineId>,
        /// Only conversations assigned to this employee.
        pub assignee: Option<UserId>,
        /// Only conversations with this label.
        pub label: Option<LabelId>,
        /// `true`: only snoozed conversations; `false`: only those not
        /// snoozed; absent: both.
        pub snoozed: Option<bool>,
        /// Text search in the customer's name, the employee-set title and the messages.
        pub q: Option<String>,
        /// `next_cursor` of the previous page.
        pub cursor: Option<String>,
        /// Page size, 1 to 200 (default 50).
        pub limit: Option<u32>,
    }
}

/// Answer of `GET /api/v1/conversations`: most recent activity first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueuePage {
    /// The rows of this page.
    pub items: Vec<QueueItem>,
    /// Pass as `cursor` to get the next page; `None` on the last page.
    pub next_cursor: Option<String>,
    /// Counts per status (ignoring the `status` filter and the cursor).
    pub counts: StatusCounts,
}

/// Answer of `GET /api/v1/conversations/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationDetail {
    /// The conversation and what is personal to the caller.
    #[serde(flatten)]
    pub item: QueueItem,
    /// Number of earlier sessions of the same chat.
    pub earlier_sessions: u32,
}

/// Body of `POST /api/v1/conversations/{id}/read`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkReadRequest {
    /// The last message the employee has seen.
    pub last_read_message_id: MessageId,
}
