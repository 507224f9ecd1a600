//! One row of the queue: who, where, what they said, since when.

use leptos::prelude::*;
use switchboard_protocol::{ConversationId, ConversationStatus};

use crate::format::{channel, channel_key, initials};
use crate::i18n::*;
use crate::state::time::elapsed;
use crate::workspace::Workspace;

/// A queue row (`option`), absolutely positioned at `top` in the virtual list.
#[component]
pub fn QueueRow(
    /// The conversation.
    id: ConversationId,
    /// Offset from the top of the list, in pixels.
    top: usize,
    /// Whether the keyboard cursor is on this row.
    #[prop(into)]
    active: Signal<bool>,
    /// Opens the conversation.
    on_open: Callback<ConversationId>,
) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = expect_context::<Workspace>();
    let row = Memo::new(move |_| workspace.queue.with(|queue| queue.get(id).cloned()));
    let selected = move || workspace.route.get().conversation() == Some(id);

    move || {
        let item = row.get()?;
        let conversation = item.conversation;
        let name = conversation.customer.name.clone();
        let kind = conversation.channel;
        // Names come from the directory and the lines, which may arrive after
        // the queue: read where they are shown, so that their arrival updates
        // two texts instead of rebuilding every row.
        let line_id = conversation.line_id;
        let line = move || workspace.line_name(line_id);
        let preview = conversation
            .last_message
            .as_ref()
            .map(|last| last.text.clone())
            .unwrap_or_default();
        let status = conversation.status;
        let since = match status {
            ConversationStatus::Unanswered => conversation
                .waiting_since
                .unwrap_or(conversation.last_activity_at),
            _ => conversation.last_activity_at,
        };
        let when = move || crate::format::elapsed(i18n, elapsed(since, workspace.now.get()));
        let assignee = (status == ConversationStatus::InProgress)
            .then_some(conversation.assignee)
            .flatten()
            .map(|user| move || workspace.user_name(user));
        let unread = item.unread_count;
        let title = conversation.title.clone();
        let locked = conversation.locked_by.is_some();
        Some(view! {
            <div
                class="queue-row"
                class:active=move || active.get()
                class:unread={unread > 0}
                role="option"
                id=format!("queue-row-{id}")
                aria-selected=move || selected().to_string()
                style:top=format!("{top}px")
                on:click=move |_| on_open.run(id)
            >
                <span class=format!("avatar channel-{}", channel_key(kind)) aria-hidden="true">
                    {initials(&name)}
                </span>
                <span class="row-main">
                    <span class="row-top">
                        <span class="row-name">{name.clone()}</span>
                        {locked
                            .then(|| {
                                view! {
                                    <span class="row-lock" title=move || t_string!(i18n, actions.locked)>
                                        <span aria-hidden="true">"🔒"</span>
                                        <span class="visually-hidden">{move || t_string!(i18n, actions.locked)}</span>
                                    </span>
                                }
                            })}
                        <span class="row-time" title=move || {
                            if status == ConversationStatus::Unanswered {
                                t_string!(i18n, queue.waiting).to_owned()
                            } else {
                                String::new()
                            }
                        }>{when}</span>
                    </span>
                    <span class="row-meta">
                        <span class=format!("channel-dot channel-{}", channel_key(kind)) aria-hidden="true"></span>
                        <span class="row-channel">{move || channel(i18n, kind)}</span>
                        " · "
                        <span class="row-line">{line}</span>
                        {title.map(|title| view! { " · " <span class="row-title">{title}</span> })}
                    </span>
                    <span class="row-bottom">
                        <span class="row-preview">{preview}</span>
                        {assignee.map(|assignee| view! { <span class="row-assignee">{assignee}</span> })}
                        {(unread > 0)
                            .then(|| {
                                view! {
                                    <span class="unread-badge">
                                        {unread}
                                        <span class="visually-hidden">
                                            " " {move || t_string!(i18n, queue.unread)}
                                        </span>
                                    </span>
                                }
                            })}
                    </span>
                </span>
            </div>
        })
    }
}
