//! The login dialog that appears over the workspace when the session expired,
//! so nothing on screen (drafts, pending messages, the open conversation) is lost.

use leptos::prelude::*;

use crate::api::{Api, Client};
use crate::components::login::LoginForm;
use crate::i18n::*;
use crate::session::Session;
use crate::stores::{ConversationStore, SessionStore};

/// A modal login form, shown while `session_expired` is set.
#[component]
pub fn SessionExpiredDialog(
    /// Called with the new session.
    on_relogin: Callback<Session>,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = expect_context::<SessionStore>();
    let conversations = expect_context::<ConversationStore>();
    let api = expect_context::<Api>();
    let logged_in = Callback::new(move |session: Session| {
        store.resume_with(
            Client::new(api.clone(), session.token.clone()),
            session.user.clone(),
        );
        conversations.resumed();
        on_relogin.run(session);
    });
    view! {
        <Show when=move || store.session_expired.get()>
            <div class="dialog-backdrop">
                <div
                    class="dialog"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="expired-title"
                    aria-describedby="expired-text"
                >
                    <h2 id="expired-title">{t!(i18n, session.expired_title)}</h2>
                    <p id="expired-text">{t!(i18n, session.expired_text)}</p>
                    <LoginForm on_logged_in=logged_in />
                </div>
            </div>
        </Show>
    }
}
