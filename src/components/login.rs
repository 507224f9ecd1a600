//! The login screen and its form.

use leptos::prelude::*;

use crate::api::Api;
use crate::components::language::LanguagePicker;
use crate::i18n::*;
use crate::session::Session;
use crate::state::login::{validate, LoginProblem};

/// A full-page login: heading, form and language picker.
#[component]
pub fn LoginScreen(
    /// Called with the new session once the server accepted the credentials.
    on_logged_in: Callback<Session>,
) -> impl IntoView {
    let i18n = use_i18n();
    let notice = use_context::<crate::session::LoginNotice>();
    let reason = move || notice.and_then(|notice| notice.0.get());
    view! {
        <main class="login-screen">
            <section class="login-card" aria-labelledby="login-title">
                <h1 id="login-title">{t!(i18n, login.title)}</h1>
                <p class="login-subtitle">{t!(i18n, login.subtitle)}</p>
                {move || {
                    reason()
                        .map(|_| {
                            view! {
                                <p class="form-error" role="alert">
                                    {t!(i18n, login.deactivated)}
                                </p>
                            }
                        })
                }}
                <LoginForm on_logged_in=on_logged_in />
            </section>
            <footer class="login-footer">
                <LanguagePicker />
            </footer>
        </main>
    }
}

/// The labelled field `login-{kind}` of the login form.
fn credential(
    kind: &'static str,
    autocomplete: &'static str,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    value: RwSignal<String>,
) -> impl IntoView {
    let id = format!("login-{kind}");
    view! {
        <label for=id.clone()>{label}</label>
        <input id=id type=kind name=kind autocomplete=autocomplete required=true bind:value=value />
    }
}

/// Email, password and "Log in". Errors appear in place; what was typed stays.
#[component]
pub fn LoginForm(
    /// Called with the new session once the server accepted the credentials.
    on_logged_in: Callback<Session>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<LoginProblem>);

    let submit = Action::new_local(move |request: &switchboard_protocol::LoginRequest| {
        let api = api.clone();
        let request = request.clone();
        async move { api.login(&request).await }
    });
    Effect::new(move |_| {
        if let Some(result) = submit.value().get() {
            match result {
                Ok(response) => {
                    problem.set(None);
                    on_logged_in.run(Session::from(response));
                }
                Err(error) => problem.set(Some(LoginProblem::from(error))),
            }
        }
    });

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match validate(&email.get_untracked(), &password.get_untracked()) {
            Ok(request) => {
                problem.set(None);
                submit.dispatch(request);
            }
            Err(invalid) => problem.set(Some(invalid)),
        }
    };
    let pending = submit.pending();
    let message = move || {
        problem.get().map(|problem| match problem {
            LoginProblem::MissingEmail => t_string!(i18n, login.missing_email).to_owned(),
            LoginProblem::InvalidEmail => t_string!(i18n, login.invalid_email).to_owned(),
            LoginProblem::MissingPassword => t_string!(i18n, login.missing_password).to_owned(),
            LoginProblem::WrongCredentials => t_string!(i18n, login.wrong_credentials).to_owned(),
            LoginProblem::NotSetUp => t_string!(i18n, login.not_set_up).to_owned(),
            LoginProblem::Deactivated => t_string!(i18n, login.deactivated).to_owned(),
            LoginProblem::RateLimited => t_string!(i18n, login.rate_limited).to_owned(),
            LoginProblem::Unreachable => t_string!(i18n, login.unreachable).to_owned(),
            LoginProblem::Other(message) => format!("{} {message}", t_string!(i18n, login.other)),
        })
    };

    view! {
        <form class="login-form" on:submit=on_submit novalidate=true>
            {credential("email", "username", move || t_string!(i18n, login.email), email)}
            {credential("password", "current-password", move || t_string!(i18n, login.password), password)}
            <p class="form-error" role="alert">
                {message}
            </p>
            <button type="submit" class="primary" disabled=pending aria-busy=move || pending.get().to_string()>
                {move || {
                    if pending.get() {
                        t_string!(i18n, login.submitting)
                    } else {
                        t_string!(i18n, login.submit)
                    }
                }}
            </button>
        </form>
    }
}
