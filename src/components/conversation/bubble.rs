//! A message bubble. Customer content is rendered as text nodes and checked
//! links only — never as HTML.

mod content;
mod system_text;

use leptos::prelude::*;
use switchboard_protocol::{AuthorKind, ConversationId, DeliveryState, Message, MessageDelivery};

use crate::components::conversation::controls::ThreadControls;
use crate::components::conversation::message_menu::{
    can_edit, MessageEditor, MessageMenu, MessageMenuButton,
};
use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::conversation::{PendingMessage, PendingState};
use crate::state::message_actions::{has_actions, is_mine};
use crate::state::text::segments;
use crate::stores::{SessionStore, Thread, Threads};

pub use content::{AttachmentView, MessageText};
pub use system_text::system_text;

/// The excerpt of the message a reply quotes; clicking it brings the
/// original into view (in its conversation, for a team chat's opening quote).
#[component]
fn QuoteExcerpt(
    quote: switchboard_protocol::QuotedMessage,
    conversation: ConversationId,
) -> impl IntoView {
    let locale = use_locale();
    let threads = use_context::<Threads>();
    let controls = use_context::<ThreadControls>();
    let target = match quote.conversation_id {
        Some(elsewhere) => Some(elsewhere),
        None => (conversation.0 > 0).then_some(conversation),
    };
    let id = quote.id;
    let go = move |_| {
        let Some(target) = target else {
            return;
        };
        let here = controls.filter(|controls| controls.thread == Thread::Conversation(target));
        match (here, threads) {
            (Some(controls), _) => controls.reveal(id),
            (None, Some(threads)) => {
                threads.reveal_when_shown(Thread::Conversation(target), id);
                crate::components::workspace::shell::navigate(
                    crate::state::route::Route::Conversation(target),
                );
            }
            (None, None) => {}
        }
    };
    view! {
        <button
            type="button"
            class="quote"
            title=td_string!(locale, conversation.go_to_quoted)
            on:click=go
        >
            <span class="quote-author">{quote.author_name}</span>
            <span class="quote-text">{quote.excerpt}</span>
        </button>
    }
}

/// Where an employee's message stands on its way to the customer: sending
/// (with the reason while it retries), delivered (✓), or "Not delivered"
/// with the reason and "Retry".
#[component]
fn DeliveryView(id: switchboard_protocol::MessageId, delivery: MessageDelivery) -> impl IntoView {
    let locale = use_locale();
    let reason = delivery.error.unwrap_or_default();
    match delivery.state {
        DeliveryState::Sending => view! {
            <span class="delivery sending" title=reason.clone()>
                {td_string!(locale, delivery.sending)}
                {(!reason.is_empty()).then(|| view! {
                    " "
                    <span class="delivery-reason">{td_string!(locale, delivery.retrying)}</span>
                })}
            </span>
        }
        .into_any(),
        DeliveryState::Delivered => view! {
            <span class="delivery delivered" title=td_string!(locale, delivery.delivered)>
                <span aria-hidden="true">"✓"</span>
                <span class="visually-hidden">{td_string!(locale, delivery.delivered)}</span>
            </span>
        }
        .into_any(),
        DeliveryState::Failed => {
            let error = RwSignal::new(None::<String>);
            let busy = RwSignal::new(false);
            let conversations = use_context::<crate::stores::ConversationStore>();
            let retry = move |_| {
                let Some(conversations) = conversations else {
                    return;
                };
                busy.set(true);
                leptos::task::spawn_local(async move {
                    let outcome = conversations.retry_delivery(id).await;
                    // The bubble is drawn again once the message changes;
                    // until then (or on failure) it stays as it is.
                    busy.try_set(false);
                    error.try_set(outcome.err());
                });
            };
            view! {
                <p class="delivery failed" role="status">
                    <strong>{td_string!(locale, delivery.not_delivered)}</strong>
                    <span class="delivery-reason">{reason}</span>
                    <button type="button" class="retry" on:click=retry disabled=move || busy.get()>
                        {td_string!(locale, delivery.retry)}
                    </button>
                    {move || error.get().map(|error| view! { <span class="delivery-reason">{error}</span> })}
                </p>
            }
            .into_any()
        }
    }
}

