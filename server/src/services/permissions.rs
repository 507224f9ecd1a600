//! Who may see and act on what, for REST and the event stream alike. The
//! rules about conversations are the protocol's
//! ([`switchboard_protocol::permissions`], which the app asks too); this
//! module applies them to the [`Viewer`] of a request and adds the
//! server's own (events, secrets).

use switchboard_protocol::{ConversationSummary, Role};

use super::Viewer;
use crate::store::events::Audience;

pub use switchboard_protocol::permissions::sees_everything;

/// Whether the viewer may read (and act on) a conversation.
pub fn can_see(viewer: &Viewer, conversation: &ConversationSummary) -> bool {
    viewer.employee().can_see(conversation)
}

/// Whether the viewer may transfer, close, mark as spam or invite into a
/// conversation (a lock may still stop them, see [`stopped_by_lock`]).
pub fn may_manage(viewer: &Viewer, conversation: &ConversationSummary) -> bool {
    viewer.employee().may_manage(conversation)
}

/// Whether a lock stops the viewer from taking, transferring or closing the
/// conversation.
pub fn stopped_by_lock(viewer: &Viewer, conversation: &ConversationSummary) -> bool {
    viewer.employee().stopped_by_lock(conversation)
}

/// Whether the viewer may lock or unlock the conversation.
pub fn may_lock(viewer: &Viewer, conversation: &ConversationSummary) -> bool {
    viewer.employee().may_lock(conversation)
}

/// Whether the viewer may receive an event with this audience.
pub fn may_receive(viewer: &Viewer, audience: &Audience) -> bool {
    match audience {
        Audience::All => true,
        Audience::Users(users) => users.contains(&viewer.user.id),
        Audience::Conversation { line, involved } => {
            let employee = viewer.employee();
            employee.sees_everything()
                || employee.is_in_line(*line)
                || involved.contains(&viewer.user.id)
        }
    }
}

/// Whether the viewer may see webhook tokens of connectors.
pub fn sees_secrets(viewer: &Viewer) -> bool {
    viewer.user.role == Role::Admin
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_protocol::{LineId, Presence, User, UserId};

    fn viewer(role: Role, lines: &[i64]) -> Viewer {
        Viewer {
            user: User {
                id: UserId(7),
                name: "Olivia".into(),
                email: "o@example.com".into(),
                avatar_url: None,
                role,
                presence: Presence::Online,
                active: true,
            },
            lines: lines.iter().copied().map(LineId).collect(),
        }
    }

    fn conversation_event(line: i64, involved: &[i64]) -> Audience {
        Audience::Conversation {
            line: LineId(line),
            involved: involved.iter().copied().map(UserId).collect(),
        }
    }

    #[test]
    fn operators_receive_events_of_their_lines_only() {
        let operator = viewer(Role::Operator, &[2]);
        assert!(may_receive(&operator, &conversation_event(2, &[])));
        assert!(!may_receive(&operator, &conversation_event(1, &[])));
    }

    #[test]
    fn operators_receive_events_of_conversations_they_are_involved_in() {
        let operator = viewer(Role::Operator, &[2]);
        assert!(may_receive(&operator, &conversation_event(1, &[7])));
    }

    #[test]
    fn supervisors_and_admins_receive_everything_but_private_events() {
        for role in [Role::Supervisor, Role::Admin] {
            let boss = viewer(role, &[]);
            assert!(may_receive(&boss, &conversation_event(1, &[])));
            assert!(!may_receive(&boss, &Audience::Users(vec![UserId(8)])));
            assert!(may_receive(&boss, &Audience::All));
        }
    }

    #[test]
    fn only_admins_see_webhook_tokens() {
        assert!(sees_secrets(&viewer(Role::Admin, &[])));
        assert!(!sees_secrets(&viewer(Role::Supervisor, &[])));
        assert!(!sees_secrets(&viewer(Role::Operator, &[1])));
    }
}
