//! System messages: the log entry every conversation action leaves, stored
//! with its structured [`SystemEvent`] (for apps to localize) and an English
//! rendering in `text` (for every other client).

use switchboard_protocol::{ConversationId, Message, SystemEvent, User, UserRef};

use crate::error::{ApiError, OrVanished};
use crate::store::messages;
use crate::store::Conn;

/// Author name of system messages.
pub(crate) const SYSTEM_AUTHOR: &str = "Switchboard";

/// The reference to an employee that a system message keeps.
pub fn user_ref(user: &User) -> UserRef {
    UserRef {
        id: user.id,
        name: user.name.clone(),
    }
}

fn names(users: &[UserRef]) -> String {
    match users {
        [] => String::new(),
        [one] => one.name.clone(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(|user| user.name.as_str()).collect();
            format!("{} and {}", rest.join(", "), last.name)
        }
    }
}

/// The English rendering of a system event, e.g. "Olivia Bernard
/// transferred the conversation to Marc Petit".
pub fn english(event: &SystemEvent) -> String {
    match event {
        SystemEvent::TransferredToUser { by, to } => {
            format!("{} transferred the conversation to {}", by.name, to.name)
        }
        SystemEvent::TransferredToLine { by, from, to } => format!(
            "{} transferred the conversation from {} to {}",
            by.name, from.name, to.name
        ),
        SystemEvent::Closed { by } => format!("{} closed the conversation", by.name),
        SystemEvent::MarkedSpam { by } => format!("{} marked the conversation as spam", by.name),
        SystemEvent::Taken {
            by,
            from: Some(from),
        } => {
            format!("{} took the conversation over from {}", by.name, from.name)
        }
        SystemEvent::Taken { by, from: None } => format!("{} took the conversation", by.name),
        SystemEvent::Invited { by, users } => format!("{} invited {}", by.name, names(users)),
        SystemEvent::Locked { by } => format!("{} locked the conversation", by.name),
        SystemEvent::Unlocked { by } => format!("{} unlocked the conversation", by.name),
        SystemEvent::Reopened { by } => format!("{} reopened the conversation", by.name),
        SystemEvent::Released { by, from } => format!(
            "{} deactivated {}: the conversation is back in Unanswered",
            by.name, from.name
        ),
        SystemEvent::FormSubmitted {
            form_title,
            answers,
            ..
        } => {
            format!(
                "The customer submitted the form \"{form_title}\"\n{}",
                switchboard_protocol::FormAnswer::lines(answers)
            )
        }
        SystemEvent::Renamed {
            by,
            title: Some(title),
        } => format!("{} renamed the conversation \"{title}\"", by.name),
        SystemEvent::Renamed { by, title: None } => {
            format!("{} removed the conversation's title", by.name)
        }
        SystemEvent::PaymentReceived {
            order_id, total, ..
        } => format!("The customer paid order #{order_id} ({total})"),
        SystemEvent::PaymentFailed {
            order_id, total, ..
        } => format!("The customer's payment of order #{order_id} ({total}) failed"),
        SystemEvent::PaymentExpired {
            order_id, total, ..
        } => format!("The payment link of order #{order_id} ({total}) expired unpaid"),
        SystemEvent::Rated {
            score,
            comment: Some(comment),
        } => format!("The customer rated the conversation {score}/5: \"{comment}\""),
        SystemEvent::Rated {
            score,
            comment: None,
        } => format!("The customer rated the conversation {score}/5"),
    }
}

/// Writes a system message inside the caller's transaction and returns it.
/// It does not become the conversation's last message, so queue previews
/// keep showing what people wrote.
pub async fn write(
    db: &mut Conn,
    conversation: ConversationId,
    event: &SystemEvent,
    now: i64,
) -> Result<Message, ApiError> {
    let text = english(event);
    let message = messages::NewMessage {
        system: Some(event),
        ..messages::NewMessage::by_system(conversation, SYSTEM_AUTHOR, &text, now)
    };
    insert(db, &message).await
}

/// Writes a system message that only has text (no structured event).
pub async fn write_text(
    db: &mut Conn,
    conversation: ConversationId,
    text: &str,
    now: i64,
) -> Result<Message, ApiError> {
    let message = messages::NewMessage::by_system(conversation, SYSTEM_AUTHOR, text, now);
    insert(db, &message).await
}

async fn insert(db: &mut Conn, message: &messages::NewMessage<'_>) -> Result<Message, ApiError> {
    let id = messages::insert(db, message).await?;
    messages::by_id(db, id).await?.or_vanished("system message")
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_protocol::UserId;

    fn person(id: i64, name: &str) -> UserRef {
        UserRef {
            id: UserId(id),
            name: name.into(),
        }
    }

    #[test]
    fn renders_transfers_and_invitations_in_english() {
        let olivia = person(2, "Olivia Bernard");
        let marc = person(3, "Marc Petit");
        assert_eq!(
            english(&SystemEvent::TransferredToUser {
                by: olivia.clone(),
                to: marc.clone()
            }),
            "Olivia Bernard transferred the conversation to Marc Petit"
        );
        assert_eq!(
            english(&SystemEvent::Invited {
                by: olivia.clone(),
                users: vec![marc, person(4, "Sophie Laurent"), person(1, "Alex Martin")]
            }),
            "Olivia Bernard invited Marc Petit, Sophie Laurent and Alex Martin"
        );
    }
}
