//! Each employee's preferences, one JSON row per person.

use switchboard_protocol::UserId;

use super::sql::{self, params};
use crate::store::Conn;

/// The stored preferences of `user` as JSON, if they ever saved any.
pub async fn get(db: &mut Conn, user: UserId) -> sqlx::Result<Option<String>> {
    let query = "SELECT body FROM operator_preferences WHERE user_id = ?";
    sql::value(db, query, params![user.0]).await
}

/// Replaces the preferences of `user` (JSON, already validated).
pub async fn put(db: &mut Conn, user: UserId, body: &str, now: i64) -> sqlx::Result<()> {
    let query = "INSERT INTO operator_preferences (user_id, body, updated_at) VALUES (?, ?, ?) \
                 ON CONFLICT (user_id) DO UPDATE SET body = excluded.body, \
                 updated_at = excluded.updated_at";
    sql::run(db, query, params![user.0, body, now]).await
}
