//! One row of the queue: who, where, what they said, since when.
//!
//! A row is drawn from a [`RowView`], everything it shows, which the list
//! reads from the workspace; the row itself subscribes to nothing.
//!
//! Why: Leptos' reactive graph removes a subscriber from a signal only when
//! the subscriber runs again, never when it is dropped. A virtual list makes
//! and drops rows all the time (scrolling 10,000 conversations makes 10,000
//! rows), so rows that read the language, the route or the clock each left
//! dead entries in those long-lived signals: after one scroll through the
//! queue the language signal held 30,000 of them, and every later change of
//! a live subscriber paid for them (the 30-second clock alone made a 40 ms
//! task). The list's own effect reads those signals once, for the rows in
//! view, and lives as long as the list; a row whose view changes is drawn
//! again, which for the twenty rows in view costs less than the
//! subscriptions did.

use leptos::prelude::*;
use switchboard_protocol::{
    ConnectorKind, ConversationId, ConversationStatus, Label, Priority, WaitLevel,
};

use crate::format::{self, channel, channel_key, initials};
use crate::i18n::*;
use crate::state::time::{elapsed, Elapsed};
use crate::stores::{ConversationStore, SessionStore};

/// What a queue row shows. Two equal views draw the same row, so the list
/// keys its rows by their view: a changed row is drawn again.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RowView {
    /// The conversation.
    pub id: ConversationId,
    /// Position in the list (the row is placed at `index` rows from the top).
    pub index: usize,
    /// The customer's name.
    pub name: String,
    /// The customer's channel.
    pub channel: ConnectorKind,
    /// The open line's name (empty until the lines are known).
    pub line: String,
    /// The title employees gave the conversation.
    pub title: Option<String>,
    /// The last message, as plain text.
    pub preview: String,
    /// Unanswered, in progress or closed.
    pub status: ConversationStatus,
    /// Whether the row says its status (search results mix every status).
    pub show_status: bool,
    /// Since the customer waits (unanswered) or the last activity.
    pub since: Elapsed,
    /// The wait of an unanswered conversation against its channel's
    /// first-answer target.
    pub wait: WaitLevel,
    /// Whether routing offers it to the operator ("Offered to you").
    pub offered_to_me: bool,
    /// Who handles it (in progress), once the directory is known.
    pub assignee: Option<String>,
    /// Messages the operator has not read.
    pub unread: u32,
    /// Whether a supervisor locked it.
    pub locked: bool,
    /// Its labels, by name.
    pub labels: Vec<Label>,
    /// How urgent it is.
    pub priority: Priority,
    /// While snoozed: when it comes back.
    pub snoozed_until: Option<i64>,
    /// Whether it is the conversation on screen.
    pub selected: bool,
    /// Whether the keyboard cursor is on it.
    pub active: bool,
    /// The language it is written in.
    pub locale: Locale,
}

/// What every row in view depends on besides its conversation, read once
/// per update of the list.
#[derive(Debug, Clone, Copy)]
pub struct RowsContext {
    /// The clock the waiting times are counted to.
    pub now: i64,
    /// The conversation on screen.
    pub open: Option<ConversationId>,
    /// The row under the keyboard cursor.
    pub active: Option<ConversationId>,
    /// The operator's language.
    pub locale: Locale,
    /// Whether the rows are search results.
    pub searching: bool,
}

impl RowsContext {
    /// Reads the stores' part (tracked: called by the list's effect).
    pub fn read(
        store: SessionStore,
        conversations: ConversationStore,
        active: Option<ConversationId>,
        locale: Locale,
    ) -> Self {
        Self {
            now: store.now.get(),
            open: store.route.with(|route| route.conversation()),
            active,
            locale,
            searching: conversations.queue.with(|queue| queue.is_searching()),
        }
    }
}

impl RowView {
    /// The view of conversation `id` at `index` (tracked: called by the
    /// list's effect); `None` if the queue no longer holds it.
    pub fn read(
        store: SessionStore,
        conversations: ConversationStore,
        id: ConversationId,
        index: usize,
        context: RowsContext,
    ) -> Option<Self> {
        let row = conversations.queue.with(|queue| queue.get(id).cloned())?;
        let conversation = row.conversation;
        let status = conversation.status;
        let since = match status {
            ConversationStatus::Unanswered => conversation
                .waiting_since
                .unwrap_or(conversation.last_activity_at),
            _ => conversation.last_activity_at,
        };
        let wait = if status == ConversationStatus::Unanswered {
            WaitLevel::of(
                context.now - since,
                store.first_answer_target(conversation.line_id),
            )
        } else {
            WaitLevel::Normal
        };
        let offered_to_me = conversation.offered_to() == Some(store.my_id());
        Some(Self {
            id,
            index,
            name: conversation.customer.name,
            channel: conversation.channel,
            line: store.line_name(conversation.line_id),
            title: conversation.title,
            preview: conversation
                .last_message
                .map(|last| last.text)
                .unwrap_or_default(),
            status,
            show_status: context.searching,
            since: elapsed(since, context.now),
            wait,
            offered_to_me,
            assignee: (status == ConversationStatus::InProgress)
                .then_some(conversation.assignee)
                .flatten()
                .and_then(|user| store.user_name(user)),
            unread: row.unread_count,
            locked: conversation.locked_by.is_some(),
            labels: store.labels.with(|labels| {
                crate::state::labels::named(&conversation.labels, labels)
                    .cloned()
                    .collect()
            }),
            priority: conversation.priority,
            snoozed_until: conversation
                .snoozed_until
                .filter(|_| status == ConversationStatus::InProgress),
            selected: context.open == Some(id),
            active: context.active == Some(id),
            locale: context.locale,
        })
    }
}

