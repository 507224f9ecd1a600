//! "Create task": title, description, assignee, deadline.

use leptos::prelude::*;
use switchboard_protocol::{CreateTaskRequest, Message, UserId};

use super::{colleagues, local_input, parse_local, prefilled, tomorrow_morning, Created};
use crate::components::kit::form::{FormSubmit, SelectField, TextArea, TextField};
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
    let client_id = new_client_id();
    let create = FormSubmit::new(
        move |request| async move { collab.create_task(request).await },
        move || on_created.run(Route::Tasks),
    );
    let submit = create.on_submit(move || {
        Some(CreateTaskRequest {
            client_id: Some(client_id.clone()),
            title: title.get_untracked().trim().to_owned(),
            description: description.get_untracked(),
            assignee: UserId(assignee.get_untracked().parse().ok()?),
            deadline: parse_local(&deadline.get_untracked()),
            link: Some(link),
        })
    });
    view! {
        <form class="dialog-form" on:submit=submit>
            <TextField label=td_string!(locale, collab.title) value=title required=true maxlength=200 />
            <TextArea label=td_string!(locale, collab.description) value=description rows=5 />
            <SelectField label=td_string!(locale, collab.assignee) value=assignee>
                <option value=me.0.to_string()>{td!(locale, collab.me)}</option>
                {move || {
                    colleagues(store)
                        .into_iter()
                        .map(|(id, name)| view! { <option value=id.0.to_string()>{name}</option> })
                        .collect_view()
                }}
            </SelectField>
            <TextField label=td_string!(locale, collab.deadline) value=deadline kind="datetime-local" />
            {create.footer(on_close, td_string!(locale, collab.create_task))}
        </form>
    }
}
