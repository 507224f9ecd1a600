//! Snoozing a conversation in progress: it leaves "In progress" until its
//! wake-up time or until the customer writes, whichever comes first.
//!
//! The wake-up time is resolved here, from a preset and the operator's time
//! zone ([`wake_time`], a pure function of `now`). The customer writing ends
//! a snooze in the statement that records their message
//! (`store::conversations::touch_with_message_sql`, shared with the webhook
//! writer); a new status or assignee ends it too
//! (`store::conversation_actions::apply`). A pass ([`pass`]) takes the time
//! as an argument, so the tests drive it with a clock of their own; the
//! server's task ([`start`]) runs one at start, after each conversation
//! change (a new snooze) and when the next snooze runs out. Waking records
//! the conversation's update for everyone who sees it and
//! [`Event::SnoozeEnded`] for its assignee, whose app notifies them.

use std::time::Duration;

use jiff::civil::{DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp, ToSpan};
use switchboard_protocol::{
    ConversationId, ConversationStatus, ConversationSummary, Event, SnoozePreset, SnoozeRequest,
};

use super::actions::check_manage;
use super::conversations::{audience_of, visible};
use super::events::{self, Change, Follower};
use super::Viewer;
use crate::error::{ApiError, OrVanished};
use crate::services::instances::{exclusively, BackgroundTask, BUSY_RETRY_MS};
use crate::state::AppState;
use crate::store::events::Audience;
use crate::store::sql::{self, params};
use crate::store::Conn;
use crate::store::{self, conversations};

const HOUR: i64 = 3_600_000;

/// The latest a chosen time may be: a year from now.
const MAX_AHEAD_DAYS: i32 = 366;

/// The local time of day "Tomorrow" and "Next Monday" wake at.
const MORNING: Time = Time::constant(9, 0, 0, 0);

fn invalid(field: &'static str, code: &'static str, message: &str) -> ApiError {
    ApiError::InvalidField {
        code,
        field,
        message: message.to_owned(),
    }
}

/// The instant (ms since the epoch) a local date and time happens in `zone`:
/// a time skipped by a daylight saving change moves forward by the change,
/// a time that happens twice is the earlier.
fn resolve(zone: &TimeZone, local: DateTime) -> Option<i64> {
    let zoned = zone.to_ambiguous_zoned(local).compatible().ok()?;
    Some(zoned.timestamp().as_millisecond())
}

/// When a conversation snoozed at `now` (ms since the epoch) with `preset`
/// wakes, in the operator's `time_zone`: one hour later; tomorrow at 09:00;
/// next Monday at 09:00 (a week later when today is Monday); or at the
/// chosen `local` time (`YYYY-MM-DDTHH:MM`), which must be in the future
/// and within a year. Errors name the field at fault.
pub fn wake_time(
    preset: SnoozePreset,
    time_zone: &str,
    local: Option<&str>,
    now: i64,
) -> Result<i64, ApiError> {
    let zone = TimeZone::get(time_zone.trim())
        .map_err(|_| invalid("time_zone", "invalid_time_zone", "Unknown time zone"))?;
    let instant = Timestamp::from_millisecond(now)
        .map_err(|_| ApiError::Internal("the clock is out of range".into()))?;
    let today = instant.to_zoned(zone.clone()).date();
    let at_morning = |days: i64| -> Result<i64, ApiError> {
        today
            .checked_add(Span::new().days(days))
            .ok()
            .and_then(|date| resolve(&zone, date.to_datetime(MORNING)))
            .ok_or_else(|| ApiError::Internal("wake-up date out of range".into()))
    };
    match preset {
        SnoozePreset::OneHour => Ok(now + HOUR),
        SnoozePreset::Tomorrow => at_morning(1),
        SnoozePreset::NextMonday => {
            let since_monday = i64::from(today.weekday().to_monday_zero_offset());
            at_morning(7 - since_monday)
        }
        SnoozePreset::At => {
            let chosen = || invalid("local", "invalid_snooze_time", "Choose a date and time");
            let local = local.map(str::trim).filter(|text| !text.is_empty());
            let local: DateTime = local.ok_or_else(chosen)?.parse().map_err(|_| chosen())?;
            let at = resolve(&zone, local).ok_or_else(chosen)?;
            if at <= now {
                return Err(invalid(
                    "local",
                    "snooze_time_past",
                    "Choose a time in the future",
                ));
            }
            let latest = instant
                .to_zoned(zone)
                .checked_add(MAX_AHEAD_DAYS.days())
                .map_or(i64::MAX, |latest| latest.timestamp().as_millisecond());
            if at > latest {
                return Err(invalid(
                    "local",
                    "snooze_time_too_far",
                    "Choose a time within a year",
                ));
            }
            Ok(at)
        }
    }
}