/// A queue row (`option`), absolutely positioned in the virtual list.
#[component]
pub fn QueueRow(
    /// What it shows.
    row: RowView,
    /// Opens the conversation.
    on_open: Callback<ConversationId>,
) -> impl IntoView {
    let locale = row.locale;
    let id = row.id;
    let kind = row.channel;
    let waiting = if row.status == ConversationStatus::Unanswered {
        td_string!(locale, queue.waiting)
    } else {
        ""
    };
    let locked = td_string!(locale, actions.locked);
    // Colour is never the only cue: an icon, and its words for screen readers.
    let wait = match row.wait {
        WaitLevel::Normal => None,
        WaitLevel::Near => Some(("⏳", td_string!(locale, routing.near_target))),
        WaitLevel::Over => Some(("⚠", td_string!(locale, routing.over_target))),
    }
    .map(|(icon, text)| {
        view! {
            <span class="row-wait" title=text>
                <span aria-hidden="true">{icon}</span>
                <span class="visually-hidden">{text}</span>
            </span>
        }
    });
    let offered = row.offered_to_me.then(|| {
        view! { <span class="row-offer">{td!(locale, routing.offered_to_you)}</span> }
    });
    let unread_label = td_string!(locale, queue.unread);
    let unread = row.unread;
    let status = row.show_status.then(|| {
        let (key, text) = match row.status {
            ConversationStatus::Unanswered => (
                "unanswered",
                td_string!(locale, conversation.status_unanswered),
            ),
            ConversationStatus::InProgress => (
                "in-progress",
                td_string!(locale, conversation.status_in_progress),
            ),
            ConversationStatus::Closed => {
                ("closed", td_string!(locale, conversation.status_closed))
            }
            ConversationStatus::Spam => ("spam", td_string!(locale, conversation.status_spam)),
        };
        view! { <span class=format!("row-status status-{key}")>{text}</span> }
    });
    view! {
        <div
            class="queue-row"
            class:active=row.active
            class:unread={unread > 0}
            role="option"
            id=format!("queue-row-{id}")
            aria-selected=row.selected.to_string()
            style:top=format!("{}px", row.index * super::list::ROW_HEIGHT_PX)
            on:click=move |_| on_open.run(id)
        >
            <span class=format!("avatar channel-{}", channel_key(kind)) aria-hidden="true">
                {initials(&row.name)}
            </span>
            <span class="row-main">
                <span class="row-top">
                    <span class="row-name">{row.name}</span>
                    {(row.priority != Priority::None)
                        .then(|| {
                            view! {
                                <span class=format!("row-priority priority-{}", row.priority.as_str())>
                                    {format::priority(locale, row.priority)}
                                </span>
                            }
                        })}
                    {status}
                    {row
                        .locked
                        .then(|| {
                            view! {
                                <span class="row-lock" title=locked>
                                    <span aria-hidden="true">"🔒"</span>
                                    <span class="visually-hidden">{locked}</span>
                                </span>
                            }
                        })}
                    {wait}
                    <span class="row-time" class:wait-near=row.wait == WaitLevel::Near class:wait-over=row.wait == WaitLevel::Over title=waiting>
                        {format::elapsed(locale, row.since)}
                    </span>
                </span>
                <span class="row-meta">
                    <span class=format!("channel-dot channel-{}", channel_key(kind)) aria-hidden="true"></span>
                    <span class="row-channel">{channel(locale, kind)}</span>
                    " · "
                    <span class="row-line">{row.line}</span>
                    {row.title.map(|title| view! { " · " <span class="row-title">{title}</span> })}
                    {row.labels.into_iter().map(|label| view! { " " <LabelChip label=label /> }).collect_view()}
                </span>
                <span class="row-bottom">
                    {offered}
                    {row
                        .snoozed_until
                        .map(|until| {
                            view! {
                                <span class="row-snoozed">
                                    {td!(locale, snooze.snoozed_until)}
                                    " "
                                    {format::date_time(locale, until)}
                                </span>
                            }
                        })}
                    <span class="row-preview">{row.preview}</span>
                    {row.assignee.map(|assignee| view! { <span class="row-assignee">{assignee}</span> })}
                    {(unread > 0)
                        .then(|| {
                            view! {
                                <span class="unread-badge">
                                    {unread}
                                    <span class="visually-hidden">" " {unread_label}</span>
                                </span>
                            }
                        })}
                </span>
            </span>
        </div>
    }
}

/// A label as a chip: its name, with its colour as a dot before it (the
/// colour is never the only cue).
#[component]
pub fn LabelChip(
    /// The label.
    label: Label,
) -> impl IntoView {
    view! { <span class=format!("label-chip label-{}", label.colour.as_str())>{label.name}</span> }
}
