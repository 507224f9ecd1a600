//! "My sessions": the browsers and devices logged in as me, and when each
//! was last seen (comes with the pages' part).

use leptos::prelude::*;
use switchboard_protocol::SessionInfo;

use crate::components::kit::loaded::Loaded;
use crate::components::kit::modal::Modal;
use crate::format;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::stores::SessionStore;

/// The list of my sessions, in a dialog.
#[component]
pub fn SessionsDialog(on_close: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let sessions = RwSignal::new(None::<Vec<SessionInfo>>);
    let error = RwSignal::new(None::<String>);
    store.spawn(async move {
        match store.client().sessions().await {
            Ok(list) => sessions.set(Some(list)),
            Err(failure) => {
                store.failed(&failure);
                error.set(Some(failure.explanation()));
            }
        }
    });
    view! {
        <Modal title=td_string!(locale, menu.my_sessions) on_close=on_close>
            {move || error.get().map(|error| view! { <p class="form-error" role="alert">{error}</p> })}
            <Loaded items=sessions empty=td_string!(locale, menu.no_sessions) show=move |list| view! {
                <ul class="page-list" aria-label=td_string!(locale, menu.my_sessions)>
                    {list.into_iter().map(|session| {
                        let device = if session.device.is_empty() {
                            td_string!(locale, menu.unknown_device).to_owned()
                        } else {
                            session.device.clone()
                        };
                        view! {
                            <li class="page-item">
                                <strong>{device}</strong>
                                {session.current.then(|| view! { <span class="badge">{td!(locale, menu.this_session)}</span> })}
                                <p class="page-meta">
                                    {td!(locale, menu.last_seen)}" "{format::date_time(locale, session.last_seen_at)}
                                </p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            } />
            <div class="dialog-actions">
                <button type="button" class="primary" on:click=move |_| on_close.run(())>{td!(locale, settings.done)}</button>
            </div>
        </Modal>
    }
}
