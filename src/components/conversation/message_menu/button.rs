//! The "Message actions" button a bubble draws; the menu itself is mounted
//! the first time it opens.

use leptos::html::Button;
use leptos::prelude::*;

use crate::i18n::*;
use crate::projection::use_locale;

/// The "Message actions" button of a message's bubble. `on_open` mounts
/// the menu if it is not yet and opens it; a second click closes it.
#[component]
pub fn MessageMenuButton(
    /// Whether the menu is open.
    open: RwSignal<bool>,
    /// The button, for the menu to give the focus back to.
    button: NodeRef<Button>,
    /// Opens the menu (building it the first time).
    on_open: Callback<()>,
) -> impl IntoView {
    // Read once, like the rest of the bubble: the log draws its lines again
    // when the language changes.
    let label = td_string!(use_locale(), message_menu.title);
    view! {
        <button
            type="button"
            class="message-menu-button"
            node_ref=button
            aria-haspopup="menu"
            aria-expanded=move || open.get().to_string()
            aria-label=label
            on:click=move |_| {
                if open.get_untracked() {
                    open.set(false);
                } else {
                    on_open.run(());
                }
            }
        >
            "⋯"
        </button>
    }
}
