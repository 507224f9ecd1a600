//! The user menu: language, theme, notifications and "Log out".

use leptos::prelude::*;

use crate::api::Api;
use crate::components::language::LanguagePicker;
use crate::format::initials;
use crate::i18n::*;
use crate::lazy::{LazyView, PagesPart, Parts};
use crate::preferences::{self, Theme};
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
    let theme = RwSignal::new(preferences::theme());
    let desktop = RwSignal::new(preferences::desktop_notifications());
    let sound = RwSignal::new(preferences::sound());
    let denied = RwSignal::new(false);
    let company = RwSignal::new(false);
    let admin = move || {
        store
            .me
            .with(|me| me.role == switchboard_protocol::Role::Admin)
    };

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
    let toggle_desktop = move |event: leptos::ev::Event| {
        let wanted = event_target_checked(&event);
        if !wanted {
            desktop.set(false);
            preferences::set_desktop_notifications(false);
            return;
        }
        leptos::task::spawn_local(async move {
            let granted = crate::notify::request_permission().await;
            denied.set(!granted);
            desktop.set(granted);
            preferences::set_desktop_notifications(granted);
        });
    };
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
                    <LanguagePicker />
                    <label class="menu-row">
                        <span>{t!(i18n, menu.theme)}</span>
                        <select
                            prop:value=move || theme.get().as_str()
                            on:change=move |event| {
                                let chosen = Theme::parse(&event_target_value(&event));
                                theme.set(chosen);
                                preferences::set_theme(chosen);
                            }
                        >
                            {Theme::ALL
                                .into_iter()
                                .map(|choice| {
                                    view! {
                                        <option value=choice.as_str()>
                                            {move || match choice {
                                                Theme::System => t_string!(i18n, menu.theme_system),
                                                Theme::Light => t_string!(i18n, menu.theme_light),
                                                Theme::Dark => t_string!(i18n, menu.theme_dark),
                                            }}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <label class="menu-row check">
                        <input type="checkbox" prop:checked=desktop on:change=toggle_desktop />
                        <span>{t!(i18n, menu.desktop_notifications)}</span>
                    </label>
                    <Show when=move || denied.get()>
                        <p class="form-error" role="alert">
                            {t!(i18n, menu.notifications_denied)}
                        </p>
                    </Show>
                    <label class="menu-row check">
                        <input
                            type="checkbox"
                            prop:checked=sound
                            on:change=move |event| {
                                let on = event_target_checked(&event);
                                sound.set(on);
                                preferences::set_sound(on);
                            }
                        />
                        <span>{t!(i18n, menu.sound)}</span>
                    </label>
                    <Show when=admin>
                        <button
                            type="button"
                            class="menu-row"
                            on:click=move |_| {
                                open.set(false);
                                company.set(true);
                            }
                        >
                            {t!(i18n, company.title)}
                        </button>
                    </Show>
                    <button type="button" class="logout" on:click=move |_| { logout.dispatch(()); }>
                        {t!(i18n, menu.log_out)}
                    </button>
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
