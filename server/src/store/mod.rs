//! Storage: the database, its migrations and the SQL of each entity.
//! Functions here take a `&mut Conn` (a pooled connection or a
//! transaction) and never decide permissions.
//!
//! The server reaches the database through sqlx's `Any` driver, named once
//! here ([`Backend`], [`Db`], [`Conn`], [`Tx`]): SQLite today, and the
//! backend chosen at start later, without anything outside the store
//! naming a driver. Statement texts go through [`sql::statement`], the one
//! place that adapts them to the backend.

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
pub mod inbound_postgres;
pub mod labels;
pub mod lines;
pub mod links;
pub mod login_attempts;
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

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::Executor;

/// The database driver every statement of the server runs on.
pub type Backend = sqlx::Any;

/// The pool of database connections the server shares.
pub type Db = sqlx::AnyPool;

/// One database connection: pooled, or the inside of a transaction.
pub type Conn = sqlx::AnyConnection;

/// A transaction on a pooled connection.
pub type Tx = sqlx::Transaction<'static, Backend>;

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
    /// `--database-url` names a database the server does not run on.
    #[error("--database-url: only postgres:// URLs are supported (without it: SQLite in the data folder)")]
    UnsupportedUrl,
    /// The database refused to open or migrate.
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

/// Which database the server runs on, as a connection reports it: the
/// store writes one SQL text for both wherever one text works, and
/// [`sql::statement`] adapts the placeholders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// The embedded file in the data folder (one instance).
    Sqlite,
    /// A PostgreSQL server (`--database-url postgres://…`).
    Postgres,
}

impl Dialect {
    /// The dialect of a connection (its driver's name: no query, no
    /// allocation).
    pub fn of(db: &Conn) -> Self {
        if db.backend_name() == <sqlx::Postgres as sqlx::Database>::NAME {
            Self::Postgres
        } else {
            Self::Sqlite
        }
    }

    /// Whether `url` names a PostgreSQL database.
    pub fn is_postgres_url(url: &str) -> bool {
        url.starts_with("postgres://") || url.starts_with("postgresql://")
    }
}

/// Opens the database and applies pending migrations: the PostgreSQL one
/// at `database_url` when given, else the SQLite file of `data_dir`
/// ([`open_sqlite`]). The data folder is created either way (uploaded
/// files and the secret key live there).
pub async fn open(data_dir: &Path, database_url: Option<&str>) -> Result<Db, OpenError> {
    std::fs::create_dir_all(data_dir).map_err(|source| OpenError::DataDir {
        path: data_dir.display().to_string(),
        source,
    })?;
    sqlx::any::install_default_drivers();
    let pool = match database_url {
        Some(url) if Dialect::is_postgres_url(url) => open_postgres(url).await?,
        Some(_) => return Err(OpenError::UnsupportedUrl),
        None => open_sqlite(data_dir).await?,
    };
    let mut tx = begin_write(&pool).await?;
    lines::hash_legacy_tokens(&mut tx).await?;
    tx.commit().await?;
    Ok(pool)
}

/// Connections to a PostgreSQL server: more than SQLite's (each one is a
/// server process that works in parallel), each checked before it is
/// handed out (a network connection can die with the server or a proxy
/// between them), and the PostgreSQL form of the migrations.
async fn open_postgres(url: &str) -> Result<Db, OpenError> {
    let options = AnyConnectOptions::from_str(url)?;
    let pool = AnyPoolOptions::new()
        .max_connections(16)
        .test_before_acquire(true)
        .idle_timeout(std::time::Duration::from_secs(300))
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations/postgres").run(&pool).await?;
    warn_of_an_ascii_only_locale(&pool).await?;
    Ok(pool)
}

