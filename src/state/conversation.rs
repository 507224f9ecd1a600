//! One conversation's message log: confirmed messages from the server and
//! the operator's own messages still on their way (optimistic sends).

use switchboard_protocol::{
    ClientMessageId, ConversationId, Message, MessageId, MessagePage, SendMessageRequest, Timestamp,
};

use crate::state::time::local_day;
use crate::state::window::LogWindow;

/// Where a message written by the operator is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PendingState {
    /// Held for the undo window: not sent yet, "Undo" takes it back.
    Held,
    /// Sent, no answer yet.
    Sending,
    /// The server could not be reached: kept in the outbox and sent
    /// automatically, in order, when it answers again.
    Waiting,
    /// The server refused or could not be reached; "Retry" sends it again
    /// with the same client id, so it can never be duplicated.
    Failed(String),
}

/// A message written by the operator that the server has not confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingMessage {
    /// The request, kept whole so a retry is identical.
    pub request: SendMessageRequest,
    /// Where it is.
    pub state: PendingState,
    /// When the operator sent it.
    pub created_at: Timestamp,
}

/// A line of the rendered log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogEntry<'a> {
    /// A day separator before the first message of a local day.
    Day(Timestamp),
    /// The "new messages" marker, before the first unread message.
    NewMessages,
    /// A confirmed message.
    Message(&'a Message),
    /// A message on its way.
    Pending(&'a PendingMessage),
}

/// The messages of one conversation that the app has loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationLog {
    /// The conversation.
    pub id: ConversationId,
    messages: Vec<Message>,
    pending: Vec<PendingMessage>,
    /// Whether older messages exist on the server.
    pub has_more_before: bool,
    loaded: bool,
}

impl ConversationLog {
    /// An empty log, before the first page arrives.
    pub fn new(id: ConversationId) -> Self {
        Self {
            id,
            messages: Vec::new(),
            pending: Vec::new(),
            has_more_before: false,
            loaded: false,
        }
    }

    /// Whether the latest messages came from the server (a log may exist
    /// before that, holding only replies restored from the outbox).
    pub fn is_loaded(&self) -> bool {
        self.loaded
    }

    /// Confirmed messages, oldest first.
    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    /// Messages on their way, in the order they were written.
    pub fn pending(&self) -> &[PendingMessage] {
        &self.pending
    }

    /// A loaded message by id.
    pub fn message(&self, id: MessageId) -> Option<&Message> {
        self.messages
            .binary_search_by_key(&id, |message| message.id)
            .ok()
            .map(|index| &self.messages[index])
    }

    /// The oldest loaded message (the cursor to load older ones).
    pub fn oldest(&self) -> Option<MessageId> {
        self.messages.first().map(|message| message.id)
    }

    /// The newest loaded message.
    pub fn newest(&self) -> Option<&Message> {
        self.messages.last()
    }

    /// Merges a page from the server (latest, older or newer) in one pass.
    ///
    /// Scrolling up through a long conversation brings pages of older
    /// messages that all belong before the first loaded one: inserting them
    /// one by one would move the whole log once per message inside the
    /// scroll's task. Known messages are replaced in place; the new ones are
    /// sorted and spliced into the gap they fill, or merged with the log when
    /// they fall between loaded messages.
    pub fn apply_page(&mut self, page: MessagePage, older: bool) {
        if older || !self.loaded {
            self.has_more_before = page.has_more_before;
        }
        if !older {
            self.loaded = true;
        }
        let mut fresh = Vec::with_capacity(page.items.len());
        for message in page.items {
            if let Some((_, message)) = self.accept(message) {
                fresh.push(message);
            }
        }
        if fresh.is_empty() {
            return;
        }
        fresh.sort_by_key(|m| m.id);
        // A page holds each message once; should it not, the newer copy wins.
        fresh.dedup_by(|later, kept| {
            if later.id != kept.id {
                return false;
            }
            if supersedes(later, kept) {
                std::mem::swap(later, kept);
            }
            true
        });
        let (first, last) = (fresh[0].id, fresh[fresh.len() - 1].id);
        let start = self.messages.partition_point(|m| m.id < first);
        let end = self.messages.partition_point(|m| m.id < last);
        if start == end {
            self.messages.splice(start..start, fresh);
        } else {
            let known = std::mem::take(&mut self.messages);
            self.messages = merge_by_id(known, fresh);
        }
    }

    /// Inserts or replaces a message, keeping the log sorted and unique,
    /// and settles the optimistic copy that carried the same client id.
    pub fn apply_message(&mut self, message: Message) {
        if let Some((index, message)) = self.accept(message) {
            self.messages.insert(index, message);
        }
    }

