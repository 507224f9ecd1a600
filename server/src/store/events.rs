//! The event log: appended in the same transaction as the change it describes.

use std::borrow::Cow;
use std::sync::OnceLock;

use switchboard_protocol::{frame_event_tag, LineId, UserId};

use super::sql::{self, params};
use super::StoreError;
use crate::store::Conn;

/// Who may receive an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// Every employee.
    All,
    /// Only these employees.
    Users(Vec<UserId>),
    /// Admins, supervisors, members of the line, and these employees
    /// (assignee, participants, a previous assignee).
    Conversation {
        /// The conversation's line.
        line: LineId,
        /// Employees involved in the conversation.
        involved: Vec<UserId>,
    },
}

impl Audience {
    /// Only these employees, each once.
    pub fn users(users: impl IntoIterator<Item = UserId>) -> Self {
        Self::Users(sorted_once(users))
    }

    /// The employees who may see a conversation of `line`, with these
    /// employees involved in it (each once).
    pub fn conversation(line: LineId, involved: impl IntoIterator<Item = UserId>) -> Self {
        Self::Conversation {
            line,
            involved: sorted_once(involved),
        }
    }
}

fn sorted_once(users: impl IntoIterator<Item = UserId>) -> Vec<UserId> {
    let mut users: Vec<UserId> = users.into_iter().collect();
    users.sort();
    users.dedup();
    users
}

/// A stored event, ready to send.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    /// Sequence number.
    pub seq: i64,
    /// Who may receive it.
    pub audience: Audience,
    /// The JSON of its `ServerFrame::Event`.
    pub frame: String,
    /// Its event's `type` tag: known when the event was numbered here, read
    /// from `frame` at most once otherwise (the tasks that follow events
    /// share one copy of each).
    kind: OnceLock<Option<Cow<'static, str>>>,
}

impl StoredEvent {
    /// Its event's `type` tag (`None` for a frame that carries no event).
    pub fn kind(&self) -> Option<&str> {
        self.kind
            .get_or_init(|| frame_event_tag(&self.frame).map(Cow::Owned))
            .as_deref()
    }
}

#[derive(sqlx::FromRow)]
struct EventRow {
    seq: i64,
    scope: String,
    line_id: Option<i64>,
    audience: String,
    payload: String,
}

impl EventRow {
    /// The event, failing on an audience this version cannot read (sending
    /// it to a guessed audience could show it to the wrong employees).
    fn into_stored(self) -> Result<StoredEvent, StoreError> {
        let audience =
            audience_from_columns(&self.scope, self.line_id, &self.audience).map_err(|error| {
                match error {
                    StoreError::Unreadable(why) => {
                        StoreError::Unreadable(format!("event {}: {why}", self.seq))
                    }
                    other => other,
                }
            })?;
        Ok(StoredEvent {
            seq: self.seq,
            audience,
            frame: self.payload,
            kind: OnceLock::new(),
        })
    }
}

/// An audience read back from its [`audience_columns`], failing on one this
/// version cannot read (a guessed audience could show an event to the wrong
/// employees).
pub(crate) fn audience_from_columns(
    scope: &str,
    line: Option<i64>,
    users: &str,
) -> Result<Audience, StoreError> {
    let users: Vec<UserId> = serde_json::from_str(users)?;
    match (scope, line) {
        ("all", None) => Ok(Audience::All),
        ("users", None) => Ok(Audience::Users(users)),
        ("conversation", Some(line)) => Ok(Audience::Conversation {
            line: LineId(line),
            involved: users,
        }),
        (scope, line) => Err(StoreError::Unreadable(format!(
            "scope {scope:?} with line {line:?}"
        ))),
    }
}

