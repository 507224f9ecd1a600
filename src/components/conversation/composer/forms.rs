//! "Send CRM form": a searchable list of the CRM web forms; picking one
//! sends the customer a message with the link to its public page. What the
//! customer fills in comes back live as a system message.

use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_protocol::{ClientMessageId, Form, SendFormRequest};

use super::toolbar::ToolPanel;
use super::Compose;
use crate::components::kit::form::SearchBox;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::text::name_matches;
use crate::stores::new_client_id;

/// The panel of the "Send CRM form" button.
#[component]
pub fn FormPanel() -> impl IntoView {
    let locale = use_locale();
    let compose = expect_context::<Compose>();
    let forms = RwSignal::new(None::<Result<Vec<Form>, String>>);
    let query = RwSignal::new(String::new());
    let sending = RwSignal::new(false);
    // The forms the conversation's open channel offers (none chosen: all).
    let offered: Vec<switchboard_protocol::FormId> = compose
        .conversations
        .queue
        .with_untracked(|queue| queue.get(compose.id).map(|row| row.conversation.line_id))
        .and_then(|line| {
            compose.session.lines.with_untracked(|lines| {
                lines
                    .iter()
                    .find(|known| known.id == line)
                    .map(|line| line.forms.clone())
            })
        })
        .unwrap_or_default();
    spawn_local(async move {
        let loaded = compose.conversations.forms().await.map(|list| {
            list.into_iter()
                .filter(|form| offered.is_empty() || offered.contains(&form.id))
                .collect()
        });
        forms.set(Some(loaded));
    });
    let send = move |form: Form| {
        if sending.get_untracked() {
            return;
        }
        sending.set(true);
        let request = SendFormRequest {
            form_id: form.id,
            client_id: ClientMessageId(new_client_id()),
        };
        spawn_local(async move {
            let result = compose.conversations.send_form(compose.id, request).await;
            sending.set(false);
            match result {
                Ok(()) => {
                    compose.close_panel();
                    compose.info.set(Some(format!(
                        "{} {}",
                        td_string!(locale, composer.form_sent),
                        form.title
                    )));
                }
                Err(message) => compose.error.set(Some(message)),
            }
        });
    };
    view! {
        <ToolPanel label=td_string!(locale, composer.send_form)>
            <SearchBox label=td_string!(locale, composer.search_forms) value=query />
            {move || match forms.get() {
                None => view! { <p role="status">{td!(locale, composer.forms_loading)}</p> }.into_any(),
                Some(Err(error)) => view! { <p role="alert">{error}</p> }.into_any(),
                Some(Ok(list)) => {
                    let query = query.get();
                    let found: Vec<Form> = list
                        .into_iter()
                        .filter(|form| name_matches(&form.title, &query))
                        .collect();
                    if found.is_empty() {
                        return view! { <p class="empty-state">{td!(locale, composer.forms_empty)}</p> }.into_any();
                    }
                    view! {
                        <ul class="canned-list" aria-label=move || td_string!(locale, composer.send_form)>
                            {found
                                .into_iter()
                                .map(|form| {
                                    let title = form.title.clone();
                                    let detail = form.description.clone().unwrap_or_default();
                                    view! {
                                        <li class="canned-item">
                                            <button
                                                type="button"
                                                class="canned-insert"
                                                disabled=move || sending.get()
                                                on:click=move |_| send(form.clone())
                                            >
                                                <span class="canned-title">{title}</span>
                                                <span class="canned-text">{detail}</span>
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            }}
        </ToolPanel>
    }
}
