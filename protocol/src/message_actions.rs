//! Per-message actions on conversation messages: edit, delete, and "Move to
//! new conversation" (split).
//!
//! Edit and delete apply to the caller's own messages only. Editing an
//! internal note is always allowed; editing a message the customer received
//! is allowed only where the channel can deliver the edit
//! ([`crate::ConnectorCapabilities::edit_on_customer_side`]); elsewhere the
//! server answers 409 `unsupported_by_channel` and the app shows "Edit"
//! disabled with that reason. Deleting is allowed on every channel: where
//! `delete_on_customer_side` the message disappears from the customer's
//! side too, elsewhere the customer keeps their copy.

use serde::{Deserialize, Serialize};

use crate::{ConversationId, ConversationSummary, MessageId};

/// Body of `PATCH /api/v1/messages/{id}`: the new text (attachments stay).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EditMessageRequest {
    /// The new plain text (mention tokens `@{user:ID}` and `@{chat:ID}`
    /// allowed, as when sending); its mentions are read again.
    pub text: String,
}

/// Answer of `POST /api/v1/messages/{id}/split` ("Move to new conversation").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SplitResult {
    /// The session that was ended (closed), after the change.
    pub closed: ConversationSummary,
    /// The new session, which starts with the chosen message.
    pub created: ConversationSummary,
    /// The message the new session starts with.
    pub message_id: MessageId,
}

/// How a session is linked to another by a split: read from
/// `HistorySession::split_from` / `split_into`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SplitLink {
    /// The other session.
    pub conversation_id: ConversationId,
    /// The message the later session starts with.
    pub message_id: MessageId,
}
