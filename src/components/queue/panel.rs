//! The queue panel: search, filters, status tabs and the list.

use leptos::prelude::*;

use crate::components::kit::form::SearchBox;
use crate::components::queue::list::QueueList;
use crate::i18n::*;
use crate::lazy::Parts;
use crate::listeners::Debounce;
use crate::state::queue::{InProgressScope, QueueList, QueueTab};
use crate::stores::ConversationStore;

/// Search, filters, tabs with live counts, and the rows of the selected tab.
#[component]
pub fn QueuePanel() -> impl IntoView {
    let i18n = use_i18n();
    let conversations = expect_context::<ConversationStore>();
    let parts = expect_context::<Parts>();

    // Server-side search of every status, debounced so typing does not
    // flood the server; Escape ends it and the tabs come back as they were.
    let search = conversations.search_text;
    let debounce = Debounce::new(std::time::Duration::from_millis(250));
    let on_search = move |text: String| debounce.call(move || conversations.search(text));
    let end_search = move || {
        debounce.cancel();
        conversations.clear_search();
    };
    let on_search_key = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" && !search.with_untracked(String::is_empty) {
            event.prevent_default();
            end_search();
        }
    };
    let searching = move || conversations.queue.with(|queue| queue.is_searching());

    let tab_name = move |tab: QueueTab| match tab {
        QueueTab::Unanswered => t_string!(i18n, queue.unanswered),
        QueueTab::InProgress => t_string!(i18n, queue.in_progress),
        QueueTab::Snoozed => t_string!(i18n, queue.snoozed),
        QueueTab::Closed => t_string!(i18n, queue.closed),
    };
    let on_tab_key = move |event: leptos::ev::KeyboardEvent| {
        let current = conversations.tab.get_untracked();
        let index = QueueTab::ALL
            .iter()
            .position(|tab| *tab == current)
            .unwrap_or(0);
        let next = match event.key().as_str() {
            "ArrowRight" => (index + 1) % QueueTab::ALL.len(),
            "ArrowLeft" => (index + QueueTab::ALL.len() - 1) % QueueTab::ALL.len(),
            _ => return,
        };
        event.prevent_default();
        conversations.select_tab(QueueTab::ALL[next]);
        focus_tab(QueueTab::ALL[next]);
    };

    view! {
        <div class="queue-tools">
            <h1 class="queue-title">{t!(i18n, nav.contact_center)}</h1>
            <SearchBox
                label=Signal::derive(move || t_string!(i18n, queue.search))
                value=search
                class="queue-search"
                on_input=on_search
                on:keydown=on_search_key
            />
            // Line, label, order and channel come with the conversation's
            // part, soon after the first rows (the filter chosen applies
            // from the start: it is kept in the store).
            <div class="queue-filters">
                {move || parts.conversation.arrived().map(|part| (part.queue_filters)())}
            </div>
        </div>
        <div class="queue-tabs" role="tablist" aria-label=move || t_string!(i18n, queue.tabs) on:keydown=on_tab_key>
            {QueueTab::ALL
                .into_iter()
                .map(|tab| {
                    let selected = move || conversations.tab.get() == tab;
                    view! {
                        <button
                            type="button"
                            role="tab"
                            id=tab_id(tab)
                            class="queue-tab"
                            aria-selected=move || selected().to_string()
                            aria-controls="queue-tabpanel"
                            tabindex=move || if selected() { "0" } else { "-1" }
                            on:click=move |_| conversations.select_tab(tab)
                        >
                            <span>{move || tab_name(tab)}</span>
                            " "
                            <span class="count">
                                {move || conversations.queue.with(|queue| tab.count(queue.counts()))}
                            </span>
                        </button>
                    }
                })
                .collect_view()}
        </div>
        <div
            class="queue-tabpanel"
            id="queue-tabpanel"
            role="tabpanel"
            aria-labelledby=move || tab_id(conversations.tab.get())
        >
            <Show when=searching>
                <p class="queue-search-status" role="status">
                    <span>{t!(i18n, queue.search_results)}</span>
                    <button
                        type="button"
                        class="link-button"
                        on:click=move |_| end_search()
                    >
                        {t!(i18n, queue.clear_search)}
                    </button>
                </p>
            </Show>
            <Show when=move || !searching() && conversations.tab.get() == QueueTab::InProgress>
                {move || parts.conversation.arrived().map(|part| (part.scope_switch)())}
            </Show>
            <QueueList />
        </div>
    }
}

/// "Mine" and "All" inside "In progress", each with its count (drawn by the
/// conversation's part, soon after the first rows; the scope chosen applies
/// from the start).
#[component]
pub fn ScopeSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let conversations = expect_context::<ConversationStore>();
    let name = move |scope: InProgressScope| match scope {
        InProgressScope::Mine => t_string!(i18n, queue.mine),
        InProgressScope::All => t_string!(i18n, queue.all),
    };
    view! {
        <div class="scope-switch" role="radiogroup" aria-label=move || t_string!(i18n, queue.scope)>
            {InProgressScope::ALL
                .into_iter()
                .map(|scope| {
                    let count = move || {
                        let list = QueueList::new(QueueTab::InProgress, scope);
                        conversations.queue.with(|queue| list.count(queue.counts()))
                    };
                    view! {
                        <label class="scope-option">
                            <input
                                type="radio"
                                name="in-progress-scope"
                                prop:checked=move || conversations.scope.get() == scope
                                on:change=move |_| conversations.select_scope(scope)
                            />
                            <span>{move || name(scope)}</span>
                            " "
                            <span class="count">{count}</span>
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
}

fn tab_id(tab: QueueTab) -> &'static str {
    match tab {
        QueueTab::Unanswered => "tab-unanswered",
        QueueTab::InProgress => "tab-in-progress",
        QueueTab::Snoozed => "tab-snoozed",
        QueueTab::Closed => "tab-closed",
    }
}

fn focus_tab(tab: QueueTab) {
    use wasm_bindgen::JsCast;
    if let Some(element) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(tab_id(tab)))
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}
