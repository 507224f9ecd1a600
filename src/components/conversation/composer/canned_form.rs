//! The form of a canned response, in a dialog: "Create canned response"
//! and "Edit" in the panel, "Save as canned response" on a message (with its
//! text). What was typed stays when the server refuses it.

use leptos::prelude::*;
use switchboard_protocol::{CannedResponse, CannedResponseId, CannedResponseRequest, CannedScope};

use crate::components::kit::form::{FormSubmit, SelectField, TextArea, TextField};
use crate::components::kit::modal::Modal;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::stores::{ConversationStore, SessionStore};

/// The dialog to create or change a canned response.
#[component]
pub fn CannedDialog(
    /// The response being changed; `None` creates one.
    existing: Option<CannedResponse>,
    /// Text to start with when creating.
    initial_text: String,
    /// Called after saving or cancelling.
    on_done: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let id: Option<CannedResponseId> = existing.as_ref().map(|canned| canned.id);
    let title = RwSignal::new(
        existing
            .as_ref()
            .map(|c| c.title.clone())
            .unwrap_or_default(),
    );
    let text = RwSignal::new(
        existing
            .as_ref()
            .map(|c| c.text.clone())
            .unwrap_or(initial_text),
    );
    let shortcut = RwSignal::new(
        existing
            .as_ref()
            .and_then(|c| c.shortcut.clone())
            .unwrap_or_default(),
    );
    let scope = RwSignal::new(match existing.as_ref().map(|c| c.scope) {
        Some(CannedScope::Line { line_id }) => line_id.0.to_string(),
        _ => "personal".to_owned(),
    });
    let store = expect_context::<SessionStore>();
    let conversations = expect_context::<ConversationStore>();
    let my_lines = move || {
        let me = store.me.with(|me| me.id);
        store.lines.with(|lines| {
            lines
                .iter()
                .filter(|line| line.members.contains(&me))
                .map(|line| (line.id.0.to_string(), line.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let heading = move || {
        if id.is_some() {
            td_string!(locale, composer.edit_canned).to_owned()
        } else {
            td_string!(locale, composer.create_canned).to_owned()
        }
    };
    let save = FormSubmit::new(
        move |request| async move { conversations.save_canned(id, request).await },
        move || on_done.run(()),
    );
    let submit = save.on_submit(move || {
        let scope = match scope.get_untracked().parse::<i64>() {
            Ok(line) => CannedScope::Line {
                line_id: switchboard_protocol::LineId(line),
            },
            Err(_) => CannedScope::Personal,
        };
        let shortcut = shortcut.get_untracked();
        Some(CannedResponseRequest {
            title: title.get_untracked().trim().to_owned(),
            text: text.get_untracked(),
            shortcut: (!shortcut.trim().is_empty())
                .then(|| shortcut.trim().trim_start_matches('#').to_owned()),
            scope,
        })
    });
    view! {
        <Modal title=Signal::derive(heading) on_close=on_done>
            <form class="dialog-form canned-form" on:submit=submit>
                <TextField label=td_string!(locale, composer.canned_title) value=title required=true />
                <TextArea label=td_string!(locale, composer.canned_text) value=text required=true />
                <p class="field-hint">{td!(locale, composer.canned_placeholders)}</p>
                <TextField label=td_string!(locale, composer.canned_shortcut) value=shortcut />
                <SelectField label=td_string!(locale, composer.canned_scope) value=scope>
                    <option value="personal">{td!(locale, composer.canned_personal)}</option>
                    {move || {
                        my_lines()
                            .into_iter()
                            .map(|(value, name)| view! { <option value=value>{name}</option> })
                            .collect_view()
                    }}
                </SelectField>
                {save.footer(on_done, td_string!(locale, composer.canned_save))}
            </form>
        </Modal>
    }
}
