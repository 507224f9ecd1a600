//! Storage: the SQLite database, its migrations and the SQL of each entity.
//! Functions here take a `&mut SqliteConnection` (a pooled connection or a
//! transaction) and never decide permissions.

/// A row struct both connections read: sqlx's, through
/// `#[derive(sqlx::FromRow)]`, and the webhook writer's rusqlite one,
/// through the generated `from_rusqlite`. Each field is read from the
/// column of its name, so the two readers cannot drift apart.
macro_rules! shared_row {
    (
        $(#[$attribute:meta])*
        $visibility:vis struct $name:ident {
            $($(#[$field_attribute:meta])* $field_visibility:vis $field:ident: $type:ty,)+
        }
    ) => {
        $(#[$attribute])*
        #[derive(sqlx::FromRow)]
        $visibility struct $name {
            $($(#[$field_attribute])* $field_visibility $field: $type,)+
        }

        impl $name {
            /// The row as the webhook writer's rusqlite connection reads it.
            pub(crate) fn from_rusqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
                Ok(Self {
                    $($field: row.get(stringify!($field))?,)+
                })
            }
        }
    };
}

pub mod audit;
pub mod calendar;
pub mod canned;
pub mod catalog;
pub mod client_ids;
pub mod composer;
pub mod conversation_actions;
pub mod conversations;
pub mod crm;
pub mod customers;
pub mod delivery;
pub mod events;
pub mod feed;
pub mod files;
pub mod forms;
pub mod inbound;
pub mod labels;
pub mod lines;
pub mod links;
pub mod message_actions;
pub mod messages;
pub mod names;
pub mod orders;
pub mod preferences;
pub mod reports;
pub mod routing;
pub(crate) mod sql;
pub mod tasks;
pub mod team_chats;
pub mod users;
pub mod widget;

use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{SqliteConnection, SqlitePool};

/// Errors while opening the database.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
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

/// What reading or writing the store can fail with, beyond SQLite itself:
/// plain data for the services to turn into an answer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused, or a column did not decode (an unknown enum name).
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// A JSON column did not encode or decode.
    #[error("stored JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A row holds values that do not go together (another version wrote it,
    /// or it is corrupted).
    #[error("unreadable row: {0}")]
    Unreadable(String),
}

/// How long a connection waits for the write lock another one holds.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// The database file in a data folder.
pub fn database_path(data_dir: &Path) -> std::path::PathBuf {
    data_dir.join("switchboard.db")
}

/// Opens (creating if needed) `switchboard.db` in `data_dir` and applies
/// pending migrations. WAL mode with `synchronous=FULL`: a write acknowledged
/// to a client survives a crash of the process or the machine.
///
/// SQLite's automatic checkpoint is off: it runs inside whichever commit
/// makes the WAL pass 1,000 pages, copying them into the database and
/// syncing it while that writer (and every delivery waiting behind it) holds
/// the write lock, which at a thousand webhook messages a second made the
/// slowest requests tens of milliseconds slower. The webhook writer's thread
/// checkpoints instead, between its batches and when idle
/// (`services::inbound::InboundWriter`), outside any write transaction.
pub async fn open(data_dir: &Path) -> Result<SqlitePool, OpenError> {
    std::fs::create_dir_all(data_dir).map_err(|source| OpenError::DataDir {
        path: data_dir.display().to_string(),
        source,
    })?;
    let path = database_path(data_dir);
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT)
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
    let mut tx = begin_write(&pool).await?;
    lines::hash_legacy_tokens(&mut tx).await?;
    tx.commit().await?;
    Ok(pool)
}

/// A WAL this long (in pages, 4 KiB each) is emptied by the checkpointer
/// ([`inbound::WriterDb::checkpoint`]).
pub const WAL_RESTART_FRAMES: i64 = 4096;

/// Current time in milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

/// A connector of kind `kind` on `line`, for unit tests.
#[cfg(test)]
pub(crate) async fn test_connector(pool: &SqlitePool, line: i64, kind: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO connectors (line_id, kind, name, token_hash, files, \
         edit_on_customer_side, delete_on_customer_side) \
         VALUES (?, ?, 'Hook', 'hash', 1, 0, 0) RETURNING id",
    )
    .bind(line)
    .bind(kind)
    .fetch_one(pool)
    .await
    .unwrap()
}

/// A new customer of `line` who started a session through `connector` at
/// `at`, for unit tests: its unanswered conversation.
#[cfg(test)]
pub(crate) async fn test_conversation(
    pool: &SqlitePool,
    line: i64,
    connector: i64,
    at: i64,
) -> switchboard_protocol::ConversationId {
    let customer: i64 = sqlx::query_scalar(
        "INSERT INTO customers (name, created_at) VALUES ('Customer', ?) RETURNING id",
    )
    .bind(at)
    .fetch_one(pool)
    .await
    .unwrap();
    let chat: i64 =
        sqlx::query_scalar("INSERT INTO chats (line_id, customer_id) VALUES (?, ?) RETURNING id")
            .bind(line)
            .bind(customer)
            .fetch_one(pool)
            .await
            .unwrap();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO conversations (chat_id, session_number, connector_id, \
         external_chat_id, status, waiting_since, last_activity_at, created_at) \
         VALUES (?, 1, ?, ?, 'unanswered', ?, ?, ?) RETURNING id",
    )
    .bind(chat)
    .bind(connector)
    .bind(format!("chat-{customer}"))
    .bind(at)
    .bind(at)
    .bind(at)
    .fetch_one(pool)
    .await
    .unwrap();
    switchboard_protocol::ConversationId(id)
}

/// A fresh database in a temporary folder, for unit tests (the folder
/// goes when the returned handle is dropped).
#[cfg(test)]
pub(crate) async fn test_database() -> (tempfile::TempDir, SqlitePool) {
    let dir = tempfile::tempdir().unwrap();
    let pool = open(dir.path()).await.unwrap();
    (dir, pool)
}

/// The row `sql` reads for `id` (its only parameter), completed with what
/// its entity needs from other tables (`hydrate`); `None` without a row.
pub(crate) async fn one_by_id<R: sql::Row, T>(
    db: &mut SqliteConnection,
    sql: &str,
    id: i64,
    hydrate: impl AsyncFnOnce(&mut SqliteConnection, R) -> sqlx::Result<T>,
) -> sqlx::Result<Option<T>> {
    match sql::row(db, sql, sql::params![id]).await? {
        Some(row) => Ok(Some(hydrate(db, row).await?)),
        None => Ok(None),
    }
}

/// The rows `sql` reads with `params`, each completed with what its entity
/// needs from other tables (`hydrate`), in their order.
pub(crate) async fn all_by<R: sql::Row, T>(
    db: &mut SqliteConnection,
    sql: &str,
    params: sql::Params<'_>,
    hydrate: impl AsyncFn(&mut SqliteConnection, R) -> sqlx::Result<T>,
) -> sqlx::Result<Vec<T>> {
    let rows = sql::rows(db, sql, params).await?;
    hydrate_all(db, rows, hydrate).await
}

/// Completes every row read with what its entity needs from other tables
/// (`hydrate`), in their order.
pub(crate) async fn hydrate_all<R, T>(
    db: &mut SqliteConnection,
    rows: Vec<R>,
    hydrate: impl AsyncFn(&mut SqliteConnection, R) -> sqlx::Result<T>,
) -> sqlx::Result<Vec<T>> {
    let mut all = Vec::with_capacity(rows.len());
    for row in rows {
        all.push(hydrate(db, row).await?);
    }
    Ok(all)
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
