//! "Create task": title, description, assignee, deadline.

use leptos::prelude::*;
use switchboard_protocol::{CreateTaskRequest, Message, UserId};

use super::{colleagues, local_input, parse_local, prefilled, tomorrow_morning, Created};
use crate::components::kit::form::{DialogFooter, FormError, TextArea, TextField};
use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::route::Route;
use crate::stores::{new_client_id, CollabStore, ConversationStore, SessionStore};

/// The form of "Create task", prefilled from `message`.
#[component]
pub fn TaskDialog(message: Message, on_close: Callback<()>, on_created: Created) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let collab = expect_context::<CollabStore>();
    let (initial_title, initial_description, link) =
        prefilled(expect_context::<ConversationStore>(), &message);
    let title = RwSignal::new(initial_title);
    let description = RwSignal::new(initial_description);
    let me = store.my_id();
    let assignee = RwSignal::new(me.0.to_string());
    let deadline = RwSignal::new(local_input(tomorrow_morning()));
    let error = RwSignal::new(None::<String>);
    let client_id = new_client_id();
    let create = Action::new_local(move |request: &CreateTaskRequest| {
        let request = request.clone();
        async move {
            match collab.create_task(request).await {
                Ok(_) => on_created.run(Route::Tasks),
                Err(message) => error.set(Some(message)),
            }
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Ok(assignee) = assignee.get_untracked().parse::<i64>() else {
            return;
        };
        if !create.pending().get_untracked() {
            create.dispatch(CreateTaskRequest {
                client_id: Some(client_id.clone()),
                title: title.get_untracked().trim().to_owned(),
                description: description.get_untracked(),
                assignee: UserId(assignee),
                deadline: parse_local(&deadline.get_untracked()),
                link: Some(link),
            });
        }
    };
    view! {
        <form class="dialog-form" on:submit=submit>
            <TextField label=td_string!(locale, collab.title) value=title required=true maxlength=200 />
            <TextArea label=td_string!(locale, collab.description) value=description rows=5 />
            <label class="field">
                <span class="field-label">{td!(locale, collab.assignee)}</span>
                <select bind:value=assignee>
                    <option value=me.0.to_string()>{td!(locale, collab.me)}</option>
                    {move || {
                        colleagues(store)
                            .into_iter()
                            .map(|(id, name)| view! { <option value=id.0.to_string()>{name}</option> })
                            .collect_view()
                    }}
                </select>
            </label>
            <TextField label=td_string!(locale, collab.deadline) value=deadline kind="datetime-local" />
            <FormError error=error />
            <DialogFooter
                on_cancel=on_close
                submit=td_string!(locale, collab.create_task)
                pending=create.pending()
            />
        </form>
    }
}
