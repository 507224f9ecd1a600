//! How a form is sent: one request at a time, its refusal said under it,
//! and the footer whose submit button waits while the request is on its way.

use std::future::Future;

use leptos::prelude::*;

use crate::i18n::*;
use crate::projection::use_locale;

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
