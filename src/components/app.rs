//! The root: translations, runtime configuration, and the logged-in switch.

use leptos::prelude::*;

use crate::api::Api;
use crate::components::{login::LoginScreen, workspace::shell::WorkspaceScreen};
use crate::i18n::*;
use crate::lazy::{Lazy, LazyView};
use crate::session::{self, Session};
use crate::state::route::Entry;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nContextProvider>
            <Configured />
        </I18nContextProvider>
    }
}

/// Waits for `config.json`, then renders the app against that backend.
#[component]
fn Configured() -> impl IntoView {
    let i18n = use_i18n();
    // After the provider's own first effect, which applies the browser's language.
    Effect::new(move |_| crate::components::language::restore_locale(i18n));
    let config = LocalResource::new(crate::config::load);
    move || match config.get() {
        None => view! { <p class="splash" role="status">{t!(i18n, loading)}</p> }.into_any(),
        Some(config) => view! { <Root api=Api::new(config.normalized_api_base()) /> }.into_any(),
    }
}

/// Provides the API client and the session, and shows login or the workspace.
#[component]
pub fn Root(api: Api) -> impl IntoView {
    provide_context(api);
    let notice = session::LoginNotice(RwSignal::new(None));
    provide_context(notice);
    let session = RwSignal::new(session::load());
    // A one-time link (first run, password reset, invitation) opened while
    // logged out.
    let hash = || window().location().hash().unwrap_or_default();
    let entry = RwSignal::new(Entry::parse(&hash()));
    let logged_in = Callback::new(move |new_session: Session| {
        notice.0.set(None);
        // The link used left the address bar: logging out later shows the login.
        entry.set(Entry::parse(&hash()));
        session::save(&new_session);
        session.set(Some(new_session));
    });
    let logged_out = Callback::new(move |()| {
        session::clear();
        session.set(None);
    });
    // Only logging in or out swaps the screen; a renewed token (after an
    // expired session) keeps the workspace and everything on it.
    let logged_in_user = Memo::new(move |_| session.with(|s| s.as_ref().map(|s| s.user.id)));
    crate::listeners::on_window_event(leptos::ev::hashchange, move |_| {
        entry.set(Entry::parse(&hash()));
    });
    let pages = Lazy::pages();
    move || match logged_in_user.get().and(session.get_untracked()) {
        Some(current) => {
            view! { <WorkspaceScreen session=current on_logout=logged_out on_relogin=logged_in /> }
                .into_any()
        }
        None => match entry.get() {
            Entry::Login => view! { <LoginScreen on_logged_in=logged_in /> }.into_any(),
            Entry::Setup(token) => view! {
                <LazyView part=pages render=move |part| (part.setup)(token.clone(), logged_in) />
            }
            .into_any(),
            Entry::Reset(token) => view! {
                <LazyView part=pages render=move |part| (part.reset)(token.clone(), logged_in) />
            }
            .into_any(),
            Entry::Invite(token) => view! {
                <LazyView part=pages render=move |part| (part.invite)(token.clone(), logged_in) />
            }
            .into_any(),
        },
    }
}
