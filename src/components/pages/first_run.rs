//! The screens of the one-time links a server gives before anyone is logged
//! in: "Set up Switchboard" (the first run: the company, the first
//! administrator and the first open channel) and "Choose a new password"
//! (a reset link). Both log the person in when the server accepts.
//!
//! They are part of the pages' module, loaded only when such a link is
//! opened: the login screen every operator loads stays as small as it was.

use leptos::prelude::*;
use switchboard_protocol::LoginResponse;

use crate::api::{Api, ApiError};
use crate::components::kit::form::TextField;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::session::Session;
use crate::state::first_run::{check_reset, check_setup, Problem, Refusal, SetupForm};

/// The text of a refusal, in the view's language; `link_invalid` says what
/// to do about a link that cannot be used.
pub(crate) fn told(locale: Locale, problem: &Problem, link_invalid: &'static str) -> String {
    match problem {
        Problem::Missing => td_string!(locale, first_run.missing).to_owned(),
        Problem::InvalidEmail => td_string!(locale, first_run.invalid_email).to_owned(),
        Problem::ShortPassword => td_string!(locale, first_run.short_password).to_owned(),
        Problem::PasswordsDiffer => td_string!(locale, first_run.passwords_differ).to_owned(),
        Problem::LinkInvalid => link_invalid.to_owned(),
        Problem::AlreadySetUp => td_string!(locale, first_run.already).to_owned(),
        Problem::Unreachable => td_string!(locale, login.unreachable).to_owned(),
        Problem::Other(message) => format!("{} {message}", td_string!(locale, first_run.other)),
    }
}

/// A form's refusal, told next to its field or under the form.
#[derive(Clone, Copy)]
struct Refused {
    refusal: RwSignal<Option<Refusal>>,
    locale: Locale,
    link_invalid: &'static str,
}

impl Refused {
    fn new(locale: Locale, link_invalid: &'static str) -> Self {
        Self {
            refusal: RwSignal::new(None),
            locale,
            link_invalid,
        }
    }

    fn text_where(self, field: Option<&'static str>) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.refusal.with(|refusal| {
                refusal
                    .as_ref()
                    .filter(|refusal| refusal.field == field)
                    .map(|refusal| told(self.locale, &refusal.problem, self.link_invalid))
            })
        })
    }

    /// The error of `field`, for its `TextField`.
    fn of(self, field: &'static str) -> Signal<Option<String>> {
        self.text_where(Some(field))
    }

    /// The error of the form as a whole, announced at once.
    fn whole(self) -> impl IntoView {
        let text = self.text_where(None);
        move || {
            text.get()
                .map(|text| view! { <p class="form-error" role="alert">{text}</p> })
        }
    }
}

/// Sends `request` with `send`; on success the link leaves the address bar
/// (and the history) and the person is logged in, else the refusal is told.
fn sender<R, F>(
    refused: Refused,
    on_logged_in: Callback<Session>,
    send: impl Fn(Api, R) -> F + Copy + 'static,
) -> Action<R, ()>
where
    R: Clone + 'static,
    F: std::future::Future<Output = Result<LoginResponse, ApiError>> + 'static,
{
    let api = expect_context::<Api>();
    Action::new_local(move |request: &R| {
        let (api, request) = (api.clone(), request.clone());
        async move {
            match send(api, request).await {
                Ok(response) => {
                    refused.refusal.set(None);
                    if let Ok(history) = window().history() {
                        let _ = history.replace_state_with_url(
                            &wasm_bindgen::JsValue::NULL,
                            "",
                            Some("#/"),
                        );
                    }
                    on_logged_in.run(Session::from(response));
                }
                Err(error) => refused.refusal.set(Some(Refusal::from(error))),
            }
        }
    })
}

/// The submit button: `label`, or `busy` while the request is on its way.
fn submit_button(pending: Memo<bool>, label: &'static str, busy: &'static str) -> impl IntoView {
    view! {
        <button type="submit" class="primary" disabled=pending aria-busy=move || pending.get().to_string()>
            {move || if pending.get() { busy } else { label }}
        </button>
    }
}

