//! Calendar events ("Create calendar event"): meetings between employees,
//! optionally linked to a conversation message, downloadable as `.ics`.

use serde::{Deserialize, Serialize};

use crate::search::query_params;
use crate::{CalendarEventId, ConversationLink, Timestamp, UserId};

/// A calendar event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarEvent {
    /// Server identifier.
    pub id: CalendarEventId,
    /// Title.
    pub title: String,
    /// Start time.
    pub starts_at: Timestamp,
    /// Length in minutes.
    pub duration_minutes: u32,
    /// Who created it.
    pub organizer: UserId,
    /// Invited employees (the organizer is not repeated here).
    pub attendees: Vec<UserId>,
    /// Plain-text description.
    pub description: String,
    /// The conversation (and message) it came from.
    pub link: Option<ConversationLink>,
    /// Creation time.
    pub created_at: Timestamp,
}

/// Body of `POST /api/v1/calendar/events`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateCalendarEventRequest {
    /// Client-generated id (a UUID is a good choice), 1 to 100 characters:
    /// repeating the request with the same id returns the first result
    /// (`200` instead of `201`) instead of creating a second one.
    #[serde(default)]
    pub client_id: Option<String>,
    /// Title, 1 to 200 characters.
    pub title: String,
    /// Start time.
    pub starts_at: Timestamp,
    /// Length in minutes, 1 to 10 080 (a week).
    pub duration_minutes: u32,
    /// Employees to invite.
    #[serde(default)]
    pub attendees: Vec<UserId>,
    /// Description, up to 10 000 characters.
    #[serde(default)]
    pub description: String,
    /// A conversation the caller may see, and optionally one of its messages.
    #[serde(default)]
    pub link: Option<ConversationLink>,
}

query_params! {
    /// Query of `GET /api/v1/calendar/events`: events that have not ended
    /// before `from`, soonest first, where the caller organizes or attends.
    pub struct CalendarQuery {
        /// Lower bound (default: now).
        pub from: Option<Timestamp>,
        /// Page size, 1 to 200 (default 100).
        pub limit: Option<u32>,
    }
}
