//! Working hours and automatic messages: what an open channel tells its
//! customers by itself, as the bot, delivered through the outbox like a
//! reply.
//!
//! Each session gets each message at most once: a column of the
//! conversation records when it got it (`welcomed_at`, `offline_replied_at`,
//! `rating_requested_at`, `auto_closed_at`), written in the transaction that
//! writes the message. A pass ([`pass`]) takes the time as an argument, so
//! the tests drive it with a clock of their own; the server's task
//! ([`start`]) runs one after each new conversation or message and every
//! [`TICK`] (for automatic closes). A pass only looks back [`RECENT`], and
//! never before the channel's settings last changed: a channel that starts
//! sending a welcome does not welcome the sessions already under way.
//!
//! The rules of one pass, at `now`:
//! 1. A new session (created within [`RECENT`], open) of a channel with a
//!    welcome message gets it.
//! 2. A session whose customer wrote while the channel was closed
//!    ([`is_open`] at the time the message was written) gets the offline
//!    reply, once.
//! 3. A conversation in progress whose last message (public, by the
//!    customer or an employee) is an employee's, older than the channel's
//!    automatic close, gets the closing message and is closed, with a
//!    system message saying so.
//! 4. A conversation finished (closed, not spam) within [`RECENT`] on a
//!    channel that asks for ratings gets the rating request, except on the
//!    website chat, where the widget asks.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use jiff::tz::TimeZone;
use jiff::Timestamp;
use switchboard_protocol::{
    ConnectorKind, ConversationId, ConversationStatus, Event, LineAutomation, LineId, Message,
    OpeningHours, OutboundKind, UserId, WorkingHours,
};

use super::conversations::audience_of;
use super::events::{self, Change, Follower};
use super::system_messages;
use crate::error::{ApiError, OrVanished};
use crate::services::instances::{exclusively, BackgroundTask, BUSY_RETRY};
use crate::state::AppState;
use crate::store::conversation_actions::{self as actions, Transition};
use crate::store::names::Named;
use crate::store::sql::{self, params};
use crate::store::Conn;
use crate::store::{self, conversations, messages};

/// How far back a pass looks for new sessions, customer messages and
/// finished conversations.
pub const RECENT: i64 = 10 * 60 * 1000;

/// How often the task runs a pass without being woken (automatic closes).
pub const TICK: Duration = Duration::from_secs(30);

const HOUR: i64 = 3_600_000;

/// How long after a conversation is finished a reply "1" to "5" still rates
/// it (channels other than the website chat).
pub const RATING_REPLY_WINDOW: i64 = 24 * HOUR;

/// The score of a customer's reply to the rating request: exactly "1" to
/// "5" (white space around it aside).
pub fn rating_score(text: &str) -> Option<u8> {
    match text.trim().as_bytes() {
        [digit @ b'1'..=b'5'] => Some(digit - b'0'),
        _ => None,
    }
}

/// Minutes since midnight of a time written "HH:MM" (00:00 to 24:00).
pub fn minutes_of(time: &str) -> Option<u16> {
    let (hours, minutes) = time.split_once(':')?;
    let two_digits = |part: &str| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit());
    if !two_digits(hours) || !two_digits(minutes) {
        return None;
    }
    let hours: u16 = hours.parse().ok()?;
    let minutes: u16 = minutes.parse().ok()?;
    let total = hours * 60 + minutes;
    (minutes < 60 && total <= 24 * 60).then_some(total)
}

/// The time zone named `name`, if the bundled database knows it.
pub fn time_zone(name: &str) -> Option<TimeZone> {
    TimeZone::get(name).ok()
}

/// Whether the channel is open at `now_ms` (ms since the epoch), in its
/// time zone: always without working hours; else not on a closed date, and
/// within one of the opening hours of the weekday (opening time included,
/// closing time excluded).
pub fn is_open(automation: &LineAutomation, now_ms: i64) -> bool {
    let Some(hours) = &automation.working_hours else {
        return true;
    };
    let zone = time_zone(&automation.time_zone).unwrap_or(TimeZone::UTC);
    let Ok(instant) = Timestamp::from_millisecond(now_ms) else {
        return true;
    };
    let local = instant.to_zoned(zone);
    let date = local.date();
    let day = date.to_string();
    if hours.closed_dates.contains(&day) {
        return false;
    }
    let weekday = date.weekday().to_monday_one_offset();
    let minute =
        u16::try_from(i32::from(local.hour()) * 60 + i32::from(local.minute())).unwrap_or(u16::MAX);
    hours
        .days
        .iter()
        .filter(|opening| i8::try_from(opening.weekday).ok() == Some(weekday))
        .any(
            |opening| match (minutes_of(&opening.opens), minutes_of(&opening.closes)) {
                (Some(opens), Some(closes)) => opens <= minute && minute < closes,
                _ => false,
            },
        )
}

