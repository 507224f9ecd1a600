//! The user menu's panel: my status and when I become Away, language,
//! theme, notifications, the company's details (admins), my password and
//! sessions, and "Log out". It comes with the pages' part, so that the
//! start module carries only the menu's button.

use leptos::prelude::*;

use switchboard_protocol::Presence;

use super::password::ChangePasswordDialog;
use crate::components::language::LanguagePicker;
use crate::i18n::*;
use crate::preferences::{self, Theme};
use crate::stores::SessionStore;

/// What the user menu shows once opened.
#[component]
pub fn UserPanel(
    /// Opens "Company details" (admins).
    on_company: Callback<()>,
    /// Logs out.
    on_logout: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = expect_context::<SessionStore>();
    let theme = RwSignal::new(preferences::theme());
    let desktop = RwSignal::new(preferences::desktop_notifications());
    let sound = RwSignal::new(preferences::sound());
    let away_after = RwSignal::new(preferences::away_after_minutes());
    let sessions = RwSignal::new(false);
    let denied = RwSignal::new(false);
    let admin = move || {
        store
            .me
            .with(|me| me.role == switchboard_protocol::Role::Admin)
    };
    let changing = RwSignal::new(false);
    let notice = RwSignal::new(None::<String>);
    // The directory's entry is the live one (the session saved at login
    // may be older).
    let me = store.my_id();
    let presence = move || {
        store
            .users
            .with(|users| users.get(&me).map(|user| user.presence))
            .unwrap_or_else(|| store.me.with(|me| me.presence))
    };
    let set_presence = move |event: leptos::ev::Event| {
        let chosen = match event_target_value(&event).as_str() {
            "online" => Presence::Online,
            "away" => Presence::Away,
            _ => Presence::Offline,
        };
        let client = store.client();
        store.me.update(|me| me.presence = chosen);
        store.users.update(|users| {
            if let Some(user) = users.get_mut(&me) {
                user.presence = chosen;
            }
        });
        store.spawn(async move {
            if let Err(error) = client.set_presence(chosen).await {
                notice.set(Some(error.explanation()));
            }
        });
    };
    let logout_others = move |_| {
        let client = store.client();
        store.spawn(async move {
            notice.set(Some(match client.logout_others().await {
                Ok(()) => t_string!(i18n, menu.others_logged_out).to_owned(),
                Err(error) => error.explanation(),
            }));
        });
    };
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

    view! {
            <label class="menu-row">
                <span>{t!(i18n, menu.my_status)}</span>
                <select prop:value=move || presence().as_str() on:change=set_presence>
                    <option value="online">{t!(i18n, menu.online)}</option>
                    <option value="away">{t!(i18n, menu.away)}</option>
                    <option value="offline">{t!(i18n, menu.offline)}</option>
                </select>
            </label>
            <label class="menu-row">
                <span>{t!(i18n, menu.away_after)}</span>
                <select
                    prop:value=away_after.get_untracked().to_string()
                    on:change=move |event| {
                        if let Ok(minutes) = event_target_value(&event).parse::<u32>() {
                            away_after.set(minutes);
                            preferences::set_away_after_minutes(minutes);
                        }
                    }
                >
                    {preferences::AWAY_CHOICES
                        .into_iter()
                        .map(|minutes| {
                            view! {
                                <option value=minutes.to_string() selected=minutes == away_after.get_untracked()>
                                    {move || if minutes == 0 {
                                        t_string!(i18n, menu.never).to_owned()
                                    } else {
                                        format!("{minutes} {}", t_string!(i18n, menu.minutes))
                                    }}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
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
                    on:click=move |_| on_company.run(())
                >
                    {t!(i18n, company.title)}
                </button>
            </Show>
            <button type="button" class="menu-row" on:click=move |_| changing.set(true)>
                {t!(i18n, menu.change_password)}
            </button>
            <button type="button" class="menu-row" on:click=move |_| sessions.set(true)>
                {t!(i18n, menu.my_sessions)}
            </button>
            <button type="button" class="menu-row" on:click=logout_others>
                {t!(i18n, menu.logout_others)}
            </button>
            <Show when=move || sessions.get()>
                <super::sessions::SessionsDialog on_close=Callback::new(move |()| sessions.set(false)) />
            </Show>
            <p class="menu-notice" role="status">{move || notice.get()}</p>
            <Show when=move || changing.get()>
                <ChangePasswordDialog
                    on_close=Callback::new(move |()| changing.set(false))
                    on_done=Callback::new(move |()| {
                        changing.set(false);
                        notice.set(Some(t_string!(i18n, menu.password_changed).to_owned()));
                    })
                />
            </Show>
            <button type="button" class="logout" on:click=move |_| on_logout.run(())>
                {t!(i18n, menu.log_out)}
            </button>
    }
}
