//! The composer: one text field, and around it a toolbar of tools, each in
//! its own module. Tools share a [`Compose`] context (the text, the cursor,
//! what is attached) and never reach into one another.
//!
//! Typing `@`, `/` at the start, or `#` opens suggestions under the field
//! (see [`crate::state::composer`]); Enter sends, Shift+Enter adds a line.
//! The draft is saved per conversation as the operator types.

mod apps;
pub mod canned;
pub mod canned_form;
mod collision;
mod commands;
mod compose;
mod emoji;
mod files;
mod forms;
pub mod sales;
mod suggestions;
mod toolbar;

use leptos::prelude::*;
use switchboard_protocol::FileId;
use wasm_bindgen::JsCast;

use crate::components::conversation::controls::ThreadControls;
use crate::drafts;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::composer::{encode_mentions, parse_command};
use crate::stores::{OutgoingMessage, Threads};

pub use compose::Compose;
pub use emoji::preload as preload_emoji_data;
pub use files::UploadState;

/// How often, at most, colleagues are told the operator is typing.
const TYPING_EVERY_MS: i64 = 3_000;

/// The composer of a conversation or an internal chat.
#[component]
pub fn Composer(
    /// Longest text the channel carries, if limited.
    #[prop(optional)]
    max_length: Option<u32>,
) -> impl IntoView {
    let locale = use_locale();
    let controls = expect_context::<ThreadControls>();
    let threads = expect_context::<Threads>();
    let compose = controls.compose;
    provide_context(compose);
    let conversations = compose.conversations;
    // The customer conversation; internal chats get text, files, mentions, emoji.
    let thread = compose.thread;
    let conversation = thread.conversation();
    let customer = conversation.is_some();
    let text = compose.text;
    let length = Memo::new(move |_| text.with(|text| text.chars().count()));
    let too_long = move || max_length.is_some_and(|max| length.get() > max as usize);
    let uploading = move || {
        compose.uploads.with(|uploads| {
            uploads
                .iter()
                .any(|upload| matches!(upload.state, UploadState::Uploading))
        })
    };
    let attached = move || -> Vec<FileId> {
        compose.uploads.with_untracked(|uploads| {
            uploads
                .iter()
                .filter_map(|upload| match &upload.state {
                    UploadState::Done(attachment) => Some(attachment.id.clone()),
                    _ => None,
                })
                .collect()
        })
    };

    let send = move || {
        let raw = text.get_untracked();
        if let Some(command) = parse_command(&raw).filter(|_| customer) {
            commands::run(compose, command);
            return;
        }
        let files = attached();
        if (raw.trim().is_empty() && files.is_empty()) || too_long() {
            return;
        }
        if uploading() {
            compose.error.set(Some(
                td_string!(locale, composer.wait_for_uploads).to_owned(),
            ));
            return;
        }
        if customer && !compose.silent.get_untracked() && !collision::cleared(compose) {
            return;
        }
        let text = compose
            .picked
            .with_value(|picked| encode_mentions(&raw, picked));
        threads.send(
            thread,
            OutgoingMessage {
                text,
                attachments: files,
                quote: compose.quote.get_untracked().map(|quote| quote.id),
                internal: customer && compose.silent.get_untracked(),
            },
        );
        files::clear(compose);
        compose.quote.set(None);
        compose.picked.set_value(Vec::new());
        compose.info.set(None);
        compose.set_text(String::new(), 0);
    };

    let last_typing = StoredValue::new(0_i64);
    let on_input = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        let now = crate::stores::now_ms();
        if let Some(id) = conversation
            .filter(|_| !value.is_empty() && now - last_typing.get_value() > TYPING_EVERY_MS)
        {
            last_typing.set_value(now);
            conversations.send_typing(id, compose.silent.get_untracked());
        }
        drafts::save(thread, &value);
        compose.note_draft(&value);
        text.set(value);
        compose.error.set(None);
        compose.sync_cursor();
    };
    let suggestions = suggestions::Suggestions::new(compose);
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if suggestions.handle_key(&event) {
            return;
        }
        if event.key() == "ArrowUp" && text.with_untracked(String::is_empty) {
            // Arrow-up in an empty composer edits my last message.
            let last = conversation.and_then(|id| conversations.my_last_message(id));
            if last.is_some_and(|last| controls.edit(last)) {
                event.prevent_default();
            }
            return;
        }
        if event.key() == "Enter" && !event.shift_key() && !event.is_composing() {
            event.prevent_default();
            send();
        }
    };
    // "Reply" may have asked for the focus before the field was drawn.
    Effect::new(move |_| {
        if compose.field.get().is_some() {
            compose.field_drawn();
        }
    });

    let placeholder = move || {
        if compose.silent.get() {
            td_string!(locale, composer.internal_placeholder)
        } else {
            td_string!(locale, composer.message)
        }
    };
    let hint = move || {
        if too_long() {
            format!(
                "{} {} / {} {}",
                td_string!(locale, composer.too_long),
                length.get(),
                max_length.unwrap_or_default(),
                td_string!(locale, composer.characters),
            )
        } else if compose.silent.get() {
            td_string!(locale, composer.internal_hint).to_owned()
        } else {
            td_string!(locale, composer.hint).to_owned()
        }
    };
    let counter = move || max_length.map(|max| format!("{} / {max}", length.get()));
    let empty = move || text.with(|text| text.trim().is_empty()) && attached().is_empty();
    // `attached()` reads untracked; track the uploads for the Send button.
    let can_send = move || {
        compose.uploads.track();
        !too_long() && !empty()
    };

    view! {
        <form
            class="composer"
            class:silent=move || compose.silent.get()
            on:submit=move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                send();
            }
            on:dragover=files::on_dragover
            on:drop=move |event| files::on_drop(compose, event)
        >
            {move || {
                compose
                    .quote
                    .get()
                    .map(|quote| {
                        view! {
                            <div class="composer-quote">
                                <blockquote>
                                    <strong>{quote.author_name}</strong>
                                    <span>{quote.excerpt}</span>
                                </blockquote>
                                <button
                                    type="button"
                                    class="icon-button"
                                    on:click=move |_| compose.quote.set(None)
                                >
                                    {td!(locale, composer.remove_quote)}
                                </button>
                            </div>
                        }
                    })
            }}
            <files::UploadList />
            <label for="composer-text" class="visually-hidden">{td!(locale, composer.message)}</label>
            <div class="composer-field">
                <textarea
                    id="composer-text"
                    node_ref=compose.field
                    rows="3"
                    aria-describedby="composer-hint"
                    aria-autocomplete="list"
                    aria-controls=move || suggestions.is_open().then_some("composer-suggestions")
                    aria-activedescendant=move || suggestions.active_id()
                    placeholder=placeholder
                    prop:value=text
                    on:input=on_input
                    on:keydown=on_keydown
                    on:keyup=move |event: leptos::ev::KeyboardEvent| {
                        if event.key().starts_with("Arrow") || event.key() == "Home" || event.key() == "End" {
                            compose.sync_cursor();
                        }
                    }
                    on:click=move |_| compose.sync_cursor()
                    on:paste=move |event| files::on_paste(compose, event)
                ></textarea>
                <suggestions::SuggestionList suggestions=suggestions />
            </div>
            {move || {
                compose
                    .error
                    .get()
                    .map(|error| view! { <p class="composer-error" role="alert">{error}</p> })
            }}
            {move || {
                compose
                    .info
                    .get()
                    .map(|info| view! { <p class="composer-info" role="status">{info}</p> })
            }}
            <collision::CollisionAlert on_send_anyway=Callback::new(move |()| send()) />
            <toolbar::OpenPanel />
            <div class="composer-bar">
                <toolbar::ComposerToolbar />
                <span id="composer-hint" class="composer-hint">{hint}</span>
                {move || counter().map(|counter| view! {
                    <span class="composer-counter" class:over=too_long aria-hidden="true">{counter}</span>
                })}
                <button type="submit" class="primary" disabled=move || !can_send()>
                    {td!(locale, composer.send)}
                </button>
            </div>
        </form>
    }
}

/// The element an event happened in, if it is (inside) the message log.
pub(crate) fn selection_in_log() -> Option<String> {
    let selection = window().get_selection().ok().flatten()?;
    let text: String = selection.to_string().into();
    if text.trim().is_empty() {
        return None;
    }
    let node = selection.anchor_node()?;
    let element = match node.dyn_ref::<web_sys::Element>() {
        Some(element) => element.clone(),
        None => node.parent_element()?,
    };
    element.closest(".message-log").ok().flatten()?;
    Some(text)
}