fn invalid(field: &'static str, message: String) -> ApiError {
    ApiError::InvalidField {
        code: "unprocessable",
        field,
        message,
    }
}

/// An automatic message as stored: trimmed, `None` when empty.
fn text(value: Option<&str>, field: &'static str, what: &str) -> Result<Option<String>, ApiError> {
    let Some(value) = value.map(str::trim).filter(|value| !value.is_empty()) else {
        return Ok(None);
    };
    if value.chars().count() > LineAutomation::MAX_TEXT {
        let max = LineAutomation::MAX_TEXT;
        return Err(invalid(
            field,
            format!("The {what} is longer than {max} characters"),
        ));
    }
    Ok(Some(value.to_owned()))
}

/// Checks working hours and automatic messages as asked, and answers them as
/// they are stored (texts trimmed, empty texts removed, days in order, dates
/// without repeats), or the `422` naming the first wrong field.
pub fn check(asked: &LineAutomation) -> Result<LineAutomation, ApiError> {
    let zone = asked.time_zone.trim();
    if time_zone(zone).is_none() {
        return Err(invalid(
            "time_zone",
            format!("Unknown time zone: {zone} (use a name like Europe/Paris)"),
        ));
    }
    let working_hours = asked.working_hours.as_ref().map(check_hours).transpose()?;
    let auto_close_hours = asked
        .auto_close_hours
        .map(|hours| {
            let max = LineAutomation::MAX_AUTO_CLOSE_HOURS;
            if (1..=max).contains(&hours) {
                Ok(hours)
            } else {
                Err(ApiError::InvalidField {
                    code: "out_of_range",
                    field: "auto_close_hours",
                    message: format!("The automatic close must be between 1 and {max} hours"),
                })
            }
        })
        .transpose()?;
    Ok(LineAutomation {
        time_zone: zone.to_owned(),
        working_hours,
        offline_message: text(
            asked.offline_message.as_deref(),
            "offline_message",
            "offline message",
        )?,
        welcome_message: text(
            asked.welcome_message.as_deref(),
            "welcome_message",
            "welcome message",
        )?,
        auto_close_hours,
        closing_message: text(
            asked.closing_message.as_deref(),
            "closing_message",
            "closing message",
        )?,
        rating_request: asked.rating_request,
    })
}

/// Most opening periods and closed dates.
const MAX_ENTRIES: usize = 366;

fn check_hours(hours: &WorkingHours) -> Result<WorkingHours, ApiError> {
    if hours.days.len() > MAX_ENTRIES {
        return Err(invalid(
            "working_hours",
            format!("At most {MAX_ENTRIES} opening hours"),
        ));
    }
    let mut days = Vec::new();
    for day in &hours.days {
        if !(1..=7).contains(&day.weekday) {
            return Err(invalid(
                "working_hours",
                format!(
                    "The weekday must be 1 (Monday) to 7 (Sunday), not {}",
                    day.weekday
                ),
            ));
        }
        let opens = day.opens.trim();
        let closes = day.closes.trim();
        let (Some(from), Some(to)) = (minutes_of(opens), minutes_of(closes)) else {
            return Err(invalid(
                "working_hours",
                format!(
                    "Write the hours of day {} as HH:MM, e.g. 09:00",
                    day.weekday
                ),
            ));
        };
        if from >= to {
            return Err(invalid(
                "working_hours",
                format!(
                    "On day {}, the closing time ({closes}) must come after the opening time ({opens})",
                    day.weekday
                ),
            ));
        }
        days.push(OpeningHours {
            weekday: day.weekday,
            opens: opens.to_owned(),
            closes: closes.to_owned(),
        });
    }
    days.sort_by(|a, b| (a.weekday, &a.opens).cmp(&(b.weekday, &b.opens)));
    if hours.closed_dates.len() > MAX_ENTRIES {
        return Err(invalid(
            "closed_dates",
            format!("At most {MAX_ENTRIES} closed dates"),
        ));
    }
    let mut closed_dates = Vec::new();
    for date in &hours.closed_dates {
        let date = date.trim();
        let parsed = (date.len() == 10)
            .then(|| date.parse::<jiff::civil::Date>().ok())
            .flatten();
        let Some(parsed) = parsed else {
            return Err(invalid(
                "closed_dates",
                format!("Not a date: {date} (write it YYYY-MM-DD)"),
            ));
        };
        closed_dates.push(parsed.to_string());
    }
    closed_dates.sort();
    closed_dates.dedup();
    Ok(WorkingHours { days, closed_dates })
}

/// What a pass did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pass {
    /// Sessions that got the welcome message.
    pub welcomed: Vec<ConversationId>,
    /// Sessions that got the offline reply.
    pub offline: Vec<ConversationId>,
    /// Conversations closed automatically.
    pub closed: Vec<ConversationId>,
    /// Finished conversations asked for a rating (by message, or by the
    /// widget).
    pub rating_requested: Vec<ConversationId>,
}

