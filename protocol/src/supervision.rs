//! "Supervision": the live load of each operator and the conversations that
//! wait, for supervisors and admins (`GET /api/v1/supervision`).

use serde::{Deserialize, Serialize};

use crate::{ConversationSummary, Presence, Timestamp, UserId};

/// One operator's load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperatorLoad {
    /// The employee.
    pub user_id: UserId,
    /// Their presence.
    pub presence: Presence,
    /// Conversations in progress assigned to them.
    pub active: u32,
    /// Conversations offered to them, not yet accepted.
    pub offers: u32,
    /// The smallest capacity among their open channels that set one.
    pub capacity: Option<u32>,
    /// Whether every channel of theirs that limits capacity is full for
    /// them (capacity counts each channel's own conversations), so no such
    /// channel offers them anything more.
    #[serde(default)]
    pub at_capacity: bool,
    /// Since when the customer who has waited longest among their
    /// conversations in progress waits for an answer.
    pub longest_wait_since: Option<Timestamp>,
}

/// What a supervisor watches: every queue member's load, and every
/// unanswered conversation (with who holds its offer), oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Supervision {
    /// Every active employee who is a member of an open channel's queue.
    pub operators: Vec<OperatorLoad>,
    /// Every unanswered conversation, the longest waiting first.
    pub waiting: Vec<ConversationSummary>,
}
