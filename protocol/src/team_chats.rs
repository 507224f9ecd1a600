//! Internal (team) chats: employee-only chats with members and messages
//! ("Discuss in new chat", the Chats page).
//!
//! Their messages are the same [`crate::Message`] shape as conversation
//! messages, so the app reuses its message log and composer: they are paged
//! with [`crate::MessagesQuery`] / [`crate::MessagePage`] and sent with
//! [`crate::SendMessageRequest`] (idempotent on `client_id`). Because a team
//! chat message has no customer conversation, its `conversation_id` and
//! `chat_id` are `0` (never a real id); the team chat it belongs to is the
//! one whose URL it was read from, and every event about it carries the
//! [`TeamChatId`] next to the message. Team chat messages have their own id
//! sequence. `internal` is always `false` (nothing reaches a customer
//! anyway); `quote` of the opening message of a chat created from a
//! conversation message refers to that conversation message and carries its
//! `conversation_id`.

use serde::{Deserialize, Serialize};

use crate::{ConversationId, MessageId, MessagePreview, TeamChatId, Timestamp, UserId};

/// The conversation message a team chat was started from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamChatSource {
    /// The conversation.
    pub conversation_id: ConversationId,
    /// The message.
    pub message_id: MessageId,
}

/// A team chat as every member sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamChat {
    /// Server identifier.
    pub id: TeamChatId,
    /// Title.
    pub title: String,
    /// Members (the creator included), by id.
    pub members: Vec<UserId>,
    /// Who created it.
    pub created_by: UserId,
    /// When.
    pub created_at: Timestamp,
    /// The conversation message it was started from, if any.
    pub source: Option<TeamChatSource>,
    /// The last message, if any (`internal` is always false).
    pub last_message: Option<MessagePreview>,
    /// Last message or creation time: the list is sorted by it.
    pub last_activity_at: Timestamp,
}

/// A row of `GET /api/v1/team-chats`: the chat and what is personal to the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamChatItem {
    /// The chat.
    pub chat: TeamChat,
    /// Messages of colleagues after the caller's read marker.
    pub unread_count: u32,
    /// The caller's read marker.
    pub last_read_message_id: Option<MessageId>,
}

/// Body of `POST /api/v1/team-chats`. Either `members` (and a `title`), or
/// `from_message`: then the members are every employee of that message's
/// conversation (assignee and participants) plus the caller and any
/// `members` given, and the message is quoted at the top of the chat.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateTeamChatRequest {
    /// Client-generated id (a UUID is a good choice), 1 to 100 characters:
    /// repeating the request with the same id returns the first result
    /// (`200` instead of `201`) instead of creating a second one.
    #[serde(default)]
    pub client_id: Option<String>,
    /// Title, up to 200 characters; required without `from_message` (where
    /// it defaults to the customer's name).
    #[serde(default)]
    pub title: Option<String>,
    /// Employees to add; the caller is always a member.
    #[serde(default)]
    pub members: Vec<UserId>,
    /// A conversation message the caller may see.
    #[serde(default)]
    pub from_message: Option<MessageId>,
}

/// Body of `POST /api/v1/team-chats/{id}/read`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkTeamChatReadRequest {
    /// The last message the employee has seen.
    pub last_read_message_id: MessageId,
}