impl Pass {
    fn is_empty(&self) -> bool {
        self.welcomed.is_empty()
            && self.offline.is_empty()
            && self.closed.is_empty()
            && self.rating_requested.is_empty()
    }
}

/// One thing a pass does.
enum Step {
    Welcome(ConversationId, LineId),
    Offline(ConversationId, LineId),
    Close(ConversationId, LineId),
    AskRating(ConversationId, LineId, ConnectorKind),
}

/// A channel that automates something: its name, its settings and when
/// they last changed.
struct Automated {
    name: String,
    automation: LineAutomation,
    since: i64,
}

/// The channels that automate something.
async fn automated_lines(db: &mut Conn) -> sqlx::Result<HashMap<LineId, Automated>> {
    let query = "SELECT id, name, automation, automation_at FROM lines \
        WHERE automation IS NOT NULL AND archived_at IS NULL";
    let rows: Vec<(i64, String, String, i64)> = sql::rows(db, query, params![]).await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, json, since)| {
            let automation = store::lines::automation_of(Some(&json));
            let line = Automated {
                name,
                automation,
                since,
            };
            (LineId(id), line)
        })
        .collect())
}

/// The settings of `line` if it automates something and `at` (when a
/// session started, a message was written, a conversation was finished)
/// is not before they last changed.
fn settings_at(
    lines: &HashMap<LineId, Automated>,
    line: LineId,
    at: i64,
) -> Option<&LineAutomation> {
    lines
        .get(&line)
        .filter(|line| at >= line.since)
        .map(|line| &line.automation)
}

/// The line of a conversation (its own after a transfer, else its chat's).
const LINE: &str = "COALESCE(c.line_id, h.line_id)";

async fn plan(db: &mut Conn, now: i64) -> Result<Vec<Step>, ApiError> {
    let lines = automated_lines(db).await?;
    if lines.is_empty() {
        return Ok(Vec::new());
    }
    let since = now - RECENT;
    let mut steps = Vec::new();
    // Each rule reads only when some channel uses it.
    let uses = |rule: fn(&LineAutomation) -> bool| lines.values().any(|l| rule(&l.automation));

    let query = format!(
        "SELECT c.id, {LINE}, c.created_at FROM conversations c JOIN chats h ON h.id = c.chat_id \
         WHERE ? AND c.welcomed_at IS NULL AND c.created_at >= ? AND c.created_at <= ? \
         AND c.status IN ('unanswered', 'in_progress') ORDER BY c.id"
    );
    let welcomes = uses(|a| a.welcome_message.is_some());
    let rows: Vec<(i64, i64, i64)> = sql::rows(db, &query, params![welcomes, since, now]).await?;
    for (id, line, started) in rows {
        let line = LineId(line);
        if settings_at(&lines, line, started).is_some_and(|a| a.welcome_message.is_some()) {
            steps.push(Step::Welcome(ConversationId(id), line));
        }
    }

    let query = format!(
        "SELECT c.id, {LINE}, m.created_at FROM messages m \
         JOIN conversations c ON c.id = m.conversation_id JOIN chats h ON h.id = c.chat_id \
         WHERE ? AND m.author_kind = 'customer' AND m.created_at >= ? AND m.created_at <= ? \
         AND c.offline_replied_at IS NULL AND c.status IN ('unanswered', 'in_progress') \
         ORDER BY m.id"
    );
    let replies = uses(|a| a.offline_message.is_some() && a.working_hours.is_some());
    let rows: Vec<(i64, i64, i64)> = sql::rows(db, &query, params![replies, since, now]).await?;
    let mut offline = HashSet::new();
    for (id, line, written_at) in rows {
        let line = LineId(line);
        let closed = settings_at(&lines, line, written_at).is_some_and(|a| {
            a.offline_message.is_some() && a.working_hours.is_some() && !is_open(a, written_at)
        });
        if closed && offline.insert(id) {
            steps.push(Step::Offline(ConversationId(id), line));
        }
    }

    let query = format!(
        "SELECT c.id, {LINE}, \
         (SELECT m.author_kind FROM messages m WHERE m.conversation_id = c.id \
          AND m.internal = FALSE AND m.deleted_at IS NULL \
          AND m.author_kind IN ('customer', 'employee') ORDER BY m.id DESC LIMIT 1), \
         (SELECT m.created_at FROM messages m WHERE m.conversation_id = c.id \
          AND m.internal = FALSE AND m.deleted_at IS NULL \
          AND m.author_kind IN ('customer', 'employee') ORDER BY m.id DESC LIMIT 1) \
         FROM conversations c JOIN chats h ON h.id = c.chat_id \
         WHERE ? AND c.status = 'in_progress' ORDER BY c.id"
    );
    type Silent = (i64, i64, Option<String>, Option<i64>);
    let closes = uses(|a| a.auto_close_hours.is_some());
    let rows: Vec<Silent> = sql::rows(db, &query, params![closes]).await?;
    for (id, line, author, at) in rows {
        let line = LineId(line);
        let Some(hours) = lines.get(&line).and_then(|l| l.automation.auto_close_hours) else {
            continue;
        };
        if let (Some("employee"), Some(at)) = (author.as_deref(), at) {
            if at + i64::from(hours) * HOUR <= now {
                steps.push(Step::Close(ConversationId(id), line));
            }
        }
    }

    let query = format!(
        "SELECT c.id, {LINE}, k.kind, c.closed_at FROM conversations c \
         JOIN chats h ON h.id = c.chat_id \
         JOIN connectors k ON k.id = c.connector_id \
         WHERE ? AND c.status = 'closed' AND c.rating_requested_at IS NULL \
         AND c.closed_at >= ? AND c.closed_at <= ? ORDER BY c.id"
    );
    let asks = uses(|a| a.rating_request);
    let rows: Vec<(i64, i64, Named<ConnectorKind>, i64)> =
        sql::rows(db, &query, params![asks, since, now]).await?;
    for (id, line, kind, closed_at) in rows {
        let line = LineId(line);
        if settings_at(&lines, line, closed_at).is_some_and(|a| a.rating_request) {
            steps.push(Step::AskRating(ConversationId(id), line, kind.0));
        }
    }
    // Conversations closed in this pass are asked too.
    let closing: Vec<(ConversationId, LineId)> = steps
        .iter()
        .filter_map(|step| match step {
            Step::Close(id, line) => Some((*id, *line)),
            _ => None,
        })
        .collect();
    for (id, line) in closing {
        if lines
            .get(&line)
            .is_some_and(|l| l.automation.rating_request)
        {
            let kind: Option<Named<ConnectorKind>> = sql::value(
                db,
                "SELECT k.kind FROM conversations c JOIN connectors k ON k.id = c.connector_id \
                 WHERE c.id = ?",
                params![id.0],
            )
            .await?;
            if let Some(kind) = kind {
                steps.push(Step::AskRating(id, line, kind.0));
            }
        }
    }
    Ok(steps)
}

