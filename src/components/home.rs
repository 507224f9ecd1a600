//! What a logged-in employee sees until the workspace is mounted here.

use leptos::prelude::*;

use crate::api::Api;
use crate::components::language::LanguagePicker;
use crate::i18n::*;
use crate::session::Session;

/// The signed-in frame: who is logged in, the language, and "Log out".
#[component]
pub fn Home(
    /// The current session.
    session: Session,
    /// Called after the session was revoked (or could not be reached).
    on_logout: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let name = session.user.name.clone();
    let token = session.token.clone();
    let logout = Action::new_local(move |()| {
        let api = api.clone();
        let token = token.clone();
        async move {
            // Logging out locally must work even when the server is gone.
            let _ = api.logout(&token).await;
            on_logout.run(());
        }
    });
    view! {
        <header class="topbar">
            <span class="brand">{t!(i18n, app_name)}</span>
            <span class="whoami">{t!(i18n, home.signed_in_as, name = name.clone())}</span>
            <LanguagePicker />
            <button type="button" on:click=move |_| { logout.dispatch(()); }>
                {t!(i18n, home.log_out)}
            </button>
        </header>
        <main class="home"></main>
    }
}
