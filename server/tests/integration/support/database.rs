//! The database a test server runs on: SQLite in its data folder, or, when
//! `SWITCHBOARD_TEST_DATABASE_URL` names a PostgreSQL server (with the
//! right to create databases), a database of its own on that server.
//!
//! Each data folder gets its own database, named after the folder: a test
//! that restarts a server on the same folder finds its data again, and
//! tests running side by side never share one.

use std::path::Path;

use sha2::{Digest, Sha256};
use sqlx::{Connection, Executor};

/// The variable naming the PostgreSQL server the tests run on.
const SERVER_URL: &str = "SWITCHBOARD_TEST_DATABASE_URL";

/// The PostgreSQL server the tests run on, if any.
pub fn postgres_server() -> Option<String> {
    std::env::var(SERVER_URL)
        .ok()
        .filter(|url| !url.trim().is_empty())
}

/// Whether the tests run on PostgreSQL.
pub fn on_postgres() -> bool {
    postgres_server().is_some()
}

/// Prints why a test checks nothing on PostgreSQL and says whether it
/// should stop there (`if skip_on_postgres("...") { return; }`).
pub fn skip_on_postgres(reason: &str) -> bool {
    if on_postgres() {
        eprintln!("skipped on PostgreSQL: {reason}");
        return true;
    }
    false
}

/// The `--database-url` of a server on `data_dir`: `None` on SQLite; on
/// PostgreSQL, the database of that folder, created when missing.
pub fn url_for(data_dir: &Path) -> Option<String> {
    let server = postgres_server()?;
    let digest = Sha256::digest(data_dir.as_os_str().as_encoded_bytes());
    let name = format!("sb_test_{}", hex::encode(&digest[..10]));
    let database = replace_database(&server, &name);
    // Its own runtime on its own thread: callers run inside a runtime (the
    // async tests) or outside any (the child servers' starts).
    let create = {
        let server = server.clone();
        let name = name.clone();
        std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime")
                .block_on(create_database(&server, &name))
        })
    };
    create.join().expect("the database is created");
    Some(database)
}

async fn create_database(server: &str, name: &str) {
    let mut db = sqlx::PgConnection::connect(server)
        .await
        .expect("the PostgreSQL server of SWITCHBOARD_TEST_DATABASE_URL answers");
    let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(name)
        .fetch_optional(&mut db)
        .await
        .expect("the databases are listed");
    if exists.is_none() {
        db.execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .expect("a database is created");
    }
    let _ = db.close().await;
}

/// `server` (`postgres://user@host:port/any`) with its database replaced
/// by `name`, its query string kept.
fn replace_database(server: &str, name: &str) -> String {
    let (base, query) = match server.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (server, None),
    };
    let scheme_end = base.find("://").map_or(0, |at| at + 3);
    let host_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |at| scheme_end + at);
    let mut url = format!("{}/{name}", &base[..host_end]);
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    url
}

/// Runs one statement on the database of the server on `data_dir`, with
/// integer values for `$1`, `$2`... (both databases read them): for the
/// few facts tests cannot set through the API (timestamps in the past).
pub async fn execute(data_dir: &Path, sql: &str, values: &[i64]) {
    sqlx::any::install_default_drivers();
    let url = url_for(data_dir)
        .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("switchboard.db").display()));
    let mut db = sqlx::AnyConnection::connect(&url)
        .await
        .expect("the test database opens");
    let mut query = sqlx::query(sql);
    for value in values {
        query = query.bind(*value);
    }
    query.execute(&mut db).await.expect("the statement runs");
    let _ = db.close().await;
}
