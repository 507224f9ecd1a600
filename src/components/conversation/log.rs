//! The message log: day separators, the "new messages" marker, older
//! messages loaded on scroll up with the position kept, and the view kept at
//! the bottom while new messages arrive.

use leptos::html::Div;
use leptos::prelude::*;
use switchboard_protocol::ConversationId;

use crate::components::conversation::bubble::{MessageBubble, PendingBubble};
use crate::format;
use crate::i18n::*;
use crate::state::conversation::{LogEntry, PendingMessage, PendingState};
use crate::workspace::Workspace;

/// An owned, keyed line of the log for `<For>`.
#[derive(Clone, PartialEq)]
enum Line {
    Day(i64),
    NewMessages,
    Message(Box<switchboard_protocol::Message>),
    Pending(PendingMessage),
}

impl Line {
    fn key(&self) -> String {
        match self {
            Self::Day(at) => format!("d{at}"),
            Self::NewMessages => "new".to_owned(),
            Self::Message(m) => format!("m{}:{:?}:{:?}", m.id, m.edited_at, m.deleted_at),
            Self::Pending(p) => format!(
                "p{}:{}",
                p.request.client_id.0,
                matches!(p.state, PendingState::Failed(_))
            ),
        }
    }
}

/// The log of a conversation (`role="log"`, announced politely).
#[component]
pub fn MessageLog(
    /// The conversation.
    id: ConversationId,
) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = expect_context::<Workspace>();
    let scroller = NodeRef::<Div>::new();
    let at_bottom = StoredValue::new(true);
    let loading_older = RwSignal::new(false);
    // The read marker when the conversation was opened: the "new messages"
    // line stays put while the operator reads.
    let last_read = workspace
        .queue
        .with_untracked(|queue| queue.get(id).and_then(|row| row.last_read_message_id));
    let offset = format::utc_offset_minutes();

    let lines = Memo::new(move |_| {
        workspace.logs.with(|logs| {
            logs.get(&id).map(|log| {
                log.entries(last_read, offset)
                    .into_iter()
                    .map(|entry| match entry {
                        LogEntry::Day(at) => Line::Day(at),
                        LogEntry::NewMessages => Line::NewMessages,
                        LogEntry::Message(message) => Line::Message(Box::new(message.clone())),
                        LogEntry::Pending(pending) => Line::Pending(pending.clone()),
                    })
                    .collect::<Vec<_>>()
            })
        })
    });

    // Keep the newest message in view when the operator was already at the bottom.
    Effect::new(move |_| {
        lines.track();
        if at_bottom.get_value() {
            request_animation_frame(move || {
                if let Some(element) = scroller.get_untracked() {
                    element.set_scroll_top(element.scroll_height());
                }
            });
        }
    });

    let on_scroll = move |_| {
        let Some(element) = scroller.get_untracked() else {
            return;
        };
        let distance = element.scroll_height() - element.scroll_top() - element.client_height();
        at_bottom.set_value(distance < 48);
        let has_more = workspace
            .logs
            .with_untracked(|logs| logs.get(&id).is_some_and(|log| log.has_more_before));
        if element.scroll_top() < 200 && has_more && !loading_older.get_untracked() {
            loading_older.set(true);
            let height_before = element.scroll_height();
            let top_before = element.scroll_top();
            leptos::task::spawn_local(async move {
                workspace.load_older(id).await;
                request_animation_frame(move || {
                    if let Some(element) = scroller.get_untracked() {
                        // Keep the message the operator was reading where it was.
                        element
                            .set_scroll_top(element.scroll_height() - height_before + top_before);
                    }
                    loading_older.set(false);
                });
            });
        }
    };

    let locale = move || i18n.get_locale();
    view! {
        <div
            class="message-log"
            node_ref=scroller
            role="log"
            aria-live="polite"
            aria-label=move || t_string!(i18n, conversation.messages)
            tabindex="0"
            on:scroll=on_scroll
        >
            <Show when=move || loading_older.get()>
                <p class="log-loading" role="status">{t!(i18n, conversation.load_older)}</p>
            </Show>
            <Show
                when=move || lines.with(Option::is_some)
                fallback=move || view! { <p class="log-loading" role="status">{t!(i18n, conversation.loading)}</p> }
            >
                <For each=move || lines.get().unwrap_or_default() key=Line::key let:line>
                    {match line {
                        Line::Day(at) => view! {
                            <p class="day-separator" role="separator">
                                <span>{move || format::day(locale(), at)}</span>
                            </p>
                        }
                        .into_any(),
                        Line::NewMessages => view! {
                            <p class="new-marker" role="separator">
                                <span>{t!(i18n, conversation.new_messages)}</span>
                            </p>
                        }
                        .into_any(),
                        Line::Message(message) => {
                            view! { <MessageBubble message=*message /> }.into_any()
                        }
                        Line::Pending(pending) => {
                            let client_id = pending.request.client_id.clone();
                            view! {
                                <PendingBubble
                                    pending=pending
                                    on_retry=Callback::new(move |()| workspace.retry(id, client_id.clone()))
                                />
                            }
                            .into_any()
                        }
                    }}
                </For>
            </Show>
        </div>
    }
}
