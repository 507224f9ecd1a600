//! The open conversation: header, notices, log, and what the operator can do.

use leptos::prelude::*;
use switchboard_protocol::{ConversationId, ConversationStatus};

use crate::components::conversation::actions::{ActionDialog, ActionsBar};
use crate::components::conversation::controls::ThreadControls;
use crate::components::conversation::history::HistoryDialog;
use crate::components::conversation::invite::InviteDialog;
use crate::components::conversation::snooze::SnoozeDialog;
use crate::components::conversation::transfer::TransferDialog;
use crate::components::conversation::{
    composer::Composer,
    header::{ConversationHeader, PresenceLine},
    log::MessageLog,
};
use crate::i18n::*;
use crate::listeners::every;
use crate::projection::project;
use crate::projection::use_locale;
use crate::stores::{
    now_ms, ActionCall, ConversationNotice, ConversationStore, SessionStore, Thread,
};

/// The conversation `id`, as the operator works on it.
#[component]
pub fn ConversationView(
    /// The conversation.
    id: ConversationId,
) -> impl IntoView {
    // Drawn again for every conversation opened: it reads the stores through
    // projections only, and its language once (see `crate::projection`).
    let locale = use_locale();
    let conversations = expect_context::<ConversationStore>();
    ThreadControls::provide(Thread::Conversation(id));
    let known = project(move || conversations.queue.with(|queue| queue.get(id).is_some()));
    let unanswered = project(move || {
        conversations.queue.with(|queue| {
            queue
                .get(id)
                .is_some_and(|row| row.conversation.status == ConversationStatus::Unanswered)
        })
    });
    let dialog = RwSignal::new(None::<ActionDialog>);
    let close_dialog = Callback::new(move |()| dialog.set(None));
    let notice = project(move || {
        conversations
            .notices
            .with(|notices| notices.get(&id).cloned())
    });
    let notice_view = move || {
        notice.get().map(|notice| match notice {
            ConversationNotice::AlreadyAnswered(name) => view! {
                <p class="notice" role="alert">
                    <strong>{name}</strong>
                    " "
                    {td!(locale, conversation.already_answered)}
                </p>
            }
            .into_any(),
            ConversationNotice::Refused { code, message } => {
                let text = move || match code.as_str() {
                    "locked" => td_string!(locale, actions.refused_locked).to_owned(),
                    "conversation_changed" => {
                        td_string!(locale, actions.refused_changed).to_owned()
                    }
                    "conversation_closed" => td_string!(locale, actions.refused_closed).to_owned(),
                    _ => format!("{} {message}", td_string!(locale, conversation.failed)),
                };
                view! { <p class="notice notice-error" role="alert">{text}</p> }.into_any()
            }
            ConversationNotice::Failed(reason) => view! {
                <p class="notice notice-error" role="alert">
                    {td!(locale, conversation.failed)}
                    " "
                    {reason}
                </p>
            }
            .into_any(),
        })
    };

    view! {
        <article class="conversation" aria-labelledby="conversation-title">
            <Show
                when=move || known.get()
                fallback=move || {
                    view! {
                        {notice_view}
                        <p class="empty-state" role="status">{td!(locale, conversation.loading)}</p>
                    }
                }
            >
                <ConversationHeader id=id />
                <PresenceLine id=id />
                <Show when=move || !unanswered.get()>
                    <ActionsBar id=id dialog=dialog />
                </Show>
                {notice_view}
                <ChannelWarning id=id />
                <MessageLog thread=Thread::Conversation(id) />
                <TypingLine id=id />
                <ConversationFooter id=id dialog=dialog />
            </Show>
            {move || match dialog.get() {
                Some(ActionDialog::Transfer) => view! { <TransferDialog id=id on_close=close_dialog /> }.into_any(),
                Some(ActionDialog::Invite) => view! { <InviteDialog id=id on_close=close_dialog /> }.into_any(),
                Some(ActionDialog::History) => view! { <HistoryDialog id=id on_close=close_dialog /> }.into_any(),
                Some(ActionDialog::Snooze) => view! { <SnoozeDialog id=id on_close=close_dialog /> }.into_any(),
                None => ().into_any(),
            }}
        </article>
    }
}

/// A warning while the conversation's channel fails to deliver: replies
/// wait (and retry) until it works again.
#[component]
fn ChannelWarning(id: ConversationId) -> impl IntoView {
    let locale = use_locale();
    let conversations = expect_context::<ConversationStore>();
    let failing = project(move || {
        conversations.connector_of(id).and_then(|connector| {
            let error = connector.delivery?.last_error?;
            Some((connector.name, error))
        })
    });
    move || {
        failing.get().map(|(name, error)| {
            view! {
                <p class="notice notice-error channel-warning" role="alert">
                    <strong>{name}</strong>
                    " "
                    {td_string!(locale, delivery.failing)}
                    " "
                    {error}
                </p>
            }
        })
    }
}

