//! The two forms of the migrations describe one schema: migrated from
//! scratch, SQLite and PostgreSQL have the same tables with the same
//! columns, each nullable on both or on neither. Runs when the tests have a
//! PostgreSQL server (`SWITCHBOARD_TEST_DATABASE_URL`).

use std::collections::BTreeSet;

use crate::support::database;

/// A column: table, name, whether it takes NULL.
type Column = (String, String, bool);

#[tokio::test]
async fn both_databases_migrate_to_the_same_tables_and_columns() {
    let sqlite_dir = tempfile::tempdir().unwrap();
    let postgres_dir = tempfile::tempdir().unwrap();
    let Some(url) = database::url_for(postgres_dir.path()) else {
        eprintln!("skipped: SWITCHBOARD_TEST_DATABASE_URL names no PostgreSQL server");
        return;
    };
    let sqlite = switchboard_server::store::open(sqlite_dir.path(), None)
        .await
        .unwrap();
    let postgres = switchboard_server::store::open(postgres_dir.path(), Some(&url))
        .await
        .unwrap();

    // A key column of SQLite's takes no NULL (a rowid), as on PostgreSQL.
    // A full-text table and its own tables are SQLite's form of an index
    // (PostgreSQL's are indexes): not tables of the schema.
    let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT m.name, p.name, p.\"notnull\", p.pk FROM sqlite_master m \
         JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
           AND NOT EXISTS (SELECT 1 FROM sqlite_master v \
                           WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL TABLE%' \
                             AND (m.name = v.name OR m.name LIKE v.name || '\\_%' ESCAPE '\\'))",
    )
    .fetch_all(&sqlite)
    .await
    .unwrap();
    let on_sqlite: BTreeSet<Column> = rows
        .into_iter()
        .map(|(table, column, not_null, key)| (table, column, not_null == 0 && key == 0))
        .collect();
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT), CAST(is_nullable AS TEXT) \
         FROM information_schema.columns WHERE table_schema = 'public'",
    )
    .fetch_all(&postgres)
    .await
    .unwrap();
    let on_postgres: BTreeSet<Column> = rows
        .into_iter()
        .map(|(table, column, nullable)| (table, column, nullable == "YES"))
        .collect();

    let only_sqlite: Vec<_> = on_sqlite.difference(&on_postgres).collect();
    let only_postgres: Vec<_> = on_postgres.difference(&on_sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "columns (table, column, nullable) of SQLite only: {only_sqlite:?}; \
         of PostgreSQL only: {only_postgres:?}"
    );
    assert!(on_sqlite.iter().any(|(table, ..)| table == "events"));
}
