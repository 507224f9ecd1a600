//! A message bubble. Customer content is rendered as text nodes and checked
//! links only — never as HTML.

use leptos::prelude::*;
use switchboard_protocol::{Attachment, AuthorKind, ConversationId, Message, SystemEvent};

use crate::api::Api;
use crate::components::conversation::message_menu::{
    can_edit, MessageEditor, MessageMenu, MessageMenuButton,
};
use crate::i18n::*;
use crate::state::conversation::{PendingMessage, PendingState};
use crate::state::message_actions::{has_actions, is_mine};
use crate::state::text::{file_size, segments, Segment};

/// The text of a message: plain text, safe links and mentions.
#[component]
pub fn MessageText(
    /// The segments to render.
    parts: Vec<Segment>,
) -> impl IntoView {
    parts
        .into_iter()
        .map(|part| match part {
            Segment::Text(text) => text.into_any(),
            Segment::Link { href, label } => view! {
                <a href=href target="_blank" rel="noopener noreferrer">
                    {label}
                </a>
            }
            .into_any(),
            Segment::Mention { user_id, name } => {
                view! { <MentionButton user_id=user_id name=name /> }.into_any()
            }
        })
        .collect_view()
}

/// A mention colleagues can open: who the person is and how to reach them.
#[component]
fn MentionButton(user_id: switchboard_protocol::UserId, name: String) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let person = move || {
        use_context::<crate::workspace::Workspace>()
            .and_then(|workspace| workspace.users.with(|users| users.get(&user_id).cloned()))
    };
    let title = name.clone();
    view! {
        <button
            type="button"
            class="mention"
            aria-haspopup="dialog"
            on:click=move |_| open.set(true)
        >
            "@"
            {name}
        </button>
        <Show when=move || open.get()>
            <crate::components::modal::Modal
                title=Signal::derive({
                    let title = title.clone();
                    move || title.clone()
                })
                on_close=Callback::new(move |()| open.set(false))
            >
                {move || match person() {
                    Some(user) => view! {
                        <dl class="person-card">
                            <dt>{t!(i18n, person.email)}</dt>
                            <dd><a href=format!("mailto:{}", user.email)>{user.email.clone()}</a></dd>
                            <dt>{t!(i18n, person.status)}</dt>
                            <dd>
                                {match user.presence {
                                    switchboard_protocol::Presence::Online => t_string!(i18n, transfer.online),
                                    switchboard_protocol::Presence::Away => t_string!(i18n, transfer.away),
                                    switchboard_protocol::Presence::Offline => t_string!(i18n, transfer.offline),
                                }}
                            </dd>
                        </dl>
                    }
                    .into_any(),
                    None => view! { <p>{t!(i18n, person.unknown)}</p> }.into_any(),
                }}
                <div class="dialog-actions">
                    <button type="button" on:click=move |_| open.set(false)>{t!(i18n, person.close)}</button>
                </div>
            </crate::components::modal::Modal>
        </Show>
    }
}

fn is_inline_image(attachment: &Attachment) -> bool {
    let kind = attachment.content_type.to_ascii_lowercase();
    kind.starts_with("image/") && !kind.contains("svg")
}

/// One attachment: an image thumbnail that opens full size, or a download link.
#[component]
fn AttachmentView(attachment: Attachment) -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let url = api.resolve(&attachment.url);
    let size = file_size(attachment.size);
    match url {
        Some(url) if is_inline_image(&attachment) => view! {
            <a
                class="attachment-image"
                href=url.clone()
                target="_blank"
                rel="noopener noreferrer"
                title=td_string!(i18n.get_locale_untracked(), conversation.open_image)
            >
                <img src=url.clone() alt=attachment.name.clone() loading="lazy" />
            </a>
        }
        .into_any(),
        Some(url) => view! {
            <a class="attachment-file" href=url download=attachment.name.clone() rel="noopener noreferrer">
                <span class="file-icon" aria-hidden="true">"📄"</span>
                <span class="file-name">{attachment.name.clone()}</span>
                <span class="file-size">{size}</span>
            </a>
        }
        .into_any(),
        None => view! {
            <span class="attachment-file">
                <span class="file-name">{attachment.name.clone()}</span>
                <span class="file-size">{size}</span>
            </span>
        }
        .into_any(),
    }
}