/// "Set up Switchboard": the first run of a server, opened from the setup
/// link it printed.
#[component]
pub fn SetupScreen(
    /// The setup link's token.
    token: String,
    /// Called with the administrator's session once the server is set up.
    on_logged_in: Callback<Session>,
) -> impl IntoView {
    let locale = use_locale();
    let api = expect_context::<Api>();
    let status = LocalResource::new(move || {
        let api = api.clone();
        async move { api.setup_status().await }
    });
    let refused = Refused::new(locale, td_string!(locale, first_run.setup_link_invalid));
    let [company_name, name, email, password, line_name] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    let send = sender(refused, on_logged_in, |api, request| async move {
        api.set_up(&request).await
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let form = SetupForm {
            company_name: company_name.get_untracked(),
            name: name.get_untracked(),
            email: email.get_untracked(),
            password: password.get_untracked(),
            line_name: line_name.get_untracked(),
        };
        match check_setup(&token, &form) {
            Ok(request) => {
                refused.refusal.set(None);
                send.dispatch_local(request);
            }
            Err(refusal) => refused.refusal.set(Some(refusal)),
        }
    };
    // Known to be set up already: say so instead of a form that cannot work.
    let done = move || matches!(status.get(), Some(Ok(ref status)) if !status.needed);
    view! {
        <main class="login-screen">
            <section class="login-card setup-card" aria-labelledby="setup-title">
                <h1 id="setup-title">{td!(locale, first_run.setup_title)}</h1>
                <Show
                    when=done
                    fallback=move || {
                        view! {
                            <p class="login-subtitle">{td!(locale, first_run.setup_intro)}</p>
                            <form class="dialog-form" on:submit=on_submit.clone() novalidate=true>
                                <TextField label=td_string!(locale, first_run.company_name) value=company_name error=refused.of("company_name") required=true maxlength=200 />
                                <fieldset class="form-group">
                                    <legend>{td!(locale, first_run.administrator)}</legend>
                                    <TextField label=td_string!(locale, first_run.name) value=name error=refused.of("name") required=true maxlength=100 />
                                    <TextField label=td_string!(locale, first_run.email) value=email kind="email" error=refused.of("email") required=true />
                                    <TextField label=td_string!(locale, first_run.password) value=password kind="password" error=refused.of("password") required=true />
                                </fieldset>
                                <TextField label=td_string!(locale, first_run.line_name) value=line_name error=refused.of("line_name") required=true maxlength=100 />
                                {refused.whole()}
                                {submit_button(send.pending(), td_string!(locale, first_run.submit), td_string!(locale, first_run.submitting))}
                            </form>
                        }
                    }
                >
                    <p role="status">{td!(locale, first_run.already)}</p>
                    <a class="page-link" href="#/">{td!(locale, first_run.go_login)}</a>
                </Show>
            </section>
        </main>
    }
}

/// "Choose a new password": opened from a one-time reset link; with
/// `invitation`, "Choose your password" from an invitation link.
#[component]
pub fn ResetScreen(
    /// The link's token.
    token: String,
    /// Called with the new session once the password is saved.
    on_logged_in: Callback<Session>,
    /// An invitation link rather than a reset link.
    #[prop(optional)]
    invitation: bool,
) -> impl IntoView {
    let locale = use_locale();
    let link_invalid = if invitation {
        td_string!(locale, first_run.invite_link_invalid)
    } else {
        td_string!(locale, first_run.reset_link_invalid)
    };
    let refused = Refused::new(locale, link_invalid);
    let password = RwSignal::new(String::new());
    let repeated = RwSignal::new(String::new());
    let send = sender(
        refused,
        on_logged_in,
        move |api, request: switchboard_protocol::ResetPasswordRequest| async move {
            if invitation {
                let request = switchboard_protocol::AcceptInvitationRequest {
                    token: request.token,
                    password: request.new_password,
                };
                // One form for both links: the invitation's `password` is this
                // form's new password.
                api.accept_invitation(&request)
                    .await
                    .map_err(|error| match error {
                        ApiError::Server {
                            status,
                            code,
                            message,
                            by,
                            field,
                        } => ApiError::Server {
                            field: field.map(|field| {
                                if field == "password" {
                                    "new_password".to_owned()
                                } else {
                                    field
                                }
                            }),
                            status,
                            code,
                            message,
                            by,
                        },
                        other => other,
                    })
            } else {
                api.reset_password(&request).await
            }
        },
    );
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match check_reset(&token, &password.get_untracked(), &repeated.get_untracked()) {
            Ok(request) => {
                refused.refusal.set(None);
                send.dispatch_local(request);
            }
            Err(refusal) => refused.refusal.set(Some(refusal)),
        }
    };
    view! {
        <main class="login-screen">
            <section class="login-card" aria-labelledby="reset-title">
                <h1 id="reset-title">
                    {if invitation {
                        td_string!(locale, first_run.invite_title)
                    } else {
                        td_string!(locale, first_run.reset_title)
                    }}
                </h1>
                <p class="login-subtitle">
                    {if invitation {
                        td_string!(locale, first_run.invite_intro)
                    } else {
                        td_string!(locale, first_run.reset_intro)
                    }}
                </p>
                <form class="dialog-form" on:submit=on_submit novalidate=true>
                    <TextField label=td_string!(locale, first_run.new_password) value=password kind="password" error=refused.of("new_password") required=true />
                    <TextField label=td_string!(locale, first_run.repeat_password) value=repeated kind="password" error=refused.of("repeated") required=true />
                    {refused.whole()}
                    {submit_button(
                        send.pending(),
                        if invitation {
                            td_string!(locale, first_run.invite_submit)
                        } else {
                            td_string!(locale, first_run.reset_submit)
                        },
                        td_string!(locale, first_run.saving),
                    )}
                </form>
                <a class="page-link" href="#/">{td!(locale, first_run.go_login)}</a>
            </section>
        </main>
    }
}
