//! The conversation header: customer, channel, line, status, assignee,
//! labels and priority.

use leptos::prelude::*;
use switchboard_protocol::{ConversationId, ConversationStatus};

use crate::components::conversation::labels::ConversationLabels;
use crate::components::workspace::shell::navigate;
use crate::format::{self, channel, channel_key};
use crate::i18n::*;
use crate::projection::project;
use crate::projection::use_locale;
use crate::state::actions::may_snooze;
use crate::state::presence::{colleagues_here, join_names, Activity};
use crate::state::route::Route;
use crate::stores::{ConversationStore, SessionStore};

/// The header of the open conversation.
#[component]
pub fn ConversationHeader(
    /// The conversation.
    id: ConversationId,
) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let conversations = expect_context::<ConversationStore>();
    // With the names it shows, read from the directory and the lines.
    let shown = project(move || {
        let conversation = conversations
            .queue
            .with(|queue| queue.get(id).map(|row| row.conversation.clone()))?;
        let line = store.line_name(conversation.line_id);
        let assignee = conversation.assignee.and_then(|user| store.user_name(user));
        let participants = conversation
            .participants
            .iter()
            .filter_map(|user| store.user_name(*user))
            .collect::<Vec<_>>()
            .join(", ");
        Some((conversation, line, assignee, participants))
    });
    // The labels and priority stay outside the part drawn again on every
    // change, so their menu stays open while labels are checked.
    let heading = move || {
        let (conversation, line, assignee, participants) = shown.get()?;
        let kind = conversation.channel;
        let status = conversation.status;
        let locked = conversation.locked_by.is_some();
        let offered = conversation.offered_to().is_some();
        let rating = conversation.rating;
        let status_text = move || match status {
            ConversationStatus::Unanswered => td_string!(locale, conversation.status_unanswered),
            ConversationStatus::InProgress => td_string!(locale, conversation.status_in_progress),
            ConversationStatus::Closed => td_string!(locale, conversation.status_closed),
            ConversationStatus::Spam => td_string!(locale, conversation.status_spam),
        };
        Some(view! {
                <button
                    type="button"
                    class="back"
                    on:click=move |_| navigate(Route::ContactCenter)
                    aria-label=move || td_string!(locale, conversation.back)
                >
                    "←"
                </button>
                <div class="conversation-heading">
                    <h2 id="conversation-title">{conversation.customer.name.clone()}</h2>
                    <p class="conversation-meta">
                        <span class=format!("channel-dot channel-{}", channel_key(kind)) aria-hidden="true"></span>
                        <span>{move || channel(locale, kind)}</span>
                        " · "
                        <span>{line}</span>
                        {conversation.title.clone().map(|title| view! { " · " <span>{title}</span> })}
                    </p>
                </div>
                <p class=format!("status-badge status-{}", status.as_str())>{status_text}</p>
                {rating
                    .map(|score| {
                        view! {
                            <p class="rating-badge">
                                <span aria-hidden="true">"★ "</span>
                                {td!(locale, routing.rated)}
                                " "
                                {format!("{score}/5")}
                            </p>
                        }
                    })}
                {locked
                    .then(|| {
                        view! {
                            <p class="lock-badge">
                                <span aria-hidden="true">"🔒 "</span>
                                {td!(locale, actions.locked)}
                            </p>
                        }
                    })}
                <p class="assignee">
                    <span class="assignee-label">
                        {if offered {
                            td_string!(locale, routing.offered_to)
                        } else {
                            td_string!(locale, conversation.assigned_to)
                        }}
                        ": "
                    </span>
                    {match assignee {
                        Some(name) => name.into_any(),
                        None => view! { {td!(locale, conversation.unassigned)} }.into_any(),
                    }}
                </p>
                <SnoozeLine id=id />
                {(!participants.is_empty())
                    .then(|| {
                        view! {
                            <p class="assignee">
                                <span class="assignee-label">{td!(locale, actions.participants)} ": "</span>
                                {participants}
                            </p>
                        }
                    })}
        })
    };
    view! {
        <header class="conversation-header">
            {heading}
            <ConversationLabels id=id />
        </header>
    }
}

/// "Snoozed until …" with "Wake now", while the conversation is snoozed.
#[component]
fn SnoozeLine(id: ConversationId) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let conversations = expect_context::<ConversationStore>();
    let snoozed = project(move || {
        let actor = store.actor();
        conversations.queue.with(|queue| {
            let conversation = &queue.get(id)?.conversation;
            let until = conversation.snoozed_until?;
            Some((until, may_snooze(conversation, &actor)))
        })
    });
    move || {
        let (until, may_wake) = snoozed.get()?;
        Some(view! {
            <p class="snooze-badge">
                <span aria-hidden="true">"⏰ "</span>
                {td!(locale, snooze.snoozed_until)}
                " "
                {format::date_time(locale, until)}
                {may_wake
                    .then(|| {
                        view! {
                            <button type="button" class="link-button" on:click=move |_| conversations.wake(id)>
                                {td!(locale, snooze.wake_now)}
                            </button>
                        }
                    })}
            </p>
        })
    }
}

/// "Marc is viewing" / "Marc is replying" / "Marc and Alex are viewing":
/// the colleagues in the conversation right now, never the operator.
#[component]
pub fn PresenceLine(
    /// The conversation.
    id: ConversationId,
) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let conversations = expect_context::<ConversationStore>();
    let here = project(move || {
        let viewers = conversations
            .viewers
            .with(|all| all.get(&id).cloned().unwrap_or_default());
        let typing: Vec<_> = conversations.typing.with(|typing| {
            typing
                .iter()
                .filter(|typing| typing.conversation == id)
                .map(|typing| typing.user.id)
                .collect()
        });
        let (users, activity) = colleagues_here(&viewers, &typing, store.my_id())?;
        let names: Vec<String> = users
            .into_iter()
            .filter_map(|user| store.user_name(user))
            .collect();
        (!names.is_empty()).then_some((names, activity))
    });
    view! {
        <p class="presence-line" role="status">
            {move || {
                here.get()
                    .map(|(names, activity)| {
                        let verb = match (activity, names.len() > 1) {
                            (Activity::Viewing, false) => td_string!(locale, presence.is_viewing),
                            (Activity::Viewing, true) => td_string!(locale, presence.are_viewing),
                            (Activity::Replying, false) => td_string!(locale, presence.is_replying),
                            (Activity::Replying, true) => td_string!(locale, presence.are_replying),
                        };
                        format!("{} {verb}", join_names(&names, td_string!(locale, presence.and)))
                    })
            }}
        </p>
    }
}
