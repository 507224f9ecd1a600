//! Running one statement with its parameters, in the few ways every entity
//! of the store does: a write (done, or how many rows it changed, or the id
//! it inserted), whether a row exists, one value, a column, rows. A store
//! function then says only what is its own: the SQL and the values of its
//! `?` placeholders, in order ([`params!`]), as the webhook writer's
//! rusqlite statements do with `rusqlite::params!`.
//!
//! Queries built piece by piece (`QueryBuilder`) and reads that continue
//! with the rows (a transaction's cursor, a hydration) use sqlx directly.

use sqlx::error::BoxDynError;
use sqlx::sqlite::{SqliteArguments, SqliteQueryResult, SqliteRow};
use sqlx::{Arguments, Encode, FromRow, QueryBuilder, Sqlite, SqliteConnection, Type};

/// The values of a statement's `?` placeholders, in order (see [`params!`]).
#[derive(Default)]
pub struct Params<'q> {
    arguments: SqliteArguments<'q>,
    /// The first value that could not be encoded: the statement then fails
    /// with it instead of running.
    error: Option<BoxDynError>,
}

impl<'q> Params<'q> {
    /// The values with `value` after them.
    pub fn and<T>(mut self, value: T) -> Self
    where
        T: 'q + Encode<'q, Sqlite> + Type<Sqlite>,
    {
        if self.error.is_none() {
            self.error = self.arguments.add(value).err();
        }
        self
    }

    fn into_arguments(self) -> sqlx::Result<SqliteArguments<'q>> {
        match self.error {
            Some(error) => Err(sqlx::Error::Encode(error)),
            None => Ok(self.arguments),
        }
    }
}

/// The values of a statement's `?` placeholders, in order:
/// `params![id.0, name]` (anything sqlx binds: integers, text, options...).
macro_rules! params {
    ($($value:expr),* $(,)?) => {
        $crate::store::sql::Params::default()$(.and($value))*
    };
}
pub(crate) use params;

/// A tuple of values is the parameters in its order, as rusqlite takes
/// it: a statement both connections run binds the same tuple
/// (`conversations::NewConversation::values`).
macro_rules! params_from_tuples {
    () => {};
    ($first:ident $($rest:ident)*) => {
        params_from_tuples!($($rest)*);

        impl<'q, $first, $($rest),*> From<($first, $($rest,)*)> for Params<'q>
        where
            $first: 'q + Encode<'q, Sqlite> + Type<Sqlite>,
            $($rest: 'q + Encode<'q, Sqlite> + Type<Sqlite>,)*
        {
            #[allow(non_snake_case)]
            fn from(($first, $($rest,)*): ($first, $($rest,)*)) -> Self {
                Params::default().and($first)$(.and($rest))*
            }
        }
    };
}
params_from_tuples!(A B C D E F G H I J K L);

/// The `LIKE` pattern of "contains `text`" (with `ESCAPE '\'`): the text's
/// own `%`, `_` and `\` match themselves.
pub fn like_pattern(text: &str) -> String {
    format!(
        "%{}%",
        text.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    )
}

/// Appends to a query being built whether any of `expressions` contains
/// `text`: `a LIKE ? ESCAPE '\' OR b LIKE ? ESCAPE '\'...` (the caller
/// adds the parentheses it needs).
pub fn push_any_contains(query: &mut QueryBuilder<'_, Sqlite>, expressions: &[&str], text: &str) {
    let pattern = like_pattern(text);
    for (index, expression) in expressions.iter().enumerate() {
        if index > 0 {
            query.push(" OR ");
        }
        query.push(format_args!("{expression} LIKE "));
        query.push_bind(pattern.clone());
        query.push(" ESCAPE '\\'");
    }
}

/// Runs a write.
pub async fn run(db: &mut SqliteConnection, sql: &str, params: Params<'_>) -> sqlx::Result<()> {
    execute(db, sql, params).await.map(drop)
}

/// Runs a write; whether it changed a row (an `INSERT OR IGNORE` that
/// inserted, an `UPDATE` whose `WHERE` matched).
pub async fn changed(
    db: &mut SqliteConnection,
    sql: &str,
    params: Params<'_>,
) -> sqlx::Result<bool> {
    Ok(execute(db, sql, params).await?.rows_affected() > 0)
}

/// Runs an `INSERT`; the id of the row it inserted.
pub async fn insert(db: &mut SqliteConnection, sql: &str, params: Params<'_>) -> sqlx::Result<i64> {
    Ok(execute(db, sql, params).await?.last_insert_rowid())
}

