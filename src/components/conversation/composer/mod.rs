//! The composer: one text field, and around it a toolbar of tools, each in
//! its own module. Tools share a [`Compose`] context (the text, the cursor,
//! what is attached) and never reach into one another.
//!
//! Typing `@`, `/` at the start, or `#` opens suggestions under the field
//! (see [`crate::state::composer`]); Enter sends, Shift+Enter adds a line.
//! The draft is saved per conversation as the operator types.

mod apps;
pub mod canned;
mod commands;
mod emoji;
mod files;
mod forms;
pub mod sales;
mod suggestions;

use leptos::html::Textarea;
use leptos::prelude::*;
use switchboard_protocol::{ConversationId, FileId, QuotedMessage, UserId};
use wasm_bindgen::JsCast;

use crate::drafts;
use crate::i18n::*;
use crate::state::composer::{
    byte_offset, encode_mentions, insert_at, parse_command, utf16_offset,
};
use crate::workspace::{OutgoingMessage, Thread, Workspace};

pub use emoji::preload as preload_emoji_data;
pub use files::UploadState;

/// How often, at most, colleagues are told the operator is typing.
const TYPING_EVERY_MS: i64 = 3_000;

/// A tool's panel open above the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Panel {
    Emoji,
    Commands,
    Canned,
    Forms,
    Apps,
    Sales,
}

/// What the composer's tools share.
#[derive(Clone, Copy)]
pub struct Compose {
    /// Where the message goes.
    pub thread: Thread,
    /// The customer conversation (`0` in an internal chat, where the tools
    /// that need one are not offered).
    pub id: ConversationId,
    /// The text as typed.
    pub text: RwSignal<String>,
    /// The cursor, as a byte offset in `text`.
    pub cursor: RwSignal<usize>,
    field: NodeRef<Textarea>,
    /// Internal note mode: what is sent never reaches the customer.
    pub silent: RwSignal<bool>,
    /// Files attached to the next message.
    pub uploads: RwSignal<Vec<files::Upload>>,
    /// The message the next one replies to.
    pub quote: RwSignal<Option<QuotedMessage>>,
    /// Colleagues picked with `@` (their `@Name` becomes a mention token).
    picked: StoredValue<Vec<(UserId, String)>>,
    /// A problem with what was typed, shown under the field.
    pub error: RwSignal<Option<String>>,
    /// A result to show under the field (the chat's id).
    pub info: RwSignal<Option<String>>,
    panel: RwSignal<Option<Panel>>,
}

impl Compose {
    fn new(thread: Thread) -> Self {
        let text = drafts::load(thread);
        let end = text.len();
        Self {
            thread,
            id: thread.conversation().unwrap_or(ConversationId(0)),
            text: RwSignal::new(text),
            cursor: RwSignal::new(end),
            field: NodeRef::new(),
            silent: RwSignal::new(false),
            uploads: RwSignal::new(Vec::new()),
            quote: RwSignal::new(None),
            picked: StoredValue::new(Vec::new()),
            error: RwSignal::new(None),
            info: RwSignal::new(None),
            panel: RwSignal::new(None),
        }
    }

    /// Replaces the text, puts the cursor at `cursor` (bytes) and focuses the field.
    pub fn set_text(&self, text: String, cursor: usize) {
        drafts::save(self.thread, &text);
        let position = utf16_offset(&text, cursor);
        self.text.set(text);
        self.cursor.set(cursor);
        self.error.set(None);
        let field = self.field;
        request_animation_frame(move || {
            if let Some(field) = field.get_untracked() {
                let _ = field.focus();
                let _ = field.set_selection_range(position, position);
            }
        });
    }

    /// Inserts `insert` at the cursor.
    pub fn insert(&self, insert: &str) {
        let (text, cursor) = self
            .text
            .with_untracked(|text| insert_at(text, self.cursor.get_untracked(), insert));
        self.set_text(text, cursor);
    }

    /// Remembers a colleague picked in a mention picker.
    pub fn pick_mention(&self, user: UserId, name: String) {
        self.picked.update_value(|picked| {
            if !picked.iter().any(|(id, _)| *id == user) {
                picked.push((user, name));
            }
        });
    }

