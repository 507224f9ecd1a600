//! The language picker. The choice is remembered across reloads.

use leptos::prelude::*;

use crate::i18n::*;

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
            i18n.set_locale(*locale);
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
