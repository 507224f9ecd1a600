//! What a message's menu opens to plan and discuss around it: "Create
//! task", "Create calendar event" and "Discuss in Feed". Each dialog starts
//! prefilled from the message (see [`prefill`]) and keeps what the operator
//! typed when the server refuses it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_protocol::{
    ConversationId, ConversationLink, CreateCalendarEventRequest, CreateFeedPostRequest,
    CreateTaskRequest, Message, UserId,
};

use crate::i18n::*;
use crate::state::message_actions::prefill;
use crate::state::route::Route;
use crate::state::text::preview;
use crate::workspace::{new_client_id, Workspace};

/// What a dialog reports once it created something: where to see it.
pub type Created = Callback<Route>;

/// A link to the conversation, for descriptions read outside the app.
fn conversation_url(id: ConversationId) -> String {
    let location = window().location();
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    format!("{origin}{path}{}", Route::Conversation(id).href())
}

/// `2026-11-25T10:00` (what `<input type="datetime-local">` holds) for a time.
fn local_input(at: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at as f64));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

/// The time a `datetime-local` value means in the browser's zone.
fn parse_local(value: &str) -> Option<i64> {
    if value.trim().is_empty() {
        return None;
    }
    let at = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value)).get_time();
    (!at.is_nan()).then_some(at as i64)
}

/// Tomorrow at 10:00, local time: the default deadline and meeting time.
fn tomorrow_morning() -> i64 {
    let date = js_sys::Date::new_0();
    date.set_date(date.get_date() + 1);
    date.set_hours(10);
    date.set_minutes(0);
    date.set_seconds(0);
    date.set_milliseconds(0);
    date.get_time() as i64
}

/// The title and description to start with, and the link back.
fn prefilled(workspace: Workspace, message: &Message) -> (String, String, ConversationLink) {
    let customer = workspace
        .queue
        .with_untracked(|queue| {
            queue
                .get(message.conversation_id)
                .map(|row| row.conversation.customer.name.clone())
        })
        .unwrap_or_default();
    let excerpt = preview(&message.text, &message.mentions);
    let (title, description) = prefill(
        &customer,
        &message.author.name,
        &excerpt,
        &conversation_url(message.conversation_id),
    );
    let link = ConversationLink {
        conversation_id: message.conversation_id,
        message_id: Some(message.id),
    };
    (title, description, link)
}

/// Employees other than me, by name.
fn colleagues(workspace: Workspace) -> Vec<(UserId, String)> {
    let me = workspace.me.with(|me| me.id);
    let mut list: Vec<(UserId, String)> = workspace.users.with(|users| {
        users
            .values()
            .filter(|user| user.id != me)
            .map(|user| (user.id, user.name.clone()))
            .collect()
    });
    list.sort_by(|a, b| a.1.cmp(&b.1));
    list
}

/// "Create task": title, description, assignee, deadline.
#[component]
pub fn TaskDialog(message: Message, on_close: Callback<()>, on_created: Created) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = expect_context::<Workspace>();
    let (initial_title, initial_description, link) = prefilled(workspace, &message);
    let title = RwSignal::new(initial_title);
    let description = RwSignal::new(initial_description);
    let me = workspace.me.with_untracked(|me| me.id);
    let assignee = RwSignal::new(me.0.to_string());
    let deadline = RwSignal::new(local_input(tomorrow_morning()));
    let error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let client_id = new_client_id();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let Ok(assignee) = assignee.get_untracked().parse::<i64>() else {
            return;
        };
        let request = CreateTaskRequest {
            client_id: Some(client_id.clone()),
            title: title.get_untracked().trim().to_owned(),
            description: description.get_untracked(),
            assignee: UserId(assignee),
            deadline: parse_local(&deadline.get_untracked()),
            link: Some(link),
        };
        saving.set(true);
        spawn_local(async move {
            let result = workspace.create_task(request).await;
            saving.set(false);
            match result {
                Ok(_) => on_created.run(Route::Tasks),
                Err(message) => error.set(Some(message)),
            }
        });
    };
    view! {
        <form class="dialog-form" on:submit=submit>
            <label>
                {t!(i18n, collab.title)}
                <input type="text" required maxlength="200" prop:value=title on:input=move |e| title.set(event_target_value(&e)) />
            </label>
            <label>
                {t!(i18n, collab.description)}
                <textarea rows="5" prop:value=description on:input=move |e| description.set(event_target_value(&e))></textarea>
            </label>
            <label>
                {t!(i18n, collab.assignee)}
                <select prop:value=assignee on:change=move |e| assignee.set(event_target_value(&e))>
                    <option value=me.0.to_string()>{t!(i18n, collab.me)}</option>
                    {move || {
                        colleagues(workspace)
                            .into_iter()
                            .map(|(id, name)| view! { <option value=id.0.to_string()>{name}</option> })
                            .collect_view()
                    }}
                </select>
            </label>
            <label>
                {t!(i18n, collab.deadline)}
                <input type="datetime-local" prop:value=deadline on:input=move |e| deadline.set(event_target_value(&e)) />
            </label>
            {move || error.get().map(|error| view! { <p class="form-error" role="alert">{error}</p> })}
            <div class="dialog-actions">
                <button type="button" on:click=move |_| on_close.run(())>{t!(i18n, collab.cancel)}</button>
                <button type="submit" class="primary" disabled=move || saving.get()>{t!(i18n, collab.create_task)}</button>
            </div>
        </form>
    }
}

