//! Employees and their bearer tokens.

use switchboard_protocol::{Presence, Role, User, UserId};

use super::names::Named;
use super::sql::{self, params};
use crate::store::Conn;

/// An employee row with the password hash (never leaves the server).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// E-mail.
    pub email: String,
    /// Avatar URL.
    pub avatar_url: Option<String>,
    /// Role.
    pub role: Named<Role>,
    /// Presence.
    pub presence: Named<Presence>,
    /// Argon2 PHC string; empty while an invitation waits.
    pub password_hash: String,
    /// When they were deactivated.
    pub deactivated_at: Option<i64>,
    /// When they were last seen in the app.
    pub last_seen_at: Option<i64>,
}

impl UserRow {
    /// The wire form.
    pub fn to_user(&self) -> User {
        User {
            id: UserId(self.id),
            name: self.name.clone(),
            email: self.email.clone(),
            avatar_url: self.avatar_url.clone(),
            role: self.role.0,
            presence: self.presence.0,
            active: self.deactivated_at.is_none(),
        }
    }
}

const COLUMNS: &str =
    "id, name, email, avatar_url, role, presence, password_hash, deactivated_at, last_seen_at";

/// The employee with this e-mail (case-insensitive).
pub async fn by_email(db: &mut Conn, email: &str) -> sqlx::Result<Option<UserRow>> {
    let query = format!("SELECT {COLUMNS} FROM users WHERE lower(email) = lower(?)");
    sql::row(db, &query, params![email]).await
}

/// The employee with this id.
pub async fn by_id(db: &mut Conn, id: UserId) -> sqlx::Result<Option<UserRow>> {
    let query = format!("SELECT {COLUMNS} FROM users WHERE id = ?");
    sql::row(db, &query, params![id.0]).await
}

/// Every employee, by name.
pub async fn all(db: &mut Conn) -> sqlx::Result<Vec<UserRow>> {
    let query = format!("SELECT {COLUMNS} FROM users ORDER BY name, id");
    sql::rows(db, &query, params![]).await
}

/// Creates an employee.
pub async fn insert(
    db: &mut Conn,
    name: &str,
    email: &str,
    role: Role,
    password_hash: &str,
    now: i64,
) -> sqlx::Result<UserId> {
    let query =
        "INSERT INTO users (name, email, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)";
    let id = sql::insert(
        db,
        query,
        params![name, email, role.as_str(), password_hash, now],
    )
    .await?;
    Ok(UserId(id))
}

/// Replaces the password hash.
pub async fn set_password_hash(db: &mut Conn, id: UserId, hash: &str) -> sqlx::Result<()> {
    let query = "UPDATE users SET password_hash = ? WHERE id = ?";
    sql::run(db, query, params![hash, id.0]).await
}

/// Sets the presence.
pub async fn set_presence(db: &mut Conn, id: UserId, presence: Presence) -> sqlx::Result<()> {
    let query = "UPDATE users SET presence = ? WHERE id = ?";
    sql::run(db, query, params![presence.as_str(), id.0]).await
}

/// Stores a token hash for an employee, with the browser it was issued to.
pub async fn insert_token(
    db: &mut Conn,
    token_hash: &str,
    user: UserId,
    device: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    let query = "INSERT INTO auth_tokens (token_hash, user_id, device, created_at, last_seen_at) \
        VALUES (?, ?, ?, ?, ?)";
    sql::run(db, query, params![token_hash, user.0, device, now, now]).await?;
    let query = "UPDATE users SET last_seen_at = ? WHERE id = ?";
    sql::run(db, query, params![now, user.0]).await
}

/// A session: its employee (active ones only) and when it was last seen.
#[derive(sqlx::FromRow)]
pub struct SessionRow {
    /// The employee.
    #[sqlx(flatten)]
    pub user: UserRow,
    /// When the session was last seen.
    pub token_seen_at: Option<i64>,
}

/// The active employee holding a token hash.
pub async fn by_token_hash(db: &mut Conn, token_hash: &str) -> sqlx::Result<Option<SessionRow>> {
    let query = "SELECT u.id, u.name, u.email, u.avatar_url, u.role, u.presence, \
        u.password_hash, u.deactivated_at, u.last_seen_at, t.last_seen_at AS token_seen_at \
        FROM auth_tokens t JOIN users u ON u.id = t.user_id \
        WHERE t.token_hash = ? AND u.deactivated_at IS NULL";
    sql::row(db, query, params![token_hash]).await
}

