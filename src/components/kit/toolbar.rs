//! A button of a toolbar that opens a panel (the composer's tools).

use leptos::prelude::*;

/// A toolbar button; `expanded` says whether its panel is open (announced as
/// `aria-expanded`), `pressed` makes it a toggle (`aria-pressed`).
#[component]
pub fn ToolbarButton(
    /// Its label (the accessible name), in the view's language.
    label: &'static str,
    /// Runs on click.
    on_click: Callback<()>,
    /// Whether the panel it opens is open.
    #[prop(optional, into)]
    expanded: Option<Signal<bool>>,
    /// Whether the mode it toggles is on.
    #[prop(optional, into)]
    pressed: Option<Signal<bool>>,
    /// What it opens (`menu` for a menu).
    #[prop(optional)]
    haspopup: Option<&'static str>,
    /// Disabled, with the reason as its description.
    #[prop(optional, into)]
    disabled: Signal<bool>,
    /// Why it is disabled.
    #[prop(optional, into)]
    title: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="tool"
            aria-haspopup=haspopup
            aria-expanded=move || expanded.map(|expanded| expanded.get().to_string())
            aria-pressed=move || pressed.map(|pressed| pressed.get().to_string())
            disabled=disabled
            title=title
            on:click=move |_| on_click.run(())
        >
            {label}
        </button>
    }
}
