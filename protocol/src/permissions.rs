//! Who may see and act on a conversation. The server enforces these rules
//! on every request and event; the app asks the same functions which
//! actions to offer, so a button it shows is one the server accepts.

use crate::{ConversationStatus, ConversationSummary, LineId, Role, UserId};

/// An employee as the rules see them: who, with which role, in which lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Employee<'a> {
    /// The employee.
    pub id: UserId,
    /// Their role.
    pub role: Role,
    /// The lines whose queue they are a member of.
    pub lines: &'a [LineId],
}

/// Admins and supervisors see (and may act on) every conversation.
pub fn sees_everything(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Supervisor)
}

impl Employee<'_> {
    /// Whether the employee is an admin or a supervisor.
    pub fn sees_everything(&self) -> bool {
        sees_everything(self.role)
    }

    /// Whether the employee is a queue member of the line.
    pub fn is_in_line(&self, line: LineId) -> bool {
        self.lines.contains(&line)
    }

    /// Whether the employee is the conversation's assignee.
    pub fn is_assignee(&self, conversation: &ConversationSummary) -> bool {
        conversation.assignee == Some(self.id)
    }

    /// Whether the employee is the assignee or a participant.
    pub fn is_involved(&self, conversation: &ConversationSummary) -> bool {
        self.is_assignee(conversation) || conversation.participants.contains(&self.id)
    }

    /// Whether the employee may read (and act on) a conversation: admins and
    /// supervisors always; operators when they are in its line, its assignee
    /// or a participant.
    pub fn can_see(&self, conversation: &ConversationSummary) -> bool {
        self.sees_everything()
            || self.is_in_line(conversation.line_id)
            || self.is_involved(conversation)
    }

    /// Whether the employee may transfer, close, mark as spam or invite into
    /// a conversation: supervisors and admins; its assignee and participants;
    /// and while it is unanswered, any queue member of its line. A lock may
    /// still stop them ([`stopped_by_lock`](Self::stopped_by_lock)).
    pub fn may_manage(&self, conversation: &ConversationSummary) -> bool {
        self.sees_everything()
            || self.is_involved(conversation)
            || (conversation.status == ConversationStatus::Unanswered
                && self.is_in_line(conversation.line_id))
    }

    /// Whether a lock stops the employee from taking, transferring or closing
    /// the conversation: it stays with its assignee unless a supervisor or an
    /// admin acts.
    pub fn stopped_by_lock(&self, conversation: &ConversationSummary) -> bool {
        conversation.is_locked() && !self.sees_everything() && !self.is_assignee(conversation)
    }

    /// Whether the employee may lock or unlock: the assignee, supervisors and
    /// admins.
    pub fn may_lock(&self, conversation: &ConversationSummary) -> bool {
        self.sees_everything() || self.is_assignee(conversation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ChatId, ConnectorId, ConnectorKind, ConversationId, Customer, CustomerId};

    fn conversation(status: ConversationStatus, line: i64) -> ConversationSummary {
        ConversationSummary {
            id: ConversationId(1),
            chat_id: ChatId(1),
            session_number: 1,
            line_id: LineId(line),
            connector_id: ConnectorId(1),
            channel: ConnectorKind::Telegram,
            customer: Customer {
                id: CustomerId(1),
                name: "Marie".into(),
                email: None,
                phone: None,
            },
            title: None,
            status,
            assignee: None,
            participants: Vec::new(),
            last_message: None,
            waiting_since: None,
            last_activity_at: 0,
            created_at: 0,
            closed_at: None,
            version: 1,
            locked_by: None,
            offer_expires_at: None,
            rating: None,
            labels: vec![],
            priority: Default::default(),
            snoozed_until: None,
        }
    }

    const SALES: &[LineId] = &[LineId(1)];
    const SUPPORT: &[LineId] = &[LineId(2)];

    fn operator(id: i64, lines: &[LineId]) -> Employee<'_> {
        Employee {
            id: UserId(id),
            role: Role::Operator,
            lines,
        }
    }

    #[test]
    fn operators_see_their_lines_and_what_they_are_involved_in() {
        let mut sales = conversation(ConversationStatus::InProgress, 1);
        assert!(operator(2, SALES).can_see(&sales));
        assert!(!operator(3, SUPPORT).can_see(&sales));
        sales.participants.push(UserId(3));
        assert!(operator(3, SUPPORT).can_see(&sales));
        sales.assignee = Some(UserId(4));
        assert!(operator(4, &[]).can_see(&sales));
        for role in [Role::Admin, Role::Supervisor] {
            let boss = Employee {
                id: UserId(9),
                role,
                lines: &[],
            };
            assert!(boss.can_see(&sales) && boss.may_manage(&sales) && boss.may_lock(&sales));
        }
    }

    #[test]
    fn the_line_manages_an_unanswered_conversation_then_only_those_involved() {
        let mut conversation = conversation(ConversationStatus::Unanswered, 1);
        assert!(operator(2, SALES).may_manage(&conversation));
        conversation.status = ConversationStatus::InProgress;
        conversation.assignee = Some(UserId(3));
        assert!(!operator(2, SALES).may_manage(&conversation));
        assert!(operator(3, SALES).may_manage(&conversation));
        assert!(operator(3, SALES).may_lock(&conversation));
        assert!(!operator(2, SALES).may_lock(&conversation));
    }

    #[test]
    fn a_lock_stops_colleagues_but_not_the_assignee_or_supervisors() {
        let mut conversation = conversation(ConversationStatus::InProgress, 1);
        conversation.assignee = Some(UserId(3));
        assert!(!operator(2, SALES).stopped_by_lock(&conversation));
        conversation.locked_by = Some(UserId(3));
        assert!(operator(2, SALES).stopped_by_lock(&conversation));
        assert!(!operator(3, SALES).stopped_by_lock(&conversation));
        let supervisor = Employee {
            id: UserId(9),
            role: Role::Supervisor,
            lines: &[],
        };
        assert!(!supervisor.stopped_by_lock(&conversation));
    }
}