/// A system message in the operator's language ("Olivia Bernard transferred
/// the conversation to Marc Petit"); names come from the event, not the text.
pub fn system_text(locale: Locale, event: &SystemEvent) -> String {
    let names = |users: &[switchboard_protocol::UserRef]| {
        users
            .iter()
            .map(|user| user.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match event {
        SystemEvent::TransferredToUser { by, to } => {
            format!(
                "{} {} {}",
                by.name,
                td_string!(locale, system.transferred_to_user),
                to.name
            )
        }
        SystemEvent::TransferredToLine { by, to, .. } => {
            format!(
                "{} {} {}",
                by.name,
                td_string!(locale, system.transferred_to_line),
                to.name
            )
        }
        SystemEvent::Closed { by } => format!("{} {}", by.name, td_string!(locale, system.closed)),
        SystemEvent::MarkedSpam { by } => {
            format!("{} {}", by.name, td_string!(locale, system.marked_spam))
        }
        SystemEvent::Taken { by, from: None } => {
            format!("{} {}", by.name, td_string!(locale, system.taken))
        }
        SystemEvent::Taken {
            by,
            from: Some(from),
        } => {
            format!(
                "{} {} {}",
                by.name,
                td_string!(locale, system.taken_from),
                from.name
            )
        }
        SystemEvent::Invited { by, users } => {
            format!(
                "{} {} {}",
                by.name,
                td_string!(locale, system.invited),
                names(users)
            )
        }
        SystemEvent::Locked { by } => format!("{} {}", by.name, td_string!(locale, system.locked)),
        SystemEvent::Unlocked { by } => {
            format!("{} {}", by.name, td_string!(locale, system.unlocked))
        }
        SystemEvent::Reopened { by } => {
            format!("{} {}", by.name, td_string!(locale, system.reopened))
        }
        SystemEvent::FormSubmitted {
            form_title,
            answers,
            ..
        } => {
            let answers: Vec<String> = answers
                .iter()
                .map(|answer| format!("{}: {}", answer.label, answer.value))
                .collect();
            format!(
                "{} « {form_title} »\n{}",
                td_string!(locale, system.form_submitted),
                answers.join("\n")
            )
        }
        SystemEvent::Renamed {
            by,
            title: Some(title),
        } => format!(
            "{} {} « {title} »",
            by.name,
            td_string!(locale, system.renamed)
        ),
        SystemEvent::Renamed { by, title: None } => {
            format!("{} {}", by.name, td_string!(locale, system.title_removed))
        }
        SystemEvent::PaymentReceived {
            order_id, total, ..
        } => format!(
            "{} #{order_id} ({total})",
            td_string!(locale, system.payment_received)
        ),
        SystemEvent::PaymentFailed {
            order_id, total, ..
        } => format!(
            "{} #{order_id} ({total})",
            td_string!(locale, system.payment_failed)
        ),
        SystemEvent::PaymentExpired {
            order_id, total, ..
        } => format!(
            "{} #{order_id} ({total})",
            td_string!(locale, system.payment_expired)
        ),
    }
}

/// The excerpt of the message a reply quotes; clicking it brings the
/// original into view (in its conversation, for a team chat's opening quote).
#[component]
fn QuoteExcerpt(
    quote: switchboard_protocol::QuotedMessage,
    conversation: ConversationId,
) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_context::<crate::workspace::Workspace>();
    let target = match quote.conversation_id {
        Some(elsewhere) => Some(elsewhere),
        None => (conversation.0 > 0).then_some(conversation),
    };
    let id = quote.id;
    let go = move |_| {
        let (Some(workspace), Some(target)) = (workspace, target) else {
            return;
        };
        if target != conversation {
            crate::components::workspace::shell::navigate(
                crate::state::route::Route::Conversation(target),
            );
        }
        workspace
            .reveal
            .set(Some((crate::workspace::Thread::Conversation(target), id)));
    };
    view! {
        <button
            type="button"
            class="quote"
            title=td_string!(i18n.get_locale_untracked(), conversation.go_to_quoted)
            on:click=go
        >
            <span class="quote-author">{quote.author_name}</span>
            <span class="quote-text">{quote.excerpt}</span>
        </button>
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
    let i18n = use_i18n();
    let workspace = use_context::<crate::workspace::Workspace>();
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
    let editable_by_me = has_menu
        && workspace
            .is_some_and(|workspace| workspace.me.with_untracked(|me| is_mine(&message, me.id)));
    // Read once: the log draws its lines again when the language changes.
    let locale = i18n.get_locale_untracked();
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
    let parts = segments(&message.text, &message.mentions);
    let author = message.author.name.clone();
    let quote = message.quote.clone();
    let conversation = message.conversation_id;
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
    if let Some(workspace) = workspace.filter(|_| editable_by_me) {
        Effect::new(move |_| {
            if workspace.edit_request.get() == Some(id) {
                workspace.edit_request.set(None);
                if stored.with_value(|message| can_edit(workspace, message)) {
                    editing.set(true);
                }
            }
        });
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
) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let failed = matches!(pending.state, PendingState::Failed(_));
    let reason = match &pending.state {
        PendingState::Failed(reason) => reason.clone(),
        PendingState::Sending | PendingState::Waiting => String::new(),
    };
    let waiting = pending.state == PendingState::Waiting;
    view! {
        <div class="message message-employee pending" class:failed=failed>
            <p class="message-text">
                <MessageText parts=segments(&pending.request.text, &[]) />
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
