//! "Canned responses": ready answers, personal or shared by a line, found
//! by search or by typing `#shortcut`, inserted with their placeholders
//! filled (customer, operator, line). "Create canned response" opens its
//! form in a dialog ([`super::canned_form`]); the operator edits and deletes
//! their own.

use leptos::prelude::*;
use switchboard_protocol::{fill_placeholders, CannedResponse, ConversationId, PlaceholderValues};

use super::canned_form::CannedDialog;
use super::toolbar::ToolPanel;
use super::Compose;
use crate::components::kit::form::SearchBox;
use crate::components::kit::loaded::Loaded;
use crate::i18n::*;
use crate::projection::project;
use crate::projection::use_locale;
use crate::state::composer::{canned_matches, canned_rank};
use crate::stores::ConversationStore;

/// What the placeholders of a canned response become in this conversation.
pub fn values(conversations: ConversationStore, id: ConversationId) -> PlaceholderValues {
    let session = conversations.session();
    let (customer_name, line) = conversations
        .queue
        .with_untracked(|queue| {
            queue.get(id).map(|row| {
                (
                    row.conversation.customer.name.clone(),
                    Some(row.conversation.line_id),
                )
            })
        })
        .unwrap_or_default();
    PlaceholderValues {
        customer_name,
        operator_name: session.me.with_untracked(|me| me.name.clone()),
        line_name: line.map(|line| session.line_name(line)).unwrap_or_default(),
    }
}

/// Canned responses whose shortcut starts with what follows `#` (the
/// suggestions while typing: "order #1234" must not pick an answer).
pub fn by_shortcut(conversations: ConversationStore, query: &str) -> Vec<CannedResponse> {
    let query = query.to_lowercase();
    ranked(conversations, &query, |canned| {
        canned
            .shortcut
            .as_deref()
            .is_some_and(|shortcut| shortcut.to_lowercase().starts_with(&query))
    })
}

/// The canned responses `keep` keeps, those whose shortcut is `query` first
/// (tracked; loaded on first use).
fn ranked(
    conversations: ConversationStore,
    query: &str,
    keep: impl Fn(&CannedResponse) -> bool,
) -> Vec<CannedResponse> {
    conversations.load_canned(false);
    let mut found: Vec<CannedResponse> = conversations.canned.with(|list| {
        list.iter()
            .flatten()
            .filter(|canned| keep(canned))
            .cloned()
            .collect()
    });
    found.sort_by_key(|canned| canned_rank(query, canned.shortcut.as_deref()));
    found
}

/// The canned text for this conversation, placeholders filled.
pub fn filled(
    conversations: ConversationStore,
    id: ConversationId,
    canned: &CannedResponse,
) -> String {
    fill_placeholders(&canned.text, &values(conversations, id))
}

/// Canned responses matching a query, best first (tracked).
pub fn matching(conversations: ConversationStore, query: &str) -> Vec<CannedResponse> {
    ranked(conversations, query, |canned| {
        canned_matches(
            query,
            canned.shortcut.as_deref(),
            &canned.title,
            &canned.text,
        )
    })
}

/// The panel of the "Canned responses" button.
#[component]
pub fn CannedPanel() -> impl IntoView {
    let locale = use_locale();
    let compose = expect_context::<Compose>();
    let conversations = compose.conversations;
    let query = RwSignal::new(String::new());
    // `None`: no form; `Some(None)`: creating; `Some(Some(x))`: editing x.
    let editing = RwSignal::new(None::<Option<CannedResponse>>);
    // `None` until the list came.
    let found = project(move || {
        let found = matching(conversations, &query.get());
        conversations.canned.with(Option::is_some).then_some(found)
    });
    let insert = move |canned: CannedResponse| {
        let text = filled(conversations, compose.id, &canned);
        compose.close_panel();
        compose.insert(&text);
    };
    view! {
        <ToolPanel
            label=td_string!(locale, composer.canned)
            class="canned-panel"
            inner_open=Signal::derive(move || editing.with(Option::is_some))
        >
            {move || editing.get().map(|existing| view! {
                <CannedDialog
                    existing=existing
                    initial_text=String::new()
                    on_done=Callback::new(move |()| editing.set(None))
                />
            })}
            <div class="canned-head">
                <SearchBox label=td_string!(locale, composer.search_canned) value=query />
                <button type="button" on:click=move |_| editing.set(Some(None))>
                    {td!(locale, composer.create_canned)}
                </button>
            </div>
            <Loaded
                items=found
                loading=td_string!(locale, composer.canned_loading)
                empty=td_string!(locale, composer.canned_empty)
                show=move |list| view! {
                    <ul class="canned-list" aria-label=td_string!(locale, composer.canned)>
                        {list
                            .into_iter()
                            .map(|canned| view! {
                                <CannedRow
                                    preview=filled(conversations, compose.id, &canned)
                                    canned=canned
                                    on_insert=Callback::new(insert)
                                    on_edit=Callback::new(move |canned| editing.set(Some(Some(canned))))
                                />
                            })
                            .collect_view()}
                    </ul>
                }
            />
        </ToolPanel>
    }
}

/// A canned response of the list: a click inserts it; the operator's own
/// can be edited and deleted.
#[component]
fn CannedRow(
    canned: CannedResponse,
    /// Its text in this conversation.
    preview: String,
    on_insert: Callback<CannedResponse>,
    on_edit: Callback<CannedResponse>,
) -> impl IntoView {
    let locale = use_locale();
    let conversations = expect_context::<ConversationStore>();
    let id = canned.id;
    let named = |action: &str| format!("{action} {}", canned.title);
    let edit_label = named(td_string!(locale, composer.canned_edit));
    let delete_label = named(td_string!(locale, composer.canned_delete));
    let (for_insert, for_edit) = (canned.clone(), canned.clone());
    view! {
        <li class="canned-item">
            <button type="button" class="canned-insert" on:click=move |_| on_insert.run(for_insert.clone())>
                <span class="canned-title">{canned.title.clone()}</span>
                {canned.shortcut.clone().map(|shortcut| view! { <kbd>{format!("#{shortcut}")}</kbd> })}
                <span class="canned-text">{preview}</span>
            </button>
            {canned.editable.then(|| view! {
                <button
                    type="button"
                    class="link-button"
                    aria-label=edit_label
                    on:click=move |_| on_edit.run(for_edit.clone())
                >
                    {td!(locale, composer.canned_edit)}
                </button>
                <button
                    type="button"
                    class="link-button danger"
                    aria-label=delete_label
                    on:click=move |_| conversations.delete_canned(id)
                >
                    {td!(locale, composer.canned_delete)}
                </button>
            })}
        </li>
    }
}