/// A confirmed message.
///
/// A log draws up to 150 of these each time its window moves, so a bubble
/// builds little up front: the menu's button, not the menu (mounted on first
/// use), and the watch for "edit my last message" (arrow-up in the composer)
/// only on the operator's own messages, the only ones that can be edited.
#[component]
pub fn MessageBubble(
    /// The message.
    message: Message,
    /// Whether it has a "Message actions" menu (in the live log).
    #[prop(optional)]
    menu: bool,
) -> impl IntoView {
    let locale = use_locale();
    let store = use_context::<SessionStore>();
    let editing = RwSignal::new(false);
    let menu_open = RwSignal::new(false);
    let menu_built = RwSignal::new(false);
    let menu_button = NodeRef::<leptos::html::Button>::new();
    let has_menu = menu && has_actions(&message);
    let open_menu = move || {
        menu_built.set(true);
        menu_open.set(true);
    };
    let id = message.id;
    let editable_by_me = has_menu && store.is_some_and(|store| is_mine(&message, store.my_id()));
    // Read once: the log draws its lines again when the language changes.
    let time = crate::format::time(locale, message.created_at);
    let kind = match message.author.kind {
        AuthorKind::Customer => "customer",
        AuthorKind::Employee => "employee",
        AuthorKind::System => "system",
        AuthorKind::Bot => "bot",
    };
    let deleted = message.deleted_at.is_some();
    let edited = message.edited_at.is_some() && !deleted;
    let internal = message.internal;
    let parts = segments(&message.text, &message.mentions, &message.chat_mentions);
    let author = message.author.name.clone();
    let quote = message.quote.clone();
    let conversation = message.conversation_id;
    // Sending and delivered show beside the time; a failure, with its
    // reason and "Retry", under the message.
    let (delivery, failure) = match message.delivery.clone().filter(|_| !deleted) {
        Some(delivery) if delivery.state == DeliveryState::Failed => (
            None,
            Some(view! { <DeliveryView id=id delivery=delivery /> }),
        ),
        Some(delivery) => (
            Some(view! { <DeliveryView id=id delivery=delivery /> }),
            None,
        ),
        None => (None, None),
    };
    let body = if let Some(event) = message.system.clone() {
        view! { <p class="message-text">{system_text(locale, &event)}</p> }.into_any()
    } else if deleted {
        view! { <p class="message-text deleted">{td_string!(locale, conversation.deleted)}</p> }
            .into_any()
    } else if let Some(card) = message.card.clone() {
        view! { <crate::components::conversation::card::CardView card=card /> }.into_any()
    } else {
        view! {
            <p class="message-text">
                <MessageText parts=parts />
            </p>
        }
        .into_any()
    };
    let attachments = (!deleted && !message.attachments.is_empty()).then(|| {
        view! {
            <div class="attachments">
                {message
                    .attachments
                    .clone()
                    .into_iter()
                    .map(|attachment| view! { <AttachmentView attachment=attachment /> })
                    .collect_view()}
            </div>
        }
    });
    // The menu and the editor are built rarely; they read the message from here.
    let stored = StoredValue::new(message);
    // Arrow-up in an empty composer opens the editor of my last message
    // through the thread's controls; only my messages register.
    let controls = use_context::<ThreadControls>();
    // The command palette runs the menu's actions on the focused message:
    // asked before the menu is built, the action waits for it.
    if let Some(controls) = controls.filter(|_| has_menu) {
        controls.register_menu(
            id,
            Callback::new(move |action| {
                controls.ask(id, action);
                menu_built.set(true);
            }),
        );
    }
    if let Some(controls) = controls.filter(|_| editable_by_me) {
        let conversations = controls.compose.conversations;
        controls.register_editor(
            id,
            Callback::new(move |()| {
                let editable = stored.with_value(|message| can_edit(conversations, message));
                if editable {
                    editing.set(true);
                }
                editable
            }),
        );
    }
    view! {
        <div
            class=format!("message message-{kind}")
            class:internal=internal
            id=format!("message-{id}")
            tabindex=menu.then_some("-1")
            on:contextmenu=move |event: leptos::ev::MouseEvent| {
                if has_menu {
                    event.prevent_default();
                    open_menu();
                }
            }
            on:keydown=move |event: leptos::ev::KeyboardEvent| {
                let asked = event.key() == "ContextMenu" || (event.key() == "F10" && event.shift_key());
                if has_menu && asked {
                    event.prevent_default();
                    open_menu();
                }
            }
        >
            <div class="message-meta">
                <span class="message-author">{author}</span>
                {internal.then(|| view! { <span class="internal-label">{td_string!(locale, conversation.internal)}</span> })}
                <time class="message-time">{time}</time>
                {edited.then(|| view! { <span class="edited">{td_string!(locale, conversation.edited)}</span> })}
                {delivery}
                {has_menu.then(|| view! {
                    <MessageMenuButton open=menu_open button=menu_button on_open=Callback::new(move |()| open_menu()) />
                    {move || menu_built.get().then(|| view! {
                        <MessageMenu
                            message=stored.get_value()
                            editing=editing
                            open=menu_open
                            button=menu_button
                        />
                    })}
                })}
            </div>
            {quote.map(|quote| view! { <QuoteExcerpt quote=quote conversation=conversation /> })}
            {move || editing.get().then(|| view! {
                <MessageEditor message=stored.get_value() editing=editing />
            })}
            {body}
            {attachments}
            {failure}
        </div>
    }
}

/// A message of the operator's still on its way, or failed with "Retry".
#[component]
pub fn PendingBubble(
    /// The pending message.
    pending: PendingMessage,
    /// Sends it again with the same client id.
    on_retry: Callback<()>,
    /// Takes it back while it is held ("Undo").
    on_undo: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let failed = matches!(pending.state, PendingState::Failed(_));
    let reason = match &pending.state {
        PendingState::Failed(reason) => reason.clone(),
        PendingState::Held | PendingState::Sending | PendingState::Waiting => String::new(),
    };
    let waiting = pending.state == PendingState::Waiting;
    let held = pending.state == PendingState::Held;
    view! {
        <div class="message message-employee pending" class:failed=failed>
            <p class="message-text">
                <MessageText parts=segments(&pending.request.text, &[], &[]) />
            </p>
            <div class="message-meta">
                {if failed {
                    view! {
                        <span class="not-sent" title=reason>
                            {td_string!(locale, conversation.not_sent)}
                        </span>
                        <button type="button" class="retry" on:click=move |_| on_retry.run(())>
                            {td_string!(locale, conversation.retry)}
                        </button>
                    }
                        .into_any()
                } else if held {
                    view! {
                        <span class="sending">{td_string!(locale, conversation.sending)}</span>
                        <button type="button" class="retry" on:click=move |_| on_undo.run(())>
                            {td_string!(locale, conversation.undo)}
                        </button>
                    }
                        .into_any()
                } else if waiting {
                    view! { <span class="sending waiting">{td_string!(locale, conversation.waiting)}</span> }
                        .into_any()
                } else {
                    view! { <span class="sending">{td_string!(locale, conversation.sending)}</span> }.into_any()
                }}
            </div>
        </div>
    }
}
