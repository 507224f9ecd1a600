//! The collaboration pages beside the Contact Center: internal chats,
//! tasks, the calendar and the company feed; and the screens of the
//! server's one-time links (first run, password reset).

pub mod calendar;
pub mod chats;
pub mod feed;
pub mod first_run;
pub mod tasks;

use leptos::prelude::*;
use switchboard_protocol::ConversationLink;

use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::route::Route;
use crate::stores::{CollabStore, SessionStore};

/// A colleague's name, or a placeholder while the directory loads.
pub(crate) fn name_of(store: SessionStore, id: switchboard_protocol::UserId) -> String {
    store.user_name(id).unwrap_or_else(|| format!("#{}", id.0))
}

/// "Open conversation": the conversation an entity came from.
#[component]
pub fn ConversationLinkView(link: Option<ConversationLink>) -> impl IntoView {
    let locale = use_locale();
    link.map(|link| {
        let href = Route::Conversation(link.conversation_id).href();
        view! { <a class="page-link" href=href>{td!(locale, collab.open_conversation)}</a> }
    })
}

/// The error of the last load or change on these pages, if any.
#[component]
pub fn CollabError() -> impl IntoView {
    let collab = expect_context::<CollabStore>();
    move || {
        collab
            .error
            .get()
            .map(|error| view! { <p class="form-error" role="alert">{error}</p> })
    }
}
