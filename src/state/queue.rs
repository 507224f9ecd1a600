//! The Contact Center queue: every conversation the operator can see, the
//! counts per tab, and how events and pages change them.

use std::collections::{HashMap, HashSet};

use crate::state::actions::{can_see, Actor};
use switchboard_protocol::{
    AuthorKind, ConnectorKind, ConversationId, ConversationStatus, ConversationSummary, Event,
    LabelId, LineId, Message, MessageId, MessagePreview, QueueItem, QueuePage, Role, StatusCounts,
    SystemEvent, UserId,
};

/// The tabs of the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum QueueTab {
    /// Customers waiting for an answer.
    #[default]
    Unanswered,
    /// Conversations someone is handling.
    InProgress,
    /// Conversations in progress put aside until a time or until the
    /// customer writes.
    Snoozed,
    /// Finished conversations (closed or spam).
    Closed,
}

impl QueueTab {
    /// Every tab, in display order.
    pub const ALL: [Self; 4] = [
        Self::Unanswered,
        Self::InProgress,
        Self::Snoozed,
        Self::Closed,
    ];

    /// The tab a conversation belongs to.
    pub fn of(conversation: &ConversationSummary) -> Self {
        match conversation.status {
            ConversationStatus::Unanswered => Self::Unanswered,
            ConversationStatus::InProgress if conversation.snoozed_until.is_some() => Self::Snoozed,
            ConversationStatus::InProgress => Self::InProgress,
            ConversationStatus::Closed | ConversationStatus::Spam => Self::Closed,
        }
    }

    /// The status to ask the server for when loading this tab.
    pub fn status(self) -> ConversationStatus {
        match self {
            Self::Unanswered => ConversationStatus::Unanswered,
            Self::InProgress | Self::Snoozed => ConversationStatus::InProgress,
            Self::Closed => ConversationStatus::Closed,
        }
    }

    /// Whether to ask the server for snoozed conversations only (`true`),
    /// for those not snoozed (`false`), or for both (`None`).
    pub fn snoozed(self) -> Option<bool> {
        match self {
            Self::InProgress => Some(false),
            Self::Snoozed => Some(true),
            Self::Unanswered | Self::Closed => None,
        }
    }

    /// The number shown on the tab.
    pub fn count(self, counts: &StatusCounts) -> u32 {
        match self {
            Self::Unanswered => counts.unanswered,
            Self::InProgress => counts.in_progress,
            Self::Snoozed => counts.snoozed,
            Self::Closed => counts.closed + counts.spam,
        }
    }
}

/// Whose conversations "In progress" lists: the operator's own, or everyone's
/// they may see (Chatwoot's Mine / All; "Unanswered" plays Unassigned).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum InProgressScope {
    /// Assigned to me.
    #[default]
    Mine,
    /// Everyone's.
    All,
}

impl InProgressScope {
    /// Both, in display order.
    pub const ALL: [Self; 2] = [Self::Mine, Self::All];

    /// Where a role starts: operators with their own work, supervisors and
    /// admins with everyone's.
    pub fn default_for(role: Role) -> Self {
        match role {
            Role::Operator => Self::Mine,
            Role::Supervisor | Role::Admin => Self::All,
        }
    }

    /// The stored form of the choice.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mine => "mine",
            Self::All => "all",
        }
    }

    /// Reads a stored choice.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "mine" => Some(Self::Mine),
            "all" => Some(Self::All),
            _ => None,
        }
    }
}

/// One list of the queue: a tab and, inside "In progress", whose
/// conversations. Pages and their cursors are kept per list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct QueueList {
    /// The tab.
    pub tab: QueueTab,
    /// Only mine (inside "In progress" only).
    pub mine: bool,
}

impl QueueList {
    /// The list a tab shows with a scope.
    pub fn new(tab: QueueTab, scope: InProgressScope) -> Self {
        Self {
            tab,
            mine: tab == QueueTab::InProgress && scope == InProgressScope::Mine,
        }
    }

    /// The whole tab.
    pub fn tab(tab: QueueTab) -> Self {
        Self { tab, mine: false }
    }

    /// The number shown for this list.
    pub fn count(self, counts: &StatusCounts) -> u32 {
        if self.mine {
            counts.in_progress_mine
        } else {
            self.tab.count(counts)
        }
    }

    fn accepts(self, conversation: &ConversationSummary, me: UserId) -> bool {
        QueueTab::of(conversation) == self.tab && (!self.mine || conversation.assignee == Some(me))
    }
}

/// Filters of the queue besides the tab. The text search runs on the server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueFilter {
    /// Only this line.
    pub line: Option<LineId>,
    /// Only this channel.
    pub channel: Option<ConnectorKind>,
    /// Only conversations with this label ("Filter by label").
    pub label: Option<LabelId>,
}

impl QueueFilter {
    fn accepts(&self, conversation: &ConversationSummary) -> bool {
        self.line.is_none_or(|line| conversation.line_id == line)
            && self
                .channel
                .is_none_or(|channel| conversation.channel == channel)
            && self
                .label
                .is_none_or(|label| conversation.labels.contains(&label))
    }
}

/// The order of the queue's rows ("Sort by").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueSort {
    /// "Wait": the queue's usual order, most recent activity first.
    #[default]
    Wait,
    /// "Priority": urgent first down to none, then the longest wait first.
    Priority,
}