/// Writes a message of the bot in `conversation`, queues its delivery and
/// records its event.
async fn say(
    db: &mut Conn,
    conversation: ConversationId,
    author: &str,
    text: &str,
    now: i64,
) -> Result<Message, ApiError> {
    let message = messages::NewMessage::by_bot(conversation, author, text, now);
    let id = messages::insert(db, &message).await?;
    super::delivery::queue_message(db, id, OutboundKind::MessageCreated, now).await?;
    let message = messages::by_id(db, id).await?.or_vanished("message")?;
    let summary = conversations::summary(db, conversation)
        .await?
        .or_vanished("conversation")?;
    let event = Event::MessageCreated {
        message: message.clone(),
    };
    events::record(db, now, &audience_of(&summary, &[]), event).await?;
    Ok(message)
}

async fn mark(db: &mut Conn, column: &str, id: ConversationId, now: i64) -> sqlx::Result<bool> {
    let query = format!("UPDATE conversations SET {column} = ? WHERE id = ? AND {column} IS NULL");
    sql::changed(db, &query, params![now, id.0]).await
}

/// Closes a silent conversation: its closing message, the close, a system
/// message saying why. False when it is no longer in progress.
async fn close(
    db: &mut Conn,
    id: ConversationId,
    name: &str,
    automation: &LineAutomation,
    now: i64,
) -> Result<bool, ApiError> {
    let before = conversations::summary(db, id)
        .await?
        .or_vanished("conversation")?;
    if before.status != ConversationStatus::InProgress {
        return Ok(false);
    }
    if let Some(text) = &automation.closing_message {
        say(db, id, name, text, now).await?;
    }
    let before = conversations::summary(db, id)
        .await?
        .or_vanished("conversation")?;
    let transition = Transition::new(ConversationStatus::Closed, before.assignee, now);
    if !actions::apply(db, id, before.version, &transition).await? {
        return Ok(false);
    }
    mark(db, "auto_closed_at", id, now).await?;
    let hours = automation.auto_close_hours.unwrap_or_default();
    let text = format!(
        "The conversation was closed automatically after {hours} h without an answer from the customer"
    );
    let system = system_messages::write_text(db, id, &text, now).await?;
    let after = conversations::summary(db, id)
        .await?
        .or_vanished("conversation")?;
    let previous: Vec<UserId> = before.assignee.into_iter().collect();
    let audience = audience_of(&after, &previous);
    events::record(
        db,
        now,
        &audience,
        Event::MessageCreated { message: system },
    )
    .await?;
    let event = Event::ConversationUpdated {
        conversation: after,
    };
    events::record(db, now, &audience, event).await?;
    Ok(true)
}

