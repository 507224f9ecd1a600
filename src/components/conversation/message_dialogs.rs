//! What a message's menu opens: the confirmation of "Delete", "Save as
//! canned response", and the dialogs to plan and discuss around it ("Create
//! task", "Create calendar event", "Discuss in Feed"). Each of the latter
//! starts prefilled from the message (see [`prefill`]) and keeps what the
//! operator typed when the server refuses it.

mod event;
mod feed;
mod task;

use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_protocol::{ConversationId, ConversationLink, Message, UserId};

use crate::components::conversation::composer::canned_form::CannedDialog;
use crate::components::kit::form::DialogFooter;
use crate::components::kit::modal::Modal;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::message_actions::prefill;
use crate::state::route::Route;
use crate::state::text::message_preview;
use crate::stores::{ConversationStore, SessionStore};

pub use event::EventDialog;
pub use feed::FeedDialog;
pub use task::TaskDialog;

/// What a dialog reports once it created something: where to see it.
pub type Created = Callback<Route>;

/// A dialog a message's menu opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuDialog {
    /// "Delete" asks first.
    ConfirmDelete,
    /// "Save as canned response".
    SaveAsCanned,
    /// "Create task".
    Task,
    /// "Create calendar event".
    Event,
    /// "Discuss in Feed".
    Feed,
}

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
fn prefilled(
    conversations: ConversationStore,
    message: &Message,
) -> (String, String, ConversationLink) {
    let customer = conversations.customer_name(message.conversation_id);
    let excerpt = message_preview(message);
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

/// Employees other than me, by name (tracked).
fn colleagues(store: SessionStore) -> Vec<(UserId, String)> {
    let me = store.me.with(|me| me.id);
    let mut list: Vec<(UserId, String)> = store.users.with(|users| {
        users
            .values()
            .filter(|user| user.active && user.id != me)
            .map(|user| (user.id, user.name.clone()))
            .collect()
    });
    list.sort_by(|a, b| a.1.cmp(&b.1));
    list
}

/// The dialog a message's menu opened, if any.
#[component]
pub fn MenuDialogView(
    /// Which one is open.
    dialog: RwSignal<Option<MenuDialog>>,
    /// The message.
    message: StoredValue<Message>,
    /// Where to see what a dialog created.
    created: RwSignal<Option<Route>>,
    /// Why an action failed.
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let locale = use_locale();
    let conversations = expect_context::<ConversationStore>();
    let on_close = Callback::new(move |()| dialog.set(None));
    let on_created = Callback::new(move |route: Route| {
        dialog.set(None);
        created.set(Some(route));
    });
    let delete = Callback::new(move |()| {
        dialog.set(None);
        let id = message.with_value(|message| message.id);
        spawn_local(async move {
            if let Err(reason) = conversations.delete_message(id).await {
                error.set(Some(reason));
            }
        });
    });
    let titled = move |title: &'static str, form: AnyView| {
        view! { <Modal title=title on_close=on_close>{form}</Modal> }.into_any()
    };
    move || {
        let kind = dialog.get()?;
        let message = message.get_value();
        Some(match kind {
            MenuDialog::ConfirmDelete => view! {
                <Modal title=td_string!(locale, message_menu.delete_title) on_close=on_close>
                    <p>{td!(locale, message_menu.delete_text)}</p>
                    <DialogFooter
                        on_cancel=on_close
                        submit=td_string!(locale, message_menu.delete)
                        danger=true
                        on_confirm=delete
                    />
                </Modal>
            }
            .into_any(),
            MenuDialog::SaveAsCanned => view! {
                <CannedDialog existing=None initial_text=message.text on_done=on_close />
            }
            .into_any(),
            MenuDialog::Task => titled(
                td_string!(locale, message_menu.create_task),
                view! { <TaskDialog message=message on_close=on_close on_created=on_created /> }
                    .into_any(),
            ),
            MenuDialog::Event => titled(
                td_string!(locale, message_menu.create_event),
                view! { <EventDialog message=message on_close=on_close on_created=on_created /> }
                    .into_any(),
            ),
            MenuDialog::Feed => titled(
                td_string!(locale, message_menu.discuss_in_feed),
                view! { <FeedDialog message=message on_close=on_close on_created=on_created /> }
                    .into_any(),
            ),
        })
    }
}
