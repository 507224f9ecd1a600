//! Failed logins per address and e-mail (the login rate limit), in the
//! database so that every instance counts the same failures.

use super::sql::{self, params};
use crate::store::Conn;

/// The failures of `(address, email)` counted since `window_start` (0 when
/// none, or when the first of them is older).
pub async fn failures(
    db: &mut Conn,
    address: &str,
    email: &str,
    window_start: i64,
) -> sqlx::Result<i64> {
    let query = "SELECT failures FROM login_attempts \
        WHERE address = ? AND email = ? AND first_at > ?";
    let count: Option<i64> = sql::value(db, query, params![address, email, window_start]).await?;
    Ok(count.unwrap_or(0))
}

/// Counts a failure at `now`: one more in the window, or the first of a new
/// window when the previous one started at `window_start` or before. Rows
/// of windows long past are deleted.
pub async fn record_failure(
    db: &mut Conn,
    address: &str,
    email: &str,
    now: i64,
    window_start: i64,
) -> sqlx::Result<()> {
    let query = "INSERT INTO login_attempts (address, email, failures, first_at) \
        VALUES (?, ?, 1, ?) \
        ON CONFLICT (address, email) DO UPDATE SET \
        failures = CASE WHEN login_attempts.first_at > ? THEN login_attempts.failures + 1 ELSE 1 END, \
        first_at = CASE WHEN login_attempts.first_at > ? THEN login_attempts.first_at ELSE excluded.first_at END";
    let values = params![address, email, now, window_start, window_start];
    sql::run(db, query, values).await?;
    let query = "DELETE FROM login_attempts WHERE first_at <= ?";
    sql::run(db, query, params![window_start]).await
}

/// Forgets the failures of `(address, email)` (a login succeeded).
pub async fn clear(db: &mut Conn, address: &str, email: &str) -> sqlx::Result<()> {
    let query = "DELETE FROM login_attempts WHERE address = ? AND email = ?";
    sql::run(db, query, params![address, email]).await
}