/// One pass of the rules at `now`, inside the caller's write transaction.
pub async fn pass(db: &mut Conn, now: i64) -> Result<Pass, ApiError> {
    let steps = plan(db, now).await?;
    let mut done = Pass::default();
    if steps.is_empty() {
        return Ok(done);
    }
    let lines = automated_lines(db).await?;
    for step in steps {
        match step {
            Step::Welcome(id, line) => {
                let Some(Automated {
                    name, automation, ..
                }) = lines.get(&line)
                else {
                    continue;
                };
                let Some(text) = &automation.welcome_message else {
                    continue;
                };
                if mark(db, "welcomed_at", id, now).await? {
                    say(db, id, name, text, now).await?;
                    done.welcomed.push(id);
                }
            }
            Step::Offline(id, line) => {
                let Some(Automated {
                    name, automation, ..
                }) = lines.get(&line)
                else {
                    continue;
                };
                let Some(text) = &automation.offline_message else {
                    continue;
                };
                if mark(db, "offline_replied_at", id, now).await? {
                    say(db, id, name, text, now).await?;
                    done.offline.push(id);
                }
            }
            Step::Close(id, line) => {
                let Some(Automated {
                    name, automation, ..
                }) = lines.get(&line)
                else {
                    continue;
                };
                if close(db, id, name, automation, now).await? {
                    done.closed.push(id);
                }
            }
            Step::AskRating(id, line, kind) => {
                let Some(Automated { name, .. }) = lines.get(&line) else {
                    continue;
                };
                if mark(db, "rating_requested_at", id, now).await? {
                    // The website chat asks in the widget.
                    if kind != ConnectorKind::Livechat {
                        say(db, id, name, LineAutomation::RATING_REQUEST, now).await?;
                    }
                    done.rating_requested.push(id);
                }
            }
        }
    }
    Ok(done)
}

/// One pass at `now` on the server's database: read first, and only when
/// there is something to do, again inside a write transaction (so a pass
/// with nothing to do never takes the write lock the webhook needs).
pub async fn run(state: &AppState, now: i64) -> Result<Pass, ApiError> {
    {
        let mut db = state.pool.acquire().await?;
        if plan(&mut db, now).await?.is_empty() {
            return Ok(Pass::default());
        }
    }
    let mut change = Change::begin(state).await?;
    change.now = now;
    let done = pass(&mut change.tx, now).await?;
    if !done.is_empty() {
        change.commit(state).await?;
    }
    Ok(done)
}

/// The events that may call for an automatic message.
const WAKES_ON: &[&str] = &[
    "conversation_created",
    "conversation_updated",
    "message_created",
    "line_updated",
];

