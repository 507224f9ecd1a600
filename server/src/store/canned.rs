//! Canned responses.

use switchboard_protocol::{CannedResponseId, CannedScope, LineId, UserId};

use super::sql::{self, params};
use crate::store::Conn;

/// A stored canned response (permissions are decided by the service).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CannedRow {
    /// Id.
    pub id: i64,
    /// Owner of a personal response.
    pub owner_id: Option<i64>,
    /// Line of a shared response.
    pub line_id: Option<i64>,
    /// Title.
    pub title: String,
    /// Text.
    pub text: String,
    /// Shortcut without `#`.
    pub shortcut: Option<String>,
}

impl CannedRow {
    /// Its scope.
    pub fn scope(&self) -> CannedScope {
        match self.line_id {
            Some(line) => CannedScope::Line {
                line_id: LineId(line),
            },
            None => CannedScope::Personal,
        }
    }
}

/// Values of a new or edited response.
pub struct CannedValues<'a> {
    /// Title.
    pub title: &'a str,
    /// Text.
    pub text: &'a str,
    /// Shortcut.
    pub shortcut: Option<&'a str>,
    /// Owner (personal) ...
    pub owner: Option<UserId>,
    /// ... or line (shared).
    pub line: Option<LineId>,
}

const COLUMNS: &str = "id, owner_id, line_id, title, text, shortcut";

/// The responses of `owner` plus those of `lines` (every line when `None`),
/// matching `q` in title, text or shortcut; personal first, then by title.
pub async fn visible(
    db: &mut Conn,
    owner: UserId,
    lines: Option<&[LineId]>,
    q: Option<&str>,
) -> sqlx::Result<Vec<CannedRow>> {
    let mut query = sqlx::QueryBuilder::<crate::store::Backend>::new(format!(
        "SELECT {COLUMNS} FROM canned_responses WHERE (owner_id = "
    ));
    query.push_bind(owner.0);
    match lines {
        None => {
            query.push(" OR line_id IS NOT NULL");
        }
        Some(lines) if !lines.is_empty() => {
            query.push(" OR line_id IN ");
            sql::push_list(&mut query, lines.iter().map(|line| line.0));
        }
        Some(_) => {}
    }
    query.push(")");
    if let Some(q) = q {
        query.push(" AND (");
        let dialect = crate::store::Dialect::of(db);
        sql::push_any_contains(&mut query, dialect, &["title", "text", "shortcut"], q);
        query.push(")");
    }
    query.push(" ORDER BY owner_id IS NULL, lower(title), id LIMIT 500");
    sql::built_rows(db, &mut query).await
}

/// One response.
pub async fn by_id(db: &mut Conn, id: CannedResponseId) -> sqlx::Result<Option<CannedRow>> {
    let query = format!("SELECT {COLUMNS} FROM canned_responses WHERE id = ?");
    sql::row(db, &query, params![id.0]).await
}

/// Creates a response.
pub async fn insert(
    db: &mut Conn,
    values: &CannedValues<'_>,
    now: i64,
) -> sqlx::Result<CannedResponseId> {
    let query = "INSERT INTO canned_responses (owner_id, line_id, title, text, shortcut, created_at, updated_at) \
        VALUES (?, ?, ?, ?, ?, ?, ?)";
    let id = sql::insert(
        db,
        query,
        params![
            values.owner.map(|user| user.0),
            values.line.map(|line| line.0),
            values.title,
            values.text,
            values.shortcut,
            now,
            now
        ],
    )
    .await?;
    Ok(CannedResponseId(id))
}

/// Replaces a response's values.
pub async fn update(
    db: &mut Conn,
    id: CannedResponseId,
    values: &CannedValues<'_>,
    now: i64,
) -> sqlx::Result<()> {
    let query = "UPDATE canned_responses SET owner_id = ?, line_id = ?, title = ?, text = ?, shortcut = ?, \
        updated_at = ? WHERE id = ?";
    sql::run(
        db,
        query,
        params![
            values.owner.map(|user| user.0),
            values.line.map(|line| line.0),
            values.title,
            values.text,
            values.shortcut,
            now,
            id.0
        ],
    )
    .await
}

/// Deletes a response.
pub async fn delete(db: &mut Conn, id: CannedResponseId) -> sqlx::Result<()> {
    let query = "DELETE FROM canned_responses WHERE id = ?";
    sql::run(db, query, params![id.0]).await
}

/// Whether a line exists.
pub async fn line_exists(db: &mut Conn, line: LineId) -> sqlx::Result<bool> {
    let query = "SELECT id FROM lines WHERE id = ?";
    sql::exists(db, query, params![line.0]).await
}
