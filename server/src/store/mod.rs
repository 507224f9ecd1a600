//! Storage: the SQLite database, its migrations and the SQL of each entity.
//! Functions here take a `&mut SqliteConnection` (a pooled connection or a
//! transaction) and never decide permissions.

pub mod calendar;
pub mod canned;
pub mod catalog;
pub mod client_ids;
pub mod composer;
pub mod conversation_actions;
pub mod conversations;
pub mod crm;
pub mod customers;
pub mod events;
pub mod feed;
pub mod files;
pub mod forms;
pub mod inbound;
pub mod lines;
pub mod message_actions;
pub mod messages;
pub mod orders;
pub mod tasks;
pub mod team_chats;
pub mod users;

use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

/// Errors while opening the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The data folder could not be created.
    #[error("cannot create data folder {path}: {source}")]
    DataDir {
        /// The folder.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// SQLite refused to open or migrate.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// A migration failed.
    #[error("migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

/// Opens (creating if needed) `switchboard.db` in `data_dir` and applies
/// pending migrations. WAL mode with `synchronous=FULL`: a write acknowledged
/// to a client survives a crash of the process or the machine.
///
/// SQLite's automatic checkpoint is off: it runs inside whichever commit
/// makes the WAL pass 1,000 pages, copying them into the database and
/// syncing it while that writer (and every delivery waiting behind it) holds
/// the write lock, which at a thousand webhook messages a second made the
/// slowest requests tens of milliseconds slower. [`start_checkpoints`] moves
/// that work to a task of its own, outside any write transaction.
pub async fn open(data_dir: &Path) -> Result<SqlitePool, StoreError> {
    std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
        path: data_dir.display().to_string(),
        source,
    })?;
    let path = data_dir.join("switchboard.db");
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(std::time::Duration::from_secs(5))
        .pragma("wal_autocheckpoint", "0");
    // No liveness ping before handing out a connection: an SQLite connection
    // is a file handle in this process and cannot go stale like a network
    // one, and the ping is a round trip to the connection's thread on every
    // request (the webhook does a thousand a second).
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .test_before_acquire(false)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// Checkpoints the WAL into the database every `every`, in the background.
///
/// `PASSIVE` first: it never waits for (nor blocks) readers and writers, and
/// what it cannot copy yet is copied the next time. SQLite reuses the WAL
/// from its start when a write begins after a checkpoint copied all of it,
/// which a sustained stream of writes may never allow; so once the WAL holds
/// more than [`WAL_RESTART_FRAMES`] pages, a `TRUNCATE` checkpoint (which
/// waits for the writer in progress, copies the rest and empties the WAL
/// file) keeps it from growing without end. It has little left to copy by
/// then, so it holds writers back only briefly.
pub fn start_checkpoints(pool: SqlitePool, every: std::time::Duration) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(error) = checkpoint(&pool).await {
                tracing::warn!(%error, "WAL checkpoint failed; retrying at the next tick");
            }
        }
    });
}

/// A WAL this long (in pages, 4 KiB each) is emptied by the checkpointer.
pub const WAL_RESTART_FRAMES: i64 = 4096;

async fn checkpoint(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    // (busy, frames in the WAL, frames copied)
    let (_, frames, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
        .fetch_one(pool)
        .await?;
    if frames > WAL_RESTART_FRAMES {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// Current time in milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

/// Starts a write transaction. `BEGIN IMMEDIATE` takes SQLite's write lock
/// at once, so concurrent writers queue (busy timeout) instead of failing
/// when a read-then-write transaction finds its snapshot outdated; it also
/// makes event sequence numbers follow commit order.
pub async fn begin_write(
    pool: &SqlitePool,
) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn commits_never_checkpoint_and_the_checkpointer_keeps_the_wal_short() {
        let dir = tempfile::tempdir().unwrap();
        let pool = open(dir.path()).await.unwrap();
        let (autocheckpoint,): (i64,) = sqlx::query_as("PRAGMA wal_autocheckpoint")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(autocheckpoint, 0);

        sqlx::query("CREATE TABLE filler (data BLOB)")
            .execute(&pool)
            .await
            .unwrap();
        // About 5,000 pages written without a checkpoint: the WAL only grows.
        for _ in 0..50 {
            sqlx::query(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) \
                 INSERT INTO filler SELECT randomblob(4000) FROM n",
            )
            .execute(&pool)
            .await
            .unwrap();
        }
        let wal = dir.path().join("switchboard.db-wal");
        let grown = std::fs::metadata(&wal).unwrap().len();
        assert!(grown > (WAL_RESTART_FRAMES * 4096) as u64, "{grown}");

        checkpoint(&pool).await.unwrap();
        assert_eq!(std::fs::metadata(&wal).unwrap().len(), 0);
        let (rows,): (i64,) = sqlx::query_as("SELECT count(*) FROM filler")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(rows, 5000);
    }
}