/// Loads the conversation for a snooze action, refusing what the caller may
/// not do: a conversation not in progress, an older version, a lock, a
/// colleague who may not manage it.
async fn start_action(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    version: Option<i64>,
) -> Result<(Change, ConversationSummary), ApiError> {
    let mut change = Change::begin(state).await?;
    let before = visible(&mut change.tx, viewer, id).await?;
    if version.is_some_and(|version| version != before.version) {
        return Err(ApiError::ConversationChanged);
    }
    check_manage(&mut change.tx, viewer, &before).await?;
    if before.status != ConversationStatus::InProgress {
        return Err(ApiError::Conflict(
            "Only conversations in progress can be snoozed".into(),
        ));
    }
    Ok((change, before))
}

/// Sets (or clears) the wake-up time, guarded by the version read.
async fn set_until(
    db: &mut Conn,
    before: &ConversationSummary,
    until: Option<i64>,
) -> Result<ConversationSummary, ApiError> {
    let query = "UPDATE conversations SET snoozed_until = ?, version = version + 1 \
        WHERE id = ? AND version = ? AND status = 'in_progress'";
    if !sql::changed(db, query, params![until, before.id.0, before.version]).await? {
        return Err(ApiError::ConversationChanged);
    }
    conversations::summary(db, before.id)
        .await?
        .or_vanished("conversation")
}

/// "Snooze": hides the conversation from "In progress" until the time the
/// request asks for (see [`wake_time`]) or until the customer writes.
pub async fn snooze(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    request: SnoozeRequest,
) -> Result<ConversationSummary, ApiError> {
    let (mut change, before) = start_action(state, viewer, id, request.version).await?;
    let until = wake_time(
        request.preset,
        &request.time_zone,
        request.local.as_deref(),
        change.now,
    )?;
    let after = set_until(&mut change.tx, &before, Some(until)).await?;
    let audience = audience_of(&after, &[]);
    let conversation = after.clone();
    change
        .record(&audience, Event::ConversationUpdated { conversation })
        .await?;
    change.commit(state).await?;
    state.snoozes.wake();
    Ok(after)
}

/// "Wake now": the snoozed conversation is back in "In progress" at once
/// (nothing changes when it was not snoozed).
pub async fn wake(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
) -> Result<ConversationSummary, ApiError> {
    let (mut change, before) = start_action(state, viewer, id, None).await?;
    if before.snoozed_until.is_none() {
        return Ok(before);
    }
    let after = set_until(&mut change.tx, &before, None).await?;
    let audience = audience_of(&after, &[]);
    let conversation = after.clone();
    change
        .record(&audience, Event::ConversationUpdated { conversation })
        .await?;
    change.commit(state).await?;
    Ok(after)
}

/// The snoozed conversations whose time has come at `now`.
const DUE: &str = "SELECT id FROM conversations WHERE snoozed_until IS NOT NULL \
    AND snoozed_until <= ? AND status = 'in_progress' ORDER BY snoozed_until, id";

