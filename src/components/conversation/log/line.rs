//! The lines of a log: day separators, the "new messages" marker, messages
//! and replies on their way, each with a key that changes with what it shows.

use switchboard_protocol::{DeliveryState, MessageId};

use crate::state::conversation::{PendingMessage, PendingState};

/// An owned, keyed line of the log. A message line names its message (and
/// the version shown); the bubble reads it from the log when it is drawn, so
/// working out the lines of a window copies no message.
#[derive(Clone, PartialEq)]
pub(super) enum Line {
    Day(i64),
    NewMessages,
    Message {
        id: MessageId,
        edited_at: Option<i64>,
        deleted_at: Option<i64>,
        /// Where its delivery stands (state and reason): it changes the bubble.
        delivery: Option<(DeliveryState, Option<String>)>,
    },
    Pending(PendingMessage),
}

impl Line {
    pub(super) fn key(&self) -> String {
        match self {
            Self::Day(at) => format!("d{at}"),
            Self::NewMessages => "new".to_owned(),
            Self::Message {
                id,
                edited_at,
                deleted_at,
                delivery,
            } => format!("m{id}:{edited_at:?}:{deleted_at:?}:{delivery:?}"),
            Self::Pending(p) => format!(
                "p{}:{}",
                p.request.client_id.0,
                match p.state {
                    PendingState::Held => 'h',
                    PendingState::Sending => 's',
                    PendingState::Waiting => 'w',
                    PendingState::Failed(_) => 'f',
                }
            ),
        }
    }
}
