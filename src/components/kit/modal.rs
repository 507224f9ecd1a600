//! A modal dialog on the native `<dialog>`: opened with `showModal()`, so the
//! browser makes the rest of the page inert (the focus stays inside) and
//! draws it above everything; Escape (the dialog's `cancel` event) or a
//! click on the backdrop closes it; the focus moves to its first field when
//! it opens and back to where it was when it closes.

use leptos::html::Dialog;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::unique_id;

/// Focuses the first field or button inside `container`.
pub fn focus_first(container: &web_sys::Element) {
    let first = container
        .query_selector("input:not([type=hidden]), textarea, select, button")
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(first) = first {
        let _ = first.focus();
    }
}

/// A modal dialog with a heading (its accessible name).
#[component]
pub fn Modal(
    /// The dialog's title.
    #[prop(into)]
    title: Signal<String>,
    /// Closes the dialog (Escape, the backdrop, or a button inside calls it).
    on_close: Callback<()>,
    /// Whether Escape and the backdrop close it (a login that must be
    /// answered cannot be dismissed).
    #[prop(optional, default = true)]
    dismissable: bool,
    /// The dialog's content.
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let title_id = unique_id("dialog-title");
    let labelledby = title_id.clone();
    // Where the focus was: it goes back there when the dialog goes.
    let opener = StoredValue::new_local(
        document()
            .active_element()
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok()),
    );
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
            focus_first(&dialog);
        }
    });
    on_cleanup(move || {
        if let Some(opener) = opener.try_get_value().flatten() {
            if opener.is_connected() {
                let _ = opener.focus();
            }
        }
    });
    view! {
        <dialog
            class="dialog dialog-wide"
            node_ref=dialog
            aria-labelledby=labelledby
            on:cancel=move |event: web_sys::Event| {
                // The view, not the browser, closes it: it goes with its owner.
                event.prevent_default();
                if dismissable {
                    on_close.run(());
                }
            }
            on:keydown=move |event: leptos::ev::KeyboardEvent| {
                // Escape closes it from anywhere inside, a search field
                // included (which would otherwise only clear itself).
                if event.key() == "Escape" {
                    event.prevent_default();
                    event.stop_propagation();
                    if dismissable {
                        on_close.run(());
                    }
                }
            }
            on:click=move |event: web_sys::MouseEvent| {
                // Only the backdrop is the dialog itself: its content fills it.
                if dismissable && event.target() == event.current_target() {
                    on_close.run(());
                }
            }
        >
            <div class="dialog-body">
                <h2 id=title_id>{title}</h2>
                {children()}
            </div>
        </dialog>
    }
}
