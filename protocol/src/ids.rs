//! Newtype identifiers: a `ConversationId` can never be passed where a
//! `MessageId` is expected.

use serde::{Deserialize, Serialize};

macro_rules! integer_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

integer_id!(
    /// Identifier of an open channel (a line).
    LineId
);
integer_id!(
    /// Identifier of a connector feeding a line.
    ConnectorId
);
integer_id!(
    /// Identifier of a customer.
    CustomerId
);
integer_id!(
    /// Identifier of a chat: one customer on one line, across all its sessions.
    ChatId
);
integer_id!(
    /// Identifier of a conversation (one session of a chat).
    ConversationId
);
integer_id!(
    /// Identifier of a message. Ids grow with time, so they double as cursors.
    MessageId
);

integer_id!(
    /// Identifier of an employee.
    UserId
);
integer_id!(
    /// Identifier of a task.
    TaskId
);
integer_id!(
    /// Identifier of a calendar event.
    CalendarEventId
);
integer_id!(
    /// Identifier of a team chat; distinct from the customer [`crate::ChatId`].
    TeamChatId
);
integer_id!(
    /// Identifier of a feed post; grows with time, so it doubles as a cursor.
    FeedPostId
);
integer_id!(
    /// Identifier of a canned response.
    CannedResponseId
);
integer_id!(
    /// Identifier of a form definition.
    FormId
);
integer_id!(
    /// Identifier of a form submission.
    FormSubmissionId
);
integer_id!(
    /// Identifier of a CRM contact.
    ContactId
);
integer_id!(
    /// Identifier of a CRM deal.
    DealId
);
integer_id!(
    /// Identifier of a catalog product.
    ProductId
);
integer_id!(
    /// Identifier of an order.
    OrderId
);
integer_id!(
    /// Identifier of a payment (one payment link of an order).
    PaymentId
);

/// The id a client generates for a message before sending it (a UUID is a
/// good choice). Sending twice with the same id creates one message.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct ClientMessageId(pub String);

/// Identifier of an uploaded file: long and random, so its URL can be used
/// in `<img src>` without a bearer token.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct FileId(pub String);

/// Position of an event in the workspace's event stream; strictly increasing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct EventSeq(pub i64);

/// A point in time: milliseconds since the Unix epoch, UTC.
pub type Timestamp = i64;

integer_id!(
    /// Identifier of a conversation label ("Billing", "Bug").
    LabelId
);
