//! What every settings form shares: one request at a time, the server's
//! refusal shown next to the field it names (or under the form), what was
//! typed kept, and a one-time link shown in a read-only box to copy.

use std::future::Future;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::stores::SessionStore;

/// Why the server refused a form: its explanation, and the field it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The field (`error.field`), if the server named one.
    pub field: Option<String>,
    /// What to tell the person.
    pub message: String,
}

impl Refusal {
    /// The refusal of a failed call (an expired session brings the login
    /// dialog, through the store).
    pub fn of(store: SessionStore, error: ApiError) -> Self {
        store.failed(&error);
        let field = match &error {
            ApiError::Server { field, .. } => field.clone(),
            _ => None,
        };
        Self {
            field,
            message: error.explanation(),
        }
    }

    /// A refusal of the form's own checks, next to `field`.
    pub fn at(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: Some(field.to_owned()),
            message: message.into(),
        }
    }
}

/// Sends a settings form: one request at a time, `done` with the answer,
/// the refusal kept for [`Self::field`] and [`Self::whole`].
pub struct Sender<R: 'static> {
    action: Action<R, ()>,
    /// The last refusal.
    pub refusal: RwSignal<Option<Refusal>>,
    /// The fields the form shows errors beside; others go under the form.
    fields: &'static [&'static str],
}

impl<R: 'static> Clone for Sender<R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<R: 'static> Copy for Sender<R> {}

impl<R: Clone + 'static> Sender<R> {
    /// Sends with `send`; `done` gets what the server answered.
    pub fn new<T, F>(
        fields: &'static [&'static str],
        send: impl Fn(R) -> F + Copy + 'static,
        done: impl Fn(T) + Copy + 'static,
    ) -> Self
    where
        T: 'static,
        F: Future<Output = Result<T, ApiError>> + 'static,
    {
        let store = expect_context::<SessionStore>();
        let refusal = RwSignal::new(None);
        let action = Action::new_local(move |request: &R| {
            let request = request.clone();
            async move {
                match send(request).await {
                    Ok(answer) => {
                        refusal.set(None);
                        done(answer);
                    }
                    Err(error) => refusal.set(Some(Refusal::of(store, error))),
                }
            }
        });
        Self {
            action,
            refusal,
            fields,
        }
    }

    /// Sends `request` unless one is on its way.
    pub fn send(&self, request: R) {
        if !self.action.pending().get_untracked() {
            self.action.dispatch_local(request);
        }
    }

    /// Whether a request is on its way.
    pub fn pending(&self) -> Signal<bool> {
        let pending = self.action.pending();
        Signal::derive(move || pending.get())
    }

    /// The error beside `field`.
    pub fn field(&self, field: &'static str) -> Signal<Option<String>> {
        let refusal = self.refusal;
        Signal::derive(move || {
            refusal.with(|refusal| {
                refusal
                    .as_ref()
                    .filter(|refusal| refusal.field.as_deref() == Some(field))
                    .map(|refusal| refusal.message.clone())
            })
        })
    }

    /// The error of the form as a whole (or of a field it does not show).
    pub fn whole(&self) -> Signal<Option<String>> {
        let (refusal, fields) = (self.refusal, self.fields);
        Signal::derive(move || {
            refusal.with(|refusal| {
                refusal
                    .as_ref()
                    .filter(|refusal| {
                        refusal
                            .field
                            .as_deref()
                            .is_none_or(|field| !fields.contains(&field))
                    })
                    .map(|refusal| refusal.message.clone())
            })
        })
    }
}

/// A one-time link or secret URL in a read-only textbox named `label`,
/// selected when focused, with "Copy" and what to do with it.
#[component]
pub fn SecretBox(
    /// The textbox's name ("Invitation link", "Reset link", "Inbound URL").
    label: &'static str,
    /// The link.
    value: String,
    /// Said under it (who to give it to, when it expires).
    hint: String,
) -> impl IntoView {
    let locale = use_locale();
    let copied = RwSignal::new(false);
    let copy_value = value.clone();
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let _ = clipboard.write_text(&copy_value);
        copied.set(true);
    };
    view! {
        <div class="secret-box">
            <label class="field">
                <span class="field-label">{label}</span>
                <input
                    type="text"
                    readonly=true
                    prop:value=value
                    on:focus=move |event| {
                        use wasm_bindgen::JsCast;
                        if let Some(input) = event
                            .target()
                            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
                        {
                            input.select();
                        }
                    }
                />
            </label>
            <button type="button" on:click=copy>{td!(locale, settings.copy)}</button>
            <span role="status" class="secret-copied">
                {move || copied.get().then(|| td_string!(locale, settings.copied))}
            </span>
            <p class="page-meta">{hint}</p>
        </div>
    }
}

/// A confirmation before something that cannot simply be undone.
#[component]
pub fn Confirm(
    /// The dialog's title.
    title: String,
    /// What will happen.
    text: String,
    /// The confirming button's label.
    confirm: &'static str,
    /// Whether a request is on its way.
    #[prop(into)]
    pending: Signal<bool>,
    /// Why it failed, if it did.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Confirmed.
    on_confirm: Callback<()>,
    /// Cancelled.
    on_cancel: Callback<()>,
) -> impl IntoView {
    use crate::components::kit::form::{DialogFooter, FormError};
    use crate::components::kit::modal::Modal;
    view! {
        <Modal title=title on_close=on_cancel>
            <p>{text}</p>
            <FormError error=error />
            <DialogFooter on_cancel=on_cancel submit=confirm pending=pending danger=true on_confirm=on_confirm />
        </Modal>
    }
}
