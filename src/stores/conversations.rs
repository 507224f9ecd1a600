//! The queue and conversations store: every conversation the operator can
//! see (the queue model), the logs of opened conversations, replies on their
//! way (the outbox), the conversation actions, and what the operator is told
//! about them (notices in place, toasts elsewhere, colleagues typing).

mod actions;
mod events;
mod log;
mod outbox;
mod queue;

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use switchboard_protocol::{
    CannedResponse, Connector, ConversationId, ConversationStatus, MessageId, UserId, UserRef,
};

pub use actions::ActionCall;
pub use log::OutgoingMessage;

use super::SessionStore;
use crate::state::conversation::ConversationLog;
use crate::state::outbox::Outbox;
use crate::state::queue::{InProgressScope, Queue, QueueFilter, QueueSort, QueueTab};

/// A short-lived notice about a customer message elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    /// Unique per toast.
    pub id: u64,
    /// The conversation it is about.
    pub conversation: ConversationId,
    /// The customer's name.
    pub title: String,
    /// The message preview, or the colleague's name for a handover.
    pub body: String,
    /// What happened.
    pub kind: ToastKind,
}

/// Why a toast appeared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    /// The customer wrote (`body` is the preview).
    CustomerMessage,
    /// A colleague (`body`) transferred the conversation to me.
    HandedToMe,
    /// A colleague (`body`) took over my conversation.
    TakenFromMe,
    /// A colleague (`body`) mentioned me in the conversation.
    Mentioned,
    /// Routing offers me the conversation ("Offered to you").
    Offered,
    /// My snoozed conversation came back ("is back from snooze").
    BackFromSnooze,
}

impl Toast {
    /// Whether the toast still tells the operator something while `open` is
    /// the conversation on screen. A customer's message or a mention there is
    /// already in front of them, in the log; a change of hands (transferred to
    /// me, taken from me) is news even there.
    pub fn worth_showing(&self, open: Option<ConversationId>) -> bool {
        let repeats_the_log =
            matches!(self.kind, ToastKind::CustomerMessage | ToastKind::Mentioned);
        !(repeats_the_log && open == Some(self.conversation))
    }
}

/// A colleague typing in a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typing {
    /// Where.
    pub conversation: ConversationId,
    /// Who.
    pub user: UserRef,
    /// Until when it is shown (ms), unless renewed.
    pub until: i64,
}

/// Something the operator must be told about a conversation, in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConversationNotice {
    /// A colleague answered first.
    AlreadyAnswered(String),
    /// An action failed for this reason.
    Failed(String),
    /// The server refused an action (its code says why).
    Refused {
        /// Machine-readable reason, e.g. `locked` or `conversation_changed`.
        code: String,
        /// The server's explanation.
        message: String,
    },
}

/// The queue and conversations. `Copy`: pass it around freely.
#[derive(Clone, Copy)]
pub struct ConversationStore {
    session: SessionStore,
    /// The queue model.
    pub queue: RwSignal<Queue>,
    /// Loaded message logs.
    pub logs: RwSignal<HashMap<ConversationId, ConversationLog>>,
    /// Number of earlier sessions per conversation (from its detail).
    pub earlier_sessions: RwSignal<HashMap<ConversationId, u32>>,
    /// The selected queue tab.
    pub tab: RwSignal<QueueTab>,
    /// Mine or everyone's, inside "In progress".
    pub scope: RwSignal<InProgressScope>,
    /// Line, channel and label filters.
    pub filter: RwSignal<QueueFilter>,
    /// The order of the rows ("Sort by").
    pub sort: RwSignal<QueueSort>,
    /// The text searched across every status (empty: no search).
    pub search_text: RwSignal<String>,
    /// Whether a queue load is under way.
    pub queue_loading: RwSignal<bool>,
    /// Notices per conversation.
    pub notices: RwSignal<HashMap<ConversationId, ConversationNotice>>,
    /// Toasts on screen.
    pub toasts: RwSignal<Vec<Toast>>,
    /// Colleagues typing right now.
    pub typing: RwSignal<Vec<Typing>>,
    /// Who has each conversation open (the server's latest lists).
    pub viewers: RwSignal<HashMap<ConversationId, Vec<UserId>>>,
    /// Canned responses the operator may use (loaded when first needed).
    pub canned: RwSignal<Option<Vec<CannedResponse>>>,
    toast_counter: StoredValue<u64>,
    /// Replies not yet confirmed by the server (saved in `localStorage`).
    outbox: StoredValue<Outbox>,
    /// Conversations with a reply being delivered right now.
    delivering: StoredValue<HashSet<ConversationId>>,
    /// Failed outbox deliveries in a row (for the backoff).
    outbox_attempt: StoredValue<u32>,
    /// The timer of the next outbox attempt.
    outbox_timer: StoredValue<Option<TimeoutHandle>>,
    /// The search under way, so an older answer never replaces a newer one.
    search_generation: StoredValue<u64>,
}

