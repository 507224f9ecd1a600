//! Background work done once across instances.
//!
//! Every instance runs the same background tasks (deliveries, routing
//! offers and time-outs, automatic messages, snooze wake-ups, payment
//! expiry). On PostgreSQL several instances share the database, so each
//! pass of a task runs under an advisory lock of its own
//! ([`BackgroundTask::key`]): the instance that takes it does the pass, the
//! others skip theirs and look again a moment later
//! ([`BUSY_RETRY`]). The lock is held by a transaction on a connection of
//! its own for the length of the pass: it ends with the pass, with the
//! transaction if the pass is cancelled, and with the connection if the
//! instance dies, so another instance takes over at its next look.
//!
//! Each task finds its work in the database (due jobs, expired offers...)
//! and the events of every instance wake every instance's tasks (see
//! `events_listener`), so whichever instance holds the lock sees all of it.
//!
//! On SQLite there is one instance: the pass just runs.

use std::future::Future;
use std::time::Duration;

use crate::state::AppState;
use crate::store::sql::{self, params};

/// How long an instance waits before looking again when another one is
/// doing the same task's pass.
pub const BUSY_RETRY: Duration = Duration::from_secs(1);

/// [`BUSY_RETRY`] in milliseconds, for the tasks that plan by the clock.
pub const BUSY_RETRY_MS: i64 = 1000;

/// The background tasks that must not run on two instances at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackgroundTask {
    /// The outbound delivery worker's rounds.
    Delivery,
    /// Routing offers and their time-outs.
    Routing,
    /// Automatic messages and closes.
    Automation,
    /// Snoozed conversations waking up.
    Snooze,
    /// Payment links expiring.
    PaymentExpiry,
}

impl BackgroundTask {
    /// Its advisory lock's key: "sb" in ASCII, then the task's number (the
    /// event numbering lock uses another key, see `store::events`).
    pub fn key(self) -> i64 {
        let number = match self {
            Self::Delivery => 1,
            Self::Routing => 2,
            Self::Automation => 3,
            Self::Snooze => 4,
            Self::PaymentExpiry => 5,
        };
        0x7362_0000 + number
    }
}

/// Runs `pass` unless another instance is running `task`'s pass:
/// `Ok(None)` then, without running it. On SQLite it always runs.
pub async fn exclusively<T, E>(
    state: &AppState,
    task: BackgroundTask,
    pass: impl Future<Output = Result<T, E>>,
) -> Result<Option<T>, E>
where
    E: From<sqlx::Error>,
{
    if !on_postgres(state) {
        return pass.await.map(Some);
    }
    // Transaction-scoped: a cancelled pass rolls back and so releases it.
    let mut lock = state.pool.begin().await?;
    let query = "SELECT pg_try_advisory_xact_lock(?)";
    let held: bool = sql::one(&mut lock, query, params![task.key()]).await?;
    if !held {
        return Ok(None);
    }
    let result = pass.await;
    if let Err(error) = lock.rollback().await {
        // The connection is gone, and the lock with it.
        tracing::debug!(%error, ?task, "releasing a background task's lock");
    }
    result.map(Some)
}

/// Whether the server runs on PostgreSQL (possibly beside other instances).
pub fn on_postgres(state: &AppState) -> bool {
    state
        .config
        .database_url
        .as_deref()
        .is_some_and(crate::store::Dialect::is_postgres_url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_task_has_a_lock_of_its_own() {
        let tasks = [
            BackgroundTask::Delivery,
            BackgroundTask::Routing,
            BackgroundTask::Automation,
            BackgroundTask::Snooze,
            BackgroundTask::PaymentExpiry,
        ];
        let mut keys: Vec<i64> = tasks.iter().map(|task| task.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), tasks.len());
    }
}
