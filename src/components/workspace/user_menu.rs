//! The user menu: the button with the operator's name, and its panel
//! (language, theme, notifications, "Log out"), which comes with the pages'
//! part ([`user_panel`](super::user_panel)): the start module carries only
//! the button.

use leptos::prelude::*;

use crate::api::Api;
use crate::format::initials;
use crate::i18n::*;
use crate::lazy::{LazyView, PagesPart, Parts};
use crate::stores::SessionStore;

/// A disclosure button with the operator's name and a panel of settings.
#[component]
pub fn UserMenu(
    /// Called after logging out.
    on_logout: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = expect_context::<SessionStore>();
    let api = expect_context::<Api>();
    let parts = expect_context::<Parts>();
    let open = RwSignal::new(false);
    let company = RwSignal::new(false);

    let logout = Action::new_local(move |()| {
        let api = api.clone();
        let token = store.token();
        async move {
            // Logging out locally must work even when the server is gone.
            let _ = api.logout(&token).await;
            store.stop();
            on_logout.run(());
        }
    });
    let name = move || store.me.with(|me| me.name.clone());
    crate::listeners::on_window_event(leptos::ev::keydown, move |event| {
        if event.key() == "Escape" {
            open.set(false);
        }
    });

    view! {
        <div class="user-menu">
            <button
                type="button"
                class="user-menu-button"
                aria-expanded=move || open.get().to_string()
                aria-controls="user-menu-panel"
                on:click=move |_| open.update(|open| *open = !*open)
            >
                <span class="avatar" aria-hidden="true">
                    {move || initials(&name())}
                </span>
                <span class="visually-hidden">{t!(i18n, menu.user_menu)} " "</span>
                <span class="user-name">{name}</span>
            </button>
            <Show when=move || open.get()>
                <div class="user-menu-panel" id="user-menu-panel">
                    <LazyView
                        part=parts.pages
                        render=move |part: PagesPart| {
                            (part.user_panel)(
                                Callback::new(move |()| {
                                    open.set(false);
                                    company.set(true);
                                }),
                                Callback::new(move |()| {
                                    logout.dispatch(());
                                }),
                            )
                        }
                    />
                </div>
            </Show>
            <Show when=move || company.get()>
                {provide_context(crate::projection::UiLocale(i18n.get_locale_untracked()))}
                <LazyView
                    part=parts.pages
                    render=move |part: PagesPart| (part.company)(Callback::new(move |()| company.set(false)))
                />
            </Show>
        </div>
    }
}
