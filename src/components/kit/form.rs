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
use crate::i18n::*;
use crate::projection::use_locale;

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
    let error_id = unique_id("field-error");
    let described = error_id.clone();
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            <input
                type=kind
                required=required
                maxlength=maxlength.map(|max| max.to_string())
                min=min
                max=max
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=move || error.with(Option::is_some).then(|| described.clone())
                bind:value=value
            />
            <FieldError id=error_id error=error />
        </label>
    }
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
    let error_id = unique_id("field-error");
    let described = error_id.clone();
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            <textarea
                rows=rows.to_string()
                required=required
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=move || error.with(Option::is_some).then(|| described.clone())
                bind:value=value
            ></textarea>
            <FieldError id=error_id error=error />
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

/// Why the form as a whole was refused (announced at once).
#[component]
pub fn FormError(
    /// The reason, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    move || {
        error
            .get()
            .map(|error| view! { <p class="form-error" role="alert">{error}</p> })
    }
}

/// The buttons at the bottom of a dialog's form: "Cancel" and the submit
/// button, disabled while the form is being sent or cannot be sent yet.
#[component]
pub fn DialogFooter(
    /// What "Cancel" does (close the dialog, usually).
    on_cancel: Callback<()>,
    /// The submit button's label ("Transfer", "Create task"…).
    submit: &'static str,
    /// Whether the form is being sent (its `Action` is pending).
    #[prop(optional, into)]
    pending: Signal<bool>,
    /// Whether the form cannot be sent yet (nothing chosen).
    #[prop(optional, into)]
    disabled: Signal<bool>,
    /// Whether the action destroys something (the button says so).
    #[prop(optional)]
    danger: bool,
    /// A plain button instead of a submit button, for dialogs without a form.
    #[prop(optional)]
    on_confirm: Option<Callback<()>>,
) -> impl IntoView {
    let locale = use_locale();
    let class = if danger { "danger" } else { "primary" };
    let kind = if on_confirm.is_some() {
        "button"
    } else {
        "submit"
    };
    view! {
        <div class="dialog-actions">
            <button type="button" on:click=move |_| on_cancel.run(())>
                {td!(locale, common.cancel)}
            </button>
            <button
                type=kind
                class=class
                aria-busy=move || pending.get().then_some("true")
                disabled=move || pending.get() || disabled.get()
                on:click=move |_| {
                    if let Some(confirm) = on_confirm {
                        confirm.run(());
                    }
                }
            >
                {submit}
            </button>
        </div>
    }
}