/// How an audience is stored: scope, line and employees (JSON).
pub(crate) fn audience_columns(
    audience: &Audience,
) -> Result<(&'static str, Option<i64>, String), serde_json::Error> {
    let (scope, line, users) = match audience {
        Audience::All => ("all", None, &[][..]),
        Audience::Users(users) => ("users", None, &users[..]),
        Audience::Conversation { line, involved } => ("conversation", Some(line.0), &involved[..]),
    };
    Ok((scope, line, serde_json::to_string(users)?))
}

/// Appends an event; `frame` builds the JSON of the frame from the sequence
/// number the row received.
pub async fn append(
    db: &mut Conn,
    at: i64,
    audience: &Audience,
    frame: impl FnOnce(i64) -> Result<String, serde_json::Error>,
) -> Result<i64, StoreError> {
    let (scope, line, users) = audience_columns(audience)?;
    lock_numbering(db).await?;
    let query =
        "INSERT INTO events (at, scope, line_id, audience, payload) VALUES (?, ?, ?, ?, '') \
         RETURNING seq";
    let seq = sql::one(db, query, params![at, scope, line, users]).await?;
    let query = "UPDATE events SET payload = ? WHERE seq = ?";
    sql::run(db, query, params![frame(seq)?, seq]).await?;
    notify_appended(db, seq).await?;
    Ok(seq)
}

/// The PostgreSQL channel on which a transaction that appended events
/// announces the last one's number: every instance listens on it
/// (`services::events_listener`) and reads the new events from the table.
pub const EVENTS_CHANNEL: &str = "switchboard_events";

/// Announces, on PostgreSQL, that events up to `seq` are appended: the
/// notification carries the number only (never the event), and PostgreSQL
/// delivers it when the transaction commits, after the rows are visible,
/// or never if it rolls back. Nothing on SQLite, where one instance
/// publishes its own commits.
pub async fn notify_appended(db: &mut Conn, seq: i64) -> sqlx::Result<()> {
    if super::Dialect::of(db) == super::Dialect::Postgres {
        // Counted so the statement returns a type every driver reads
        // (`pg_notify` returns `void`).
        let query = "SELECT COUNT(*) FROM (SELECT pg_notify(?, ?)) AS sent";
        let _: i64 = sql::one(db, query, params![EVENTS_CHANNEL, seq.to_string()]).await?;
    }
    Ok(())
}

/// The last sequence number handed out (0 before the first event), for a
/// writer that numbers its own events and appends them with
/// [`INSERT_NUMBERED`].
pub(crate) const LAST_SEQ: &str =
    "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0), \
                COALESCE((SELECT MAX(seq) FROM events), 0))";

/// [`LAST_SEQ`] on PostgreSQL: the sequence's last value stands for
/// SQLite's `sqlite_sequence`.
pub(crate) const LAST_SEQ_POSTGRES: &str =
    "SELECT GREATEST(COALESCE((SELECT MAX(seq) FROM events), 0), \
        COALESCE(pg_sequence_last_value(pg_get_serial_sequence('events', 'seq')::regclass), 0))";

/// Moves PostgreSQL's sequence of event numbers to the given one, after a
/// writer appended events it numbered itself ([`INSERT_NUMBERED`]).
pub(crate) const SET_SEQ_POSTGRES: &str =
    "SELECT setval(pg_get_serial_sequence('events', 'seq'), ?)";

/// Makes a transaction the only one appending events until it ends.
///
/// On SQLite the write transaction holds the database's one write lock
/// already. On PostgreSQL transactions write side by side: two could take
/// numbers 5 and 6 and commit 6 first, and a reader following the table
/// would pass 5 before it exists. A transaction-scoped advisory lock makes
/// the event writers take their numbers one transaction after the other,
/// so numbers follow commit order there too. Write transactions take it
/// as they begin ([`super::begin_write`], which says why); taking it again
/// in the same transaction is free.
pub async fn lock_numbering(db: &mut Conn) -> sqlx::Result<()> {
    if super::Dialect::of(db) == super::Dialect::Postgres {
        sql::run(db, "SELECT pg_advisory_xact_lock(?)", params![EVENTS_LOCK]).await?;
    }
    Ok(())
}