async fn execute(
    db: &mut SqliteConnection,
    sql: &str,
    params: Params<'_>,
) -> sqlx::Result<SqliteQueryResult> {
    let arguments = params.into_arguments()?;
    sqlx::query_with(sql, arguments).execute(db).await
}

/// Whether the query finds a row.
pub async fn exists(
    db: &mut SqliteConnection,
    sql: &str,
    params: Params<'_>,
) -> sqlx::Result<bool> {
    let arguments = params.into_arguments()?;
    let row = sqlx::query_with(sql, arguments).fetch_optional(db).await?;
    Ok(row.is_some())
}

/// What a row of a query reads into: a struct deriving `sqlx::FromRow`, a
/// tuple of columns.
pub trait Row: for<'r> FromRow<'r, SqliteRow> + Send + Unpin {}

impl<R: for<'r> FromRow<'r, SqliteRow> + Send + Unpin> Row for R {}

/// The row the query finds, if it finds one.
pub async fn row<R: Row>(
    db: &mut SqliteConnection,
    sql: &str,
    params: Params<'_>,
) -> sqlx::Result<Option<R>> {
    let arguments = params.into_arguments()?;
    sqlx::query_as_with(sql, arguments).fetch_optional(db).await
}

/// Every row the query finds, in order.
pub async fn rows<R: Row>(
    db: &mut SqliteConnection,
    sql: &str,
    params: Params<'_>,
) -> sqlx::Result<Vec<R>> {
    let arguments = params.into_arguments()?;
    sqlx::query_as_with(sql, arguments).fetch_all(db).await
}

/// The first column of the row the query finds, if it finds one.
pub async fn value<T>(
    db: &mut SqliteConnection,
    sql: &str,
    params: Params<'_>,
) -> sqlx::Result<Option<T>>
where
    (T,): Row,
{
    Ok(row(db, sql, params).await?.map(|(value,)| value))
}

/// The first column of the one row the query always finds (a count, a
/// sum).
pub async fn one<T>(db: &mut SqliteConnection, sql: &str, params: Params<'_>) -> sqlx::Result<T>
where
    (T,): Row,
{
    let arguments = params.into_arguments()?;
    let (value,) = sqlx::query_as_with(sql, arguments).fetch_one(db).await?;
    Ok(value)
}

/// The first column of every row the query finds, in order.
pub async fn column<T>(
    db: &mut SqliteConnection,
    sql: &str,
    params: Params<'_>,
) -> sqlx::Result<Vec<T>>
where
    (T,): Row,
{
    let rows = rows(db, sql, params).await?;
    Ok(rows.into_iter().map(|(value,)| value).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn statements_run_with_their_values_in_order() {
        let (_dir, pool) = crate::store::test_database().await;
        let mut db = pool.acquire().await.unwrap();
        run(
            &mut db,
            "CREATE TEMP TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER)",
            params![],
        )
        .await
        .unwrap();
        let insert_sql = "INSERT INTO t (name, n) VALUES (?, ?)";
        let first = insert(&mut db, insert_sql, params!["a", 1]).await.unwrap();
        let second = insert(&mut db, insert_sql, params!["b", None::<i64>])
            .await
            .unwrap();
        assert_eq!(second, first + 1);
        let renamed = "UPDATE t SET name = ? WHERE id = ?";
        assert!(changed(&mut db, renamed, params!["c", first])
            .await
            .unwrap());
        assert!(!changed(&mut db, renamed, params!["c", 999]).await.unwrap());
        assert!(
            exists(&mut db, "SELECT 1 FROM t WHERE name = ?", params!["c"])
                .await
                .unwrap()
        );
        let n: Option<Option<i64>> =
            value(&mut db, "SELECT n FROM t WHERE id = ?", params![second])
                .await
                .unwrap();
        assert_eq!(n, Some(None));
        let names: Vec<String> = column(&mut db, "SELECT name FROM t ORDER BY id", params![])
            .await
            .unwrap();
        assert_eq!(names, ["c", "b"]);
        let pairs: Vec<(String, Option<i64>)> =
            rows(&mut db, "SELECT name, n FROM t ORDER BY id", params![])
                .await
                .unwrap();
        assert_eq!(pairs, [("c".to_owned(), Some(1)), ("b".to_owned(), None)]);
        let count: i64 = one(&mut db, "SELECT COUNT(*) FROM t", params![])
            .await
            .unwrap();
        assert_eq!(count, 2);
    }
}
