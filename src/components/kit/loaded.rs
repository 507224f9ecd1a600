//! What a screen shows of a list the server sends.

use leptos::prelude::*;

use crate::i18n::*;
use crate::projection::use_locale;

/// "Loading…" until the list came, `empty` when it has nothing, else the
/// list as `show` draws it.
#[component]
pub fn Loaded<T, V>(
    /// The list, `None` until it came.
    #[prop(into)]
    items: Signal<Option<Vec<T>>>,
    /// Said when the list is empty, in the view's language.
    empty: &'static str,
    /// Said while it loads, if not "Loading…".
    #[prop(optional)]
    loading: Option<&'static str>,
    /// Draws the list.
    show: impl Fn(Vec<T>) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let locale = use_locale();
    move || match items.get() {
        None => {
            let text = loading.unwrap_or_else(|| td_string!(locale, loading));
            view! { <p class="log-loading" role="status">{text}</p> }.into_any()
        }
        Some(list) if list.is_empty() => view! { <p class="empty-state">{empty}</p> }.into_any(),
        Some(list) => show(list).into_any(),
    }
}
