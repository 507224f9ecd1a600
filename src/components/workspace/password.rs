//! "Change password" (from the user menu): the current password, the new
//! one typed twice. Every other session of the employee ends; this one goes
//! on with the new token the server gives.

use leptos::prelude::*;
use switchboard_protocol::ChangePasswordRequest;

use crate::api::{ApiError, Client};
use crate::components::kit::form::{FormSubmit, TextField};
use crate::components::kit::modal::Modal;
use crate::components::pages::first_run::told;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::session::{Session, SessionRenewed};
use crate::state::first_run::check_reset;
use crate::stores::SessionStore;

/// The dialog; `on_done` runs once the password is changed.
#[component]
pub fn ChangePasswordDialog(on_close: Callback<()>, on_done: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let renewed = expect_context::<SessionRenewed>();
    let api = StoredValue::new(expect_context::<crate::api::Api>());
    let [current, new, repeated] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let change = FormSubmit::new(
        move |request: ChangePasswordRequest| {
            let (api, client) = (api.get_value(), store.client());
            async move {
                match client.change_password(&request).await {
                    Ok(response) => {
                        let session = Session::from(response);
                        store.resume_with(
                            Client::new(api, session.token.clone()),
                            session.user.clone(),
                        );
                        renewed.0.run(session);
                        Ok(())
                    }
                    Err(ApiError::Unauthorized { .. }) => {
                        Err(td_string!(locale, menu.wrong_password).to_owned())
                    }
                    Err(ApiError::Server { status: 422, .. }) => {
                        Err(td_string!(locale, first_run.short_password).to_owned())
                    }
                    Err(error) => Err(error.explanation()),
                }
            }
        },
        move || on_done.run(()),
    );
    let submit = change.on_submit(move || {
        // The checks of "Choose a new password", said the same way.
        let new = new.get_untracked();
        match check_reset("", &new, &repeated.get_untracked()) {
            Ok(_) => {
                change.error.set(None);
                Some(ChangePasswordRequest {
                    current_password: current.get_untracked(),
                    new_password: new,
                })
            }
            Err(refusal) => {
                change.error.set(Some(told(locale, &refusal.problem, "")));
                None
            }
        }
    });
    view! {
        <Modal title=td_string!(locale, menu.change_password).to_owned() on_close=on_close>
            <form class="dialog-form" on:submit=submit novalidate=true>
                <TextField label=td_string!(locale, menu.current_password) value=current kind="password" required=true />
                <TextField label=td_string!(locale, first_run.new_password) value=new kind="password" required=true />
                <TextField label=td_string!(locale, first_run.repeat_password) value=repeated kind="password" required=true />
                {change.footer(on_close, td_string!(locale, menu.change_password))}
            </form>
        </Modal>
    }
}
