//! "Canned responses": ready answers, personal or shared by a line, found
//! by search or by typing `#shortcut`, inserted with their placeholders
//! filled (customer, operator, line). "Create canned response" opens a form;
//! the operator edits and deletes their own.

use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_protocol::{
    fill_placeholders, CannedResponse, CannedResponseId, CannedResponseRequest, CannedScope,
    ConversationId, PlaceholderValues,
};

use super::Compose;
use crate::i18n::*;
use crate::state::composer::{canned_matches, canned_rank};
use crate::workspace::Workspace;

/// What the placeholders of a canned response become in this conversation.
pub fn values(workspace: Workspace, id: ConversationId) -> PlaceholderValues {
    let (customer_name, line) = workspace
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
        operator_name: workspace.me.with_untracked(|me| me.name.clone()),
        line_name: line
            .map(|line| workspace.line_name(line))
            .unwrap_or_default(),
    }
}

/// Canned responses whose shortcut starts with what follows `#` (the
/// suggestions while typing: "order #1234" must not pick an answer).
pub fn by_shortcut(workspace: Workspace, query: &str) -> Vec<CannedResponse> {
    workspace.load_canned(false);
    let query = query.to_lowercase();
    let mut found: Vec<CannedResponse> = workspace.canned.with(|list| {
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
pub fn filled(workspace: Workspace, id: ConversationId, canned: &CannedResponse) -> String {
    fill_placeholders(&canned.text, &values(workspace, id))
}

/// Canned responses matching a query, best first (tracked).
pub fn matching(workspace: Workspace, query: &str) -> Vec<CannedResponse> {
    workspace.load_canned(false);
    let mut found: Vec<CannedResponse> = workspace.canned.with(|list| {
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
    let i18n = use_i18n();
    let compose = expect_context::<Compose>();
    let workspace = expect_context::<Workspace>();
    let query = RwSignal::new(String::new());
    // `None`: the list; `Some(None)`: creating; `Some(Some(x))`: editing x.
    let editing = RwSignal::new(None::<Option<CannedResponse>>);
    let found = Memo::new(move |_| matching(workspace, &query.get()));
    let insert = move |canned: CannedResponse| {
        let text = filled(workspace, compose.id, &canned);
        compose.close_panel();
        compose.insert(&text);
    };
    let on_keydown = move |event: leptos::ev::KeyboardEvent| compose.close_on_escape(&event);
    view! {
        <div
            class="tool-panel canned-panel"
            role="dialog"
            aria-label=move || t_string!(i18n, composer.canned)
            on:keydown=on_keydown
        >
            {move || match editing.get() {
                Some(existing) => view! {
                    <CannedForm
                        existing=existing
                        initial_text=String::new()
                        on_done=Callback::new(move |()| editing.set(None))
                    />
                }
                .into_any(),
                None => view! {
                    <div class="canned-head">
                        <input
                            type="search"
                            aria-label=move || t_string!(i18n, composer.search_canned)
                            placeholder=move || t_string!(i18n, composer.search_canned)
                            prop:value=query
                            on:input=move |event| query.set(event_target_value(&event))
                        />
                        <button type="button" on:click=move |_| editing.set(Some(None))>
                            {t!(i18n, composer.create_canned)}
                        </button>
                    </div>
                    {move || {
                        if workspace.canned.with(Option::is_none) {
                            return view! { <p role="status">{t!(i18n, composer.canned_loading)}</p> }.into_any();
                        }
                        let list = found.get();
                        if list.is_empty() {
                            return view! { <p class="empty-state">{t!(i18n, composer.canned_empty)}</p> }.into_any();
                        }
                        view! {
                            <ul class="canned-list" aria-label=move || t_string!(i18n, composer.canned)>
                                {list
                                    .into_iter()
                                    .map(|canned| {
                                        let for_insert = canned.clone();
                                        let for_edit = canned.clone();
                                        let id = canned.id;
                                        let preview = filled(workspace, compose.id, &canned);
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
                                                        aria-label=format!("{} {}", t_string!(i18n, composer.canned_edit), canned.title)
                                                        on:click=move |_| editing.set(Some(Some(for_edit.clone())))
                                                    >
                                                        {t!(i18n, composer.canned_edit)}
                                                    </button>
                                                    <button
                                                        type="button"
                                                        class="link-button danger"
                                                        aria-label=format!("{} {}", t_string!(i18n, composer.canned_delete), canned.title)
                                                        on:click=move |_| workspace.delete_canned(id)
                                                    >
                                                        {t!(i18n, composer.canned_delete)}
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
                }
                .into_any(),
            }}
        </div>
    }
}

/// The form to create or change a canned response (also opened by "Save as
/// canned response" on a message, with its text).
#[component]
pub fn CannedForm(
    /// The response being changed; `None` creates one.
    existing: Option<CannedResponse>,
    /// Text to start with when creating.
    initial_text: String,
    /// Called after saving or cancelling.
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = expect_context::<Workspace>();
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
    let error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let my_lines = move || {
        let me = workspace.me.with(|me| me.id);
        workspace.lines.with(|lines| {
            lines
                .iter()
                .filter(|line| line.members.contains(&me))
                .map(|line| (line.id.0.to_string(), line.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let heading = if id.is_some() {
        t_string!(i18n, composer.edit_canned)
    } else {
        t_string!(i18n, composer.create_canned)
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let scope = match scope.get_untracked().parse::<i64>() {
            Ok(line) => CannedScope::Line {
                line_id: switchboard_protocol::LineId(line),
            },
            Err(_) => CannedScope::Personal,
        };
        let shortcut = shortcut.get_untracked();
        let request = CannedResponseRequest {
            title: title.get_untracked().trim().to_owned(),
            text: text.get_untracked(),
            shortcut: (!shortcut.trim().is_empty())
                .then(|| shortcut.trim().trim_start_matches('#').to_owned()),
            scope,
        };
        saving.set(true);
        spawn_local(async move {
            let result = workspace.save_canned(id, request).await;
            saving.set(false);
            match result {
                Ok(()) => on_done.run(()),
                Err(message) => error.set(Some(message)),
            }
        });
    };
    view! {
        <form class="canned-form" aria-label=heading on:submit=submit>
            <h3>{heading}</h3>
            <label>
                {t!(i18n, composer.canned_title)}
                <input type="text" required prop:value=title on:input=move |e| title.set(event_target_value(&e)) />
            </label>
            <label>
                {t!(i18n, composer.canned_text)}
                <textarea rows="4" required prop:value=text on:input=move |e| text.set(event_target_value(&e))></textarea>
            </label>
            <p class="field-hint">{t!(i18n, composer.canned_placeholders)}</p>
            <label>
                {t!(i18n, composer.canned_shortcut)}
                <input type="text" prop:value=shortcut on:input=move |e| shortcut.set(event_target_value(&e)) />
            </label>
            <label>
                {t!(i18n, composer.canned_scope)}
                <select prop:value=scope on:change=move |e| scope.set(event_target_value(&e))>
                    <option value="personal">{t!(i18n, composer.canned_personal)}</option>
                    {move || {
                        my_lines()
                            .into_iter()
                            .map(|(value, name)| view! { <option value=value>{name}</option> })
                            .collect_view()
                    }}
                </select>
            </label>
            {move || error.get().map(|error| view! { <p class="form-error" role="alert">{error}</p> })}
            <div class="dialog-actions">
                <button type="button" on:click=move |_| on_done.run(())>{t!(i18n, composer.canned_cancel)}</button>
                <button type="submit" class="primary" disabled=move || saving.get()>{t!(i18n, composer.canned_save)}</button>
            </div>
        </form>
    }
}
