//! Who may see and act on what. Pure functions, shared by REST and the
//! event stream so both are authorized the same way.

use switchboard_protocol::{ConversationStatus, ConversationSummary, Role};

use super::Viewer;
use crate::store::events::Audience;

/// Admins and supervisors see every conversation.
pub fn sees_everything(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Supervisor)
}

/// Whether the viewer may read (and act on) a conversation: admins and
/// supervisors always; operators when they are in its line, its assignee
/// or a participant.
pub fn can_see(viewer: &Viewer, conversation: &ConversationSummary) -> bool {
    sees_everything(viewer.user.role)
        || viewer.lines.contains(&conversation.line_id)
        || conversation.assignee == Some(viewer.user.id)
        || conversation.participants.contains(&viewer.user.id)
}

/// Whether the viewer is the assignee or a participant.
pub fn is_involved(viewer: &Viewer, conversation: &ConversationSummary) -> bool {
    conversation.assignee == Some(viewer.user.id)
        || conversation.participants.contains(&viewer.user.id)
}

/// Whether the viewer may transfer, close, mark as spam or invite into a
/// conversation: supervisors and admins; its assignee and participants; and
/// while it is unanswered, any queue member of its line.
pub fn may_manage(viewer: &Viewer, conversation: &ConversationSummary) -> bool {
    sees_everything(viewer.user.role)
        || is_involved(viewer, conversation)
        || (conversation.status == ConversationStatus::Unanswered
            && viewer.lines.contains(&conversation.line_id))
}

/// Whether a lock stops the viewer from taking, transferring or closing the
/// conversation: it stays with its assignee unless a supervisor or admin acts.
pub fn stopped_by_lock(viewer: &Viewer, conversation: &ConversationSummary) -> bool {
    conversation.is_locked()
        && !sees_everything(viewer.user.role)
        && conversation.assignee != Some(viewer.user.id)
}

/// Whether the viewer may lock or unlock: the assignee, supervisors, admins.
pub fn may_lock(viewer: &Viewer, conversation: &ConversationSummary) -> bool {
    sees_everything(viewer.user.role) || conversation.assignee == Some(viewer.user.id)
}

/// Whether the viewer may receive an event with this audience.
pub fn may_receive(viewer: &Viewer, audience: &Audience) -> bool {
    match audience {
        Audience::All => true,
        Audience::Users(users) => users.contains(&viewer.user.id),
        Audience::Conversation { line, involved } => {
            sees_everything(viewer.user.role)
                || viewer.lines.contains(line)
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