impl QueueSort {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Wait => "wait",
            Self::Priority => "priority",
        }
    }

    /// Parses a stored name; anything else is the usual order.
    pub fn parse(value: &str) -> Self {
        if value == "priority" {
            Self::Priority
        } else {
            Self::Wait
        }
    }
}

/// What an event meant for the operator, so the view can notify them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueChange {
    /// Nothing the operator needs to hear about.
    Quiet,
    /// A colleague transferred a conversation to the viewer.
    HandedToMe {
        /// The conversation.
        conversation: ConversationId,
        /// The customer's name.
        customer: String,
        /// The colleague who transferred it.
        by: String,
    },
    /// A colleague took over a conversation the viewer was handling.
    TakenFromMe {
        /// The conversation.
        conversation: ConversationId,
        /// The customer's name.
        customer: String,
        /// The colleague who took it.
        by: String,
    },
    /// Routing offers the viewer a conversation ("Offered to you").
    OfferedToMe {
        /// The conversation.
        conversation: ConversationId,
        /// The customer's name.
        customer: String,
    },
    /// The viewer's snoozed conversation came back ("is back from snooze").
    BackFromSnooze {
        /// The conversation.
        conversation: ConversationId,
        /// The customer's name.
        customer: String,
    },
    /// A customer wrote a new message in this conversation.
    CustomerWrote {
        /// The conversation.
        conversation: ConversationId,
        /// The customer's name.
        customer: String,
        /// Plain-text preview of the message.
        preview: String,
    },
}

/// Every known queue row, keyed by conversation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Queue {
    rows: HashMap<ConversationId, QueueItem>,
    counts: StatusCounts,
    /// Server-side search results, every status; `None` when no search is active.
    search_hits: Option<HashSet<ConversationId>>,
    /// Cursor of the next page per list; absent when the list was not loaded.
    next_cursor: HashMap<QueueList, Option<String>>,
    /// Per conversation, the newest message already reflected in its unread
    /// count (by the server's count or by an event), so a replayed or
    /// duplicated event never counts twice.
    counted_through: HashMap<ConversationId, MessageId>,
}

impl Queue {
    /// Counts per status.
    pub fn counts(&self) -> &StatusCounts {
        &self.counts
    }

    /// A row by id.
    pub fn get(&self, id: ConversationId) -> Option<&QueueItem> {
        self.rows.get(&id)
    }

    /// Every known conversation, the latest activity first.
    pub fn conversations(&self) -> Vec<&ConversationSummary> {
        let mut all: Vec<_> = self.rows.values().map(|row| &row.conversation).collect();
        all.sort_by_key(|conversation| std::cmp::Reverse(conversation.last_activity_at));
        all
    }

    /// Whether the list has more rows on the server than loaded here.
    pub fn has_more(&self, list: QueueList) -> bool {
        matches!(self.next_cursor.get(&list), Some(Some(_)))
    }

    /// The cursor to load the next page of a list with.
    pub fn cursor(&self, list: QueueList) -> Option<String> {
        self.next_cursor.get(&list).cloned().flatten()
    }

    /// Whether a list was loaded at least once.
    pub fn is_loaded(&self, list: QueueList) -> bool {
        self.next_cursor.contains_key(&list)
    }

    /// Whether a search is showing its results.
    pub fn is_searching(&self) -> bool {
        self.search_hits.is_some()
    }

    /// Forgets everything (after a `resync` or a new filter), keeping nothing stale.
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// Merges a page of the server's queue for `list`. Rows already known with
    /// a newer version keep the newer copy.
    pub fn apply_page(&mut self, list: QueueList, page: QueuePage) {
        self.counts = page.counts;
        for item in page.items {
            self.upsert_item(item);
        }
        self.next_cursor.insert(list, page.next_cursor);
    }

    /// Sets the result of a server-side text search across every status
    /// (`None` to end the search).
    pub fn set_search_hits(&mut self, hits: Option<Vec<QueueItem>>) {
        self.search_hits = hits.map(|items| {
            let ids = items.iter().map(|item| item.conversation.id).collect();
            for item in items {
                self.upsert_item(item);
            }
            ids
        });
    }

    /// Replaces or inserts a single row (e.g. after opening a conversation).
    pub fn upsert_item(&mut self, item: QueueItem) {
        // The server's unread count includes every message up to its last one.
        if let Some(last) = &item.conversation.last_message {
            let counted = self
                .counted_through
                .entry(item.conversation.id)
                .or_insert(last.id);
            *counted = (*counted).max(last.id);
        }
        match self.rows.get_mut(&item.conversation.id) {
            Some(known) if known.conversation.version > item.conversation.version => {}
            Some(known) => *known = item,
            None => {
                self.rows.insert(item.conversation.id, item);
            }
        }
    }

