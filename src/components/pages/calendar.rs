//! "Calendar": upcoming events I organize or attend, each downloadable as
//! an `.ics` file for any calendar app.

use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_protocol::{CalendarEvent, CalendarEventId};
use wasm_bindgen::JsCast;

use super::{name_of, CollabError, ConversationLinkView};
use crate::components::kit::loaded::Loaded;
use crate::format;
use crate::i18n::*;
use crate::projection::{project, use_locale};
use crate::stores::{CollabStore, SessionStore};

/// The Calendar page.
#[component]
pub fn CalendarPage() -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let collab = expect_context::<CollabStore>();
    let list = project(move || {
        let now = store.now.get();
        collab
            .calendar
            .with(|calendar| calendar.as_ref().map(|calendar| calendar.upcoming(now)))
    });
    // Loaded when shown, and again after the stream said to resync.
    Effect::new(move |_| {
        if list.with(Option::is_none) {
            collab.load_calendar();
        }
    });
    view! {
        <div class="page">
            <h1>{td!(locale, nav.calendar)}</h1>
            <CollabError />
            <Loaded items=list empty=td_string!(locale, collab.no_events) show=move |list| view! {
                <ul class="page-list" aria-label=td_string!(locale, collab.upcoming)>
                    {list.into_iter().map(|event| view! { <EventRow event=event /> }).collect_view()}
                </ul>
            } />
        </div>
    }
}

#[component]
fn EventRow(event: CalendarEvent) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let collab = expect_context::<CollabStore>();
    let starts_at = event.starts_at;
    let minutes = event.duration_minutes;
    let people = std::iter::once(event.organizer)
        .chain(event.attendees.iter().copied())
        .map(|id| name_of(store, id))
        .collect::<Vec<_>>()
        .join(", ");
    let id = event.id;
    let error = RwSignal::new(None::<String>);
    view! {
        <li class="page-item event">
            <strong>{event.title.clone()}</strong>
            <p class="page-meta">
                <time>{move || format::date_time(locale, starts_at)}</time>
                " · "{minutes}" "{td!(locale, collab.minutes)}" · "{people}
            </p>
            {(!event.description.is_empty()).then(|| view! { <p class="page-text">{event.description.clone()}</p> })}
            <div class="page-actions">
                <button type="button" on:click=move |_| download(collab, id, error)>
                    {td!(locale, collab.download_ics)}
                </button>
                <ConversationLinkView link=event.link />
            </div>
            {move || error.get().map(|error| view! { <p class="form-error" role="alert">{error}</p> })}
        </li>
    }
}

/// Fetches the `.ics` (the API needs the bearer token) and saves it.
fn download(collab: CollabStore, id: CalendarEventId, error: RwSignal<Option<String>>) {
    spawn_local(async move {
        match collab.calendar_ics(id).await {
            Ok(text) => {
                if save_file(&format!("event-{id}.ics"), &text).is_none() {
                    error.set(Some("The file could not be saved.".to_owned()));
                }
            }
            Err(reason) => error.set(Some(reason)),
        }
    });
}

fn save_file(name: &str, text: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let blob = web_sys::Blob::new_with_str_sequence(&parts).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let link: web_sys::HtmlElement = document().create_element("a").ok()?.dyn_into().ok()?;
    link.set_attribute("href", &url).ok()?;
    link.set_attribute("download", name).ok()?;
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}
