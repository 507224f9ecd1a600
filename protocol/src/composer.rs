//! Composer helpers on the wire: the employee-only chat title (`/rename`),
//! the typing indicator, and the colleague search of the mention picker.

use serde::{Deserialize, Serialize};

use crate::{ConversationId, UserRef};

/// Body of `PUT /api/v1/conversations/{id}/title`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetTitleRequest {
    /// The new title (1 to 200 characters after trimming); `null` or empty
    /// removes it (the channel's title, if any, shows again).
    pub title: Option<String>,
}

/// Query of `GET /api/v1/users`: `q` searches names and e-mail addresses.
pub type UsersQuery = crate::SearchQuery;

/// An employee is typing in a conversation (ephemeral: not stored, not
/// replayed, no sequence number). Repeated every few seconds while they
/// type; consider it over about 6 seconds after the last one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TypingNotice {
    /// The conversation.
    pub conversation_id: ConversationId,
    /// Who types.
    pub user: UserRef,
    /// Whether they type an internal note (colleagues only) or a reply.
    pub internal: bool,
}

/// Who has a conversation open right now (ephemeral, like typing): sent to
/// the colleagues who may see it whenever that changes, and to a connection
/// that starts viewing it. The list may hold the receiver, who hides
/// themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationViewers {
    /// The conversation.
    pub conversation_id: ConversationId,
    /// The employees viewing it, each once, in id order.
    pub user_ids: Vec<crate::UserId>,
}

/// Body of `POST /api/v1/conversations/{id}/typing`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TypingRequest {
    /// Typing an internal note: the customer is not told.
    #[serde(default)]
    pub internal: bool,
}