    /// Applies a realtime event. `viewer` is the operator; `viewing` the
    /// conversation on screen (its messages count as read).
    pub fn apply_event(
        &mut self,
        event: &Event,
        viewer: &Actor,
        viewing: Option<ConversationId>,
    ) -> QueueChange {
        let me = viewer.id;
        match event {
            Event::ConversationCreated { conversation }
            | Event::ConversationUpdated { conversation } => {
                if !can_see(conversation, viewer) {
                    // Transferred to a line the viewer is not in, for example.
                    self.forget(conversation, me);
                    return QueueChange::Quiet;
                }
                let known = self.rows.get(&conversation.id).map(|row| &row.conversation);
                let news = known.is_none_or(|known| known.version < conversation.version);
                let offer = |summary: &ConversationSummary| {
                    summary
                        .offered_to()
                        .filter(|user| *user == me)
                        .and(summary.offer_expires_at)
                };
                let new_offer = news
                    && offer(conversation).is_some()
                    && known.and_then(offer) != offer(conversation);
                self.apply_summary(conversation.clone(), me);
                if new_offer {
                    QueueChange::OfferedToMe {
                        conversation: conversation.id,
                        customer: conversation.customer.name.clone(),
                    }
                } else {
                    QueueChange::Quiet
                }
            }
            Event::SnoozeEnded { conversation } => {
                if can_see(conversation, viewer) {
                    self.apply_summary(conversation.clone(), me);
                }
                if conversation.assignee == Some(me) {
                    QueueChange::BackFromSnooze {
                        conversation: conversation.id,
                        customer: conversation.customer.name.clone(),
                    }
                } else {
                    QueueChange::Quiet
                }
            }
            Event::MessageCreated { message } => self.apply_message(message, me, viewing),
            Event::ConversationRead {
                conversation_id,
                user_id,
                last_read_message_id,
            } if *user_id == me => {
                if let Some(row) = self.rows.get_mut(conversation_id) {
                    row.last_read_message_id = Some(*last_read_message_id);
                    let read_all = row
                        .conversation
                        .last_message
                        .as_ref()
                        .is_none_or(|last| last.id <= *last_read_message_id);
                    if read_all {
                        row.unread_count = 0;
                    }
                }
                QueueChange::Quiet
            }
            _ => QueueChange::Quiet,
        }
    }

    fn forget(&mut self, conversation: &ConversationSummary, me: UserId) {
        let stale = self
            .rows
            .get(&conversation.id)
            .is_some_and(|known| known.conversation.version >= conversation.version);
        if stale {
            return;
        }
        if let Some(known) = self.rows.remove(&conversation.id) {
            adjust(&mut self.counts, &known.conversation, me, -1);
        }
    }

    fn apply_summary(&mut self, conversation: ConversationSummary, me: UserId) {
        match self.rows.get_mut(&conversation.id) {
            Some(known) if known.conversation.version >= conversation.version => {}
            Some(known) => {
                adjust(&mut self.counts, &known.conversation, me, -1);
                adjust(&mut self.counts, &conversation, me, 1);
                // A summary may lag behind a message we already applied.
                let last_message = newest(
                    known.conversation.last_message.take(),
                    conversation.last_message.clone(),
                );
                known.conversation = ConversationSummary {
                    last_message,
                    last_activity_at: known
                        .conversation
                        .last_activity_at
                        .max(conversation.last_activity_at),
                    ..conversation
                };
            }
            None => {
                adjust(&mut self.counts, &conversation, me, 1);
                self.rows.insert(
                    conversation.id,
                    QueueItem {
                        conversation,
                        unread_count: 0,
                        last_read_message_id: None,
                    },
                );
            }
        }
    }

    fn apply_message(
        &mut self,
        message: &Message,
        me: UserId,
        viewing: Option<ConversationId>,
    ) -> QueueChange {
        let Some(row) = self.rows.get_mut(&message.conversation_id) else {
            return QueueChange::Quiet;
        };
        if let Some(event) = &message.system {
            // System messages are not previews; a handover concerns the viewer.
            let counted = self
                .counted_through
                .entry(message.conversation_id)
                .or_insert(MessageId(0));
            if message.id <= *counted {
                return QueueChange::Quiet;
            }
            *counted = message.id;
            let customer = row.conversation.customer.name.clone();
            return match event {
                SystemEvent::TransferredToUser { by, to } if to.id == me && by.id != me => {
                    QueueChange::HandedToMe {
                        conversation: message.conversation_id,
                        customer,
                        by: by.name.clone(),
                    }
                }
                SystemEvent::Taken {
                    by,
                    from: Some(from),
                } if from.id == me && by.id != me => QueueChange::TakenFromMe {
                    conversation: message.conversation_id,
                    customer,
                    by: by.name.clone(),
                },
                _ => QueueChange::Quiet,
            };
        }
        let preview = crate::state::text::message_preview(message);
        let newest = row
            .conversation
            .last_message
            .as_ref()
            .is_none_or(|last| message.id >= last.id);
        if newest {
            row.conversation.last_message = Some(MessagePreview {
                id: message.id,
                author_kind: message.author.kind,
                text: preview.clone(),
                internal: message.internal,
                created_at: message.created_at,
            });
            row.conversation.last_activity_at =
                row.conversation.last_activity_at.max(message.created_at);
        }
        let counted = self.counted_through.get(&message.conversation_id);
        if counted.is_some_and(|counted| message.id <= *counted) {
            return QueueChange::Quiet;
        }
        self.counted_through
            .insert(message.conversation_id, message.id);
        if message.author.kind != AuthorKind::Customer {
            return QueueChange::Quiet;
        }
        if viewing == Some(message.conversation_id) {
            return QueueChange::Quiet;
        }
        row.unread_count += 1;
        QueueChange::CustomerWrote {
            conversation: message.conversation_id,
            customer: row.conversation.customer.name.clone(),
            preview,
        }
    }

    /// Marks a conversation read up to its last message (optimistically,
    /// before the server confirms).
    pub fn mark_read_locally(&mut self, id: ConversationId) {
        if let Some(row) = self.rows.get_mut(&id) {
            row.unread_count = 0;
            row.last_read_message_id = row.conversation.last_message.as_ref().map(|last| last.id);
        }
    }

