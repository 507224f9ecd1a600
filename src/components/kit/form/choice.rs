//! Finding and choosing: a search box and the options of a list of choices.

use leptos::prelude::*;

/// A search field: labelled (its placeholder says the same), bound to
/// `value`; `on_input` hears each new text once `value` has it.
#[component]
pub fn SearchBox(
    /// Accessible name and placeholder.
    #[prop(into)]
    label: Signal<&'static str>,
    /// What is typed.
    value: RwSignal<String>,
    /// Told each new text.
    #[prop(optional, into)]
    on_input: Option<Callback<String>>,
    /// Its class, for the places that style it.
    #[prop(optional)]
    class: &'static str,
    /// Whether it takes the focus when shown.
    #[prop(optional)]
    autofocus: bool,
) -> impl IntoView {
    view! {
        <input
            type="search"
            class=(!class.is_empty()).then_some(class)
            aria-label=label
            placeholder=label
            autofocus=autofocus
            prop:value=value
            on:input=move |event| {
                let text = event_target_value(&event);
                value.set(text.clone());
                if let Some(on_input) = on_input {
                    on_input.run(text);
                }
            }
        />
    }
}

/// One option of a list of choices: a radio button (of `group`) or a
/// checkbox, named by `label`, with an optional coloured mark before the
/// name and a detail after it.
#[component]
pub fn Choice(
    /// `radio` or `checkbox`.
    kind: &'static str,
    /// The option's name (its accessible name).
    label: String,
    /// Told whether it is now checked.
    on_change: Callback<bool>,
    /// The radio buttons' group.
    #[prop(optional)]
    group: &'static str,
    /// Whether it is checked, for the choices the form keeps.
    #[prop(optional, into)]
    checked: Option<Signal<bool>>,
    /// The class of a mark shown before the name (a presence dot).
    #[prop(optional)]
    mark: Option<String>,
    /// Said after the name.
    #[prop(optional)]
    detail: Option<&'static str>,
) -> impl IntoView {
    view! {
        <label class="choice">
            <input
                type=kind
                name=(!group.is_empty()).then_some(group)
                prop:checked=move || checked.is_some_and(|checked| checked.get())
                on:change=move |event| on_change.run(event_target_checked(&event))
            />
            {mark.map(|mark| view! { <span class=mark aria-hidden="true"></span> })}
            <span class="choice-name">{label}</span>
            {detail.map(|detail| view! { <span class="choice-detail">{detail}</span> })}
        </label>
    }
}
