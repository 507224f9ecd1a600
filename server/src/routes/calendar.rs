//! `/calendar/events`: the caller's calendar and `.ics` downloads.

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use switchboard_protocol::{
    CalendarEvent, CalendarEventId, CalendarQuery, CreateCalendarEventRequest, ErrorBody,
};

use super::extract::Authenticated;
use crate::error::ApiError;
use crate::services::{calendar, ics};
use crate::state::AppState;

/// Host part of the `.ics` UIDs.
const UID_HOST: &str = "switchboard";

/// Upcoming events where the caller organizes or attends, soonest first:
/// those not ended before `from` (default now).
#[utoipa::path(get, path = "/api/v1/calendar/events", tag = "calendar", security(("bearer" = [])),
    params(CalendarQuery),
    responses((status = 200, body = Vec<CalendarEvent>), (status = 400, body = ErrorBody)))]
pub async fn upcoming(
    State(state): State<AppState>,
    caller: Authenticated,
    Query(query): Query<CalendarQuery>,
) -> Result<Json<Vec<CalendarEvent>>, ApiError> {
    Ok(Json(
        calendar::upcoming(&state, &caller.viewer, query).await?,
    ))
}

/// Creates an event organized by the caller.
#[utoipa::path(post, path = "/api/v1/calendar/events", tag = "calendar", security(("bearer" = [])),
    request_body = CreateCalendarEventRequest,
    responses(
        (status = 201, body = CalendarEvent),
        (status = 200, description = "Repeat of an earlier create (same `client_id`)", body = CalendarEvent),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: Authenticated,
    Json(request): Json<CreateCalendarEventRequest>,
) -> Result<(StatusCode, Json<CalendarEvent>), ApiError> {
    let (event, created) = calendar::create(&state, &caller.viewer, request).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(event)))
}

/// The event as an iCalendar file (`text/calendar`, as an attachment).
#[utoipa::path(get, path = "/api/v1/calendar/events/{id}/ics", tag = "calendar", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Calendar event id")),
    responses(
        (status = 200, description = "RFC 5545 iCalendar file", content_type = "text/calendar", body = String),
        (status = 404, description = "No such event, or the caller is neither organizer nor attendee", body = ErrorBody),
    ))]
pub async fn download_ics(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    let id = CalendarEventId(id);
    let (event, people) = calendar::get_with_people(&state, &caller.viewer, id).await?;
    let body = ics::calendar_file(&event, &people, UID_HOST, crate::store::now_ms());
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"event-{}.ics\"", id.0),
            ),
        ],
        body,
    ))
}
