//! Writes of the conversation actions: guarded state transitions, the lock,
//! and the history of earlier sessions.

use sqlx::QueryBuilder;
use switchboard_protocol::{ChatId, ConversationId, ConversationStatus, LineId, UserId};

use super::sql::{self, params};
use crate::store::{Backend, Conn};

/// The state a conversation moves to.
#[derive(Debug, Clone, Copy)]
pub struct Transition {
    /// New status.
    pub status: ConversationStatus,
    /// New assignee.
    pub assignee: Option<UserId>,
    /// New line (`None`: unchanged).
    pub line: Option<LineId>,
    /// New lock holder.
    pub locked_by: Option<UserId>,
    /// When it happens.
    pub now: i64,
}

impl Transition {
    /// A move to `status` with `assignee`, in the same line, unlocked.
    pub fn new(status: ConversationStatus, assignee: Option<UserId>, now: i64) -> Self {
        Self {
            status,
            assignee,
            line: None,
            locked_by: None,
            now,
        }
    }
}

/// Applies a transition if the conversation is still at `expected_version`
/// (optimistic concurrency). Returns false when it changed meanwhile, in
/// which case nothing was written. Any offer ends. Closing sets `closed_at` and stops the
/// waiting clock; going back to unanswered starts it if it is not running.
/// A new status or assignee ends a snooze (a lock does not).
pub async fn apply(
    db: &mut Conn,
    id: ConversationId,
    expected_version: i64,
    change: &Transition,
) -> sqlx::Result<bool> {
    let open = change.status.is_open();
    let query =
        "UPDATE conversations SET status = ?1, assignee_id = ?2, line_id = COALESCE(?3, line_id), \
        locked_by = ?4, last_activity_at = ?5, offer_expires_at = NULL, \
        snoozed_until = CASE WHEN status = ?1 AND assignee_id IS NOT DISTINCT FROM ?2 THEN snoozed_until END, \
        closed_at = CASE WHEN ?6 THEN NULL ELSE ?5 END, \
        waiting_since = CASE WHEN NOT ?6 THEN NULL \
        WHEN ?1 = 'unanswered' THEN COALESCE(waiting_since, ?5) ELSE waiting_since END, \
        version = version + 1 WHERE id = ?7 AND version = ?8";
    sql::changed(
        db,
        query,
        params![
            change.status.as_str(),
            change.assignee.map(|u| u.0),
            change.line.map(|l| l.0),
            change.locked_by.map(|u| u.0),
            change.now,
            open,
            id.0,
            expected_version
        ],
    )
    .await
}

/// Bumps the version and activity time without changing the state (an
/// invitation), guarded like [`apply`].
pub async fn touch(
    db: &mut Conn,
    id: ConversationId,
    expected_version: i64,
    now: i64,
) -> sqlx::Result<bool> {
    let query = "UPDATE conversations SET last_activity_at = ?, version = version + 1 \
        WHERE id = ? AND version = ?";
    sql::changed(db, query, params![now, id.0, expected_version]).await
}

/// Sessions of a chat older than `before_session`, newest first, optionally
/// only those with a (not deleted) message containing `text`.
pub async fn earlier_sessions(
    db: &mut Conn,
    chat: ChatId,
    before_session: i64,
    text: Option<&str>,
    limit: u32,
) -> sqlx::Result<Vec<(ConversationId, i64)>> {
    let mut query = QueryBuilder::<Backend>::new(
        "SELECT c.id, c.session_number FROM conversations c WHERE c.chat_id = ",
    );
    query.push_bind(chat.0);
    query.push(" AND c.session_number < ");
    query.push_bind(before_session);
    if let Some(text) = text {
        query.push(" AND ");
        let dialect = super::Dialect::of(db);
        super::conversations::push_has_message_containing(&mut query, dialect, text);
    }
    query.push(" ORDER BY c.session_number DESC LIMIT ");
    query.push_bind(i64::from(limit));
    let rows: Vec<(i64, i64)> = sql::built_rows(db, &mut query).await?;
    Ok(rows
        .into_iter()
        .map(|(id, number)| (ConversationId(id), number))
        .collect())
}

/// The display name of a line.
pub async fn line_name(db: &mut Conn, line: LineId) -> sqlx::Result<Option<String>> {
    let query = "SELECT name FROM lines WHERE id = ?";
    sql::value(db, query, params![line.0]).await
}

/// Queue members of a line.
pub async fn line_members(db: &mut Conn, line: LineId) -> sqlx::Result<Vec<UserId>> {
    let query = "SELECT user_id FROM line_members WHERE line_id = ?";
    let ids: Vec<i64> = sql::column(db, query, params![line.0]).await?;
    Ok(ids.into_iter().map(UserId).collect())
}
