//! Employees and their bearer tokens.

use sqlx::SqliteConnection;
use switchboard_protocol::{Presence, Role, User, UserId};

use super::names::Named;
use super::sql::{self, params};

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
    /// Argon2 PHC string.
    pub password_hash: String,
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
        }
    }
}

const COLUMNS: &str = "id, name, email, avatar_url, role, presence, password_hash";

/// The employee with this e-mail (case-insensitive).
pub async fn by_email(db: &mut SqliteConnection, email: &str) -> sqlx::Result<Option<UserRow>> {
    let query = format!("SELECT {COLUMNS} FROM users WHERE email = ?");
    sql::row(db, &query, params![email]).await
}

/// The employee with this id.
pub async fn by_id(db: &mut SqliteConnection, id: UserId) -> sqlx::Result<Option<UserRow>> {
    let query = format!("SELECT {COLUMNS} FROM users WHERE id = ?");
    sql::row(db, &query, params![id.0]).await
}

/// Every employee, by name.
pub async fn all(db: &mut SqliteConnection) -> sqlx::Result<Vec<UserRow>> {
    let query = format!("SELECT {COLUMNS} FROM users ORDER BY name, id");
    sql::rows(db, &query, params![]).await
}

/// Creates an employee.
pub async fn insert(
    db: &mut SqliteConnection,
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
pub async fn set_password_hash(
    db: &mut SqliteConnection,
    id: UserId,
    hash: &str,
) -> sqlx::Result<()> {
    let query = "UPDATE users SET password_hash = ? WHERE id = ?";
    sql::run(db, query, params![hash, id.0]).await
}

/// Sets the presence.
pub async fn set_presence(
    db: &mut SqliteConnection,
    id: UserId,
    presence: Presence,
) -> sqlx::Result<()> {
    let query = "UPDATE users SET presence = ? WHERE id = ?";
    sql::run(db, query, params![presence.as_str(), id.0]).await
}

/// Stores a token hash for an employee.
pub async fn insert_token(
    db: &mut SqliteConnection,
    token_hash: &str,
    user: UserId,
    now: i64,
) -> sqlx::Result<()> {
    let query = "INSERT INTO auth_tokens (token_hash, user_id, created_at) VALUES (?, ?, ?)";
    sql::run(db, query, params![token_hash, user.0, now]).await
}

/// The employee holding a token hash.
pub async fn by_token_hash(
    db: &mut SqliteConnection,
    token_hash: &str,
) -> sqlx::Result<Option<UserRow>> {
    let query = "SELECT u.id, u.name, u.email, u.avatar_url, u.role, u.presence, u.password_hash \
        FROM auth_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?";
    sql::row(db, query, params![token_hash]).await
}

/// Revokes one token.
pub async fn delete_token(db: &mut SqliteConnection, token_hash: &str) -> sqlx::Result<()> {
    let query = "DELETE FROM auth_tokens WHERE token_hash = ?";
    sql::run(db, query, params![token_hash]).await
}

/// Revokes every token of an employee.
pub async fn delete_tokens_of(db: &mut SqliteConnection, user: UserId) -> sqlx::Result<()> {
    let query = "DELETE FROM auth_tokens WHERE user_id = ?";
    sql::run(db, query, params![user.0]).await
}

/// Revokes every token of an employee but one (the caller's).
pub async fn delete_tokens_except(
    db: &mut SqliteConnection,
    user: UserId,
    kept_hash: &str,
) -> sqlx::Result<()> {
    let query = "DELETE FROM auth_tokens WHERE user_id = ? AND token_hash <> ?";
    sql::run(db, query, params![user.0, kept_hash]).await
}

/// Ids of the lines an employee is a queue member of.
pub async fn line_ids_of(db: &mut SqliteConnection, user: UserId) -> sqlx::Result<Vec<i64>> {
    let query = "SELECT line_id FROM line_members WHERE user_id = ?";
    sql::column(db, query, params![user.0]).await
}

/// How many employees there are (none: the server waits for its setup).
pub async fn count(db: &mut SqliteConnection) -> sqlx::Result<i64> {
    sql::one(db, "SELECT COUNT(*) FROM users", params![]).await
}
