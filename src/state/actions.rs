//! Which conversation actions an employee is offered: one tested function of
//! the conversation and the employee, mirroring the server's rules (the server
//! still authorizes every request).

use switchboard_protocol::permissions::Employee;
use switchboard_protocol::{ConversationStatus, ConversationSummary, LineId, Role, UserId};

/// An action on a conversation as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConversationAction {
    /// Hand the conversation to a colleague or another line.
    Transfer,
    /// Close an unanswered conversation without replying.
    AcceptAndClose,
    /// Close as spam.
    MarkSpam,
    /// Read earlier sessions of this customer.
    History,
    /// Become the assignee, even over a colleague.
    Take,
    /// Add colleagues as participants.
    Invite,
    /// Close a conversation in progress.
    Finish,
    /// Keep the conversation with its operator.
    Lock,
    /// Release the lock.
    Unlock,
    /// Create or update the CRM contact and link a deal.
    SaveToCrm,
    /// Put a conversation in progress aside until a time ("Snooze").
    Snooze,
}

/// Who is acting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The employee.
    pub id: UserId,
    /// Their role.
    pub role: Role,
    /// The lines whose queue they are in.
    pub lines: Vec<LineId>,
}

/// The actions to show: beside the main button, and under "More actions".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionSet {
    /// Shown as buttons.
    pub primary: Vec<ConversationAction>,
    /// Shown in the "More actions" menu.
    pub more: Vec<ConversationAction>,
}

impl Actor {
    /// The actor as the shared rules of `switchboard_protocol::permissions` see them.
    fn employee(&self) -> Employee<'_> {
        Employee {
            id: self.id,
            role: self.role,
            lines: &self.lines,
        }
    }
}

/// Whether `actor` may see `conversation` at all (the server's visibility rule).
pub fn can_see(conversation: &ConversationSummary, actor: &Actor) -> bool {
    actor.employee().can_see(conversation)
}

/// Whether `actor` may change the labels and priority of `conversation`:
/// open, theirs to manage, and no lock stopping them (the server's rule for
/// every action on a conversation as a whole). Others see them read-only.
pub fn may_label(conversation: &ConversationSummary, actor: &Actor) -> bool {
    let rules = actor.employee();
    conversation.status.is_open()
        && rules.may_manage(conversation)
        && !rules.stopped_by_lock(conversation)
}

/// Whether `actor` may snooze `conversation`, or wake it ("Wake now"): one
/// in progress they may manage (the server's rule for snoozing).
pub fn may_snooze(conversation: &ConversationSummary, actor: &Actor) -> bool {
    let rules = actor.employee();
    conversation.status == ConversationStatus::InProgress
        && rules.may_manage(conversation)
        && !rules.stopped_by_lock(conversation)
}

/// The actions `actor` may take on `conversation`.
pub fn available(conversation: &ConversationSummary, actor: &Actor) -> ActionSet {
    use ConversationAction::*;
    let rules = actor.employee();
    let assignee = rules.is_assignee(conversation);
    let locked_out = rules.stopped_by_lock(conversation);
    let manage = rules.may_manage(conversation) && !locked_out;
    let may_take = !assignee && !locked_out && rules.can_see(conversation);
    let mut set = ActionSet::default();
    // Anyone who sees the conversation may record the customer.
    set.more.push(SaveToCrm);
    match conversation.status {
        ConversationStatus::Unanswered => {
            if manage {
                set.primary.extend([Transfer, AcceptAndClose, MarkSpam]);
            }
            set.more.push(History);
            if may_take {
                set.more.push(Take);
            }
        }
        ConversationStatus::InProgress => {
            if manage {
                set.primary.extend([Invite, Transfer, Finish]);
            }
            if rules.may_lock(conversation) {
                set.more.push(if conversation.locked_by.is_some() {
                    Unlock
                } else {
                    Lock
                });
            }
            if conversation.snoozed_until.is_none() && may_snooze(conversation, actor) {
                set.more.push(Snooze);
            }
            set.more.push(History);
            if manage {
                set.more.push(MarkSpam);
            }
            if may_take {
                set.more.push(Take);
            }
        }
        ConversationStatus::Closed | ConversationStatus::Spam => set.more.push(History),
    }
    set
}