/// "Create calendar event": title, date and time, duration, attendees.
#[component]
pub fn EventDialog(message: Message, on_close: Callback<()>, on_created: Created) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = expect_context::<Workspace>();
    let (initial_title, initial_description, link) = prefilled(workspace, &message);
    let title = RwSignal::new(initial_title);
    let description = RwSignal::new(initial_description);
    let starts = RwSignal::new(local_input(tomorrow_morning()));
    let duration = RwSignal::new("30".to_owned());
    // The conversation's other employees are invited to start with.
    let me = workspace.me.with_untracked(|me| me.id);
    let invited: Vec<UserId> = workspace.queue.with_untracked(|queue| {
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
    });
    let attendees = RwSignal::new(invited);
    let error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let client_id = new_client_id();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let Some(starts_at) = parse_local(&starts.get_untracked()) else {
            error.set(Some(t_string!(i18n, collab.pick_a_time).to_owned()));
            return;
        };
        let request = CreateCalendarEventRequest {
            client_id: Some(client_id.clone()),
            title: title.get_untracked().trim().to_owned(),
            starts_at,
            duration_minutes: duration.get_untracked().trim().parse().unwrap_or(0),
            attendees: attendees.get_untracked(),
            description: description.get_untracked(),
            link: Some(link),
        };
        saving.set(true);
        spawn_local(async move {
            let result = workspace.create_calendar_event(request).await;
            saving.set(false);
            match result {
                Ok(_) => on_created.run(Route::Calendar),
                Err(message) => error.set(Some(message)),
            }
        });
    };
    view! {
        <form class="dialog-form" on:submit=submit>
            <label>
                {t!(i18n, collab.title)}
                <input type="text" required maxlength="200" prop:value=title on:input=move |e| title.set(event_target_value(&e)) />
            </label>
            <div class="form-row">
                <label>
                    {t!(i18n, collab.starts)}
                    <input type="datetime-local" required prop:value=starts on:input=move |e| starts.set(event_target_value(&e)) />
                </label>
                <label>
                    {t!(i18n, collab.duration)}
                    <input type="number" min="1" max="10080" required prop:value=duration on:input=move |e| duration.set(event_target_value(&e)) />
                </label>
            </div>
            <fieldset class="attendees">
                <legend>{t!(i18n, collab.attendees)}</legend>
                {move || {
                    colleagues(workspace)
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
            <label>
                {t!(i18n, collab.description)}
                <textarea rows="4" prop:value=description on:input=move |e| description.set(event_target_value(&e))></textarea>
            </label>
            {move || error.get().map(|error| view! { <p class="form-error" role="alert">{error}</p> })}
            <div class="dialog-actions">
                <button type="button" on:click=move |_| on_close.run(())>{t!(i18n, collab.cancel)}</button>
                <button type="submit" class="primary" disabled=move || saving.get()>{t!(i18n, collab.create_event)}</button>
            </div>
        </form>
    }
}

/// "Discuss in Feed": the message quoted, and optional text.
#[component]
pub fn FeedDialog(message: Message, on_close: Callback<()>, on_created: Created) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = expect_context::<Workspace>();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let client_id = new_client_id();
    let quoted = message.id;
    let excerpt = preview(&message.text, &message.mentions);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let request = CreateFeedPostRequest {
            client_id: Some(client_id.clone()),
            text: text.get_untracked().trim().to_owned(),
            quote_message: Some(quoted),
        };
        saving.set(true);
        spawn_local(async move {
            let result = workspace.create_feed_post(request).await;
            saving.set(false);
            match result {
                Ok(_) => on_created.run(Route::Feed),
                Err(message) => error.set(Some(message)),
            }
        });
    };
    view! {
        <form class="dialog-form" on:submit=submit>
            <blockquote class="feed-quote">
                <strong>{message.author.name.clone()}</strong>
                <span>{excerpt}</span>
            </blockquote>
            <label>
                {t!(i18n, collab.post_text)}
                <textarea rows="4" prop:value=text on:input=move |e| text.set(event_target_value(&e))></textarea>
            </label>
            {move || error.get().map(|error| view! { <p class="form-error" role="alert">{error}</p> })}
            <div class="dialog-actions">
                <button type="button" on:click=move |_| on_close.run(())>{t!(i18n, collab.cancel)}</button>
                <button type="submit" class="primary" disabled=move || saving.get()>{t!(i18n, collab.post)}</button>
            </div>
        </form>
    }
}
