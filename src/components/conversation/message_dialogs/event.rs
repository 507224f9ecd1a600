//! "Create calendar event": title, date and time, duration, attendees.

use leptos::prelude::*;
use switchboard_protocol::{CreateCalendarEventRequest, Message, UserId};

use super::{colleagues, local_input, parse_local, prefilled, tomorrow_morning, Created};
use crate::components::kit::form::{FormSubmit, TextArea, TextField};
use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::route::Route;
use crate::stores::{new_client_id, CollabStore, ConversationStore, SessionStore};

/// The conversation's employees other than me: invited to start with.
fn involved(conversations: ConversationStore, message: &Message) -> Vec<UserId> {
    let me = conversations.session().my_id();
    conversations.queue.with_untracked(|queue| {
        queue
            .get(message.conversation_id)
            .map(|row| {
                row.conversation
                    .assignee
                    .into_iter()
                    .chain(row.conversation.participants.iter().copied())
                    .filter(|id| *id != me)
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The form of "Create calendar event", prefilled from `message`.
#[component]
pub fn EventDialog(message: Message, on_close: Callback<()>, on_created: Created) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let collab = expect_context::<CollabStore>();
    let conversations = expect_context::<ConversationStore>();
    let (initial_title, initial_description, link) = prefilled(conversations, &message);
    let title = RwSignal::new(initial_title);
    let description = RwSignal::new(initial_description);
    let starts = RwSignal::new(local_input(tomorrow_morning()));
    let duration = RwSignal::new("30".to_owned());
    let attendees = RwSignal::new(involved(conversations, &message));
    let client_id = new_client_id();
    let create = FormSubmit::new(
        move |request| async move { collab.create_calendar_event(request).await },
        move || on_created.run(Route::Calendar),
    );
    let submit = create.on_submit(move || {
        let Some(starts_at) = parse_local(&starts.get_untracked()) else {
            create
                .error
                .set(Some(td_string!(locale, collab.pick_a_time).to_owned()));
            return None;
        };
        Some(CreateCalendarEventRequest {
            client_id: Some(client_id.clone()),
            title: title.get_untracked().trim().to_owned(),
            starts_at,
            duration_minutes: duration.get_untracked().trim().parse().unwrap_or(0),
            attendees: attendees.get_untracked(),
            description: description.get_untracked(),
            link: Some(link),
        })
    });
    view! {
        <form class="dialog-form" on:submit=submit>
            <TextField label=td_string!(locale, collab.title) value=title required=true maxlength=200 />
            <div class="form-row">
                <TextField label=td_string!(locale, collab.starts) value=starts kind="datetime-local" required=true />
                <TextField
                    label=td_string!(locale, collab.duration)
                    value=duration
                    kind="number"
                    min="1"
                    max="10080"
                    required=true
                />
            </div>
            <fieldset class="attendees">
                <legend>{td!(locale, collab.attendees)}</legend>
                {move || {
                    colleagues(store)
                        .into_iter()
                        .map(|(id, name)| {
                            view! {
                                <label class="check">
                                    <input
                                        type="checkbox"
                                        prop:checked=move || attendees.with(|list| list.contains(&id))
                                        on:change=move |e| {
                                            let on = event_target_checked(&e);
                                            attendees.update(|list| {
                                                list.retain(|known| *known != id);
                                                if on {
                                                    list.push(id);
                                                }
                                            });
                                        }
                                    />
                                    {name}
                                </label>
                            }
                        })
                        .collect_view()
                }}
            </fieldset>
            <TextArea label=td_string!(locale, collab.description) value=description />
            {create.footer(on_close, td_string!(locale, collab.create_event))}
        </form>
    }
}