/// When the next snooze runs out, if any conversation is snoozed.
const NEXT: &str = "SELECT MIN(snoozed_until) FROM conversations \
    WHERE snoozed_until IS NOT NULL AND status = 'in_progress'";

/// What a pass did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pass {
    /// The conversations that woke, in wake-up order.
    pub woke: Vec<ConversationId>,
    /// When the next snooze runs out.
    pub next: Option<i64>,
}

/// One pass at `now`, inside the caller's write transaction: wakes every
/// snoozed conversation whose time has come, recording its update and
/// telling its assignee.
pub async fn pass(db: &mut Conn, now: i64) -> Result<Pass, ApiError> {
    let due: Vec<i64> = sql::column(db, DUE, params![now]).await?;
    let mut done = Pass::default();
    for id in due.into_iter().map(ConversationId) {
        let query = "UPDATE conversations SET snoozed_until = NULL, version = version + 1 \
            WHERE id = ? AND snoozed_until <= ?";
        if !sql::changed(db, query, params![id.0, now]).await? {
            continue;
        }
        let after = conversations::summary(db, id)
            .await?
            .or_vanished("conversation")?;
        let audience = audience_of(&after, &[]);
        let assignee = after.assignee;
        let conversation = after.clone();
        events::record(
            db,
            now,
            &audience,
            Event::ConversationUpdated { conversation },
        )
        .await?;
        if let Some(assignee) = assignee {
            let event = Event::SnoozeEnded {
                conversation: after,
            };
            events::record(db, now, &Audience::users([assignee]), event).await?;
        }
        done.woke.push(id);
    }
    done.next = sql::one(db, NEXT, params![]).await?;
    Ok(done)
}

/// One pass at `now` on the server's database: read first, and only when a
/// snooze ran out, again inside a write transaction. Answers when the next
/// snooze runs out.
pub async fn run(state: &AppState, now: i64) -> Result<Option<i64>, ApiError> {
    {
        let mut db = state.pool.acquire().await?;
        let next: Option<i64> = sql::one(&mut db, NEXT, params![]).await?;
        if next.is_none_or(|next| next > now) {
            return Ok(next);
        }
    }
    let mut change = Change::begin(state).await?;
    change.now = now;
    let done = pass(&mut change.tx, now).await?;
    if !done.woke.is_empty() {
        change.commit(state).await?;
    }
    Ok(done.next)
}

/// Wakes the snooze task (a new snooze may run out before the one it waits
/// for).
#[derive(Default)]
pub struct Snoozes {
    wake: tokio::sync::Notify,
}

impl Snoozes {
    /// Asks for a pass soon.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// The events after which the next wake-up time may have moved.
const WAKES_ON: &[&str] = &["conversation_updated"];

/// Runs the passes for as long as the server runs: at start (snoozes that
/// ran out while it was stopped wake), after a conversation changes, and
/// when the next snooze runs out.
pub fn start(state: AppState) {
    tokio::spawn(async move {
        let mut events = Follower::new(&state.events, WAKES_ON);
        loop {
            let pass = exclusively(&state, BackgroundTask::Snooze, run(&state, store::now_ms()));
            let next = match pass.await {
                Ok(Some(next)) => next,
                // Another instance's pass: look again in a moment.
                Ok(None) => Some(store::now_ms() + BUSY_RETRY_MS),
                Err(error) => {
                    tracing::warn!(%error, "snooze pass failed");
                    Some(store::now_ms() + 1000)
                }
            };
            let sleep = next.map_or(Duration::from_secs(3600), |next| {
                Duration::from_millis(u64::try_from(next - store::now_ms()).unwrap_or(0))
            });
            tokio::select! {
                () = tokio::time::sleep(sleep) => {}
                () = state.snoozes.wake.notified() => {}
                received = events.next() => {
                    if !received {
                        return;
                    }
                }
            }
            events.settle().await;
        }
    });
}

#[cfg(test)]
mod tests;