/// "Marc is typing…" while colleagues type in this conversation.
#[component]
fn TypingLine(id: ConversationId) -> impl IntoView {
    let locale = use_locale();
    let conversations = expect_context::<ConversationStore>();
    let names = project(move || {
        conversations.typing.with(|typing| {
            typing
                .iter()
                .filter(|t| t.conversation == id)
                .map(|t| t.user.name.clone())
                .collect::<Vec<_>>()
        })
    });
    view! {
        <p class="typing-line" role="status" aria-live="polite">
            {move || {
                let names = names.get();
                match names.len() {
                    0 => String::new(),
                    1 => format!("{} {}", names[0], td_string!(locale, conversation.is_typing)),
                    _ => format!("{} {}", names.join(", "), td_string!(locale, conversation.are_typing)),
                }
            }}
        </p>
    }
}

/// "Offered to you" and the seconds left to accept the offer, counted down
/// every second while it is on screen.
#[component]
fn OfferTimer(expires_at: i64) -> impl IntoView {
    let locale = use_locale();
    let now = RwSignal::new(now_ms());
    every(std::time::Duration::from_secs(1), move || now.set(now_ms()));
    let left = move || ((expires_at - now.get()).max(0) + 999) / 1000;
    view! {
        <p class="offer-note">
            <strong>{td!(locale, routing.offered_to_you)}</strong>
            " · "
            <span class="offer-left">
                {left}
                " "
                {td!(locale, routing.seconds_left)}
            </span>
        </p>
    }
}

/// What can be done at the bottom: "Reply", or "Accept" and "Skip" an
/// offer, the composer, or why not.
#[component]
fn ConversationFooter(id: ConversationId, dialog: RwSignal<Option<ActionDialog>>) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let conversations = expect_context::<ConversationStore>();
    let controls = expect_context::<ThreadControls>();
    // Compared, so that the footer (and the composer's state: text, silent
    // mode, notices) is drawn again only when one of these changes, not with
    // every message that updates the conversation's row.
    let state = project(move || {
        let max_length = conversations
            .connector_of(id)
            .and_then(|connector| connector.capabilities.max_text_length);
        let row = conversations.queue.with(|queue| {
            queue.get(id).map(|row| {
                let conversation = &row.conversation;
                let offer = conversation.offered_to().zip(conversation.offer_expires_at);
                (conversation.status, conversation.assignee, offer)
            })
        });
        row.map(|(status, assignee, offer)| {
            let assignee = assignee.and_then(|user| store.user_name(user));
            let offer = offer.map(|(user, expires)| (user == store.my_id(), expires));
            (
                status,
                assignee,
                offer,
                max_length,
                conversations.can_write(id),
            )
        })
    });
    let answer = move || conversations.answer(id, move || controls.focus_composer());
    move || {
        let (status, assignee, offer, max_length, can_write) = state.get()?;
        Some(match status {
            ConversationStatus::Unanswered => match offer {
                Some((true, expires_at)) => view! {
                    <div class="conversation-actions offer">
                        <OfferTimer expires_at=expires_at />
                        <button type="button" class="primary" on:click=move |_| answer()>
                            {td!(locale, routing.accept)}
                        </button>
                        <button type="button" on:click=move |_| conversations.act(id, ActionCall::Skip)>
                            {td!(locale, routing.skip)}
                        </button>
                        <ActionsBar id=id dialog=dialog />
                    </div>
                }
                .into_any(),
                _ => view! {
                    <div class="conversation-actions">
                        {offer.map(|_| view! {
                            <p class="offer-note">
                                {td!(locale, routing.offered_to)}
                                " "
                                <strong>{assignee.clone().unwrap_or_default()}</strong>
                            </p>
                        })}
                        <button type="button" class="primary" on:click=move |_| answer()>
                            {td!(locale, conversation.reply)}
                        </button>
                        <ActionsBar id=id dialog=dialog />
                    </div>
                }
                .into_any(),
            },
            ConversationStatus::InProgress if can_write => match max_length {
                Some(max) => view! { <Composer max_length=max /> }.into_any(),
                None => view! { <Composer /> }.into_any(),
            },
            ConversationStatus::InProgress => {
                let name = assignee.unwrap_or_default();
                view! {
                    <p class="conversation-note">
                        <strong>{name}</strong>
                        " "
                        {td!(locale, conversation.handled_by)}
                    </p>
                }
                .into_any()
            }
            // Writing to a finished conversation reopens it for the writer.
            ConversationStatus::Closed | ConversationStatus::Spam => view! {
                <p class="conversation-note">{td!(locale, conversation.closed_note)}</p>
                <Composer />
            }
            .into_any(),
        })
    }
}
