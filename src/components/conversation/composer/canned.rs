//! "Canned responses": ready answers, personal or shared by a line, found
//! by search or by typing `#shortcut`, inserted with their placeholders
//! filled (customer, operator, line). "Create canned response" opens its
//! form in a dialog ([`super::canned_form`]); the operator edits and deletes
//! their own.

use leptos::prelude::*;
use switchboard_protocol::{fill_placeholders, CannedResponse, ConversationId, PlaceholderValues};

use super::canned_form::CannedDialog;
use super::Compose;
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
    conversations.load_canned(false);
    let query = query.to_lowercase();
    let mut found: Vec<CannedResponse> = conversations.canned.with(|list| {
        list.iter()
            .flatten()
            .filter(|canned| {
                canned
                    .shortcut
                    .as_deref()
                    .is_some_and(|shortcut| shortcut.to_lowercase().starts_with(&query))
            })
            .cloned()
            .collect()
    });
    found.sort_by_key(|canned| canned_rank(&query, canned.shortcut.as_deref()));
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
    conversations.load_canned(false);
    let mut found: Vec<CannedResponse> = conversations.canned.with(|list| {
        list.iter()
            .flatten()
            .filter(|canned| {
                canned_matches(
                    query,
                    canned.shortcut.as_deref(),
                    &canned.title,
                    &canned.text,
                )
            })
            .cloned()
            .collect()
    });
    found.sort_by_key(|canned| canned_rank(query, canned.shortcut.as_deref()));
    found
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
    let found = project(move || matching(conversations, &query.get()));
    let loading = project(move || conversations.canned.with(Option::is_none));
    let insert = move |canned: CannedResponse| {
        let text = filled(conversations, compose.id, &canned);
        compose.close_panel();
        compose.insert(&text);
    };
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        // Escape inside the form's dialog closes the dialog, not the panel.
        if editing.with_untracked(Option::is_none) {
            compose.close_on_escape(&event);
        }
    };
    view! {
        <div
            class="tool-panel canned-panel"
            role="dialog"
            aria-label=move || td_string!(locale, composer.canned)
            on:keydown=on_keydown
        >
            {move || editing.get().map(|existing| view! {
                <CannedDialog
                    existing=existing
                    initial_text=String::new()
                    on_done=Callback::new(move |()| editing.set(None))
                />
            })}
                    <div class="canned-head">
                        <input
                            type="search"
                            aria-label=move || td_string!(locale, composer.search_canned)
                            placeholder=move || td_string!(locale, composer.search_canned)
                            bind:value=query
                        />
                        <button type="button" on:click=move |_| editing.set(Some(None))>
                            {td!(locale, composer.create_canned)}
                        </button>
                    </div>
                    {move || {
                        if loading.get() {
                            return view! { <p role="status">{td!(locale, composer.canned_loading)}</p> }.into_any();
                        }
                        let list = found.get();
                        if list.is_empty() {
                            return view! { <p class="empty-state">{td!(locale, composer.canned_empty)}</p> }.into_any();
                        }
                        view! {
                            <ul class="canned-list" aria-label=move || td_string!(locale, composer.canned)>
                                {list
                                    .into_iter()
                                    .map(|canned| {
                                        let for_insert = canned.clone();
                                        let for_edit = canned.clone();
                                        let id = canned.id;
                                        let preview = filled(conversations, compose.id, &canned);
                                        view! {
                                            <li class="canned-item">
                                                <button
                                                    type="button"
                                                    class="canned-insert"
                                                    on:click=move |_| insert(for_insert.clone())
                                                >
                                                    <span class="canned-title">{canned.title.clone()}</span>
                                                    {canned.shortcut.clone().map(|shortcut| view! { <kbd>{format!("#{shortcut}")}</kbd> })}
                                                    <span class="canned-text">{preview}</span>
                                                </button>
                                                {canned.editable.then(|| view! {
                                                    <button
                                                        type="button"
                                                        class="link-button"
                                                        aria-label=format!("{} {}", td_string!(locale, composer.canned_edit), canned.title)
                                                        on:click=move |_| editing.set(Some(Some(for_edit.clone())))
                                                    >
                                                        {td!(locale, composer.canned_edit)}
                                                    </button>
                                                    <button
                                                        type="button"
                                                        class="link-button danger"
                                                        aria-label=format!("{} {}", td_string!(locale, composer.canned_delete), canned.title)
                                                        on:click=move |_| conversations.delete_canned(id)
                                                    >
                                                        {td!(locale, composer.canned_delete)}
                                                    </button>
                                                })}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                        .into_any()
                    }}
        </div>
    }
}
