//! Calendar events ("Create calendar event"): any employee organizes one
//! with colleagues as attendees; organizer and attendees see it, get the
//! `calendar_event_created` event and may download it as `.ics`.

use switchboard_protocol::{
    CalendarEvent, CalendarEventId, CalendarQuery, CreateCalendarEventRequest, Event,
};

use super::events::Change;
use super::tasks::{check_employee, check_link, check_title_and_description};
use super::validation::{self, CLIENT_ID};
use super::{client_ids, Viewer};
use crate::error::{ApiError, OrVanished};
use crate::state::AppState;
use crate::store::client_ids::Created;
use crate::store::events::Audience;
use crate::store::{self, calendar};

/// Longest event: a week.
const MAX_DURATION_MINUTES: u32 = 7 * 24 * 60;
/// Most attendees.
const MAX_ATTENDEES: usize = 100;
const DEFAULT_LIMIT: u32 = 100;
const MAX_LIMIT: u32 = 200;

fn audience(event: &CalendarEvent) -> Audience {
    let organizer = std::iter::once(event.organizer);
    Audience::users(organizer.chain(event.attendees.iter().copied()))
}

/// Creates an event; a repeat with the same `client_id` returns the first
/// event and `false`.
pub async fn create(
    state: &AppState,
    viewer: &Viewer,
    request: CreateCalendarEventRequest,
) -> Result<(CalendarEvent, bool), ApiError> {
    let client_id = CLIENT_ID.check_optional(request.client_id.as_deref())?;
    let title = check_title_and_description(&request.title, &request.description)?;
    if request.duration_minutes == 0 || request.duration_minutes > MAX_DURATION_MINUTES {
        return Err(ApiError::Unprocessable(format!(
            "The duration must be 1 to {MAX_DURATION_MINUTES} minutes"
        )));
    }
    // Years 1970 to 9999: what an iCalendar DATE-TIME can carry.
    if !(0..=253_402_300_799_000).contains(&request.starts_at) {
        return Err(ApiError::Unprocessable(
            "The start time is out of range".into(),
        ));
    }
    if request.attendees.len() > MAX_ATTENDEES {
        return Err(ApiError::Unprocessable(format!(
            "At most {MAX_ATTENDEES} attendees"
        )));
    }
    let mut change = Change::begin(state).await?;
    let now = change.now;
    if let Some(id) =
        client_ids::existing(&mut change.tx, Created::CalendarEvent, viewer, client_id).await?
    {
        let event = calendar::by_id(&mut change.tx, CalendarEventId(id))
            .await?
            .or_vanished("event")?;
        return Ok((event, false));
    }
    let mut attendees = request.attendees;
    attendees.retain(|attendee| *attendee != viewer.user.id);
    attendees.sort();
    attendees.dedup();
    for attendee in &attendees {
        check_employee(&mut change.tx, *attendee).await?;
    }
    check_link(&mut change.tx, viewer, request.link).await?;
    let mut event = CalendarEvent {
        id: CalendarEventId(0),
        title,
        starts_at: request.starts_at,
        duration_minutes: request.duration_minutes,
        organizer: viewer.user.id,
        attendees,
        description: request.description,
        link: request.link,
        created_at: now,
    };
    event.id = calendar::insert(&mut change.tx, &event).await?;
    client_ids::remember(
        &mut change.tx,
        Created::CalendarEvent,
        event.id.0,
        client_id,
    )
    .await?;
    change
        .record(
            &audience(&event),
            Event::CalendarEventCreated {
                calendar_event: event.clone(),
            },
        )
        .await?;
    change.commit(state).await?;
    Ok((event, true))
}

/// Upcoming events of the viewer (organizer or attendee), soonest first.
pub async fn upcoming(
    state: &AppState,
    viewer: &Viewer,
    query: CalendarQuery,
) -> Result<Vec<CalendarEvent>, ApiError> {
    let from = query.from.unwrap_or_else(store::now_ms);
    let limit = validation::page_size(query.limit, DEFAULT_LIMIT, MAX_LIMIT);
    let mut db = state.pool.acquire().await?;
    Ok(calendar::upcoming(&mut db, viewer.user.id, from, limit).await?)
}

/// One event of the viewer (organizer or attendee), with the e-mail
/// addresses of the people in it, for the `.ics`.
pub async fn get_with_people(
    state: &AppState,
    viewer: &Viewer,
    id: CalendarEventId,
) -> Result<(CalendarEvent, Vec<super::ics::Person>), ApiError> {
    let mut db = state.pool.acquire().await?;
    let event = calendar::by_id(&mut db, id)
        .await?
        .filter(|event| {
            event.organizer == viewer.user.id || event.attendees.contains(&viewer.user.id)
        })
        .ok_or_else(|| ApiError::NotFound("No such calendar event".into()))?;
    let mut people = Vec::new();
    for user in std::iter::once(event.organizer).chain(event.attendees.iter().copied()) {
        if let Some(row) = crate::store::users::by_id(&mut db, user).await? {
            people.push(super::ics::Person {
                id: user,
                name: row.name,
                email: row.email,
            });
        }
    }
    Ok((event, people))
}
