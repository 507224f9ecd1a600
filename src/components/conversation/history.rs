//! "Message history": earlier sessions of this customer on this line, newest
//! first, searchable and paginated, read-only.

use leptos::prelude::*;
use switchboard_protocol::{ConversationId, HistorySession};

use crate::components::conversation::bubble::MessageBubble;
use crate::components::kit::form::SearchBox;
use crate::components::kit::modal::Modal;
use crate::format;
use crate::i18n::*;
use crate::listeners::Debounce;
use crate::projection::use_locale;
use crate::stores::ConversationStore;

/// The history dialog of a conversation.
#[component]
pub fn HistoryDialog(
    /// The conversation.
    id: ConversationId,
    /// Closes the dialog.
    on_close: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let conversations = expect_context::<ConversationStore>();
    let query = RwSignal::new(String::new());
    let sessions = RwSignal::new(Vec::<HistorySession>::new());
    let cursor = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let load = move |more: bool| {
        loading.set(true);
        let after = if more { cursor.get_untracked() } else { None };
        let q = query.get_untracked();
        leptos::task::spawn_local(async move {
            match conversations.history(id, q, after).await {
                Ok(page) => {
                    if more {
                        sessions.update(|list| list.extend(page.items));
                    } else {
                        sessions.set(page.items);
                    }
                    cursor.set(page.next_cursor);
                    error.set(None);
                }
                Err(failure) => error.set(Some(failure.explanation())),
            }
            loading.set(false);
        });
    };
    load(false);
    let debounce = Debounce::new(std::time::Duration::from_millis(250));
    let on_search = move |_| debounce.call(move || load(false));

    view! {
        <Modal title=td_string!(locale, history.title) on_close=on_close>
            <SearchBox label=td_string!(locale, history.search) value=query on_input=on_search />
            <div class="history-list">
                {move || error.get().map(|error| view! { <p class="form-error" role="alert">{error}</p> })}
                <Show when=move || !loading.get() && sessions.with(Vec::is_empty)>
                    <p class="empty-state">{td!(locale, history.empty)}</p>
                </Show>
                <For each=move || sessions.get() key=|session| session.conversation.id let:session>
                    <section class="history-session" aria-label=format!("#{}", session.conversation.session_number)>
                        <h3>
                            {td!(locale, history.session)} " #" {session.conversation.session_number} " · "
                            {move || format::day(locale, session.conversation.created_at)}
                        </h3>
                        {session
                            .messages
                            .clone()
                            .into_iter()
                            .map(|message| view! { <MessageBubble message=message /> })
                            .collect_view()}
                    </section>
                </For>
                <Show when=move || loading.get()>
                    <p class="log-loading" role="status">{td!(locale, history.loading)}</p>
                </Show>
            </div>
            <div class="dialog-actions">
                <Show when=move || cursor.with(Option::is_some)>
                    <button type="button" on:click=move |_| load(true) disabled=move || loading.get()>
                        {td!(locale, history.load_more)}
                    </button>
                </Show>
                <button type="button" class="primary" on:click=move |_| on_close.run(())>
                    {td!(locale, common.close)}
                </button>
            </div>
        </Modal>
    }
}
