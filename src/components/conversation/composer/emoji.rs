//! "Emoji": a picker with categories, search in English and French, and the
//! recently used ones first. Its data (`emoji.json`, built from
//! emojibase-data by `scripts/emoji-data.mjs`) is fetched the first time the
//! picker opens, so it never weighs on the app's start.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;

use super::toolbar::ToolPanel;
use super::Compose;
use crate::components::kit::form::SearchBox;
use crate::i18n::*;
use crate::projection::use_locale;

/// Most emoji listed for a search.
const MAX_RESULTS: usize = 96;
/// Recently used emoji remembered.
const MAX_RECENT: usize = 24;
const RECENT_KEY: &str = "switchboard.emoji.recent";

/// One emoji: the character, its English and French names, keywords in both.
type Emoji = (String, String, String, String);

#[derive(Debug, Deserialize)]
struct Group {
    /// emojibase's key of the group (`smileys-emotion`).
    key: String,
    emoji: Vec<Emoji>,
}

/// The name of an emoji category in the operator's language: the app's
/// own translations, not emojibase's lowercase labels.
fn category_name(locale: Locale, key: &str) -> &'static str {
    match key {
        "smileys-emotion" => td_string!(locale, emoji.smileys_emotion),
        "people-body" => td_string!(locale, emoji.people_body),
        "animals-nature" => td_string!(locale, emoji.animals_nature),
        "food-drink" => td_string!(locale, emoji.food_drink),
        "travel-places" => td_string!(locale, emoji.travel_places),
        "activities" => td_string!(locale, emoji.activities),
        "objects" => td_string!(locale, emoji.objects),
        "symbols" => td_string!(locale, emoji.symbols),
        "flags" => td_string!(locale, emoji.flags),
        _ => td_string!(locale, emoji.other),
    }
}

#[derive(Debug, Deserialize)]
struct EmojiData {
    groups: Vec<Group>,
}