    /// Focuses the text field.
    pub fn focus(&self) {
        if let Some(field) = self.field.get_untracked() {
            let _ = field.focus();
        }
    }

    fn toggle(&self, panel: Panel) {
        self.panel
            .update(|open| *open = (*open != Some(panel)).then_some(panel));
    }

    /// Escape in a tool's panel closes it and gives the focus back to the field.
    fn close_on_escape(&self, event: &leptos::ev::KeyboardEvent) {
        if event.key() == "Escape" {
            event.prevent_default();
            self.close_panel();
            self.focus();
        }
    }

    fn close_panel(&self) {
        self.panel.set(None);
    }

    /// Reads the cursor from the field (after typing, clicking, selecting).
    fn sync_cursor(&self) {
        if let Some(field) = self.field.get_untracked() {
            let position = field.selection_start().ok().flatten().unwrap_or(0);
            let cursor = self.text.with_untracked(|text| byte_offset(text, position));
            self.cursor.set(cursor);
        }
    }
}

/// The composer of a conversation or an internal chat.
#[component]
pub fn Composer(
    /// Where the messages go.
    thread: Thread,
    /// Longest text the channel carries, if limited.
    #[prop(optional)]
    max_length: Option<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = expect_context::<Workspace>();
    let compose = Compose::new(thread);
    provide_context(compose);
    // The customer conversation; internal chats get text, files, mentions, emoji.
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
            commands::run(compose, workspace, command);
            return;
        }
        let files = attached();
        if (raw.trim().is_empty() && files.is_empty()) || too_long() {
            return;
        }
        if uploading() {
            compose
                .error
                .set(Some(t_string!(i18n, composer.wait_for_uploads).to_owned()));
            return;
        }
        let text = compose
            .picked
            .with_value(|picked| encode_mentions(&raw, picked));
        workspace.send_in(
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
        let now = crate::workspace::now_ms();
        if let Some(id) = conversation
            .filter(|_| !value.is_empty() && now - last_typing.get_value() > TYPING_EVERY_MS)
        {
            last_typing.set_value(now);
            workspace.send_typing(id, compose.silent.get_untracked());
        }
        drafts::save(thread, &value);
        text.set(value);
        compose.error.set(None);
        compose.sync_cursor();
    };
    let suggestions = suggestions::Suggestions::new(compose, workspace);
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if suggestions.handle_key(&event) {
            return;
        }
        if customer && event.key() == "ArrowUp" && text.with_untracked(String::is_empty) {
            // Arrow-up in an empty composer edits my last message.
            let me = workspace.me.with_untracked(|me| me.id);
            let last = workspace.with_log_untracked(thread, |log| {
                log.and_then(|log| {
                    log.messages()
                        .iter()
                        .rev()
                        .find(|m| {
                            m.author.user_id == Some(me)
                                && m.deleted_at.is_none()
                                && m.system.is_none()
                        })
                        .map(|m| m.id)
                })
            });
            if let Some(last) = last {
                event.prevent_default();
                workspace.edit_request.set(Some(last));
            }
            return;
        }
        if event.key() == "Enter" && !event.shift_key() && !event.is_composing() {
            event.prevent_default();
            send();
        }
    };
    // "Quote" in a message's menu.
    Effect::new(move |_| {
        if let Some(quote) = workspace.quote_request.get() {
            workspace.quote_request.set(None);
            compose.quote.set(Some(quote));
            compose.focus();
        }
    });
    // "Reply" asks for the focus once the conversation is ours.
    Effect::new(move |previous: Option<u64>| {
        let asked = workspace.focus_composer.get();
        if previous.is_some_and(|previous| previous != asked) || previous.is_none() && asked > 0 {
            compose.focus();
        }
        asked
    });

    let placeholder = move || {
        if compose.silent.get() {
            t_string!(i18n, composer.internal_placeholder)
        } else {
            t_string!(i18n, composer.message)
        }
    };
    let hint = move || {
        if too_long() {
            format!(
                "{} {} / {} {}",
                t_string!(i18n, composer.too_long),
                length.get(),
                max_length.unwrap_or_default(),
                t_string!(i18n, composer.characters),
            )
        } else if compose.silent.get() {
            t_string!(i18n, composer.internal_hint).to_owned()
        } else {
            t_string!(i18n, composer.hint).to_owned()
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
            on:drop=move |event| files::on_drop(compose, workspace, event)
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
                                    {t!(i18n, composer.remove_quote)}
                                </button>
                            </div>
                        }
                    })
            }}
            <files::UploadList />
            <label for="composer-text" class="visually-hidden">{t!(i18n, composer.message)}</label>
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
                    on:paste=move |event| files::on_paste(compose, workspace, event)
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
            {move || match compose.panel.get() {
                Some(Panel::Emoji) => view! { <emoji::EmojiPicker /> }.into_any(),
                Some(Panel::Commands) => view! { <commands::CommandMenu /> }.into_any(),
                Some(Panel::Canned) => view! { <canned::CannedPanel /> }.into_any(),
                Some(Panel::Forms) => view! { <forms::FormPanel /> }.into_any(),
                Some(Panel::Apps) => view! { <apps::AppsPanel /> }.into_any(),
                Some(Panel::Sales) => view! { <sales::SalesPanel /> }.into_any(),
                None => ().into_any(),
            }}
            <div class="composer-bar">
                <div class="composer-toolbar" role="toolbar" aria-label=move || t_string!(i18n, composer.tools)>
                    <files::FileButton />
                    <button
                        type="button"
                        class="tool"
                        on:click=move |_| {
                            let needs_space = compose
                                .text
                                .with_untracked(|text| {
                                    text[..compose.cursor.get_untracked().min(text.len())]
                                        .chars()
                                        .next_back()
                                        .is_some_and(|c| !c.is_whitespace())
                                });
                            compose.insert(if needs_space { " @" } else { "@" });
                        }
                    >
                        {t!(i18n, composer.mention)}
                    </button>
                    <Show when=move || customer>
                    <button
                        type="button"
                        class="tool"
                        aria-haspopup="menu"
                        aria-expanded=move || (compose.panel.get() == Some(Panel::Commands)).to_string()
                        on:click=move |_| compose.toggle(Panel::Commands)
                    >
                        {t!(i18n, composer.commands)}
                    </button>
                    </Show>
                    <button
                        type="button"
                        class="tool"
                        aria-expanded=move || (compose.panel.get() == Some(Panel::Emoji)).to_string()
                        on:click=move |_| compose.toggle(Panel::Emoji)
                    >
                        {t!(i18n, composer.emoji)}
                    </button>
                    <Show when=move || customer>
                    <button
                        type="button"
                        class="tool"
                        aria-expanded=move || (compose.panel.get() == Some(Panel::Canned)).to_string()
                        on:click=move |_| compose.toggle(Panel::Canned)
                    >
                        {t!(i18n, composer.canned)}
                    </button>
                    <button
                        type="button"
                        class="tool"
                        aria-expanded=move || (compose.panel.get() == Some(Panel::Forms)).to_string()
                        on:click=move |_| compose.toggle(Panel::Forms)
                    >
                        {t!(i18n, composer.send_form)}
                    </button>
                    <button
                        type="button"
                        class="tool"
                        aria-expanded=move || (compose.panel.get() == Some(Panel::Apps)).to_string()
                        on:click=move |_| compose.toggle(Panel::Apps)
                    >
                        {t!(i18n, composer.market_apps)}
                    </button>
                    <button
                        type="button"
                        class="tool"
                        aria-expanded=move || (compose.panel.get() == Some(Panel::Sales)).to_string()
                        on:click=move |_| compose.toggle(Panel::Sales)
                    >
                        {t!(i18n, composer.start_selling)}
                    </button>
                    <button
                        type="button"
                        class="tool"
                        aria-pressed=move || compose.silent.get().to_string()
                        on:click=move |_| compose.silent.update(|silent| *silent = !*silent)
                    >
                        {t!(i18n, composer.silent_mode)}
                    </button>
                    </Show>
                </div>
                <span id="composer-hint" class="composer-hint">{hint}</span>
                {move || counter().map(|counter| view! {
                    <span class="composer-counter" class:over=too_long aria-hidden="true">{counter}</span>
                })}
                <button type="submit" class="primary" disabled=move || !can_send()>
                    {t!(i18n, composer.send)}
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
