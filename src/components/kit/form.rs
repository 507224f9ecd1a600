//! Form fields and the parts every form repeats.
//!
//! A field is labelled by its `<label>`, bound to its value with
//! `bind:value`, and shows its error (the server's field error, or a check of
//! the form's) under it, linked with `aria-describedby` and marked
//! `aria-invalid`, so a screen reader reads why. A form submits through an
//! `Action`: its footer's submit button is disabled while the action is
//! pending, and what was typed stays when the server refuses it.

use leptos::prelude::*;

use super::unique_id;

mod choice;
mod submit;

pub use choice::{Choice, SearchBox};
pub use submit::{DialogFooter, FormError, FormSubmit};

/// A labelled single-line field.
#[component]
pub fn TextField(
    /// The label (the field's accessible name), in the view's language.
    label: &'static str,
    /// The value, both ways.
    value: RwSignal<String>,
    /// `text`, `email`, `password`, `number`, `datetime-local`…
    #[prop(optional, into, default = "text".into())]
    kind: String,
    /// Why the value was refused, shown under the field.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// Whether the form needs it.
    #[prop(optional)]
    required: bool,
    /// Longest value accepted.
    #[prop(optional)]
    maxlength: Option<u32>,
    /// `min` of a number field.
    #[prop(optional, into)]
    min: Option<String>,
    /// `max` of a number field.
    #[prop(optional, into)]
    max: Option<String>,
) -> impl IntoView {
    labelled(label, error, move |aria| {
        view! {
            <input
                type=kind
                required=required
                maxlength=maxlength.map(|max| max.to_string())
                min=min
                max=max
                aria-invalid=aria.invalid()
                aria-describedby=aria.described_by()
                bind:value=value
            />
        }
    })
}

/// A labelled text area.
#[component]
pub fn TextArea(
    /// The label (the field's accessible name), in the view's language.
    label: &'static str,
    /// The value, both ways.
    value: RwSignal<String>,
    /// Visible lines.
    #[prop(optional, default = 4)]
    rows: u32,
    /// Why the value was refused, shown under the field.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// Whether the form needs it.
    #[prop(optional)]
    required: bool,
) -> impl IntoView {
    labelled(label, error, move |aria| {
        view! {
            <textarea
                rows=rows.to_string()
                required=required
                aria-invalid=aria.invalid()
                aria-describedby=aria.described_by()
                bind:value=value
            ></textarea>
        }
    })
}

/// A labelled list of options (`<option>` children), bound to `value`.
#[component]
pub fn SelectField(
    /// The label (the field's accessible name), in the view's language.
    label: &'static str,
    /// The value of the option chosen, both ways.
    value: RwSignal<String>,
    /// The options.
    children: Children,
) -> impl IntoView {
    labelled(label, Signal::default(), move |_| {
        view! { <select bind:value=value>{children()}</select> }
    })
}

/// How a control says it was refused: the element that says why.
struct Described {
    id: String,
    error: Signal<Option<String>>,
}

impl Described {
    /// `aria-invalid`, while there is an error.
    fn invalid(&self) -> impl Fn() -> Option<&'static str> + Send + Sync + 'static {
        let error = self.error;
        move || error.with(Option::is_some).then_some("true")
    }

    /// `aria-describedby`: the error's element, while there is one.
    fn described_by(&self) -> impl Fn() -> Option<String> + Send + Sync + 'static {
        let (error, id) = (self.error, self.id.clone());
        move || error.with(Option::is_some).then(|| id.clone())
    }
}

/// A field: its label, the control `control` draws (told how to point at
/// its error), and the error under it.
fn labelled<V: IntoView + 'static>(
    label: &'static str,
    error: Signal<Option<String>>,
    control: impl FnOnce(Described) -> V,
) -> impl IntoView {
    let id = unique_id("field-error");
    let described = Described {
        id: id.clone(),
        error,
    };
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            {control(described)}
            <FieldError id=id error=error />
        </label>
    }
}

/// The error of one field, under it.
#[component]
fn FieldError(id: String, error: Signal<Option<String>>) -> impl IntoView {
    move || {
        error
            .get()
            .map(|error| view! { <span class="field-error" id=id.clone()>{error}</span> })
    }
}
