//! A modal dialog: a titled `role="dialog"` over a backdrop; Escape or the
//! backdrop closes it, and focus moves into it when it opens.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A modal dialog with a heading.
#[component]
pub fn Modal(
    /// The dialog's title (its accessible name).
    #[prop(into)]
    title: Signal<String>,
    /// Closes the dialog.
    on_close: Callback<()>,
    /// The dialog's content.
    children: Children,
) -> impl IntoView {
    let panel = NodeRef::<Div>::new();
    Effect::new(move |_| {
        if let Some(panel) = panel.get() {
            let first = panel
                .query_selector("input, textarea, select, button")
                .ok()
                .flatten()
                .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(first) = first {
                let _ = first.focus();
            }
        }
    });
    view! {
        <div
            class="dialog-backdrop"
            on:click=move |event| {
                if event.target() == event.current_target() {
                    on_close.run(());
                }
            }
        >
            <div
                class="dialog dialog-wide"
                role="dialog"
                aria-modal="true"
                aria-labelledby="modal-title"
                node_ref=panel
                on:keydown=move |event: leptos::ev::KeyboardEvent| {
                    if event.key() == "Escape" {
                        event.stop_propagation();
                        on_close.run(());
                    }
                }
            >
                <h2 id="modal-title">{title}</h2>
                {children()}
            </div>
        </div>
    }
}

/// The search field of a picker in a dialog: labelled, bound to `value`.
#[component]
pub fn SearchBox(
    /// Accessible name and placeholder.
    #[prop(into)]
    label: Signal<&'static str>,
    /// What is typed.
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <input
            type="search"
            aria-label=label
            placeholder=label
            prop:value=value
            on:input=move |event| value.set(event_target_value(&event))
        />
    }
}
