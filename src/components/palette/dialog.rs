//! "Command palette": a combobox "Type a command" over the entries
//! available now, ranked as the operator types (English or French words);
//! arrows, Home and End move, Enter runs, Escape closes and gives the focus
//! back where it was.

use leptos::prelude::*;

use super::run::{current_entries, run, stores};
use crate::components::kit::modal::Modal;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::palette::{rank, Entry};

/// The most entries drawn at once (the rest come as the query narrows).
const SHOWN: usize = 50;

/// The palette's dialog, with `start` typed in its field.
#[component]
pub fn CommandPalette(start: String) -> impl IntoView {
    let locale = use_locale();
    let i18n = use_i18n();
    let stores = stores();
    let query = RwSignal::new(start);
    let active = RwSignal::new(0usize);
    let all = Memo::new(move |_| current_entries(stores, locale));
    let ranked = Memo::new(move |_| {
        let query = query.get();
        all.with(|all| {
            rank(all, &query)
                .into_iter()
                .take(SHOWN)
                .cloned()
                .collect::<Vec<Entry>>()
        })
    });
    let close = Callback::new(move |()| stores.preferences.overlay.set(None));
    let choose = move |index: usize| {
        if let Some(entry) = ranked.with_untracked(|ranked| ranked.get(index).cloned()) {
            close.run(());
            run(stores, i18n, entry.command);
        }
    };
    let on_key = move |event: leptos::ev::KeyboardEvent| {
        let count = ranked.with_untracked(Vec::len);
        let current = active.get_untracked();
        let next = match event.key().as_str() {
            "ArrowDown" => (current + 1).min(count.saturating_sub(1)),
            "ArrowUp" => current.saturating_sub(1),
            "Home" => 0,
            "End" => count.saturating_sub(1),
            "Enter" => {
                event.prevent_default();
                choose(current);
                return;
            }
            _ => return,
        };
        event.prevent_default();
        active.set(next);
        let option = document().get_element_by_id(&option_id(next));
        if let Some(option) = option {
            option.scroll_into_view_with_bool(false);
        }
    };
    let keys_of = move |shortcut: Option<&'static str>| {
        let shortcut = shortcut?;
        stores.preferences.current.with(|preferences| {
            preferences
                .bindings()
                .into_iter()
                .find(|(id, _)| *id == shortcut)
                .and_then(|(_, keys)| keys.into_iter().next())
        })
    };
    let shown = if locale == Locale::fr { 1 } else { 0 };
    view! {
        <Modal title=td_string!(locale, palette.title) on_close=close>
            <div class="palette">
                <input
                    type="text"
                    role="combobox"
                    class="palette-input"
                    autocomplete="off"
                    aria-label=td_string!(locale, palette.input)
                    aria-expanded="true"
                    aria-controls="palette-options"
                    aria-autocomplete="list"
                    aria-activedescendant=move || {
                        (!ranked.with(Vec::is_empty)).then(|| option_id(active.get()))
                    }
                    prop:value=move || query.get()
                    on:input=move |event| {
                        query.set(event_target_value(&event));
                        active.set(0);
                    }
                    on:keydown=on_key
                />
                <ul
                    class="palette-options"
                    id="palette-options"
                    role="listbox"
                    aria-label=td_string!(locale, palette.results)
                >
                    {move || {
                        ranked
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(index, entry)| {
                                let keys = keys_of(entry.shortcut);
                                let label = entry.labels[shown].clone();
                                view! {
                                    <li
                                        id=option_id(index)
                                        role="option"
                                        class="palette-option"
                                        aria-selected=move || (active.get() == index).to_string()
                                        on:mousedown=move |event| event.prevent_default()
                                        on:click=move |_| choose(index)
                                    >
                                        <span class="palette-label">{label}</span>
                                        {keys.map(|keys| view! { <kbd class="palette-keys">{keys}</kbd> })}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                <Show when=move || ranked.with(Vec::is_empty)>
                    <p class="palette-none" role="status">{td!(locale, palette.none)}</p>
                </Show>
            </div>
        </Modal>
    }
}

fn option_id(index: usize) -> String {
    format!("palette-option-{index}")
}
