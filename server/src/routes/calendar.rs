//! `/calendar/events`: the caller's calendar and `.ics` downloads.

use axum::extract::{Path, Query};
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use switchboard_protocol::{
    CalendarEvent, CalendarEventId, CalendarQuery, CreateCalendarEventRequest, ErrorBody,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::Caller;
use super::responses::{
    forward, json, secured, upserted, Answer, ApiResult, Hidden, Invalid, Upsert,
};
use crate::services::{calendar, ics};
use crate::state::AppState;

/// Host part of the `.ics` UIDs.
const UID_HOST: &str = "switchboard";

/// The routes of the calendar.
pub(super) fn router() -> OpenApiRouter<AppState> {
    secured(
        "calendar",
        [routes!(upcoming, create), routes!(download_ics)],
    )
}

forward! {
    /// Upcoming events where the caller organizes or attends, soonest first:
    /// those not ended before `from` (default now).
    #[utoipa::path(get, path = "/calendar/events", operation_id = "listCalendarEvents",
        params(CalendarQuery), responses((status = 200, body = Vec<CalendarEvent>)))]
    upcoming(Query(query): Query<CalendarQuery>)
        -> Answer<Vec<CalendarEvent>> = json(calendar::upcoming(query));

    /// Creates an event organized by the caller.
    #[utoipa::path(post, path = "/calendar/events", operation_id = "createCalendarEvent",
        request_body = CreateCalendarEventRequest,
        responses((status = 201, body = CalendarEvent),
            (status = 200, description = "Repeat of an earlier create (same `client_id`)", body = CalendarEvent),
            Hidden, Invalid))]
    create(Json(request): Json<CreateCalendarEventRequest>)
        -> Upsert<CalendarEvent> = upserted(calendar::create(request));
}

/// The event as an iCalendar file (`text/calendar`, as an attachment).
#[utoipa::path(get, path = "/calendar/events/{id}/ics", operation_id = "downloadCalendarEvent",
    params(("id" = i64, Path, description = "Calendar event id")),
    responses(
        (status = 200, description = "RFC 5545 iCalendar file", content_type = "text/calendar", body = String),
        (status = 404, description = "No such event, or the caller is neither organizer nor attendee", body = ErrorBody)))]
async fn download_ics(
    caller: Caller,
    Path(id): Path<CalendarEventId>,
) -> ApiResult<impl IntoResponse> {
    let (event, people) = calendar::get_with_people(&caller.state, &caller.viewer, id).await?;
    let body = ics::calendar_file(&event, &people, UID_HOST, crate::store::now_ms());
    let disposition = format!("attachment; filename=\"event-{id}.ics\"");
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    ))
}
