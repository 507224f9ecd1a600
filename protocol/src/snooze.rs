//! Snoozing a conversation in progress: it leaves "In progress" until a
//! chosen time or until the customer writes, whichever comes first.
//!
//! The server resolves the wake-up time from a preset and the operator's
//! time zone, so every client gets the same answer around daylight saving
//! changes.

use serde::{Deserialize, Serialize};

/// When a snoozed conversation comes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SnoozePreset {
    /// One hour from now.
    OneHour,
    /// Tomorrow at 09:00, local time.
    Tomorrow,
    /// Next Monday at 09:00, local time (a week later when today is Monday).
    NextMonday,
    /// At the local date and time given in `local`.
    At,
}

/// Body of `POST /api/v1/conversations/{id}/snooze`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SnoozeRequest {
    /// When it comes back.
    pub preset: SnoozePreset,
    /// The operator's IANA time zone, for example `Europe/Paris`.
    pub time_zone: String,
    /// Only for [`SnoozePreset::At`]: the local date and time,
    /// `YYYY-MM-DDTHH:MM` (as an HTML `datetime-local` input gives it), in
    /// the future and within a year. A time skipped by a daylight saving
    /// change moves forward; a time that happens twice is the earlier one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local: Option<String>,
    /// The [`ConversationSummary::version`](crate::ConversationSummary) the
    /// client acted on (`409 conversation_changed` when it changed since).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}