/// The key of the advisory lock [`lock_numbering`] takes ("events" in
/// ASCII).
const EVENTS_LOCK: i64 = 0x6576_656e_7473;

/// An event numbered by the caller, ready to append with [`INSERT_NUMBERED`].
#[derive(Debug, Clone)]
pub struct NumberedEvent {
    /// Its sequence number.
    pub seq: i64,
    /// When it happened (ms since the epoch).
    pub at: i64,
    /// Who may receive it.
    pub audience: Audience,
    /// The `ServerFrame` sent to sockets, as JSON.
    pub frame: String,
    /// Its event's `type` tag.
    pub kind: &'static str,
}

impl NumberedEvent {
    /// The event as published once committed.
    pub fn into_stored(self) -> StoredEvent {
        StoredEvent {
            seq: self.seq,
            audience: self.audience,
            frame: self.frame,
            kind: OnceLock::from(Some(Cow::Borrowed(self.kind))),
        }
    }
}

/// Appends an event under a sequence number the caller chose: seq, time,
/// scope, line, employees, frame. Only valid inside a write transaction
/// (which excludes every other writer) that read [`LAST_SEQ`] and counts up
/// from it; the explicit number also advances `AUTOINCREMENT`, so later
/// [`append`]s continue after it.
pub(crate) const INSERT_NUMBERED: &str =
    "INSERT INTO events (seq, at, scope, line_id, audience, payload) VALUES (?, ?, ?, ?, ?, ?)";

/// Forgets the events numbered up to the given one, included.
pub(crate) const FORGET_THROUGH: &str = "DELETE FROM events WHERE seq <= ?";

/// Events after `after`, up to `through` included, at most `limit`, in order.
pub async fn range(
    db: &mut Conn,
    after: i64,
    through: i64,
    limit: i64,
) -> Result<Vec<StoredEvent>, StoreError> {
    let query = "SELECT seq, scope, line_id, audience, payload FROM events \
        WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?";
    let rows: Vec<EventRow> = sql::rows(db, query, params![after, through, limit]).await?;
    rows.into_iter().map(EventRow::into_stored).collect()
}

/// The oldest retained and the latest sequence numbers (0 when empty).
pub async fn bounds(db: &mut Conn) -> sqlx::Result<(i64, i64)> {
    let query = "SELECT MIN(seq), MAX(seq) FROM events";
    let (min, max): (Option<i64>, Option<i64>) = sql::one_row(db, query, params![]).await?;
    Ok((min.unwrap_or(0), max.unwrap_or(0)))
}

/// Forgets events older than the `keep` latest ones.
pub async fn prune(db: &mut Conn, latest: i64, keep: i64) -> sqlx::Result<()> {
    sql::run(db, FORGET_THROUGH, params![latest - keep.max(1)]).await
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn stored(
        scope: &str,
        line: Option<i64>,
        audience: &str,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let (_dir, pool) = crate::store::test_database().await;
        let mut db = pool.acquire().await.unwrap();
        sqlx::query(
            "INSERT INTO events (at, scope, line_id, audience, payload) VALUES (0, ?, ?, ?, '{}')",
        )
        .bind(scope)
        .bind(line)
        .bind(audience)
        .execute(&mut *db)
        .await
        .unwrap();
        range(&mut db, 0, i64::MAX, 10).await
    }

    #[tokio::test]
    async fn an_audience_reads_back_or_the_event_is_refused() {
        let read = stored("conversation", Some(2), "[7]").await.unwrap();
        assert_eq!(
            read[0].audience,
            Audience::Conversation {
                line: LineId(2),
                involved: vec![UserId(7)]
            }
        );
        // Guessing would send the event to the wrong employees.
        assert!(stored("conversation", None, "[]").await.is_err());
        assert!(stored("users", None, "not json").await.is_err());
    }
}
