//! What a bubble shows of a message: its text (plain text, checked links,
//! mentions of colleagues they can open, mentions of team chats that link
//! to them) and its attachments. Customer content is
//! rendered as text nodes and checked links only, never as HTML.

use leptos::prelude::*;
use switchboard_protocol::Attachment;

use crate::api::Api;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::route::Route;
use crate::state::text::{file_size, Segment};
use crate::stores::SessionStore;

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
            // Only employees read the log: the chat opens in the workspace.
            Segment::ChatMention {
                team_chat_id,
                title,
            } => view! {
                <a class="mention mention-chat" href=Route::Chats(Some(team_chat_id)).href()>
                    {format!("@{title}")}
                </a>
            }
            .into_any(),
        })
        .collect_view()
}

/// A mention colleagues can open: who the person is and how to reach them.
#[component]
fn MentionButton(user_id: switchboard_protocol::UserId, name: String) -> impl IntoView {
    let locale = use_locale();
    let open = RwSignal::new(false);
    let person = move || {
        use_context::<SessionStore>()
            .and_then(|store| store.users.with(|users| users.get(&user_id).cloned()))
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
            <crate::components::kit::modal::Modal
                title=Signal::derive({
                    let title = title.clone();
                    move || title.clone()
                })
                on_close=Callback::new(move |()| open.set(false))
            >
                {move || match person() {
                    Some(user) => view! {
                        <dl class="person-card">
                            <dt>{td!(locale, person.email)}</dt>
                            <dd><a href=format!("mailto:{}", user.email)>{user.email.clone()}</a></dd>
                            <dt>{td!(locale, person.status)}</dt>
                            <dd>
                                {match user.presence {
                                    switchboard_protocol::Presence::Online => td_string!(locale, transfer.online),
                                    switchboard_protocol::Presence::Away => td_string!(locale, transfer.away),
                                    switchboard_protocol::Presence::Offline => td_string!(locale, transfer.offline),
                                }}
                            </dd>
                        </dl>
                    }
                    .into_any(),
                    None => view! { <p>{td!(locale, person.unknown)}</p> }.into_any(),
                }}
                <div class="dialog-actions">
                    <button type="button" on:click=move |_| open.set(false)>{td!(locale, person.close)}</button>
                </div>
            </crate::components::kit::modal::Modal>
        </Show>
    }
}

fn is_inline_image(attachment: &Attachment) -> bool {
    let kind = attachment.content_type.to_ascii_lowercase();
    kind.starts_with("image/") && !kind.contains("svg")
}

/// One attachment: an image thumbnail that opens full size, or a download link.
#[component]
pub fn AttachmentView(attachment: Attachment) -> impl IntoView {
    let locale = use_locale();
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
                title=td_string!(locale, conversation.open_image)
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
