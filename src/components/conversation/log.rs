//! The message log: day separators, the "new messages" marker, older
//! messages loaded on scroll up with the position kept, and the view kept at
//! the bottom while new messages arrive.

mod line;
mod scroll;

use leptos::html::Div;
use leptos::prelude::*;

use crate::components::conversation::bubble::{MessageBubble, PendingBubble};
use crate::components::conversation::controls::ThreadControls;
use crate::components::ordered_list::ordered_list;
use crate::format;
use crate::i18n::*;
use crate::listeners::on_next_frame;
use crate::projection::project;
use crate::projection::use_locale;
use crate::state::conversation::{ConversationLog, LogEntry};
use crate::state::window::LogWindow;
use crate::stores::{Thread, Threads};

use line::Line;
use scroll::{keeping_reading_position, reading_anchor, restore_reading_position, reveal_message};

/// The log of a conversation or an internal chat (`role="log"`, announced
/// politely). Only a window of its messages is in the DOM (see
/// [`LogWindow`]), however long the conversation.
#[component]
pub fn MessageLog(
    /// Whose messages.
    thread: Thread,
) -> impl IntoView {
    let locale = use_locale();
    let threads = expect_context::<Threads>();
    let controls = expect_context::<ThreadControls>();
    let scroller = NodeRef::<Div>::new();
    let at_bottom = StoredValue::new(true);
    let loading_older = RwSignal::new(false);
    let window = RwSignal::new(LogWindow::default());
    let with_log = move |f: &mut dyn FnMut(&ConversationLog)| {
        threads.with_log_untracked(thread, |log| {
            if let Some(log) = log {
                f(log);
            }
        });
    };
    // The read marker when the conversation was opened: the "new messages"
    // line stays put while the operator reads.
    let last_read = threads.last_read(thread);
    // Internal chats have no per-message menu.
    let menu = thread.conversation().is_some();
    let offset = format::utc_offset_minutes();

    let lines = project(move || {
        threads.with_log(thread, |log| {
            // Until its first page arrives, a log holds at most the messages
            // that arrived meanwhile: "Loading…" is shown, unless replies of
            // the operator's are waiting in it.
            log.filter(|log| log.is_loaded() || !log.pending().is_empty())
                .map(|log| {
                    window
                        .with(|window| log.entries(last_read, offset, window))
                        .into_iter()
                        .map(|entry| match entry {
                            LogEntry::Day(at) => Line::Day(at),
                            LogEntry::NewMessages => Line::NewMessages,
                            LogEntry::Message(message) => Line::Message {
                                id: message.id,
                                edited_at: message.edited_at,
                                delivery: message
                                    .delivery
                                    .as_ref()
                                    .map(|d| (d.state, d.error.clone())),
                                deleted_at: message.deleted_at,
                            },
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
            on_next_frame(move || {
                if let Some(element) = scroller.get_untracked() {
                    element.set_scroll_top(element.scroll_height());
                }
            });
        }
    });

    // A reply the operator sends shows at the bottom, wherever they were.
    let pending_count =
        project(move || threads.with_log(thread, |log| log.map_or(0, |log| log.pending().len())));
    Effect::new(move |previous: Option<usize>| {
        let count = pending_count.get();
        if previous.is_some_and(|previous| count > previous) {
            at_bottom.set_value(true);
            window.update(LogWindow::follow_newest);
        }
        count
    });

    let move_up = move || {
        let mut moved = false;
        with_log(&mut |log| {
            window.update(|window| moved = window.move_up(log.messages()));
        });
        moved
    };
    let on_scroll = move |_| {
        let Some(element) = scroller.get_untracked() else {
            return;
        };
        let distance = element.scroll_height() - element.scroll_top() - element.client_height();
        let follows = window.with_untracked(LogWindow::follows_newest);
        at_bottom.set_value(distance < 48 && follows);
        if loading_older.get_untracked() {
            return;
        }
        if element.scroll_top() < 200 {
            let mut at_oldest_rendered = true;
            let mut has_more = false;
            with_log(&mut |log| {
                has_more = log.has_more_before;
                at_oldest_rendered =
                    window.with_untracked(|window| window.range(log.messages()).start == 0);
            });
            if !at_oldest_rendered {
                keeping_reading_position(scroller, || _ = move_up());
            } else if has_more {
                loading_older.set(true);
                leptos::task::spawn_local(async move {
                    let anchor = scroller
                        .get_untracked()
                        .and_then(|element| reading_anchor(&element));
                    threads.load_older(thread).await;
                    loading_older.set(false);
                    move_up();
                    restore_reading_position(scroller, anchor);
                });
            }
        } else if distance < 200 && !follows {
            keeping_reading_position(scroller, || {
                with_log(&mut |log| {
                    window.update(|window| _ = window.move_down(log.messages()));
                });
            });
        }
    };
    // A clicked quote: bring the original into view, loading older pages
    // until it is there (or the conversation's start is reached).
    let wanted = RwSignal::new(threads.take_pending_reveal(thread));
    controls.on_reveal(Callback::new(move |id| wanted.set(Some(id))));
    let revealing = StoredValue::new(false);
    Effect::new(move |_| {
        let Some(id) = wanted.get() else {
            return;
        };
        lines.track();
        if revealing.get_value() {
            return;
        }
        let mut found = false;
        let mut has_more = false;
        with_log(&mut |log| {
            has_more = log.has_more_before;
            window.update(|window| found = window.center_on(log.messages(), id));
        });
        if found {
            wanted.set(None);
            at_bottom.set_value(false);
            request_animation_frame(move || reveal_message(id));
        } else if has_more {
            revealing.set_value(true);
            leptos::task::spawn_local(async move {
                threads.load_older(thread).await;
                revealing.set_value(false);
                // Loading changed the log: this effect runs again.
            });
        } else if threads
            .with_log_untracked(thread, |log| log.is_some_and(ConversationLog::is_loaded))
        {
            wanted.set(None);
        }
    });
    let jump_to_newest = move |_| {
        window.update(LogWindow::follow_newest);
        at_bottom.set_value(true);
        request_animation_frame(move || {
            if let Some(element) = scroller.try_get_untracked().flatten() {
                element.set_scroll_top(element.scroll_height());
            }
        });
    };

    // Lines are only inserted and removed, never moved (see `ordered_list`):
    // moving the window keeps the bubbles that stay where they are.
    //
    // A line reads the language once, when it is drawn, and is keyed by it,
    // so a change of language draws every line again. Lines come and go as
    // the window moves; had each of them subscribed to the language, each
    // would have left a dead entry in that signal, which never changes and
    // so is never cleaned (see `RowView` in the queue for the whole story).
    let rendered = NodeRef::<Div>::new();
    ordered_list(
        rendered,
        move || {
            lines
                .get()
                .unwrap_or_default()
                .into_iter()
                .map(|line| (locale, line))
                .collect()
        },
        |(locale, line): &(Locale, Line)| (*locale, line.key()),
        move |(locale, line)| match line {
            Line::Day(at) => view! {
                <p class="day-separator" role="separator">
                    <span>{format::day(locale, at)}</span>
                </p>
            }
            .into_any(),
            Line::NewMessages => view! {
                <p class="new-marker" role="separator">
                    <span>{td_string!(locale, conversation.new_messages)}</span>
                </p>
            }
            .into_any(),
            Line::Message { id, .. } => threads
                .with_log_untracked(thread, |log| log.and_then(|log| log.message(id)).cloned())
                .map(|message| view! { <MessageBubble message=message menu=menu /> })
                .into_any(),
            Line::Pending(pending) => {
                let client_id = pending.request.client_id.clone();
                let undone = client_id.clone();
                view! {
                    <PendingBubble
                        pending=pending
                        on_retry=Callback::new(move |()| threads.retry(thread, client_id.clone()))
                        on_undo=Callback::new(move |()| controls.undo(&undone))
                    />
                }
                .into_any()
            }
        },
    );
    view! {
        <div
            class="message-log"
            node_ref=scroller
            role="log"
            aria-live="polite"
            aria-label=move || td_string!(locale, conversation.messages)
            tabindex="0"
            on:scroll=on_scroll
            on:focusin=move |event: leptos::ev::FocusEvent| {
                if let Some(id) = focused_message(&event) {
                    controls.focus_message(id);
                }
            }
        >
            <Show when=move || loading_older.get()>
                <p class="log-loading" role="status">{td!(locale, conversation.load_older)}</p>
            </Show>
            <Show when=move || lines.with(Option::is_none)>
                <p class="log-loading" role="status">{td!(locale, conversation.loading)}</p>
            </Show>
            <div class="log-lines" node_ref=rendered></div>
        </div>
        <Show when=move || !window.with(LogWindow::follows_newest)>
            <button type="button" class="jump-newest" on:click=jump_to_newest>
                {td!(locale, conversation.jump_to_newest)}
            </button>
        </Show>
    }
}

/// The message whose bubble (or something in it) receives the focus.
fn focused_message(event: &leptos::ev::FocusEvent) -> Option<switchboard_protocol::MessageId> {
    let target = event.target()?;
    let element = wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(target).ok()?;
    let bubble = element.closest(".message[id^='message-']").ok()??;
    let id = bubble.id().strip_prefix("message-")?.parse().ok()?;
    Some(switchboard_protocol::MessageId(id))
}
