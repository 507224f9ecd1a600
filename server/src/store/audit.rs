//! The audit log: who changed which setting, when. Entries are only added.

use switchboard_protocol::{AuditAction, AuditEntry, AuditKind, AuditQuery, UserId};

use super::names::Named;
use super::sql::{self, params};
use crate::store::Conn;

/// One change to record.
pub struct NewEntry<'a> {
    /// Who (`None`: the command line).
    pub actor: Option<(UserId, &'a str)>,
    /// What.
    pub action: AuditAction,
    /// The name of what changed.
    pub subject: &'a str,
    /// More about it, in English.
    pub details: String,
}

/// Appends an entry (inside the change's transaction).
pub async fn insert(db: &mut Conn, entry: &NewEntry<'_>, at: i64) -> sqlx::Result<()> {
    let query = "INSERT INTO audit_log (at, actor_id, actor_name, action, kind, subject, details) \
        VALUES (?, ?, ?, ?, ?, ?, ?)";
    let (actor_id, actor_name) = match entry.actor {
        Some((id, name)) => (Some(id.0), name),
        None => (None, "Command line"),
    };
    sql::run(
        db,
        query,
        params![
            at,
            actor_id,
            actor_name,
            entry.action.as_str(),
            entry.action.kind().as_str(),
            entry.subject,
            entry.details.as_str()
        ],
    )
    .await
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    at: i64,
    actor_id: Option<i64>,
    actor_name: String,
    action: Named<AuditAction>,
    kind: Named<AuditKind>,
    subject: String,
    details: String,
}

/// Up to `limit` entries matching `query`, newest first.
pub async fn page(db: &mut Conn, query: &AuditQuery, limit: u32) -> sqlx::Result<Vec<AuditEntry>> {
    let sql = "SELECT id, at, actor_id, actor_name, action, kind, subject, details FROM audit_log \
        WHERE (?1 IS NULL OR actor_id = ?1) AND (?2 IS NULL OR kind = ?2) \
          AND (?3 IS NULL OR id < ?3) \
        ORDER BY id DESC LIMIT ?4";
    let rows: Vec<Row> = sql::rows(
        db,
        sql,
        params![
            query.actor.map(|actor| actor.0),
            query.kind.map(AuditKind::as_str),
            query.before,
            i64::from(limit)
        ],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| AuditEntry {
            id: row.id,
            at: row.at,
            actor_id: row.actor_id.map(UserId),
            actor_name: row.actor_name,
            action: row.action.0,
            kind: row.kind.0,
            subject: row.subject,
            details: row.details,
        })
        .collect())
}
