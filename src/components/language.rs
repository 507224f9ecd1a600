//! The language picker. The choice is remembered across reloads.

use leptos::prelude::*;

use crate::i18n::*;

const LOCALE_KEY: &str = "switchboard.locale";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Applies the language the operator chose earlier in this browser, if any
/// (otherwise the browser's preferred language stays in effect).
pub fn restore_locale(i18n: leptos_i18n::I18nContext<Locale>) {
    let saved = storage().and_then(|storage| storage.get_item(LOCALE_KEY).ok().flatten());
    if let Some(locale) = saved.and_then(|saved| {
        Locale::get_all()
            .iter()
            .copied()
            .find(|locale| locale.as_str() == saved)
    }) {
        i18n.set_locale(locale);
    }
}

fn remember_locale(locale: Locale) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(LOCALE_KEY, locale.as_str());
    }
}

/// Switches the language and remembers it.
pub fn choose_locale(i18n: leptos_i18n::I18nContext<Locale>, locale: Locale) {
    i18n.set_locale(locale);
    remember_locale(locale);
}

/// A labelled select listing every language of the app, each in its own name.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        if let Some(locale) = Locale::get_all()
            .iter()
            .find(|locale| locale.as_str() == value)
        {
            choose_locale(i18n, *locale);
        }
    };
    view! {
        <label class="language-picker">
            <span>{t!(i18n, language)}</span>
            <select on:change=on_change prop:value=move || i18n.get_locale().as_str()>
                <option value="en" lang="en">
                    "English"
                </option>
                <option value="fr" lang="fr">
                    "Français"
                </option>
            </select>
        </label>
    }
}