impl ConversationStore {
    pub(super) fn new(session: SessionStore) -> Self {
        let scope = crate::preferences::in_progress_scope(session.me.with_untracked(|me| me.role));
        Self {
            session,
            queue: RwSignal::new(Queue::default()),
            logs: RwSignal::new(HashMap::new()),
            earlier_sessions: RwSignal::new(HashMap::new()),
            tab: RwSignal::new(QueueTab::Unanswered),
            scope: RwSignal::new(scope),
            filter: RwSignal::new(QueueFilter {
                label: crate::preferences::queue_label(),
                ..QueueFilter::default()
            }),
            sort: RwSignal::new(crate::preferences::queue_sort()),
            search_text: RwSignal::new(String::new()),
            queue_loading: RwSignal::new(false),
            notices: RwSignal::new(HashMap::new()),
            toasts: RwSignal::new(Vec::new()),
            typing: RwSignal::new(Vec::new()),
            viewers: RwSignal::new(HashMap::new()),
            canned: RwSignal::new(None),
            toast_counter: StoredValue::new(0),
            outbox: StoredValue::new(Default::default()),
            delivering: StoredValue::new(HashSet::new()),
            outbox_attempt: StoredValue::new(0),
            outbox_timer: StoredValue::new(None),
            search_generation: StoredValue::new(0),
        }
    }

    /// The session this store acts for.
    pub fn session(&self) -> SessionStore {
        self.session
    }

    /// The connector (channel) a conversation came through, with what it supports.
    pub fn connector_of(&self, id: ConversationId) -> Option<Connector> {
        let connector = self
            .queue
            .with(|queue| queue.get(id).map(|row| row.conversation.connector_id))?;
        self.session.connector(connector)
    }

    /// Whether the conversation is open and assigned to me (I can write).
    pub fn can_write(&self, id: ConversationId) -> bool {
        let me = self.session.me.with(|me| me.id);
        self.queue.with(|queue| {
            queue.get(id).is_some_and(|row| {
                row.conversation.status == ConversationStatus::InProgress
                    && (row.conversation.assignee == Some(me)
                        || row.conversation.participants.contains(&me))
            })
        })
    }

    /// The customer's name in a conversation (empty when unknown).
    pub fn customer_name(&self, id: ConversationId) -> String {
        self.queue
            .with_untracked(|queue| {
                queue
                    .get(id)
                    .map(|row| row.conversation.customer.name.clone())
            })
            .unwrap_or_default()
    }

    /// The newest message of mine in a loaded conversation that is not
    /// deleted (arrow-up in an empty composer edits it).
    pub fn my_last_message(&self, id: ConversationId) -> Option<MessageId> {
        let me = self.session.my_id();
        self.logs.with_untracked(|logs| {
            logs.get(&id).and_then(|log| {
                log.messages()
                    .iter()
                    .rev()
                    .find(|m| {
                        m.author.user_id == Some(me) && m.deleted_at.is_none() && m.system.is_none()
                    })
                    .map(|m| m.id)
            })
        })
    }

    fn set_notice(&self, id: ConversationId, notice: Option<ConversationNotice>) {
        self.notices.update(|notices| match notice {
            Some(notice) => {
                notices.insert(id, notice);
            }
            None => {
                notices.remove(&id);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toast(conversation: i64, kind: ToastKind) -> Toast {
        Toast {
            id: 1,
            conversation: ConversationId(conversation),
            title: "Camille".into(),
            body: "Bonjour".into(),
            kind,
        }
    }

    #[test]
    fn a_message_in_the_open_conversation_is_not_shown_again_as_a_toast() {
        let open = Some(ConversationId(7));
        assert!(!toast(7, ToastKind::CustomerMessage).worth_showing(open));
        assert!(!toast(7, ToastKind::Mentioned).worth_showing(open));
        assert!(toast(8, ToastKind::CustomerMessage).worth_showing(open));
        assert!(toast(7, ToastKind::CustomerMessage).worth_showing(None));
    }

    #[test]
    fn a_change_of_hands_is_shown_even_in_the_open_conversation() {
        let open = Some(ConversationId(7));
        assert!(toast(7, ToastKind::HandedToMe).worth_showing(open));
        assert!(toast(7, ToastKind::TakenFromMe).worth_showing(open));
    }
}