/// Warns when the database's character classification is `C` or `POSIX`:
/// `lower()` then folds ASCII letters only, and a search for "élodie" does
/// not find "Élodie" (docs/deploy.md: create the database with a UTF-8
/// locale).
async fn warn_of_an_ascii_only_locale(pool: &Db) -> Result<(), OpenError> {
    let ctype: String = sqlx::query_scalar(
        "SELECT datctype::text FROM pg_database WHERE datname = current_database()",
    )
    .fetch_one(pool)
    .await?;
    if matches!(ctype.as_str(), "C" | "POSIX") {
        tracing::warn!(
            "the database's locale (LC_CTYPE {ctype}) folds the case of ASCII letters only: \
             searches will not match \"É\" with \"é\"; create the database with a UTF-8 \
             locale such as C.UTF-8 (see docs/deploy.md)"
        );
    }
    Ok(())
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
async fn open_sqlite(data_dir: &Path) -> Result<Db, OpenError> {
    // `mode=rwc`: create the file if missing. The `Any` driver opens SQLite
    // from this URL alone, so the connection's settings are applied by
    // `sqlite_session` on each new connection instead of through
    // `SqliteConnectOptions` (which a URL cannot carry).
    let options = AnyConnectOptions::from_str(&sqlite_url(data_dir)?)?;
    // No liveness ping before handing out a connection: an SQLite connection
    // is a file handle in this process and cannot go stale like a network
    // one, and the ping is a round trip to the connection's thread on every
    // request (the webhook does a thousand a second).
    let pool = AnyPoolOptions::new()
        .max_connections(8)
        .test_before_acquire(false)
        .after_connect(|connection, _| {
            Box::pin(async move {
                connection.execute(sqlite_session().as_str()).await?;
                Ok(())
            })
        })
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
    Ok(pool)
}

/// The URL of the database file in `data_dir`. The folder is resolved
/// first (absolute, links followed): the `Any` driver parses the URL before
/// SQLite reads it, and that parser drops `..` segments by their text, not
/// by the file system. Its `%`, `?` and `#` are escaped (the SQLite driver
/// decodes them back).
fn sqlite_url(data_dir: &Path) -> Result<String, OpenError> {
    let folder = std::fs::canonicalize(data_dir).map_err(|source| OpenError::DataDir {
        path: data_dir.display().to_string(),
        source,
    })?;
    let path = database_path(&folder).display().to_string();
    let escaped = path
        .replace('%', "%25")
        .replace('?', "%3F")
        .replace('#', "%23");
    Ok(format!("sqlite://{escaped}?mode=rwc"))
}

/// What every SQLite connection sets when it opens, in the order sqlx's
/// own SQLite options would: a wait of [`BUSY_TIMEOUT`] for the write
/// lock, WAL (kept by the file once set), foreign keys enforced,
/// `synchronous=FULL`, and no automatic checkpoint (see [`open`]).
fn sqlite_session() -> String {
    format!(
        "PRAGMA busy_timeout = {}; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
         PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0;",
        BUSY_TIMEOUT.as_millis()
    )
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
pub(crate) async fn test_connector(pool: &Db, line: i64, kind: &str) -> i64 {
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
    pool: &Db,
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
pub(crate) async fn test_database() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let pool = open(dir.path(), None).await.unwrap();
    (dir, pool)
}

/// The row `sql` reads for `id` (its only parameter), completed with what
/// its entity needs from other tables (`hydrate`); `None` without a row.
pub(crate) async fn one_by_id<R: sql::Row, T>(
    db: &mut Conn,
    sql: &str,
    id: i64,
    hydrate: impl AsyncFnOnce(&mut Conn, R) -> sqlx::Result<T>,
) -> sqlx::Result<Option<T>> {
    match sql::row(db, sql, sql::params![id]).await? {
        Some(row) => Ok(Some(hydrate(db, row).await?)),
        None => Ok(None),
    }
}

/// The rows `sql` reads with `params`, each completed with what its entity
/// needs from other tables (`hydrate`), in their order.
pub(crate) async fn all_by<R: sql::Row, T>(
    db: &mut Conn,
    sql: &str,
    params: sql::Params<'_>,
    hydrate: impl AsyncFn(&mut Conn, R) -> sqlx::Result<T>,
) -> sqlx::Result<Vec<T>> {
    let rows = sql::rows(db, sql, params).await?;
    hydrate_all(db, rows, hydrate).await
}

/// Completes every row read with what its entity needs from other tables
/// (`hydrate`), in their order.
pub(crate) async fn hydrate_all<R, T>(
    db: &mut Conn,
    rows: Vec<R>,
    hydrate: impl AsyncFn(&mut Conn, R) -> sqlx::Result<T>,
) -> sqlx::Result<Vec<T>> {
    let mut all = Vec::with_capacity(rows.len());
    for row in rows {
        all.push(hydrate(db, row).await?);
    }
    Ok(all)
}

/// Starts a write transaction. On SQLite, `BEGIN IMMEDIATE` takes the
/// write lock at once, so concurrent writers queue (busy timeout) instead of
/// failing when a read-then-write transaction finds its snapshot outdated;
/// it also makes event sequence numbers follow commit order.
///
/// On PostgreSQL a plain `BEGIN`, then the lock of the event numbers
/// ([`events::lock_numbering`]) at once, for the same three reasons: the
/// services check then write (a client id not yet used, a version), event
/// numbers must follow commit order, and a transaction that took the lock
/// only when appending its event, after locking rows, could wait for one
/// that holds the lock and waits for those rows (a deadlock). Reads do not
/// wait for it.
pub async fn begin_write(pool: &Db) -> Result<Tx, sqlx::Error> {
    let db = pool.acquire().await?;
    let dialect = Dialect::of(&db);
    let begin = match dialect {
        Dialect::Sqlite => "BEGIN IMMEDIATE",
        Dialect::Postgres => "BEGIN",
    };
    let mut tx = sqlx::Transaction::begin(db, Some(begin.into())).await?;
    if dialect == Dialect::Postgres {
        events::lock_numbering(&mut tx).await?;
    }
    Ok(tx)
}

/// Starts a read-only transaction whose statements all see the database
/// as of one instant, for an answer assembled from several reads (a
/// supervision snapshot): SQLite's deferred `BEGIN` reads one snapshot
/// from its first read on; PostgreSQL needs `REPEATABLE READ` for that
/// (each statement of its default level sees the latest commits).
pub async fn begin_read(pool: &Db) -> Result<Tx, sqlx::Error> {
    let db = pool.acquire().await?;
    let begin = match Dialect::of(&db) {
        Dialect::Sqlite => "BEGIN",
        Dialect::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    };
    sqlx::Transaction::begin(db, Some(begin.into())).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `--database-url` selects PostgreSQL only: another URL is refused at
    /// start rather than read as something else.
    #[tokio::test]
    async fn a_database_url_other_than_postgres_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        for url in ["mysql://localhost/switchboard", "sqlite://elsewhere.db"] {
            let opened = open(dir.path(), Some(url)).await;
            assert!(matches!(opened, Err(OpenError::UnsupportedUrl)), "{url}");
        }
        assert!(Dialect::is_postgres_url(
            "postgres://sb@127.0.0.1:5432/switchboard"
        ));
        assert!(Dialect::is_postgres_url("postgresql://sb@db/switchboard"));
    }

    /// On SQLite a statement runs as written, without a copy.
    #[tokio::test]
    async fn sqlite_statements_are_borrowed_as_written() {
        let (_dir, pool) = test_database().await;
        let db = pool.acquire().await.unwrap();
        assert_eq!(Dialect::of(&db), Dialect::Sqlite);
        let text = "SELECT id FROM lines WHERE name = ? AND id > ?";
        assert!(matches!(
            sql::statement(&db, text),
            std::borrow::Cow::Borrowed(same) if same == text
        ));
    }

    /// The migrations of one database have their twin in the other's
    /// folder, by name: a migration written for one side only fails here.
    #[test]
    fn both_databases_have_the_same_migrations() {
        let names = |database: &str| -> std::collections::BTreeSet<String> {
            let folder = format!("{}/migrations/{database}", env!("CARGO_MANIFEST_DIR"));
            std::fs::read_dir(folder)
                .unwrap()
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        };
        let (sqlite, postgres) = (names("sqlite"), names("postgres"));
        assert!(!sqlite.is_empty());
        let sqlite_only: Vec<_> = sqlite.difference(&postgres).collect();
        let postgres_only: Vec<_> = postgres.difference(&sqlite).collect();
        assert!(
            sqlite_only.is_empty() && postgres_only.is_empty(),
            "migrations of SQLite only: {sqlite_only:?}; of PostgreSQL only: {postgres_only:?}"
        );
    }

    /// Every pooled connection runs with the settings `open` promises, not
    /// only the first one: several are held at once so the pool opens more.
    #[tokio::test]
    async fn every_connection_of_the_pool_keeps_the_sqlite_settings() {
        let (_dir, pool) = test_database().await;
        let mut held = Vec::new();
        for _ in 0..3 {
            held.push(pool.acquire().await.unwrap());
        }
        for db in &mut held {
            let journal: String = sql::one(db, "PRAGMA journal_mode", sql::params![])
                .await
                .unwrap();
            assert_eq!(journal, "wal");
            let pragmas = [
                ("PRAGMA synchronous", 2), // FULL
                ("PRAGMA foreign_keys", 1),
                ("PRAGMA wal_autocheckpoint", 0),
                ("PRAGMA busy_timeout", 5_000),
            ];
            for (pragma, expected) in pragmas {
                let value: i64 = sql::one(db, pragma, sql::params![]).await.unwrap();
                assert_eq!(value, expected, "{pragma}");
            }
        }
    }

    /// A data folder written before keeps opening: the migrations already
    /// recorded are recognized (version and checksum), none runs twice, and
    /// the data stays.
    #[tokio::test]
    async fn a_data_folder_opens_again_with_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let pool = open(dir.path(), None).await.unwrap();
        let mut db = pool.acquire().await.unwrap();
        let query = "INSERT INTO lines (name, mode) VALUES ('Support', 'all')";
        let line = sql::insert(&mut db, query, sql::params![]).await.unwrap();
        drop(db);
        pool.close().await;

        let pool = open(dir.path(), None).await.unwrap();
        let mut db = pool.acquire().await.unwrap();
        let query = "SELECT name FROM lines WHERE id = ?";
        let name: Option<String> = sql::value(&mut db, query, sql::params![line])
            .await
            .unwrap();
        assert_eq!(name.as_deref(), Some("Support"));
        let query = "SELECT COUNT(*) FROM _sqlx_migrations WHERE success = 1";
        let applied: i64 = sql::one(&mut db, query, sql::params![]).await.unwrap();
        let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite"))
            .unwrap()
            .count();
        assert_eq!(usize::try_from(applied).unwrap(), files);
    }

    /// The database lands in the folder given, whatever its name holds.
    #[tokio::test]
    async fn a_folder_name_with_url_characters_holds_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("a b%20#c?d").join("data 2");
        std::fs::create_dir_all(&data).unwrap();
        let pool = open(&data, None).await.unwrap();
        pool.close().await;
        assert!(data.join("switchboard.db").is_file());
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