#[cfg(test)]
mod tests {
    use super::ConversationAction::*;
    use super::*;
    use crate::state::queue::tests::summary;

    fn operator(id: i64, lines: &[i64]) -> Actor {
        Actor {
            id: UserId(id),
            role: Role::Operator,
            lines: lines.iter().map(|line| LineId(*line)).collect(),
        }
    }

    #[test]
    fn an_unanswered_conversation_offers_the_first_response_actions_to_its_line() {
        let conversation = summary(1, ConversationStatus::Unanswered, 1);
        let set = available(&conversation, &operator(2, &[1]));
        assert_eq!(set.primary, [Transfer, AcceptAndClose, MarkSpam]);
        assert_eq!(set.more, [SaveToCrm, History, Take]);
        let outsider = available(&conversation, &operator(3, &[2]));
        assert!(outsider.primary.is_empty());
    }

    #[test]
    fn the_assignee_manages_and_locks_a_conversation_in_progress() {
        let mut conversation = summary(1, ConversationStatus::InProgress, 1);
        conversation.assignee = Some(UserId(2));
        let set = available(&conversation, &operator(2, &[1]));
        assert_eq!(set.primary, [Invite, Transfer, Finish]);
        assert_eq!(set.more, [SaveToCrm, Lock, Snooze, History, MarkSpam]);
        let colleague = available(&conversation, &operator(3, &[1]));
        assert!(colleague.primary.is_empty());
        assert_eq!(colleague.more, [SaveToCrm, History, Take]);
    }

    #[test]
    fn who_manages_a_conversation_in_progress_snoozes_it_once() {
        let mut conversation = summary(1, ConversationStatus::InProgress, 1);
        conversation.assignee = Some(UserId(2));
        let assignee = operator(2, &[1]);
        assert!(may_snooze(&conversation, &assignee));
        assert!(!may_snooze(&conversation, &operator(3, &[1])));
        conversation.snoozed_until = Some(5);
        assert!(!available(&conversation, &assignee).more.contains(&Snooze));
        // "Wake now" stays theirs.
        assert!(may_snooze(&conversation, &assignee));
        let unanswered = summary(1, ConversationStatus::Unanswered, 1);
        assert!(!may_snooze(&unanswered, &assignee));
    }

    #[test]
    fn a_lock_stops_colleagues_but_not_supervisors() {
        let mut conversation = summary(1, ConversationStatus::InProgress, 1);
        conversation.assignee = Some(UserId(2));
        conversation.locked_by = Some(UserId(2));
        assert_eq!(
            available(&conversation, &operator(3, &[1])).more,
            [SaveToCrm, History]
        );
        let supervisor = Actor {
            id: UserId(9),
            role: Role::Supervisor,
            lines: vec![],
        };
        let set = available(&conversation, &supervisor);
        assert_eq!(set.primary, [Invite, Transfer, Finish]);
        assert!(set.more.contains(&Take) && set.more.contains(&Unlock));
        assert!(available(&conversation, &operator(2, &[1]))
            .more
            .contains(&Unlock));
    }

    #[test]
    fn closed_conversations_are_read_only() {
        let conversation = summary(1, ConversationStatus::Closed, 1);
        let set = available(&conversation, &operator(2, &[1]));
        assert!(set.primary.is_empty());
        assert_eq!(set.more, [SaveToCrm, History]);
        assert!(!may_label(&conversation, &operator(2, &[1])));
    }

    #[test]
    fn labels_and_priority_are_for_whoever_may_act_on_the_conversation() {
        let mut conversation = summary(1, ConversationStatus::Unanswered, 1);
        assert!(may_label(&conversation, &operator(2, &[1])));
        assert!(!may_label(&conversation, &operator(3, &[2])));
        conversation.status = ConversationStatus::InProgress;
        conversation.assignee = Some(UserId(2));
        conversation.locked_by = Some(UserId(2));
        assert!(may_label(&conversation, &operator(2, &[1])));
        assert!(!may_label(&conversation, &operator(3, &[1])));
    }
}