    /// The rows of a list that pass the filter, in the order `sort` asks.
    /// `me` is the viewer (for "Mine").
    pub fn rows(
        &self,
        list: QueueList,
        me: UserId,
        filter: &QueueFilter,
        sort: QueueSort,
    ) -> Vec<ConversationId> {
        sorted(
            self.rows
                .values()
                .filter(|item| list.accepts(&item.conversation, me))
                .filter(|item| filter.accepts(&item.conversation)),
            sort,
        )
    }

    /// The results of the search under way, whatever their status, that
    /// pass the filter, in the order `sort` asks (empty without a search).
    pub fn search_results(&self, filter: &QueueFilter, sort: QueueSort) -> Vec<ConversationId> {
        let Some(hits) = &self.search_hits else {
            return Vec::new();
        };
        sorted(
            hits.iter()
                .filter_map(|id| self.rows.get(id))
                .filter(|item| filter.accepts(&item.conversation)),
            sort,
        )
    }

    /// Unread customer messages across every conversation (for the tab title).
    pub fn unread_total(&self) -> u32 {
        self.rows
            .values()
            .filter(|item| item.conversation.status.is_open())
            .map(|item| item.unread_count)
            .sum()
    }

    /// How many conversations are offered to `me` right now.
    pub fn offers_to(&self, me: UserId) -> u32 {
        let offers = self
            .rows
            .values()
            .filter(|item| item.conversation.offered_to() == Some(me))
            .count();
        u32::try_from(offers).unwrap_or(u32::MAX)
    }
}

fn sorted<'a>(rows: impl Iterator<Item = &'a QueueItem>, sort: QueueSort) -> Vec<ConversationId> {
    let mut rows: Vec<&QueueItem> = rows.collect();
    rows.sort_by(|a, b| {
        let (a, b) = (&a.conversation, &b.conversation);
        let first = match sort {
            QueueSort::Wait => std::cmp::Ordering::Equal,
            // Urgent first; then whoever waits longest (waiting since the
            // earliest; not waiting comes after every wait).
            QueueSort::Priority => b.priority.rank().cmp(&a.priority.rank()).then(
                a.waiting_since
                    .unwrap_or(i64::MAX)
                    .cmp(&b.waiting_since.unwrap_or(i64::MAX)),
            ),
        };
        first
            .then(b.last_activity_at.cmp(&a.last_activity_at))
            .then(b.id.cmp(&a.id))
    });
    rows.into_iter().map(|item| item.conversation.id).collect()
}

