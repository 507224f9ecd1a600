//! Employees and their bearer tokens.

use sqlx::SqliteConnection;
use switchboard_protocol::{Presence, Role, User, UserId};

use super::names::Named;

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
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE email = ?"))
        .bind(email)
        .fetch_optional(db)
        .await
}

/// The employee with this id.
pub async fn by_id(db: &mut SqliteConnection, id: UserId) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE id = ?"))
        .bind(id.0)
        .fetch_optional(db)
        .await
}

/// Every employee, by name.
pub async fn all(db: &mut SqliteConnection) -> sqlx::Result<Vec<UserRow>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users ORDER BY name, id"))
        .fetch_all(db)
        .await
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
    let id = sqlx::query(
        "INSERT INTO users (name, email, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(name)
    .bind(email)
    .bind(role.as_str())
    .bind(password_hash)
    .bind(now)
    .execute(db)
    .await?
    .last_insert_rowid();
    Ok(UserId(id))
}

/// Replaces the password hash.
pub async fn set_password_hash(
    db: &mut SqliteConnection,
    id: UserId,
    hash: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET password_hash = ? WHERE id = ?")
        .bind(hash)
        .bind(id.0)
        .execute(db)
        .await?;
    Ok(())
}

/// Sets the presence.
pub async fn set_presence(
    db: &mut SqliteConnection,
    id: UserId,
    presence: Presence,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET presence = ? WHERE id = ?")
        .bind(presence.as_str())
        .bind(id.0)
        .execute(db)
        .await?;
    Ok(())
}

/// Stores a token hash for an employee.
pub async fn insert_token(
    db: &mut SqliteConnection,
    token_hash: &str,
    user: UserId,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO auth_tokens (token_hash, user_id, created_at) VALUES (?, ?, ?)")
        .bind(token_hash)
        .bind(user.0)
        .bind(now)
        .execute(db)
        .await?;
    Ok(())
}

/// The employee holding a token hash.
pub async fn by_token_hash(
    db: &mut SqliteConnection,
    token_hash: &str,
) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as(
        "SELECT u.id, u.name, u.email, u.avatar_url, u.role, u.presence, u.password_hash \
         FROM auth_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?",
    )
    .bind(token_hash)
    .fetch_optional(db)
    .await
}

/// Revokes one token.
pub async fn delete_token(db: &mut SqliteConnection, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM auth_tokens WHERE token_hash = ?")
        .bind(token_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// Revokes every token of an employee.
pub async fn delete_tokens_of(db: &mut SqliteConnection, user: UserId) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM auth_tokens WHERE user_id = ?")
        .bind(user.0)
        .execute(db)
        .await?;
    Ok(())
}

/// Ids of the lines an employee is a queue member of.
pub async fn line_ids_of(db: &mut SqliteConnection, user: UserId) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT line_id FROM line_members WHERE user_id = ?")
        .bind(user.0)
        .fetch_all(db)
        .await
}
