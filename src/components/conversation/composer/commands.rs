//! Slash commands: run by the composer, never sent as text. `/quote`,
//! `/rename New title`, `/id`; anything else is refused in place.

use leptos::prelude::*;

use super::toolbar::ToolPanel;
use switchboard_protocol::{AuthorKind, QuotedMessage};

use super::{selection_in_log, Compose};
use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::composer::{quote_block, Command, CommandError, COMMANDS};
use crate::state::text::message_preview;

/// What a command does, in the operator's language.
pub fn describe(locale: Locale, name: &str) -> String {
    match name {
        "quote" => td_string!(locale, composer.command_quote),
        "rename" => td_string!(locale, composer.command_rename),
        _ => td_string!(locale, composer.command_id),
    }
    .to_owned()
}

/// Runs a command typed (or picked) in the composer.
pub fn run(compose: Compose, command: Result<Command, CommandError>) {
    let locale = use_locale();
    compose.panel.set(None);
    match command {
        Ok(Command::Quote) => quote(compose),
        Ok(Command::Id) => {
            let id = compose.id.0.to_string();
            let _ = window().navigator().clipboard().write_text(&id);
            compose.info.set(Some(format!(
                "{} {id} {}",
                td_string!(locale, composer.chat_id),
                td_string!(locale, composer.copied)
            )));
            compose.set_text(String::new(), 0);
        }
        Ok(Command::Rename(title)) => {
            compose.conversations.rename(compose.id, title);
            compose.set_text(String::new(), 0);
        }
        Err(CommandError::MissingTitle) => compose.error.set(Some(
            td_string!(locale, composer.rename_needs_title).to_owned(),
        )),
        Err(CommandError::Unknown(name)) => compose.error.set(Some(format!(
            "{} /{name}",
            td_string!(locale, composer.unknown_command)
        ))),
    }
}

/// Quotes the text selected in the log, or else the customer's last message.
fn quote(compose: Compose) {
    if let Some(selected) = selection_in_log() {
        let text = quote_block(&selected);
        let end = text.len();
        compose.set_text(text, end);
        return;
    }
    let last = compose.conversations.logs.with_untracked(|logs| {
        logs.get(&compose.id).and_then(|log| {
            log.messages()
                .iter()
                .rev()
                .find(|message| {
                    message.author.kind == AuthorKind::Customer && message.deleted_at.is_none()
                })
                .map(|message| QuotedMessage {
                    id: message.id,
                    conversation_id: None,
                    author_name: message.author.name.clone(),
                    excerpt: message_preview(message),
                })
        })
    });
    match last {
        Some(quote) => {
            compose.quote.set(Some(quote));
            compose.set_text(String::new(), 0);
        }
        None => {
            let locale = use_locale();
            compose.error.set(Some(
                td_string!(locale, composer.nothing_to_quote).to_owned(),
            ));
        }
    }
}

/// The "Commands" menu of the toolbar.
#[component]
pub fn CommandMenu() -> impl IntoView {
    let locale = use_locale();
    let compose = expect_context::<Compose>();
    let pick = move |name: &'static str| match name {
        "rename" => {
            let current = compose.text.get_untracked();
            let text = format!("/rename {}", current.trim());
            let end = text.len();
            compose.panel.set(None);
            compose.set_text(text, end);
        }
        "id" => run(compose, Ok(Command::Id)),
        _ => run(compose, Ok(Command::Quote)),
    };
    view! {
        <ToolPanel label=td_string!(locale, composer.commands) role="menu">
            {COMMANDS
                .iter()
                .map(|(name, _)| {
                    let name: &'static str = name;
                    view! {
                        <button type="button" role="menuitem" class="menu-item" on:click=move |_| pick(name)>
                            <span>{describe(locale, name)}</span>
                            <kbd>{format!("/{name}")}</kbd>
                        </button>
                    }
                })
                .collect_view()}
        </ToolPanel>
    }
}