fn newest(a: Option<MessagePreview>, b: Option<MessagePreview>) -> Option<MessagePreview> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if a.id >= b.id { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// Counts `conversation` in (`delta` 1) or out (-1) of the counts.
fn adjust(counts: &mut StatusCounts, conversation: &ConversationSummary, me: UserId, delta: i32) {
    let tab = QueueTab::of(conversation);
    let count = match (tab, conversation.status) {
        (QueueTab::Snoozed, _) => &mut counts.snoozed,
        (_, ConversationStatus::Unanswered) => &mut counts.unanswered,
        (_, ConversationStatus::InProgress) => &mut counts.in_progress,
        (_, ConversationStatus::Closed) => &mut counts.closed,
        (_, ConversationStatus::Spam) => &mut counts.spam,
    };
    *count = count.saturating_add_signed(delta);
    if tab == QueueTab::InProgress && conversation.assignee == Some(me) {
        counts.in_progress_mine = counts.in_progress_mine.saturating_add_signed(delta);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use switchboard_protocol::{Author, ChatId, ConnectorId, Customer, CustomerId, UserId};

    pub fn summary(id: i64, status: ConversationStatus, version: i64) -> ConversationSummary {
        ConversationSummary {
            id: ConversationId(id),
            chat_id: ChatId(id),
            session_number: 1,
            line_id: LineId(1),
            connector_id: ConnectorId(1),
            channel: ConnectorKind::Telegram,
            title: None,
            customer: Customer {
                id: CustomerId(id),
                name: format!("Customer {id}"),
                email: None,
                phone: None,
            },
            status,
            assignee: None,
            participants: vec![],
            last_message: None,
            waiting_since: Some(1_000),
            last_activity_at: 1_000 + id,
            created_at: 1_000,
            closed_at: None,
            version,
            locked_by: None,
            offer_expires_at: None,
            rating: None,
            labels: vec![],
            priority: Default::default(),
            snoozed_until: None,
        }
    }

    /// The rows of `tab`, unfiltered, as this operator sees them.
    fn tab_rows(queue: &Queue, tab: QueueTab) -> Vec<ConversationId> {
        queue.rows(
            QueueList::tab(tab),
            ME_ID,
            &QueueFilter::default(),
            QueueSort::Wait,
        )
    }

    pub fn customer_message(id: i64, conversation: i64, text: &str) -> Message {
        Message {
            id: MessageId(id),
            conversation_id: ConversationId(conversation),
            chat_id: ChatId(conversation),
            client_id: None,
            author: Author {
                kind: AuthorKind::Customer,
                user_id: None,
                customer_id: Some(CustomerId(conversation)),
                name: format!("Customer {conversation}"),
            },
            text: text.into(),
            attachments: vec![],
            quote: None,
            internal: false,
            mentions: vec![],
            chat_mentions: vec![],
            created_at: 5_000 + id,
            edited_at: None,
            deleted_at: None,
            system: None,
            card: None,
            delivery: None,
        }
    }

    fn page(items: Vec<ConversationSummary>, counts: StatusCounts) -> QueuePage {
        QueuePage {
            items: items
                .into_iter()
                .map(|conversation| QueueItem {
                    conversation,
                    unread_count: 0,
                    last_read_message_id: None,
                })
                .collect(),
            next_cursor: Some("next".into()),
            counts,
        }
    }

    const ME_ID: UserId = UserId(1);

    fn me() -> Actor {
        Actor {
            id: ME_ID,
            role: switchboard_protocol::Role::Operator,
            lines: vec![LineId(1)],
        }
    }

    #[test]
    fn a_new_conversation_appears_in_unanswered_and_counts() {
        let mut queue = Queue::default();
        queue.apply_event(
            &Event::ConversationCreated {
                conversation: summary(7, ConversationStatus::Unanswered, 1),
            },
            &me(),
            None,
        );
        assert_eq!(tab_rows(&queue, QueueTab::Unanswered), [ConversationId(7)]);
        assert_eq!(QueueTab::Unanswered.count(queue.counts()), 1);
    }

    #[test]
    fn a_snoozed_conversation_moves_to_snoozed_and_back_and_its_wake_up_notifies_me() {
        let mut queue = Queue::default();
        let mut mine = summary(7, ConversationStatus::InProgress, 1);
        mine.assignee = Some(ME_ID);
        queue.apply_page(
            QueueList::tab(QueueTab::InProgress),
            page(
                vec![mine.clone()],
                StatusCounts {
                    in_progress: 1,
                    in_progress_mine: 1,
                    ..StatusCounts::default()
                },
            ),
        );
        let snoozed = ConversationSummary {
            snoozed_until: Some(9_000),
            version: 2,
            ..mine.clone()
        };
        let change = queue.apply_event(
            &Event::ConversationUpdated {
                conversation: snoozed.clone(),
            },
            &me(),
            None,
        );
        assert_eq!(change, QueueChange::Quiet);
        assert!(tab_rows(&queue, QueueTab::InProgress).is_empty());
        assert_eq!(tab_rows(&queue, QueueTab::Snoozed), [ConversationId(7)]);
        let counts = queue.counts();
        assert_eq!(
            (counts.in_progress, counts.in_progress_mine, counts.snoozed),
            (0, 0, 1)
        );
        assert_eq!(QueueTab::Snoozed.count(counts), 1);
        assert_eq!(QueueTab::Snoozed.status(), ConversationStatus::InProgress);
        assert_eq!(QueueTab::Snoozed.snoozed(), Some(true));
        assert_eq!(QueueTab::InProgress.snoozed(), Some(false));

        let awake = ConversationSummary { version: 3, ..mine };
        let change = queue.apply_event(
            &Event::SnoozeEnded {
                conversation: awake.clone(),
            },
            &me(),
            None,
        );
        assert_eq!(
            change,
            QueueChange::BackFromSnooze {
                conversation: ConversationId(7),
                customer: "Customer 7".into(),
            }
        );
        assert_eq!(tab_rows(&queue, QueueTab::InProgress), [ConversationId(7)]);
        assert!(tab_rows(&queue, QueueTab::Snoozed).is_empty());
        assert_eq!(queue.counts().snoozed, 0);
        assert_eq!(queue.counts().in_progress_mine, 1);
        // Its update comes too: counted once.
        queue.apply_event(
            &Event::ConversationUpdated {
                conversation: awake,
            },
            &me(),
            None,
        );
        assert_eq!(queue.counts().in_progress, 1);
    }

    #[test]
    fn a_colleagues_conversation_waking_is_quiet() {
        let mut queue = Queue::default();
        let mut theirs = summary(8, ConversationStatus::InProgress, 3);
        theirs.assignee = Some(UserId(2));
        let change = queue.apply_event(
            &Event::SnoozeEnded {
                conversation: theirs,
            },
            &me(),
            None,
        );
        assert_eq!(change, QueueChange::Quiet);
    }

    #[test]
    fn answering_moves_a_row_between_tabs_and_counts() {
        let mut queue = Queue::default();
        queue.apply_page(
            QueueList::tab(QueueTab::Unanswered),
            page(
                vec![summary(7, ConversationStatus::Unanswered, 1)],
                StatusCounts {
                    unanswered: 1,
                    ..StatusCounts::default()
                },
            ),
        );
        let mut answered = summary(7, ConversationStatus::InProgress, 2);
        answered.assignee = Some(UserId(2));
        queue.apply_event(
            &Event::ConversationUpdated {
                conversation: answered,
            },
            &me(),
            None,
        );
        assert!(tab_rows(&queue, QueueTab::Unanswered).is_empty());
        assert_eq!(tab_rows(&queue, QueueTab::InProgress), [ConversationId(7)]);
        assert_eq!(queue.counts().unanswered, 0);
        assert_eq!(queue.counts().in_progress, 1);
    }

    #[test]
    fn stale_updates_are_ignored() {
        let mut queue = Queue::default();
        queue.apply_summary(summary(7, ConversationStatus::InProgress, 5), ME_ID);
        queue.apply_event(
            &Event::ConversationUpdated {
                conversation: summary(7, ConversationStatus::Unanswered, 4),
            },
            &me(),
            None,
        );
        assert_eq!(
            queue.get(ConversationId(7)).unwrap().conversation.status,
            ConversationStatus::InProgress
        );
        assert_eq!(queue.counts().unanswered, 0);
    }

    #[test]
    fn customer_messages_bump_unread_once_and_notify_outside_the_open_conversation() {
        let mut queue = Queue::default();
        queue.apply_summary(summary(7, ConversationStatus::Unanswered, 1), ME_ID);
        let event = Event::MessageCreated {
            message: customer_message(30, 7, "Bonjour @{user:2} !"),
        };
        let change = queue.apply_event(&event, &me(), None);
        assert!(matches!(change, QueueChange::CustomerWrote { .. }));
        // The same event replayed after a reconnect changes nothing.
        assert_eq!(queue.apply_event(&event, &me(), None), QueueChange::Quiet);
        let row = queue.get(ConversationId(7)).unwrap();
        assert_eq!(row.unread_count, 1);
        assert_eq!(
            row.conversation.last_message.as_ref().unwrap().id,
            MessageId(30)
        );

        let while_viewing = Event::MessageCreated {
            message: customer_message(31, 7, "Encore moi"),
        };
        assert_eq!(
            queue.apply_event(&while_viewing, &me(), Some(ConversationId(7))),
            QueueChange::Quiet
        );
        assert_eq!(queue.get(ConversationId(7)).unwrap().unread_count, 1);
    }

    #[test]
    fn a_conversation_created_with_its_first_message_counts_it_once() {
        let mut queue = Queue::default();
        let message = customer_message(30, 9, "Allô ?");
        let mut created = summary(9, ConversationStatus::Unanswered, 1);
        created.last_message = Some(MessagePreview {
            id: message.id,
            author_kind: AuthorKind::Customer,
            text: "Allô ?".into(),
            internal: false,
            created_at: message.created_at,
        });
        queue.apply_event(
            &Event::ConversationCreated {
                conversation: created,
            },
            &me(),
            None,
        );
        let event = Event::MessageCreated { message };
        assert!(matches!(
            queue.apply_event(&event, &me(), None),
            QueueChange::CustomerWrote { .. }
        ));
        assert_eq!(queue.apply_event(&event, &me(), None), QueueChange::Quiet);
        assert_eq!(queue.get(ConversationId(9)).unwrap().unread_count, 1);
    }

    #[test]
    fn messages_already_in_a_loaded_page_are_not_counted_again() {
        let mut queue = Queue::default();
        let mut loaded = summary(7, ConversationStatus::Unanswered, 1);
        loaded.last_message = Some(MessagePreview {
            id: MessageId(30),
            author_kind: AuthorKind::Customer,
            text: "?".into(),
            internal: false,
            created_at: 0,
        });
        queue.upsert_item(QueueItem {
            conversation: loaded,
            unread_count: 1,
            last_read_message_id: None,
        });
        let replayed = Event::MessageCreated {
            message: customer_message(30, 7, "?"),
        };
        assert_eq!(
            queue.apply_event(&replayed, &me(), None),
            QueueChange::Quiet
        );
        assert_eq!(queue.unread_total(), 1);
    }

    #[test]
    fn a_conversation_transferred_out_of_my_lines_leaves_my_queue() {
        let mut queue = Queue::default();
        queue.apply_summary(summary(7, ConversationStatus::Unanswered, 1), ME_ID);
        let mut moved = summary(7, ConversationStatus::Unanswered, 2);
        moved.line_id = LineId(2);
        queue.apply_event(
            &Event::ConversationUpdated {
                conversation: moved.clone(),
            },
            &me(),
            None,
        );
        assert!(queue.get(ConversationId(7)).is_none());
        assert_eq!(queue.counts().unanswered, 0);
        // Assigned to me on that other line, it is mine to see again.
        moved.version = 3;
        moved.status = ConversationStatus::InProgress;
        moved.assignee = Some(ME_ID);
        queue.apply_event(
            &Event::ConversationUpdated {
                conversation: moved,
            },
            &me(),
            None,
        );
        assert_eq!(tab_rows(&queue, QueueTab::InProgress), [ConversationId(7)]);
    }

    #[test]
    fn handovers_concerning_me_are_announced_once() {
        use switchboard_protocol::UserRef;
        let mut queue = Queue::default();
        queue.apply_summary(summary(7, ConversationStatus::InProgress, 1), ME_ID);
        let user = |id: i64, name: &str| UserRef {
            id: UserId(id),
            name: name.into(),
        };
        let mut taken = customer_message(40, 7, "Marc Petit took the conversation over");
        taken.author.kind = AuthorKind::System;
        taken.system = Some(SystemEvent::Taken {
            by: user(3, "Marc Petit"),
            from: Some(user(1, "Me")),
        });
        let event = Event::MessageCreated { message: taken };
        assert_eq!(
            queue.apply_event(&event, &me(), None),
            QueueChange::TakenFromMe {
                conversation: ConversationId(7),
                customer: "Customer 7".into(),
                by: "Marc Petit".into()
            }
        );
        assert_eq!(queue.apply_event(&event, &me(), None), QueueChange::Quiet);
        assert!(queue
            .get(ConversationId(7))
            .unwrap()
            .conversation
            .last_message
            .is_none());

        let mut mine = customer_message(41, 7, "I transferred it");
        mine.author.kind = AuthorKind::System;
        mine.system = Some(SystemEvent::TransferredToUser {
            by: user(1, "Me"),
            to: user(1, "Me"),
        });
        let own = Event::MessageCreated { message: mine };
        assert_eq!(queue.apply_event(&own, &me(), None), QueueChange::Quiet);
    }

    #[test]
    fn my_read_marker_clears_unread() {
        let mut queue = Queue::default();
        queue.apply_summary(summary(7, ConversationStatus::Unanswered, 1), ME_ID);
        queue.apply_event(
            &Event::MessageCreated {
                message: customer_message(30, 7, "?"),
            },
            &me(),
            None,
        );
        queue.apply_event(
            &Event::ConversationRead {
                conversation_id: ConversationId(7),
                user_id: UserId(99),
                last_read_message_id: MessageId(30),
            },
            &me(),
            None,
        );
        assert_eq!(
            queue.unread_total(),
            1,
            "a colleague's read marker is theirs"
        );
        queue.apply_event(
            &Event::ConversationRead {
                conversation_id: ConversationId(7),
                user_id: ME_ID,
                last_read_message_id: MessageId(30),
            },
            &me(),
            None,
        );
        assert_eq!(queue.unread_total(), 0);
    }

    #[test]
    fn rows_are_filtered_searched_and_sorted_by_activity() {
        let mut queue = Queue::default();
        let mut other_line = summary(3, ConversationStatus::Unanswered, 1);
        other_line.line_id = LineId(2);
        queue.apply_summary(summary(1, ConversationStatus::Unanswered, 1), ME_ID);
        queue.apply_summary(summary(2, ConversationStatus::Unanswered, 1), ME_ID);
        queue.apply_summary(other_line, ME_ID);
        let all = QueueFilter::default();
        assert_eq!(
            queue.rows(
                QueueList::tab(QueueTab::Unanswered),
                ME_ID,
                &all,
                QueueSort::Wait
            ),
            [ConversationId(3), ConversationId(2), ConversationId(1)]
        );
        let line_one = QueueFilter {
            line: Some(LineId(1)),
            ..QueueFilter::default()
        };
        assert_eq!(
            queue.rows(
                QueueList::tab(QueueTab::Unanswered),
                ME_ID,
                &line_one,
                QueueSort::Wait
            ),
            [ConversationId(2), ConversationId(1)]
        );
    }

    #[test]
    fn a_search_lists_its_hits_of_every_status_and_leaves_the_tabs_as_they_were() {
        let mut queue = Queue::default();
        queue.apply_summary(summary(1, ConversationStatus::Unanswered, 1), ME_ID);
        queue.apply_summary(summary(2, ConversationStatus::Unanswered, 1), ME_ID);
        let mut renamed = summary(3, ConversationStatus::InProgress, 1);
        renamed.title = Some("Invoice 42".into());
        let closed = summary(4, ConversationStatus::Closed, 1);
        let all = QueueFilter::default();
        let unanswered = QueueList::tab(QueueTab::Unanswered);
        let before = queue.rows(unanswered, ME_ID, &all, QueueSort::Wait);
        let hits = [renamed, closed]
            .into_iter()
            .map(|conversation| QueueItem {
                conversation,
                unread_count: 0,
                last_read_message_id: None,
            })
            .collect();
        queue.set_search_hits(Some(hits));
        assert!(queue.is_searching());
        assert_eq!(
            queue.search_results(&all, QueueSort::Wait),
            [ConversationId(4), ConversationId(3)]
        );
        assert_eq!(queue.rows(unanswered, ME_ID, &all, QueueSort::Wait), before);
        queue.set_search_hits(None);
        assert!(!queue.is_searching());
        assert!(queue.search_results(&all, QueueSort::Wait).is_empty());
        assert_eq!(queue.rows(unanswered, ME_ID, &all, QueueSort::Wait), before);
    }

    #[test]
    fn mine_lists_and_counts_the_conversations_assigned_to_me() {
        let mut queue = Queue::default();
        let mut mine = summary(1, ConversationStatus::InProgress, 1);
        mine.assignee = Some(ME_ID);
        let mut theirs = summary(2, ConversationStatus::InProgress, 1);
        theirs.assignee = Some(UserId(5));
        queue.apply_page(
            QueueList::new(QueueTab::InProgress, InProgressScope::All),
            page(
                vec![mine.clone(), theirs],
                StatusCounts {
                    in_progress: 2,
                    in_progress_mine: 1,
                    ..StatusCounts::default()
                },
            ),
        );
        let all = QueueFilter::default();
        let my_list = QueueList::new(QueueTab::InProgress, InProgressScope::Mine);
        let everyone = QueueList::new(QueueTab::InProgress, InProgressScope::All);
        assert_eq!(
            queue.rows(my_list, ME_ID, &all, QueueSort::Wait),
            [ConversationId(1)]
        );
        assert_eq!(queue.rows(everyone, ME_ID, &all, QueueSort::Wait).len(), 2);
        assert_eq!(my_list.count(queue.counts()), 1);
        assert_eq!(everyone.count(queue.counts()), 2);
        // Scopes only split "In progress".
        assert_eq!(
            QueueList::new(QueueTab::Unanswered, InProgressScope::Mine),
            QueueList::tab(QueueTab::Unanswered)
        );

        // I take a colleague's conversation: Mine counts it, All still 2.
        let mut taken = summary(2, ConversationStatus::InProgress, 2);
        taken.assignee = Some(ME_ID);
        queue.apply_event(
            &Event::ConversationUpdated {
                conversation: taken,
            },
            &me(),
            None,
        );
        assert_eq!(queue.counts().in_progress_mine, 2);
        assert_eq!(queue.counts().in_progress, 2);
        // I finish mine: out of both.
        mine.version = 2;
        mine.status = ConversationStatus::Closed;
        queue.apply_event(
            &Event::ConversationUpdated { conversation: mine },
            &me(),
            None,
        );
        assert_eq!(queue.counts().in_progress_mine, 1);
        assert_eq!(queue.counts().in_progress, 1);
        assert_eq!(
            queue.rows(my_list, ME_ID, &all, QueueSort::Wait),
            [ConversationId(2)]
        );
    }

    #[test]
    fn operators_start_with_mine_and_supervisors_with_all() {
        use switchboard_protocol::Role;
        assert_eq!(
            InProgressScope::default_for(Role::Operator),
            InProgressScope::Mine
        );
        assert_eq!(
            InProgressScope::default_for(Role::Supervisor),
            InProgressScope::All
        );
        assert_eq!(
            InProgressScope::default_for(Role::Admin),
            InProgressScope::All
        );
        for scope in InProgressScope::ALL {
            assert_eq!(InProgressScope::parse(scope.as_str()), Some(scope));
        }
        assert_eq!(InProgressScope::parse("everyone"), None);
    }

    #[test]
    fn pages_remember_their_cursor_per_tab() {
        let mut queue = Queue::default();
        let closed = QueueList::tab(QueueTab::Closed);
        assert!(!queue.is_loaded(closed));
        queue.apply_page(closed, page(vec![], StatusCounts::default()));
        assert!(queue.is_loaded(closed));
        assert!(queue.has_more(closed));
        assert_eq!(queue.cursor(closed).as_deref(), Some("next"));
        assert!(!queue.has_more(QueueList::tab(QueueTab::Unanswered)));
    }

    #[test]
    fn sorting_by_priority_puts_urgent_first_then_the_longest_wait() {
        use switchboard_protocol::Priority;
        let mut queue = Queue::default();
        let with = |id: i64, priority: Priority, waiting_since: Option<i64>| {
            let mut conversation = summary(id, ConversationStatus::Unanswered, 1);
            conversation.priority = priority;
            conversation.waiting_since = waiting_since;
            conversation
        };
        queue.apply_summary(with(1, Priority::None, Some(100)), ME_ID);
        queue.apply_summary(with(2, Priority::High, Some(300)), ME_ID);
        queue.apply_summary(with(3, Priority::Urgent, Some(500)), ME_ID);
        queue.apply_summary(with(4, Priority::High, Some(200)), ME_ID);
        queue.apply_summary(with(5, Priority::Low, None), ME_ID);
        queue.apply_summary(with(6, Priority::Low, Some(900)), ME_ID);
        let list = QueueList::tab(QueueTab::Unanswered);
        let all = QueueFilter::default();
        let ids = |sort| {
            queue
                .rows(list, ME_ID, &all, sort)
                .into_iter()
                .map(|id| id.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(QueueSort::Priority), [3, 4, 2, 6, 5, 1]);
        // "Wait" keeps the usual order: most recent activity first.
        assert_eq!(ids(QueueSort::Wait), [6, 5, 4, 3, 2, 1]);
        for sort in [QueueSort::Wait, QueueSort::Priority] {
            assert_eq!(QueueSort::parse(sort.as_str()), sort);
        }
        assert_eq!(QueueSort::parse("oldest"), QueueSort::Wait);
    }

    #[test]
    fn the_label_filter_follows_labels_added_and_removed_by_events() {
        let mut queue = Queue::default();
        let list = QueueList::tab(QueueTab::Unanswered);
        let bug = switchboard_protocol::LabelId(4);
        let filter = QueueFilter {
            label: Some(bug),
            ..QueueFilter::default()
        };
        let mut first = summary(1, ConversationStatus::Unanswered, 1);
        queue.apply_summary(first.clone(), ME_ID);
        queue.apply_summary(summary(2, ConversationStatus::Unanswered, 1), ME_ID);
        assert!(queue.rows(list, ME_ID, &filter, QueueSort::Wait).is_empty());
        // A colleague labels the first one: it joins the filtered list.
        first.labels = vec![switchboard_protocol::LabelId(1), bug];
        first.version = 2;
        let updated = Event::ConversationUpdated {
            conversation: first.clone(),
        };
        queue.apply_event(&updated, &me(), None);
        assert_eq!(
            queue.rows(list, ME_ID, &filter, QueueSort::Wait),
            [ConversationId(1)]
        );
        // A stale copy without the label changes nothing.
        let mut stale = first.clone();
        stale.labels.clear();
        stale.version = 1;
        let stale = Event::ConversationUpdated {
            conversation: stale,
        };
        queue.apply_event(&stale, &me(), None);
        assert_eq!(queue.rows(list, ME_ID, &filter, QueueSort::Wait).len(), 1);
        // The label removed, it leaves; every row stays in the unfiltered list.
        first.labels = vec![switchboard_protocol::LabelId(1)];
        first.version = 3;
        let removed = Event::ConversationUpdated {
            conversation: first,
        };
        queue.apply_event(&removed, &me(), None);
        assert!(queue.rows(list, ME_ID, &filter, QueueSort::Wait).is_empty());
        assert_eq!(tab_rows(&queue, QueueTab::Unanswered).len(), 2);
    }
}
