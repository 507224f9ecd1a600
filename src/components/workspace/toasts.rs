//! In-app notices of customer messages elsewhere; a click opens the conversation.

use leptos::prelude::*;

use crate::components::workspace::shell::navigate;
use crate::i18n::*;
use crate::lazy::Parts;
use crate::state::route::Route;
use crate::stores::{ConversationStore, SessionStore, Toast, ToastKind};

/// The toasts worth showing beside the conversation on screen
/// ([`Toast::worth_showing`]); the others expire on their own.
fn visible_toasts(store: SessionStore, conversations: ConversationStore) -> Vec<Toast> {
    let open = store.route.with(|route| route.conversation());
    conversations.toasts.with(|toasts| {
        toasts
            .iter()
            .filter(|toast| toast.worth_showing(open))
            .cloned()
            .collect()
    })
}

/// The stack of toasts, announced politely. The region is there from the
/// start (a live region must be before what it announces); its toasts are
/// drawn by the conversation's part, soon after the queue's first rows (the
/// store keeps those that came before).
#[component]
pub fn Toasts() -> impl IntoView {
    let i18n = use_i18n();
    let parts = expect_context::<Parts>();
    view! {
        <section class="toasts" aria-label=move || t_string!(i18n, toast.region) aria-live="polite">
            {move || parts.conversation.arrived().map(|part| (part.toasts)())}
        </section>
    }
}

/// The toasts of the stack.
#[component]
pub fn ToastList() -> impl IntoView {
    let i18n = use_i18n();
    let store = expect_context::<SessionStore>();
    let conversations = expect_context::<ConversationStore>();
    move || {
        // Read once per change of the stack: a toast draws nothing
        // reactive of its own (they come and go all day).
        let locale = i18n.get_locale();
        visible_toasts(store, conversations)
            .into_iter()
            .map(|toast| {
                view! {
                <div class="toast">
                    <button
                        type="button"
                        class="toast-open"
                        on:click=move |_| {
                            conversations.dismiss_toast(toast.id);
                            navigate(Route::Conversation(toast.conversation));
                        }
                    >
                        <strong class="toast-title">{toast.title.clone()}</strong>
                        <span class="toast-body">
                            {
                                let body = toast.body.clone();
                                match toast.kind {
                                    ToastKind::CustomerMessage => body.clone(),
                                    ToastKind::HandedToMe => {
                                        format!("{body} {}", td_string!(locale, toast.handed_to_me))
                                    }
                                    ToastKind::TakenFromMe => {
                                        format!("{body} {}", td_string!(locale, toast.taken_from_me))
                                    }
                                    ToastKind::Mentioned => {
                                        format!("{body} {}", td_string!(locale, toast.mentioned_you))
                                    }
                                    ToastKind::Offered => {
                                        td_string!(locale, routing.offered_to_you).to_owned()
                                    }
                                    ToastKind::BackFromSnooze => {
                                        td_string!(locale, toast.back_from_snooze).to_owned()
                                    }
                                }
                            }
                        </span>
                    </button>
                    <button
                        type="button"
                        class="toast-dismiss"
                        aria-label=td_string!(locale, toast.dismiss)
                        on:click=move |_| conversations.dismiss_toast(toast.id)
                    >
                        "×"
                    </button>
                </div>
                }
            })
            .collect_view()
    }
}