    /// Takes a message of this conversation from the server: settles the
    /// optimistic copy that carried its client id and replaces the known
    /// copy when it is newer. A message not in the log yet is handed back
    /// with the index it belongs at; one of another conversation is dropped.
    fn accept(&mut self, message: Message) -> Option<(usize, Message)> {
        if message.conversation_id != self.id {
            return None;
        }
        if let Some(client_id) = &message.client_id {
            self.pending.retain(|p| &p.request.client_id != client_id);
        }
        match self.messages.binary_search_by_key(&message.id, |m| m.id) {
            Ok(index) => {
                if supersedes(&message, &self.messages[index]) {
                    self.messages[index] = message;
                }
                None
            }
            Err(index) => Some((index, message)),
        }
    }

    /// Adds a message the operator just sent.
    pub fn add_pending(&mut self, request: SendMessageRequest, now: Timestamp) {
        if self
            .pending
            .iter()
            .any(|p| p.request.client_id == request.client_id)
        {
            return;
        }
        self.pending.push(PendingMessage {
            request,
            state: PendingState::Sending,
            created_at: now,
        });
    }

    /// Forgets a pending message that will never be sent ("Undo").
    pub fn remove_pending(&mut self, client_id: &ClientMessageId) {
        self.pending.retain(|p| &p.request.client_id != client_id);
    }

    /// A held message is on its way: it shows as sending.
    pub fn release_pending(&mut self, client_id: &ClientMessageId) {
        if let Some(pending) = self
            .pending
            .iter_mut()
            .find(|p| &p.request.client_id == client_id && p.state == PendingState::Held)
        {
            pending.state = PendingState::Sending;
        }
    }

    /// Marks a pending message as failed, with the reason shown beside it.
    pub fn fail_pending(&mut self, client_id: &ClientMessageId, reason: String) {
        self.set_pending_state(client_id, PendingState::Failed(reason));
    }

    /// Moves a pending message to another state.
    pub fn set_pending_state(&mut self, client_id: &ClientMessageId, state: PendingState) {
        if let Some(pending) = self
            .pending
            .iter_mut()
            .find(|p| &p.request.client_id == client_id)
        {
            pending.state = state;
        }
    }

    /// The log as rendered: day separators, the "new messages" marker after
    /// `last_read`, the confirmed messages of `window`, then, when the window
    /// shows the newest messages, the pending ones.
    pub fn entries(
        &self,
        last_read: Option<MessageId>,
        utc_offset_minutes: i64,
        window: &LogWindow,
    ) -> Vec<LogEntry<'_>> {
        let shown = &self.messages[window.range(&self.messages)];
        let mut out = Vec::with_capacity(shown.len() + self.pending.len() + 4);
        let mut day = None;
        let mut marked = false;
        for message in shown {
            let this_day = local_day(message.created_at, utc_offset_minutes);
            if day != Some(this_day) {
                out.push(LogEntry::Day(message.created_at));
                day = Some(this_day);
            }
            let unread = last_read.is_some_and(|read| message.id > read);
            if unread
                && !marked
                && message.author.kind == switchboard_protocol::AuthorKind::Customer
            {
                out.push(LogEntry::NewMessages);
                marked = true;
            }
            out.push(LogEntry::Message(message));
        }
        if window.follows_newest() {
            out.extend(self.pending.iter().map(LogEntry::Pending));
        }
        out
    }
}
/// Whether `new` should replace `known`, the copy of the same message the log
/// holds: an edit or deletion is newer than it, and so is a later change of
/// its delivery (an answer may arrive after the event that followed it); a
/// replayed creation is not.
fn supersedes(new: &Message, known: &Message) -> bool {
    let at = |message: &Message| message.delivery.as_ref().map(|d| d.at);
    (new.edited_at, new.deleted_at, at(new)) >= (known.edited_at, known.deleted_at, at(known))
}

