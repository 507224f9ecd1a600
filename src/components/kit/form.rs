//! Form fields and the parts every form repeats.
//!
//! A field is labelled by its `<label>`, bound to its value with
//! `bind:value`, and shows its error (the server's field error, or a check of
//! the form's) under it, linked with `aria-describedby` and marked
//! `aria-invalid`, so a screen reader reads why. A form submits through an
//! `Action`: its footer's submit button is disabled while the action is
//! pending, and what was typed stays when the server refuses it.

use std::future::Future;

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

/// How a form sends what was typed: one request at a time through an
/// `Action`; on success `done` runs, a refusal is shown in `error` (under
/// the form, with [`FormError`]) and what was typed stays.
pub struct FormSubmit<R: 'static> {
    action: Action<R, ()>,
    /// Why the last request was refused, or why the form could not send.
    pub error: RwSignal<Option<String>>,
}

impl<R: 'static> Clone for FormSubmit<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R: 'static> Copy for FormSubmit<R> {}

impl<R: Clone + 'static> FormSubmit<R> {
    /// Sends each request with `send`, then runs `done` if it succeeded.
    pub fn new<T, F>(
        send: impl Fn(R) -> F + Copy + 'static,
        done: impl Fn() + Copy + 'static,
    ) -> Self
    where
        T: 'static,
        F: Future<Output = Result<T, String>> + 'static,
    {
        let error = RwSignal::new(None);
        let action = Action::new_local(move |request: &R| {
            let request = request.clone();
            async move {
                match send(request).await {
                    Ok(_) => {
                        error.set(None);
                        done();
                    }
                    Err(message) => error.set(Some(message)),
                }
            }
        });
        Self { action, error }
    }

    /// Whether a request is on its way (the submit button waits).
    pub fn pending(&self) -> Memo<bool> {
        self.action.pending()
    }

    /// Sends the request `build` makes, unless one is on its way; `build`
    /// answers `None` when the form is not ready (after saying why).
    pub fn submit(&self, build: impl FnOnce() -> Option<R>) {
        if !self.action.pending().get_untracked() {
            if let Some(request) = build() {
                self.action.dispatch_local(request);
            }
        }
    }

    /// The end of the form: its error, "Cancel" (`on_cancel`) and the
    /// submit button (`label`), waiting while a request is on its way.
    pub fn footer(&self, on_cancel: Callback<()>, label: &'static str) -> impl IntoView {
        view! {
            <FormError error=self.error />
            <DialogFooter on_cancel=on_cancel submit=label pending=self.pending() />
        }
    }

    /// The form's `submit` handler: [`Self::submit`] with `build`.
    pub fn on_submit(
        self,
        build: impl Fn() -> Option<R> + 'static,
    ) -> impl Fn(leptos::ev::SubmitEvent) + 'static {
        move |event| {
            event.prevent_default();
            self.submit(&build);
        }
    }
}