/// Runs the passes for as long as the server runs: at start, after each
/// event that may call for an automatic message, and every [`TICK`].
pub fn start(state: AppState) {
    tokio::spawn(async move {
        let mut events = Follower::new(&state.events, WAKES_ON);
        loop {
            let pass = exclusively(
                &state,
                BackgroundTask::Automation,
                run(&state, store::now_ms()),
            );
            let wait = match pass.await {
                Ok(Some(_)) => TICK,
                // Another instance's pass: look again in a moment.
                Ok(None) => BUSY_RETRY,
                Err(error) => {
                    tracing::warn!(%error, "automation pass failed");
                    TICK
                }
            };
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
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
mod tests {
    //! The rules on a clock of the tests' own: every pass is given its time.

    use super::*;
    use crate::store::Db;

    const MINUTE: i64 = 60_000;

    /// Milliseconds since the epoch of a UTC time "YYYY-MM-DDTHH:MM".
    fn utc(at: &str) -> i64 {
        let time: jiff::civil::DateTime = at.parse().unwrap();
        time.to_zoned(TimeZone::UTC)
            .unwrap()
            .timestamp()
            .as_millisecond()
    }

    fn every_day(opens: &str, closes: &str) -> Vec<OpeningHours> {
        (1..=7)
            .map(|weekday| OpeningHours {
                weekday,
                opens: opens.into(),
                closes: closes.into(),
            })
            .collect()
    }

    fn hours(zone: &str, days: Vec<OpeningHours>, closed: &[&str]) -> LineAutomation {
        LineAutomation {
            time_zone: zone.into(),
            working_hours: Some(WorkingHours {
                days,
                closed_dates: closed.iter().map(|d| (*d).to_owned()).collect(),
            }),
            ..LineAutomation::default()
        }
    }

    #[test]
    fn hours_are_read_as_hh_mm() {
        assert_eq!(minutes_of("09:00"), Some(540));
        assert_eq!(minutes_of("24:00"), Some(1440));
        for wrong in ["9:00", "09:60", "24:01", "0900", "ab:cd", "09:00 "] {
            assert_eq!(minutes_of(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn only_a_lone_digit_from_one_to_five_is_a_rating() {
        assert_eq!(rating_score("4"), Some(4));
        assert_eq!(rating_score(" 5\n"), Some(5));
        for other in ["0", "6", "45", "4/5", "four", "", "4 stars"] {
            assert_eq!(rating_score(other), None, "{other}");
        }
    }

    #[test]
    fn without_working_hours_a_channel_is_always_open() {
        assert!(is_open(&LineAutomation::default(), utc("2026-01-01T03:00")));
    }

    #[test]
    fn nine_in_paris_moves_an_hour_earlier_in_utc_on_the_last_sunday_of_march() {
        let paris = hours("Europe/Paris", every_day("09:00", "18:00"), &[]);
        // Friday 27 March 2026, winter time (UTC+1).
        assert!(!is_open(&paris, utc("2026-03-27T07:59")));
        assert!(is_open(&paris, utc("2026-03-27T08:00")));
        assert!(is_open(&paris, utc("2026-03-27T16:59")));
        assert!(!is_open(&paris, utc("2026-03-27T17:00")));
        // Monday 30 March 2026, summer time (UTC+2) since Sunday.
        assert!(!is_open(&paris, utc("2026-03-30T06:59")));
        assert!(is_open(&paris, utc("2026-03-30T07:00")));
        assert!(is_open(&paris, utc("2026-03-30T15:59")));
        assert!(!is_open(&paris, utc("2026-03-30T16:00")));
    }

    #[test]
    fn the_same_instant_is_open_in_one_time_zone_and_closed_in_another() {
        let at = utc("2026-06-10T14:00");
        let days = every_day("09:00", "17:00");
        assert!(is_open(&hours("Europe/Paris", days.clone(), &[]), at));
        assert!(is_open(&hours("America/New_York", days.clone(), &[]), at));
        assert!(!is_open(&hours("Asia/Tokyo", days.clone(), &[]), at));
        assert!(!is_open(&hours("America/Los_Angeles", days, &[]), at));
    }

    #[test]
    fn closed_dates_and_days_without_hours_are_closed_in_the_channels_own_calendar() {
        let paris = hours("Europe/Paris", every_day("00:00", "24:00"), &["2026-12-25"]);
        // 23:30 UTC on the 24th is already the 25th in Paris.
        assert!(is_open(&paris, utc("2026-12-24T22:30")));
        assert!(!is_open(&paris, utc("2026-12-24T23:30")));
        assert!(is_open(&paris, utc("2026-12-25T23:30")));
        let weekdays: Vec<OpeningHours> = every_day("09:00", "18:00")
            .into_iter()
            .filter(|day| day.weekday <= 5)
            .collect();
        let utc_hours = hours("UTC", weekdays, &[]);
        // Saturday 13 and Sunday 14 June 2026 have no hours.
        assert!(!is_open(&utc_hours, utc("2026-06-13T10:00")));
        assert!(!is_open(&utc_hours, utc("2026-06-14T10:00")));
        assert!(is_open(&utc_hours, utc("2026-06-15T10:00")));
    }

    fn field_of(result: Result<LineAutomation, ApiError>) -> &'static str {
        match result {
            Err(ApiError::InvalidField { field, .. }) => field,
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn settings_are_checked_field_by_field_and_stored_tidy() {
        let good = hours("Europe/Paris", every_day("09:00", "18:00"), &["2026-12-25"]);
        assert!(check(&good).is_ok());
        let mut wrong = good.clone();
        wrong.time_zone = "Mars/Olympus".into();
        assert_eq!(field_of(check(&wrong)), "time_zone");
        for (opens, closes) in [("18:00", "09:00"), ("09:00", "09:00"), ("9", "18:00")] {
            let wrong = hours("UTC", every_day(opens, closes), &[]);
            assert_eq!(field_of(check(&wrong)), "working_hours");
        }
        let mut day = every_day("09:00", "18:00");
        day[0].weekday = 8;
        assert_eq!(field_of(check(&hours("UTC", day, &[]))), "working_hours");
        for date in ["2026-02-30", "25/12/2026", "2026-1-05"] {
            let wrong = hours("UTC", Vec::new(), &[date]);
            assert_eq!(field_of(check(&wrong)), "closed_dates", "{date}");
        }
        for (hours, ok) in [(0, false), (1, true), (720, true), (721, false)] {
            let asked = LineAutomation {
                auto_close_hours: Some(hours),
                ..LineAutomation::default()
            };
            assert_eq!(check(&asked).is_ok(), ok, "{hours} h");
        }
        let long = LineAutomation {
            welcome_message: Some("a".repeat(1001)),
            ..LineAutomation::default()
        };
        assert_eq!(field_of(check(&long)), "welcome_message");
        let blank = LineAutomation {
            welcome_message: Some("  Hello  ".into()),
            closing_message: Some("   ".into()),
            ..hours(
                "UTC",
                Vec::new(),
                &["2026-01-02", "2026-01-01", "2026-01-02"],
            )
        };
        let stored = check(&blank).unwrap();
        assert_eq!(stored.welcome_message.as_deref(), Some("Hello"));
        assert_eq!(stored.closing_message, None);
        assert_eq!(
            stored.working_hours.unwrap().closed_dates,
            vec!["2026-01-01", "2026-01-02"]
        );
    }

    /// A channel with one connector, an operator, in a fresh database.
    struct World {
        _dir: tempfile::TempDir,
        pool: Db,
        line: i64,
        connector: i64,
        operator: i64,
    }

    impl World {
        async fn new(kind: &str, automation: &LineAutomation) -> Self {
            let (dir, pool) = store::test_database().await;
            let line: i64 = sqlx::query_scalar(
                "INSERT INTO lines (name, mode, automation) VALUES ('VIP', 'all', ?) RETURNING id",
            )
            .bind(serde_json::to_string(automation).unwrap())
            .fetch_one(&pool)
            .await
            .unwrap();
            let operator: i64 = sqlx::query_scalar(
                "INSERT INTO users (name, email, role, presence, password_hash, created_at) \
                 VALUES ('Olivia', 'olivia@example.com', 'operator', 'online', 'x', 0) \
                 RETURNING id",
            )
            .fetch_one(&pool)
            .await
            .unwrap();
            let connector = store::test_connector(&pool, line, kind).await;
            Self {
                _dir: dir,
                pool,
                line,
                connector,
                operator,
            }
        }

        /// A new customer writes at `at`: a new unanswered session.
        async fn new_session(&self, at: i64) -> ConversationId {
            let id = store::test_conversation(&self.pool, self.line, self.connector, at).await;
            self.write(id, "customer", "Hello?", at).await;
            id
        }

        async fn write(&self, id: ConversationId, kind: &str, text: &str, at: i64) {
            sqlx::query(
                "INSERT INTO messages (conversation_id, author_kind, author_name, text, \
                 created_at) VALUES (?, ?, 'Someone', ?, ?)",
            )
            .bind(id.0)
            .bind(kind)
            .bind(text)
            .bind(at)
            .execute(&self.pool)
            .await
            .unwrap();
        }

        /// The operator answers at `at`: in progress, their reply last.
        async fn answer(&self, id: ConversationId, at: i64) {
            sqlx::query(
                "UPDATE conversations SET status = 'in_progress', assignee_id = ?, \
                 waiting_since = NULL, version = version + 1 WHERE id = ?",
            )
            .bind(self.operator)
            .bind(id.0)
            .execute(&self.pool)
            .await
            .unwrap();
            self.write(id, "employee", "How can I help?", at).await;
        }

        async fn close(&self, id: ConversationId, at: i64) {
            sqlx::query("UPDATE conversations SET status = 'closed', closed_at = ? WHERE id = ?")
                .bind(at)
                .bind(id.0)
                .execute(&self.pool)
                .await
                .unwrap();
        }

        async fn pass(&self, now: i64) -> Pass {
            let mut tx = store::begin_write(&self.pool).await.unwrap();
            let pass = pass(&mut tx, now).await.unwrap();
            tx.commit().await.unwrap();
            pass
        }

        /// The texts of the bot's messages in the conversation, in order.
        async fn bot_said(&self, id: ConversationId) -> Vec<String> {
            sqlx::query_scalar(
                "SELECT text FROM messages WHERE conversation_id = ? AND author_kind = 'bot' \
                 ORDER BY id",
            )
            .bind(id.0)
            .fetch_all(&self.pool)
            .await
            .unwrap()
        }

        async fn status(&self, id: ConversationId) -> String {
            sqlx::query_scalar("SELECT status FROM conversations WHERE id = ?")
                .bind(id.0)
                .fetch_one(&self.pool)
                .await
                .unwrap()
        }
    }

    #[tokio::test]
    async fn a_new_session_is_welcomed_once() {
        let automation = LineAutomation {
            welcome_message: Some("Welcome to VIP".into()),
            ..LineAutomation::default()
        };
        let world = World::new("webhook", &automation).await;
        let start = utc("2026-06-15T10:00");
        let id = world.new_session(start).await;
        let pass = world.pass(start + 1000).await;
        assert_eq!(pass.welcomed, vec![id]);
        assert!(world.pass(start + 2000).await.welcomed.is_empty());
        world.write(id, "customer", "Anyone?", start + 3000).await;
        assert!(world.pass(start + 4000).await.welcomed.is_empty());
        assert_eq!(world.bot_said(id).await, vec!["Welcome to VIP"]);
        // A session that began before the welcome was set is left alone.
        let before = world.new_session(start + 5000).await;
        sqlx::query("UPDATE lines SET automation_at = ?")
            .bind(start + 6000)
            .execute(&world.pool)
            .await
            .unwrap();
        world.new_session(start + 7000).await;
        assert_eq!(world.pass(start + 8000).await.welcomed.len(), 1);
        assert!(world.bot_said(before).await.is_empty());
        // A session older than the pass looks back is left alone.
        let old = world.new_session(start).await;
        assert!(world
            .pass(start + RECENT + MINUTE)
            .await
            .welcomed
            .is_empty());
        assert!(world.bot_said(old).await.is_empty());
    }

    #[tokio::test]
    async fn outside_working_hours_the_offline_reply_goes_once_per_session() {
        let automation = LineAutomation {
            offline_message: Some("We are closed".into()),
            ..hours("Europe/Paris", every_day("09:00", "18:00"), &[])
        };
        let world = World::new("webhook", &automation).await;
        // 20:00 in Paris (summer time).
        let evening = utc("2026-06-15T18:00");
        let id = world.new_session(evening).await;
        world
            .write(id, "customer", "Still there?", evening + MINUTE)
            .await;
        let pass = world.pass(evening + 2 * MINUTE).await;
        assert_eq!(pass.offline, vec![id]);
        world
            .write(id, "customer", "Hello?", evening + 3 * MINUTE)
            .await;
        assert!(world.pass(evening + 4 * MINUTE).await.offline.is_empty());
        assert_eq!(world.bot_said(id).await, vec!["We are closed"]);
        // A new session during working hours gets nothing.
        let morning = utc("2026-06-16T08:00");
        let open = world.new_session(morning).await;
        assert!(world.pass(morning + MINUTE).await.offline.is_empty());
        assert!(world.bot_said(open).await.is_empty());
    }

    #[tokio::test]
    async fn a_silent_customer_is_closed_after_the_hours_with_the_closing_message_and_asked_for_a_rating(
    ) {
        let automation = LineAutomation {
            auto_close_hours: Some(2),
            closing_message: Some("Closing now, write again any time".into()),
            rating_request: true,
            ..LineAutomation::default()
        };
        let world = World::new("telegram", &automation).await;
        let start = utc("2026-06-15T10:00");
        let answered = world.new_session(start).await;
        world.answer(answered, start + MINUTE).await;
        // The customer answered the other one: it stays open.
        let talking = world.new_session(start).await;
        world.answer(talking, start + MINUTE).await;
        world
            .write(talking, "customer", "Thanks", start + 2 * MINUTE)
            .await;

        let pass = world.pass(start + MINUTE + 2 * HOUR - 1).await;
        assert!(pass.closed.is_empty(), "not yet two hours");
        let pass = world.pass(start + MINUTE + 2 * HOUR).await;
        assert_eq!(pass.closed, vec![answered]);
        assert_eq!(pass.rating_requested, vec![answered]);
        assert_eq!(world.status(answered).await, "closed");
        assert_eq!(world.status(talking).await, "in_progress");
        assert_eq!(
            world.bot_said(answered).await,
            vec![
                "Closing now, write again any time".to_owned(),
                LineAutomation::RATING_REQUEST.to_owned()
            ]
        );
        let system: Vec<String> = sqlx::query_scalar(
            "SELECT text FROM messages WHERE conversation_id = ? AND author_kind = 'system'",
        )
        .bind(answered.0)
        .fetch_all(&world.pool)
        .await
        .unwrap();
        assert_eq!(
            system,
            vec!["The conversation was closed automatically after 2 h without an answer from the customer"]
        );
        let later = world.pass(start + 3 * HOUR).await;
        assert_eq!(later, Pass::default(), "nothing twice");
    }

    #[tokio::test]
    async fn a_finished_conversation_is_asked_for_a_rating_except_on_the_website_chat() {
        let automation = LineAutomation {
            rating_request: true,
            ..LineAutomation::default()
        };
        let start = utc("2026-06-15T10:00");
        let world = World::new("webhook", &automation).await;
        let id = world.new_session(start).await;
        world.answer(id, start + MINUTE).await;
        world.close(id, start + 2 * MINUTE).await;
        assert_eq!(
            world.pass(start + 3 * MINUTE).await.rating_requested,
            vec![id]
        );
        assert!(world
            .pass(start + 4 * MINUTE)
            .await
            .rating_requested
            .is_empty());
        assert_eq!(
            world.bot_said(id).await,
            vec![LineAutomation::RATING_REQUEST.to_owned()]
        );

        let website = World::new("livechat", &automation).await;
        let id = website.new_session(start).await;
        website.close(id, start + MINUTE).await;
        assert_eq!(
            website.pass(start + 2 * MINUTE).await.rating_requested,
            vec![id]
        );
        assert!(website.bot_said(id).await.is_empty(), "the widget asks");
    }

    #[test]
    fn new_conversations_and_messages_wake_automation() {
        assert!(WAKES_ON.contains(&"message_created"));
        assert!(WAKES_ON.contains(&"conversation_created"));
        assert!(!WAKES_ON.contains(&"presence_changed"));
    }
}