/// Merges two logs sorted by id whose ids are disjoint.
fn merge_by_id(known: Vec<Message>, fresh: Vec<Message>) -> Vec<Message> {
    let mut out = Vec::with_capacity(known.len() + fresh.len());
    let mut known = known.into_iter().peekable();
    let mut fresh = fresh.into_iter().peekable();
    loop {
        let take_known = match (known.peek(), fresh.peek()) {
            (Some(a), Some(b)) => a.id < b.id,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let next = if take_known {
            known.next()
        } else {
            fresh.next()
        };
        out.extend(next);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::queue::tests::customer_message;
    use switchboard_protocol::{AuthorKind, UserId};

    fn request(client_id: &str, text: &str) -> SendMessageRequest {
        SendMessageRequest {
            client_id: ClientMessageId(client_id.into()),
            text: text.into(),
            attachments: vec![],
            quote: None,
            internal: false,
        }
    }

    fn confirmed(id: i64, client_id: &str, text: &str) -> Message {
        let mut message = customer_message(id, 7, text);
        message.author.kind = AuthorKind::Employee;
        message.author.user_id = Some(UserId(1));
        message.client_id = Some(ClientMessageId(client_id.into()));
        message
    }

    #[test]
    fn an_optimistic_message_is_replaced_by_its_confirmation_exactly_once() {
        let mut log = ConversationLog::new(ConversationId(7));
        log.add_pending(request("c-1", "Bonjour"), 0);
        assert_eq!(log.pending().len(), 1);
        // The HTTP answer and the websocket event both confirm it.
        log.apply_message(confirmed(40, "c-1", "Bonjour"));
        log.apply_message(confirmed(40, "c-1", "Bonjour"));
        assert!(log.pending().is_empty());
        assert_eq!(log.messages().len(), 1);
    }

    #[test]
    fn the_newest_delivery_state_wins_whatever_order_copies_arrive_in() {
        use switchboard_protocol::{DeliveryState, MessageDelivery};
        let copy = |state, at| {
            let mut message = confirmed(40, "c-1", "Bonjour");
            message.delivery = Some(MessageDelivery {
                state,
                error: None,
                at,
            });
            message
        };
        let state = |log: &ConversationLog| {
            log.message(MessageId(40))
                .and_then(|m| m.delivery.as_ref())
                .map(|d| d.state)
        };
        let mut log = ConversationLog::new(ConversationId(7));
        log.apply_message(copy(DeliveryState::Sending, 1));
        log.apply_message(copy(DeliveryState::Delivered, 2));
        // The answer to the send, written before the delivery, comes last.
        log.apply_message(copy(DeliveryState::Sending, 1));
        assert_eq!(state(&log), Some(DeliveryState::Delivered));
        // Failed, then "Retry": sending again, then delivered.
        let mut log = ConversationLog::new(ConversationId(7));
        log.apply_message(copy(DeliveryState::Failed, 5));
        log.apply_message(copy(DeliveryState::Sending, 6));
        assert_eq!(state(&log), Some(DeliveryState::Sending));
        log.apply_message(copy(DeliveryState::Delivered, 7));
        log.apply_message(copy(DeliveryState::Sending, 6));
        assert_eq!(state(&log), Some(DeliveryState::Delivered));
        // An edit is newer than any delivery state of the text before it.
        let mut edited = copy(DeliveryState::Sending, 8);
        edited.edited_at = Some(100);
        log.apply_message(edited);
        assert_eq!(state(&log), Some(DeliveryState::Sending));
    }

    #[test]
    fn a_loaded_message_is_found_by_its_id() {
        let mut log = ConversationLog::new(ConversationId(7));
        for id in [30, 10, 20] {
            log.apply_message(customer_message(id, 7, &format!("number {id}")));
        }
        assert_eq!(
            log.message(MessageId(20)).map(|m| m.text.as_str()),
            Some("number 20")
        );
        assert_eq!(log.message(MessageId(25)), None);
    }

    #[test]
    fn a_failed_message_is_retried_with_the_same_client_id() {
        let mut log = ConversationLog::new(ConversationId(7));
        log.add_pending(request("c-1", "Bonjour"), 0);
        log.fail_pending(&ClientMessageId("c-1".into()), "offline".into());
        assert_eq!(
            log.pending()[0].state,
            PendingState::Failed("offline".into())
        );
        log.set_pending_state(&ClientMessageId("c-1".into()), PendingState::Sending);
        assert_eq!(log.pending()[0].request, request("c-1", "Bonjour"));
        assert_eq!(log.pending()[0].state, PendingState::Sending);
    }

    #[test]
    fn replies_restored_from_the_outbox_wait_for_the_first_page() {
        let mut log = ConversationLog::new(ConversationId(7));
        log.add_pending(request("c-1", "sent before the reload"), 0);
        log.add_pending(request("c-2", "never reached the server"), 1);
        assert!(
            !log.is_loaded(),
            "a log holding only restored replies loads its messages"
        );
        log.set_pending_state(&ClientMessageId("c-2".into()), PendingState::Waiting);
        // The first one had reached the server: the page settles it.
        log.apply_page(
            MessagePage {
                items: vec![confirmed(40, "c-1", "sent before the reload")],
                has_more_before: false,
                has_more_after: false,
            },
            false,
        );
        assert!(log.is_loaded());
        assert_eq!(log.messages().len(), 1);
        assert_eq!(log.pending().len(), 1);
        assert_eq!(log.pending()[0].state, PendingState::Waiting);
    }

    #[test]
    fn messages_stay_sorted_and_unique_across_pages_and_events() {
        let mut log = ConversationLog::new(ConversationId(7));
        log.apply_message(customer_message(50, 7, "live"));
        log.apply_page(
            MessagePage {
                items: vec![customer_message(10, 7, "a"), customer_message(20, 7, "b")],
                has_more_before: true,
                has_more_after: false,
            },
            true,
        );
        log.apply_message(customer_message(20, 7, "b"));
        log.apply_message(customer_message(99, 8, "another conversation"));
        assert_eq!(ids(&log), [10, 20, 50]);
        assert!(log.has_more_before);
        assert_eq!(log.oldest(), Some(MessageId(10)));
    }

    #[test]
    fn edits_replace_and_replays_do_not_undo_them() {
        let mut log = ConversationLog::new(ConversationId(7));
        log.apply_message(customer_message(10, 7, "typo"));
        let mut edited = customer_message(10, 7, "fixed");
        edited.edited_at = Some(9_000);
        log.apply_message(edited);
        log.apply_message(customer_message(10, 7, "typo"));
        assert_eq!(log.messages()[0].text, "fixed");
    }

    #[test]
    fn entries_have_day_separators_and_one_new_messages_marker() {
        let mut log = ConversationLog::new(ConversationId(7));
        let mut yesterday = customer_message(10, 7, "hier");
        yesterday.created_at = 0;
        let mut today_1 = customer_message(20, 7, "aujourd'hui");
        today_1.created_at = 86_400_000 + 1_000;
        let mut today_2 = customer_message(30, 7, "encore");
        today_2.created_at = 86_400_000 + 2_000;
        for message in [yesterday, today_1, today_2] {
            log.apply_message(message);
        }
        log.add_pending(request("c-1", "réponse"), 86_400_000 + 3_000);
        let kinds: Vec<&str> = log
            .entries(Some(MessageId(10)), 0, &LogWindow::default())
            .iter()
            .map(|entry| match entry {
                LogEntry::Day(_) => "day",
                LogEntry::NewMessages => "new",
                LogEntry::Message(_) => "message",
                LogEntry::Pending(_) => "pending",
            })
            .collect();
        assert_eq!(
            kinds,
            ["day", "message", "day", "new", "message", "message", "pending"]
        );
    }

    fn page(ids: &[i64]) -> MessagePage {
        MessagePage {
            items: ids
                .iter()
                .map(|&id| customer_message(id, 7, &format!("m{id}")))
                .collect(),
            has_more_before: true,
            has_more_after: false,
        }
    }

    fn ids(log: &ConversationLog) -> Vec<i64> {
        log.messages().iter().map(|m| m.id.0).collect()
    }

    #[test]
    fn pages_merge_before_after_between_and_across_known_messages() {
        let mut log = ConversationLog::new(ConversationId(7));
        log.apply_page(page(&[50, 60, 70]), false);
        // Older, in one gap before the first; unsorted on purpose.
        log.apply_page(page(&[30, 10, 20]), true);
        assert_eq!(ids(&log), [10, 20, 30, 50, 60, 70]);
        // Newer, after the last, with a known one in it.
        log.apply_page(page(&[70, 80, 90]), false);
        assert_eq!(ids(&log), [10, 20, 30, 50, 60, 70, 80, 90]);
        // Inside one gap between two loaded messages.
        log.apply_page(page(&[40, 45]), false);
        assert_eq!(ids(&log), [10, 20, 30, 40, 45, 50, 60, 70, 80, 90]);
        // Across several gaps and both ends.
        log.apply_page(page(&[5, 15, 55, 95, 55]), true);
        assert_eq!(
            ids(&log),
            [5, 10, 15, 20, 30, 40, 45, 50, 55, 60, 70, 80, 90, 95]
        );
        assert!(log.messages().windows(2).all(|w| w[0].id < w[1].id));
    }

    #[test]
    fn a_page_keeps_edits_settles_pending_and_skips_other_conversations() {
        let mut log = ConversationLog::new(ConversationId(7));
        let mut edited = customer_message(10, 7, "fixed");
        edited.edited_at = Some(9_000);
        log.apply_message(edited.clone());
        log.add_pending(request("c-1", "on its way"), 0);
        let mut newer_twice = customer_message(30, 7, "second edit");
        newer_twice.edited_at = Some(2);
        let mut older_twice = customer_message(30, 7, "first edit");
        older_twice.edited_at = Some(1);
        log.apply_page(
            MessagePage {
                items: vec![
                    // A replay of the creation does not undo the edit.
                    customer_message(10, 7, "typo"),
                    confirmed(20, "c-1", "on its way"),
                    newer_twice,
                    older_twice,
                    customer_message(99, 8, "another conversation"),
                ],
                has_more_before: false,
                has_more_after: false,
            },
            false,
        );
        assert_eq!(ids(&log), [10, 20, 30]);
        assert_eq!(log.messages()[0].text, "fixed");
        assert_eq!(log.messages()[2].text, "second edit");
        assert!(
            log.pending().is_empty(),
            "the page confirmed the pending reply"
        );
        assert!(!log.has_more_before);
    }
}
