//! The event log: appended in the same transaction as the change it describes.

use std::borrow::Cow;
use std::sync::OnceLock;

use sqlx::SqliteConnection;
use switchboard_protocol::{frame_event_tag, LineId, UserId};

use super::sql::{self, params};
use super::StoreError;

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
        let users: Vec<UserId> = serde_json::from_str(&self.audience)?;
        let audience = match (self.scope.as_str(), self.line_id) {
            ("all", None) => Audience::All,
            ("users", None) => Audience::Users(users),
            ("conversation", Some(line)) => Audience::Conversation {
                line: LineId(line),
                involved: users,
            },
            (scope, line) => {
                return Err(StoreError::Unreadable(format!(
                    "event {}: scope {scope:?} with line {line:?}",
                    self.seq
                )));
            }
        };
        Ok(StoredEvent {
            seq: self.seq,
            audience,
            frame: self.payload,
            kind: OnceLock::new(),
        })
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
    db: &mut SqliteConnection,
    at: i64,
    audience: &Audience,
    frame: impl FnOnce(i64) -> Result<String, serde_json::Error>,
) -> Result<i64, StoreError> {
    let (scope, line, users) = audience_columns(audience)?;
    let query =
        "INSERT INTO events (at, scope, line_id, audience, payload) VALUES (?, ?, ?, ?, '')";
    let seq = sql::insert(db, query, params![at, scope, line, users]).await?;
    let query = "UPDATE events SET payload = ? WHERE seq = ?";
    sql::run(db, query, params![frame(seq)?, seq]).await?;
    Ok(seq)
}

/// The last sequence number handed out (0 before the first event), for a
/// writer that numbers its own events and appends them with
/// [`INSERT_NUMBERED`].
pub(crate) const LAST_SEQ: &str =
    "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0), \
                COALESCE((SELECT MAX(seq) FROM events), 0))";

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
    db: &mut SqliteConnection,
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
pub async fn bounds(db: &mut SqliteConnection) -> sqlx::Result<(i64, i64)> {
    let (min, max): (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT MIN(seq), MAX(seq) FROM events")
            .fetch_one(db)
            .await?;
    Ok((min.unwrap_or(0), max.unwrap_or(0)))
}

/// Forgets events older than the `keep` latest ones.
pub async fn prune(db: &mut SqliteConnection, latest: i64, keep: i64) -> sqlx::Result<()> {
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