thread_local! {
    static LOADED: std::cell::RefCell<Option<Arc<EmojiData>>> = const { std::cell::RefCell::new(None) };
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn recent() -> Vec<String> {
    storage()
        .and_then(|storage| storage.get_item(RECENT_KEY).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

fn remember(emoji: &str) {
    let mut list = recent();
    list.retain(|known| known != emoji);
    list.insert(0, emoji.to_owned());
    list.truncate(MAX_RECENT);
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(&list)) {
        let _ = storage.set_item(RECENT_KEY, &json);
    }
}

/// Whether an emoji matches every word of a (lowercase) search.
fn matches(emoji: &Emoji, words: &[String]) -> bool {
    words.iter().all(|word| {
        emoji.1.to_lowercase().contains(word.as_str())
            || emoji.2.to_lowercase().contains(word.as_str())
            || emoji.3.to_lowercase().contains(word.as_str())
    })
}

/// Uses this data instead of fetching `emoji.json` (browser tests).
#[doc(hidden)]
pub fn preload(json: &str) -> Result<(), String> {
    let data: EmojiData = serde_json::from_str(json).map_err(|error| error.to_string())?;
    LOADED.with(|loaded| *loaded.borrow_mut() = Some(Arc::new(data)));
    Ok(())
}

async fn load() -> Result<Arc<EmojiData>, String> {
    if let Some(data) = LOADED.with(|loaded| loaded.borrow().clone()) {
        return Ok(data);
    }
    let response = gloo_net::http::Request::get("emoji.json")
        .send()
        .await
        .map_err(|error| error.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let data = Arc::new(
        response
            .json::<EmojiData>()
            .await
            .map_err(|error| error.to_string())?,
    );
    LOADED.with(|loaded| *loaded.borrow_mut() = Some(data.clone()));
    Ok(data)
}

/// The emoji picker, inserting at the cursor.
#[component]
pub fn EmojiPicker() -> impl IntoView {
    let locale = use_locale();
    let compose = expect_context::<Compose>();
    let data = RwSignal::new(None::<Result<Arc<EmojiData>, String>>);
    spawn_local(async move {
        data.set(Some(load().await));
    });
    let query = RwSignal::new(String::new());
    // Index of the shown category; `None`: recently used.
    let category = RwSignal::new(None::<usize>);
    let recent_list = RwSignal::new(recent());
    Effect::new(move |_| {
        if recent_list.with(Vec::is_empty) {
            category.set(Some(0));
        }
    });
    let french = move || locale == Locale::fr;
    let name_of = move |emoji: &Emoji| {
        if french() {
            emoji.2.clone()
        } else {
            emoji.1.clone()
        }
    };

    let shown = move || -> Vec<Emoji> {
        let Some(Ok(data)) = data.get() else {
            return Vec::new();
        };
        let words: Vec<String> = query
            .get()
            .to_lowercase()
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        if !words.is_empty() {
            return data
                .groups
                .iter()
                .flat_map(|group| group.emoji.iter())
                .filter(|emoji| matches(emoji, &words))
                .take(MAX_RESULTS)
                .cloned()
                .collect();
        }
        match category.get() {
            None => recent_list.with(|recent| {
                recent
                    .iter()
                    .filter_map(|character| {
                        data.groups
                            .iter()
                            .flat_map(|group| group.emoji.iter())
                            .find(|emoji| &emoji.0 == character)
                            .cloned()
                    })
                    .collect()
            }),
            Some(index) => data
                .groups
                .get(index)
                .map(|group| group.emoji.clone())
                .unwrap_or_default(),
        }
    };
    let pick = move |character: String| {
        remember(&character);
        recent_list.set(recent());
        compose.insert(&character);
    };

    view! {
        <ToolPanel label=td_string!(locale, composer.emoji) class="emoji-picker">
            <SearchBox label=td_string!(locale, composer.search_emoji) value=query class="emoji-search" autofocus=true />
            {move || match data.get() {
                None => view! { <p role="status">{td!(locale, composer.emoji_loading)}</p> }.into_any(),
                Some(Err(error)) => view! {
                    <p role="alert">{td!(locale, composer.emoji_failed)} " " {error}</p>
                }
                .into_any(),
                Some(Ok(loaded)) => {
                    let groups: Vec<(usize, &'static str)> = loaded
                        .groups
                        .iter()
                        .enumerate()
                        .map(|(index, group)| {
                            (index, category_name(locale, &group.key))
                        })
                        .collect();
                    view! {
                        <div class="emoji-categories" role="group" aria-label=move || td_string!(locale, composer.emoji_categories)>
                            <Show when=move || recent_list.with(|recent| !recent.is_empty())>
                                <button
                                    type="button"
                                    aria-pressed=move || category.get().is_none().to_string()
                                    on:click=move |_| {
                                        query.set(String::new());
                                        category.set(None);
                                    }
                                >
                                    {td!(locale, composer.emoji_recent)}
                                </button>
                            </Show>
                            {groups
                                .into_iter()
                                .map(|(index, name)| {
                                    view! {
                                        <button
                                            type="button"
                                            aria-pressed=move || (category.get() == Some(index)).to_string()
                                            on:click=move |_| {
                                                query.set(String::new());
                                                category.set(Some(index));
                                            }
                                        >
                                            {name}
                                        </button>
                                    }
                                })
                                .collect_view()}
                        </div>
                    }
                    .into_any()
                }
            }}
            <div class="emoji-grid">
                {move || {
                    shown()
                        .into_iter()
                        .map(|emoji| {
                            let label = name_of(&emoji);
                            let character = emoji.0.clone();
                            view! {
                                <button
                                    type="button"
                                    class="emoji"
                                    aria-label=label.clone()
                                    title=label
                                    on:click=move |_| pick(character.clone())
                                >
                                    {emoji.0}
                                </button>
                            }
                        })
                        .collect_view()
                }}
            </div>
        </ToolPanel>
    }
}
