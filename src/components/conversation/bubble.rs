//! A message bubble. Customer content is rendered as text nodes and checked
//! links only — never as HTML.

use leptos::prelude::*;
use switchboard_protocol::{Attachment, AuthorKind, ConversationId, Message, SystemEvent};

use crate::api::Api;
use crate::i18n::*;
use crate::state::conversation::{PendingMessage, PendingState};
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
                title=move || t_string!(i18n, conversation.open_image)
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
pub fn system_text(i18n: leptos_i18n::I18nContext<Locale>, event: &SystemEvent) -> String {
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
                t_string!(i18n, system.transferred_to_user),
                to.name
            )
        }
        SystemEvent::TransferredToLine { by, to, .. } => {
            format!(
                "{} {} {}",
                by.name,
                t_string!(i18n, system.transferred_to_line),
                to.name
            )
        }
        SystemEvent::Closed { by } => format!("{} {}", by.name, t_string!(i18n, system.closed)),
        SystemEvent::MarkedSpam { by } => {
            format!("{} {}", by.name, t_string!(i18n, system.marked_spam))
        }
        SystemEvent::Taken { by, from: None } => {
            format!("{} {}", by.name, t_string!(i18n, system.taken))
        }
        SystemEvent::Taken {
            by,
            from: Some(from),
        } => {
            format!(
                "{} {} {}",
                by.name,
                t_string!(i18n, system.taken_from),
                from.name
            )
        }
        SystemEvent::Invited { by, users } => {
            format!(
                "{} {} {}",
                by.name,
                t_string!(i18n, system.invited),
                names(users)
            )
        }
        SystemEvent::Locked { by } => format!("{} {}", by.name, t_string!(i18n, system.locked)),
        SystemEvent::Unlocked { by } => {
            format!("{} {}", by.name, t_string!(i18n, system.unlocked))
        }
        SystemEvent::Reopened { by } => {
            format!("{} {}", by.name, t_string!(i18n, system.reopened))
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
                t_string!(i18n, system.form_submitted),
                answers.join("\n")
            )
        }
        SystemEvent::Renamed {
            by,
            title: Some(title),
        } => format!(
            "{} {} « {title} »",
            by.name,
            t_string!(i18n, system.renamed)
        ),
        SystemEvent::Renamed { by, title: None } => {
            format!("{} {}", by.name, t_string!(i18n, system.title_removed))
        }
        SystemEvent::PaymentReceived {
            order_id, total, ..
        } => format!(
            "{} #{order_id} ({total})",
            t_string!(i18n, system.payment_received)
        ),
        SystemEvent::PaymentFailed {
            order_id, total, ..
        } => format!(
            "{} #{order_id} ({total})",
            t_string!(i18n, system.payment_failed)
        ),
        SystemEvent::PaymentExpired {
            order_id, total, ..
        } => format!(
            "{} #{order_id} ({total})",
            t_string!(i18n, system.payment_expired)
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
            title=move || t_string!(i18n, conversation.go_to_quoted)
            on:click=go
        >
            <span class="quote-author">{quote.author_name}</span>
            <span class="quote-text">{quote.excerpt}</span>
        </button>
    }
}

/// A confirmed message.
#[component]
pub fn MessageBubble(
    /// The message.
    message: Message,
    /// Whether it has a "Message actions" menu (in the live log).
    #[prop(optional)]
    menu: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let editing = RwSignal::new(false);
    let menu_open = RwSignal::new(false);
    let for_menu = message.clone();
    let for_editor = message.clone();
    if let Some(workspace) = use_context::<crate::workspace::Workspace>().filter(|_| menu) {
        let target = StoredValue::new(message.clone());
        Effect::new(move |_| {
            if workspace.edit_request.get() == target.with_value(|m| Some(m.id)) {
                workspace.edit_request.set(None);
                let allowed = target.with_value(|m| {
                    crate::components::conversation::message_menu::can_edit(workspace, m)
                });
                if allowed {
                    editing.set(true);
                }
            }
        });
    }
    let at = message.created_at;
    let time = move || crate::format::time(i18n.get_locale(), at);
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
    view! {
        <div
            class=format!("message message-{kind}")
            class:internal=internal
            id=format!("message-{}", message.id)
            tabindex=menu.then_some("-1")
            on:contextmenu=move |event: leptos::ev::MouseEvent| {
                if menu {
                    event.prevent_default();
                    menu_open.set(true);
                }
            }
            on:keydown=move |event: leptos::ev::KeyboardEvent| {
                let asked = event.key() == "ContextMenu" || (event.key() == "F10" && event.shift_key());
                if menu && asked {
                    event.prevent_default();
                    menu_open.set(true);
                }
            }
        >
            <div class="message-meta">
                <span class="message-author">{author}</span>
                {internal.then(|| view! { <span class="internal-label">{t!(i18n, conversation.internal)}</span> })}
                <time class="message-time">{time}</time>
                {edited.then(|| view! { <span class="edited">{t!(i18n, conversation.edited)}</span> })}
                {menu.then(|| view! {
                    <crate::components::conversation::message_menu::MessageMenu
                        message=for_menu
                        editing=editing
                        open=menu_open
                    />
                })}
            </div>
            {message
                .quote
                .clone()
                .map(|quote| view! { <QuoteExcerpt quote=quote conversation=message.conversation_id /> })}
            <Show when=move || editing.get()>
                <crate::components::conversation::message_menu::MessageEditor
                    message=for_editor.clone()
                    editing=editing
                />
            </Show>
            {if let Some(event) = message.system.clone() {
                view! { <p class="message-text">{move || system_text(i18n, &event)}</p> }.into_any()
            } else if deleted {
                view! { <p class="message-text deleted">{t!(i18n, conversation.deleted)}</p> }.into_any()
            } else if let Some(card) = message.card.clone() {
                view! { <crate::components::conversation::card::CardView card=card /> }.into_any()
            } else {
                view! {
                    <p class="message-text">
                        <MessageText parts=parts />
                    </p>
                }
                .into_any()
            }}
            {(!deleted && !message.attachments.is_empty())
                .then(|| {
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
                })}
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
    let i18n = use_i18n();
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
                            {t!(i18n, conversation.not_sent)}
                        </span>
                        <button type="button" class="retry" on:click=move |_| on_retry.run(())>
                            {t!(i18n, conversation.retry)}
                        </button>
                    }
                        .into_any()
                } else if waiting {
                    view! { <span class="sending waiting">{t!(i18n, conversation.waiting)}</span> }
                        .into_any()
                } else {
                    view! { <span class="sending">{t!(i18n, conversation.sending)}</span> }.into_any()
                }}
            </div>
        </div>
    }
}
