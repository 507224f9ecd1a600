//! Actions on a conversation as a whole (transfer, close, spam, take,
//! invite, lock) and the structured system messages they leave in the log.
//!
//! Every action request carries an optional `version`: the
//! [`ConversationSummary::version`](crate::ConversationSummary) the client
//! acted on. When the conversation changed since, the server refuses with
//! `409 conversation_changed` and nothing is written; refetch and decide again.

use serde::{Deserialize, Serialize};

use crate::search::query_params;
use crate::{ConversationSummary, LineId, Message, UserId};

/// An employee named in a system message (name as it was at that moment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserRef {
    /// The employee.
    pub id: UserId,
    /// Their display name.
    pub name: String,
}

/// A line named in a system message (name as it was at that moment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineRef {
    /// The line.
    pub id: LineId,
    /// Its display name.
    pub name: String,
}

/// What a system message reports, for apps to render in their own language.
/// The message's `text` holds an English rendering for other clients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
// Decoded without buffering: see `flat.rs`.
#[serde(try_from = "crate::flat::FlatSystemEvent")]
pub enum SystemEvent {
    /// `by` handed the conversation to a colleague, who is now its assignee.
    TransferredToUser {
        /// Who transferred.
        by: UserRef,
        /// The new assignee.
        to: UserRef,
    },
    /// `by` sent the conversation to another line's Unanswered.
    TransferredToLine {
        /// Who transferred.
        by: UserRef,
        /// The line it left.
        from: LineRef,
        /// The line it went to.
        to: LineRef,
    },
    /// `by` closed the conversation ("Accept and close", "Finish conversation").
    Closed {
        /// Who closed it.
        by: UserRef,
    },
    /// `by` closed the conversation as spam.
    MarkedSpam {
        /// Who marked it.
        by: UserRef,
    },
    /// `by` took the conversation over, from `from` when it had an assignee.
    Taken {
        /// The new assignee.
        by: UserRef,
        /// The previous assignee (or the colleague it was offered to).
        from: Option<UserRef>,
    },
    /// `by` invited colleagues as participants.
    Invited {
        /// Who invited.
        by: UserRef,
        /// The new participants.
        users: Vec<UserRef>,
    },
    /// `by` locked the conversation to its assignee.
    Locked {
        /// Who locked it.
        by: UserRef,
    },
    /// `by` lifted the lock.
    Unlocked {
        /// Who unlocked it.
        by: UserRef,
    },
    /// `by` deactivated `from`, the assignee: the conversation went back to
    /// its line's Unanswered.
    Released {
        /// The administrator who deactivated them.
        by: UserRef,
        /// The former assignee.
        from: UserRef,
    },
    /// `by` reopened a closed (or spam) conversation by writing to it.
    Reopened {
        /// Who reopened it; now its assignee.
        by: UserRef,
    },
    /// The customer submitted a CRM form sent in the conversation.
    FormSubmitted {
        /// The form.
        form_id: crate::FormId,
        /// Its title.
        form_title: String,
        /// What the customer filled in, in the form's order (hostile: text only).
        answers: Vec<crate::FormAnswer>,
    },
    /// The customer paid an order through its payment link.
    PaymentReceived {
        /// The order.
        order_id: crate::OrderId,
        /// The payment.
        payment_id: crate::PaymentId,
        /// Amount paid.
        total: crate::Money,
    },
    /// The customer's payment of an order failed.
    PaymentFailed {
        /// The order.
        order_id: crate::OrderId,
        /// The payment.
        payment_id: crate::PaymentId,
        /// Amount asked.
        total: crate::Money,
    },
    /// A payment link expired unpaid.
    PaymentExpired {
        /// The order.
        order_id: crate::OrderId,
        /// The payment.
        payment_id: crate::PaymentId,
        /// Amount asked.
        total: crate::Money,
    },
    /// The customer rated the finished conversation (the website chat's
    /// "How did we do?").
    Rated {
        /// From 1 (bad) to 5 (very good).
        score: u8,
        /// What they added, if anything.
        comment: Option<String>,
    },
    /// `by` renamed the conversation (employee-only title); `None`: removed.
    Renamed {
        /// Who renamed it.
        by: UserRef,
        /// The new title.
        title: Option<String>,
    },
}

/// Where a transfer sends the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TransferTarget {
    /// A colleague: they become the assignee (status `in_progress`).
    User {
        /// The colleague.
        user_id: UserId,
    },
    /// A line: the conversation goes to its Unanswered, without assignee.
    Line {
        /// The line.
        line_id: LineId,
    },
}

/// Body of `POST /api/v1/conversations/{id}/transfer`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransferRequest {
    /// The colleague or line.
    pub to: TransferTarget,
    /// Travels with the conversation as an internal note by the caller.
    #[serde(default)]
    pub comment: Option<String>,
    /// The version the client acted on (see the module docs).
    #[serde(default)]
    pub version: Option<i64>,
}

/// Body of `close`, `spam` and `take` (`{}` is enough).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionRequest {
    /// The version the client acted on (see the module docs).
    #[serde(default)]
    pub version: Option<i64>,
}

/// Body of `POST /api/v1/conversations/{id}/invite`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InviteRequest {
    /// Colleagues to add as participants (1 to 50).
    pub users: Vec<UserId>,
    /// The version the client acted on (see the module docs).
    #[serde(default)]
    pub version: Option<i64>,
}

/// Body of `PUT /api/v1/conversations/{id}/lock`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LockRequest {
    /// `true` to lock the conversation to its assignee, `false` to unlock.
    pub locked: bool,
    /// The version the client acted on (see the module docs).
    #[serde(default)]
    pub version: Option<i64>,
}

query_params! {
    /// Query of `GET /api/v1/conversations/{id}/history`.
    pub struct HistoryQuery {
        /// Only sessions with a message containing this text.
        pub q: Option<String>,
        /// `next_cursor` of the previous page.
        pub cursor: Option<String>,
        /// Sessions per page, 1 to 20 (default 5).
        pub limit: Option<u32>,
    }
}

/// One earlier session with all its messages, oldest message first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistorySession {
    /// The session.
    pub conversation: ConversationSummary,
    /// Its messages, oldest first (internal notes and system messages included).
    pub messages: Vec<Message>,
    /// The session this one was split from ("Move to new conversation"), if any.
    #[serde(default)]
    pub split_from: Option<crate::SplitLink>,
    /// The session this one was split into, if any.
    #[serde(default)]
    pub split_into: Option<crate::SplitLink>,
}

/// Answer of `GET /api/v1/conversations/{id}/history`: newest session first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryPage {
    /// The sessions of this page.
    pub items: Vec<HistorySession>,
    /// Pass as `cursor` for older sessions; `None` on the last page.
    pub next_cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_events_and_targets_have_the_documented_shape() {
        let event = SystemEvent::Taken {
            by: UserRef {
                id: UserId(2),
                name: "Olivia Bernard".into(),
            },
            from: None,
        };
        assert_eq!(
            serde_json::to_value(&event).unwrap(),
            serde_json::json!({"kind": "taken", "by": {"id": 2, "name": "Olivia Bernard"}, "from": null})
        );
        let request: TransferRequest =
            serde_json::from_value(serde_json::json!({"to": {"kind": "line", "line_id": 3}}))
                .unwrap();
        assert_eq!(request.to, TransferTarget::Line { line_id: LineId(3) });
        assert_eq!(request.comment, None);
    }
}