/// Notes that a session (and its employee) was seen now.
pub async fn seen(db: &mut Conn, token_hash: &str, user: UserId, now: i64) -> sqlx::Result<()> {
    let query = "UPDATE auth_tokens SET last_seen_at = ? WHERE token_hash = ?";
    sql::run(db, query, params![now, token_hash]).await?;
    let query = "UPDATE users SET last_seen_at = ? WHERE id = ?";
    sql::run(db, query, params![now, user.0]).await
}

/// An employee's sessions: token hash, device, created, last seen; most recent first.
pub async fn sessions_of(
    db: &mut Conn,
    user: UserId,
) -> sqlx::Result<Vec<(String, Option<String>, i64, Option<i64>)>> {
    let query = "SELECT token_hash, device, created_at, last_seen_at FROM auth_tokens \
        WHERE user_id = ? ORDER BY COALESCE(last_seen_at, created_at) DESC";
    sql::rows(db, query, params![user.0]).await
}

/// Creates an invited employee: no password until they accept.
pub async fn insert_invited(
    db: &mut Conn,
    name: &str,
    email: &str,
    role: Role,
    now: i64,
) -> sqlx::Result<UserId> {
    insert(db, name, email, role, "", now).await
}

/// Renames an employee and sets their role.
pub async fn update(db: &mut Conn, id: UserId, name: &str, role: Role) -> sqlx::Result<()> {
    let query = "UPDATE users SET name = ?, role = ? WHERE id = ?";
    sql::run(db, query, params![name, role.as_str(), id.0]).await
}

/// Deactivates (`Some(now)`) or reactivates (`None`) an employee.
pub async fn set_deactivated(db: &mut Conn, id: UserId, at: Option<i64>) -> sqlx::Result<()> {
    // A deactivated employee shows as offline.
    let query = "UPDATE users SET deactivated_at = ?, \
        presence = CASE WHEN ? IS NULL THEN presence ELSE 'offline' END WHERE id = ?";
    sql::run(db, query, params![at, at, id.0]).await
}

/// How many active administrators there are.
pub async fn active_admins(db: &mut Conn) -> sqlx::Result<i64> {
    let query = "SELECT COUNT(*) FROM users WHERE role = 'admin' AND deactivated_at IS NULL";
    sql::one(db, query, params![]).await
}

/// Revokes one token.
pub async fn delete_token(db: &mut Conn, token_hash: &str) -> sqlx::Result<()> {
    let query = "DELETE FROM auth_tokens WHERE token_hash = ?";
    sql::run(db, query, params![token_hash]).await
}

/// Revokes every token of an employee.
pub async fn delete_tokens_of(db: &mut Conn, user: UserId) -> sqlx::Result<()> {
    let query = "DELETE FROM auth_tokens WHERE user_id = ?";
    sql::run(db, query, params![user.0]).await
}

/// Revokes every token of an employee but one (the caller's).
pub async fn delete_tokens_except(
    db: &mut Conn,
    user: UserId,
    kept_hash: &str,
) -> sqlx::Result<()> {
    let query = "DELETE FROM auth_tokens WHERE user_id = ? AND token_hash <> ?";
    sql::run(db, query, params![user.0, kept_hash]).await
}

/// Every queue membership: (line, employee), in queue order.
pub async fn memberships(db: &mut Conn) -> sqlx::Result<Vec<(i64, i64)>> {
    let query = "SELECT line_id, user_id FROM line_members ORDER BY position, user_id";
    sql::rows(db, query, params![]).await
}

/// Ids of the lines an employee is a queue member of.
pub async fn line_ids_of(db: &mut Conn, user: UserId) -> sqlx::Result<Vec<i64>> {
    let query = "SELECT line_id FROM line_members WHERE user_id = ?";
    sql::column(db, query, params![user.0]).await
}

/// How many employees there are (none: the server waits for its setup).
pub async fn count(db: &mut Conn) -> sqlx::Result<i64> {
    sql::one(db, "SELECT COUNT(*) FROM users", params![]).await
}

/// The conversations in progress that an employee is the assignee of.
pub async fn assigned_in_progress(db: &mut Conn, user: UserId) -> sqlx::Result<Vec<i64>> {
    let query = "SELECT id FROM conversations WHERE assignee_id = ? AND status = 'in_progress' \
        ORDER BY id";
    sql::column(db, query, params![user.0]).await
}
