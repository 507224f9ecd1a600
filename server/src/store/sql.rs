//! Running one statement with its parameters, in the few ways every entity
//! of the store does: a write (done, or how many rows it changed, or the id
//! it inserted), whether a row exists, one value, a column, rows. A store
//! function then says only what is its own: the SQL and the values of its
//! `?` placeholders, in order ([`params!`]), as the webhook writer's
//! rusqlite statements do with `rusqlite::params!`.
//!
//! Queries built piece by piece (`QueryBuilder`) run through [`built_rows`];
//! the few statements that call sqlx themselves pass their text through
//! [`statement`] first: every statement the server runs reaches the
//! database through that one function.

use std::borrow::Cow;

use sqlx::any::{AnyArguments, AnyQueryResult, AnyRow, AnyTypeInfo, AnyValueRef};
use sqlx::error::BoxDynError;
use sqlx::{Arguments, Decode, Encode, Execute, FromRow, QueryBuilder, Type};

use super::{Backend, Conn, Dialect};

/// A statement's text as `db`'s database runs it. The store writes its SQL
/// once, with `?` placeholders; this is the one place that adapts a
/// statement to the backend: unchanged (borrowed) on SQLite, placeholders
/// numbered on PostgreSQL ([`numbered_placeholders`]).
pub fn statement<'q>(db: &Conn, sql: &'q str) -> Cow<'q, str> {
    match Dialect::of(db) {
        Dialect::Sqlite => Cow::Borrowed(sql),
        Dialect::Postgres => Cow::Owned(numbered_placeholders(sql)),
    }
}

/// The statement as PostgreSQL reads it: each `?` placeholder becomes `$1`,
/// `$2`... in order. A `?` inside a string literal ('...'), a quoted
/// identifier ("...") or a comment stays as it is. A numbered `?NNN`
/// (SQLite's form of a value used twice) becomes `$NNN`.
pub fn numbered_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let mut number = 0;
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                // Copy up to the closing quote; a doubled quote is an escaped one
                // and reads as a close followed by a reopen, which copies the same.
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                out.push(c);
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == '\n' {
                        break;
                    }
                }
            }
            // `?NNN` names its parameter already (several uses of one value):
            // `$NNN` is the same one.
            '?' if chars.peek().is_some_and(char::is_ascii_digit) => {
                out.push('$');
                while let Some(digit) = chars.next_if(char::is_ascii_digit) {
                    out.push(digit);
                }
            }
            '?' => {
                number += 1;
                out.push('$');
                out.push_str(&number.to_string());
            }
            _ => out.push(c),
        }
    }
    out
}

/// A boolean column. The schema stores flags as integers (0 or 1, which
/// SQLite has for booleans), and so do `EXISTS`, comparisons and `CASE`;
/// sqlx's `Any` driver decodes `bool` only from a boolean value, so a flag
/// reads through this (any integer, or a boolean where the database has
/// them) and converts into a `bool` (`#[sqlx(try_from = "Flag")]` on a row
/// field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag(pub bool);

impl From<Flag> for bool {
    fn from(flag: Flag) -> Self {
        flag.0
    }
}

impl rusqlite::types::FromSql for Flag {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        bool::column_result(value).map(Self)
    }
}

impl Type<Backend> for Flag {
    fn type_info() -> AnyTypeInfo {
        <bool as Type<Backend>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <bool as Type<Backend>>::compatible(ty) || <i64 as Type<Backend>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Backend> for Flag {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        match <bool as Decode<Backend>>::decode(value.clone()) {
            Ok(flag) => Ok(Self(flag)),
            Err(_) => Ok(Self(<i64 as Decode<Backend>>::decode(value)? != 0)),
        }
    }
}

/// The values of a statement's `?` placeholders, in order (see [`params!`]).
#[derive(Default)]
pub struct Params<'q> {
    arguments: AnyArguments<'q>,
    /// The first value that could not be encoded: the statement then fails
    /// with it instead of running.
    error: Option<BoxDynError>,
}

impl<'q> Params<'q> {
    /// The values with `value` after them.
    pub fn and<T>(mut self, value: T) -> Self
    where
        T: 'q + Encode<'q, Backend> + Type<Backend>,
    {
        if self.error.is_none() {
            self.error = self.arguments.add(value).err();
        }
        self
    }

    /// The values of an `IN` list of numbers ([`placeholders`] of as many).
    pub fn of_numbers(values: impl IntoIterator<Item = i64>) -> Self {
        values
            .into_iter()
            .fold(Self::default(), |params, value| params.and(value))
    }

    fn into_arguments(self) -> sqlx::Result<AnyArguments<'q>> {
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

/// Values appended, in order, to a statement's parameters: a tuple of values
/// (as rusqlite takes them), so a statement both connections run binds the
/// same tuple (`conversations::NewConversation::values`), and a statement
/// of several rows binds one tuple per row ([`rows_of`]).
pub trait Bind<'q> {
    /// `params` with these values after them.
    fn bind_to(self, params: Params<'q>) -> Params<'q>;
}

macro_rules! params_from_tuples {
    () => {};
    ($first:ident $($rest:ident)*) => {
        params_from_tuples!($($rest)*);

        impl<'q, $first, $($rest),*> Bind<'q> for ($first, $($rest,)*)
        where
            $first: 'q + Encode<'q, Backend> + Type<Backend>,
            $($rest: 'q + Encode<'q, Backend> + Type<Backend>,)*
        {
            #[allow(non_snake_case)]
            fn bind_to(self, params: Params<'q>) -> Params<'q> {
                let ($first, $($rest,)*) = self;
                params.and($first)$(.and($rest))*
            }
        }

        impl<'q, $first, $($rest),*> From<($first, $($rest,)*)> for Params<'q>
        where
            $first: 'q + Encode<'q, Backend> + Type<Backend>,
            $($rest: 'q + Encode<'q, Backend> + Type<Backend>,)*
        {
            fn from(values: ($first, $($rest,)*)) -> Self {
                values.bind_to(Params::default())
            }
        }
    };
}
params_from_tuples!(A B C D E F G H I J K L M N O P);

/// One `INSERT ... VALUES (?, ...)` statement of `rows` rows: the row of
/// `insert` (its text after ` VALUES `) repeated. Bind one tuple per row, in
/// order ([`Bind`]).
pub fn rows_of(insert: &str, rows: usize) -> String {
    // (Not an INSERT ... VALUES: unchanged, and the database refuses the
    // extra values.)
    let Some((head, row)) = insert.split_once(" VALUES ") else {
        return insert.to_owned();
    };
    let mut text = String::with_capacity(head.len() + 9 + rows * (row.len() + 2));
    text.push_str(head);
    text.push_str(" VALUES ");
    for index in 0..rows {
        if index > 0 {
            text.push_str(", ");
        }
        text.push_str(row);
    }
    text
}

/// `(?, ?, ...)` of `count` placeholders, for `IN` lists.
pub fn placeholders(count: usize) -> String {
    let mut text = String::with_capacity(2 + count * 3);
    text.push('(');
    for index in 0..count {
        if index > 0 {
            text.push_str(", ");
        }
        text.push('?');
    }
    text.push(')');
    text
}

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

/// Appends a parenthesized list of bound numbers, `(?, ?, ?)`, for
/// `IN`: the list must not be empty.
pub fn push_list(query: &mut QueryBuilder<'_, Backend>, values: impl IntoIterator<Item = i64>) {
    query.push("(");
    let mut separated = query.separated(", ");
    for value in values {
        separated.push_bind(value);
    }
    query.push(")");
}

/// Appends to a query being built whether any of `expressions` contains
/// `text`, whatever the case of its letters (the caller adds the
/// parentheses it needs).
///
/// PostgreSQL: `lower(a) LIKE ? ESCAPE '\' OR ...`, both sides lowered
/// (its `LIKE` minds the case; `lower()` folds every letter in a database
/// with a UTF-8 locale). SQLite: `a GLOB ? OR ...` with a pattern that
/// gives each letter the class of its cases ([`glob_contains`]): SQLite's
/// `lower()` and `LIKE` fold ASCII letters only.
pub fn push_any_contains(
    query: &mut QueryBuilder<'_, Backend>,
    dialect: Dialect,
    expressions: &[&str],
    text: &str,
) {
    let pattern = match dialect {
        Dialect::Postgres => like_pattern(&text.to_lowercase()),
        Dialect::Sqlite => glob_contains(text),
    };
    for (index, expression) in expressions.iter().enumerate() {
        if index > 0 {
            query.push(" OR ");
        }
        match dialect {
            Dialect::Postgres => query.push(format_args!("lower({expression}) LIKE ")),
            Dialect::Sqlite => query.push(format_args!("{expression} GLOB ")),
        };
        query.push_bind(pattern.clone());
        if dialect == Dialect::Postgres {
            query.push(" ESCAPE '\\'");
        }
    }
}

/// The SQLite `GLOB` pattern of "contains `text`, whatever the case of its
/// letters": each letter becomes the class of its cases (`é` → `[éÉ]`;
/// a case that is more than one letter, as `ß` → `SS`, is left out) and the
/// text's own `*`, `?` and `[` match themselves (`[*]`, `[?]`, `[[]`).
pub fn glob_contains(text: &str) -> String {
    /// The one character `chars` holds, if it holds exactly one.
    fn single(mut chars: impl Iterator<Item = char>) -> Option<char> {
        let first = chars.next()?;
        chars.next().is_none().then_some(first)
    }
    let mut pattern = String::with_capacity(text.len() * 4 + 2);
    pattern.push('*');
    for letter in text.chars() {
        let mut cases = vec![letter];
        let others = [single(letter.to_lowercase()), single(letter.to_uppercase())];
        for other in others.into_iter().flatten() {
            if !cases.contains(&other) {
                cases.push(other);
            }
        }
        if cases.len() > 1 || matches!(letter, '*' | '?' | '[') {
            pattern.push('[');
            pattern.extend(cases);
            pattern.push(']');
        } else {
            pattern.push(letter);
        }
    }
    pattern.push('*');
    pattern
}

/// Runs a write.
pub async fn run(db: &mut Conn, sql: &str, params: Params<'_>) -> sqlx::Result<()> {
    execute(db, sql, params).await.map(drop)
}

/// Runs a write; whether it changed a row (an `INSERT OR IGNORE` that
/// inserted, an `UPDATE` whose `WHERE` matched).
pub async fn changed(db: &mut Conn, sql: &str, params: Params<'_>) -> sqlx::Result<bool> {
    Ok(execute(db, sql, params).await?.rows_affected() > 0)
}

/// Runs a write; how many rows it changed.
pub async fn affected(db: &mut Conn, sql: &str, params: Params<'_>) -> sqlx::Result<u64> {
    Ok(execute(db, sql, params).await?.rows_affected())
}

/// Runs an `INSERT` into a table whose key is `id`; the id of the row it
/// inserted, read with `RETURNING id` (appended here: the `Any` driver
/// reports no last insert id, and the webhook writer runs some of the same
/// statements without it).
pub async fn insert(db: &mut Conn, sql: &str, params: Params<'_>) -> sqlx::Result<i64> {
    one(db, &format!("{sql} RETURNING id"), params).await
}

async fn execute(db: &mut Conn, sql: &str, params: Params<'_>) -> sqlx::Result<AnyQueryResult> {
    let arguments = params.into_arguments()?;
    sqlx::query_with(&statement(db, sql), arguments)
        .execute(db)
        .await
}

/// Whether the query finds a row.
pub async fn exists(db: &mut Conn, sql: &str, params: Params<'_>) -> sqlx::Result<bool> {
    let arguments = params.into_arguments()?;
    let row = sqlx::query_with(&statement(db, sql), arguments)
        .fetch_optional(db)
        .await?;
    Ok(row.is_some())
}

/// What a row of a query reads into: a struct deriving `sqlx::FromRow`, a
/// tuple of columns.
pub trait Row: for<'r> FromRow<'r, AnyRow> + Send + Unpin {}

impl<R: for<'r> FromRow<'r, AnyRow> + Send + Unpin> Row for R {}

/// The row the query finds, if it finds one.
pub async fn row<R: Row>(db: &mut Conn, sql: &str, params: Params<'_>) -> sqlx::Result<Option<R>> {
    let arguments = params.into_arguments()?;
    sqlx::query_as_with(&statement(db, sql), arguments)
        .fetch_optional(db)
        .await
}

/// The one row the query always finds (aggregates).
pub async fn one_row<R: Row>(db: &mut Conn, sql: &str, params: Params<'_>) -> sqlx::Result<R> {
    let arguments = params.into_arguments()?;
    sqlx::query_as_with(&statement(db, sql), arguments)
        .fetch_one(db)
        .await
}

/// Every row the query finds, in order.
pub async fn rows<R: Row>(db: &mut Conn, sql: &str, params: Params<'_>) -> sqlx::Result<Vec<R>> {
    let arguments = params.into_arguments()?;
    sqlx::query_as_with(&statement(db, sql), arguments)
        .fetch_all(db)
        .await
}

/// The first column of the row the query finds, if it finds one.
pub async fn value<T>(db: &mut Conn, sql: &str, params: Params<'_>) -> sqlx::Result<Option<T>>
where
    (T,): Row,
{
    Ok(row(db, sql, params).await?.map(|(value,)| value))
}

/// The first column of the one row the query always finds (a count, a
/// sum).
pub async fn one<T>(db: &mut Conn, sql: &str, params: Params<'_>) -> sqlx::Result<T>
where
    (T,): Row,
{
    let arguments = params.into_arguments()?;
    let (value,) = sqlx::query_as_with(&statement(db, sql), arguments)
        .fetch_one(db)
        .await?;
    Ok(value)
}

/// The first column of every row the query finds, in order.
pub async fn column<T>(db: &mut Conn, sql: &str, params: Params<'_>) -> sqlx::Result<Vec<T>>
where
    (T,): Row,
{
    let rows = rows(db, sql, params).await?;
    Ok(rows.into_iter().map(|(value,)| value).collect())
}

/// Every row the query built piece by piece finds, in order. `QueryBuilder`
/// on `Any` writes `?` for each bound value, as the store's own texts do,
/// so its text goes through [`statement`] like theirs.
pub async fn built_rows<R: Row>(
    db: &mut Conn,
    query: &mut QueryBuilder<'_, Backend>,
) -> sqlx::Result<Vec<R>> {
    let mut built = query.build();
    let arguments = built
        .take_arguments()
        .map_err(sqlx::Error::Encode)?
        .unwrap_or_default();
    sqlx::query_as_with(&statement(db, built.sql()), arguments)
        .fetch_all(db)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_glob_of_contains_gives_each_letter_its_cases() {
        assert_eq!(glob_contains("Été 2"), "*[Éé][tT][éÉ] 2*");
        // Wildcards and classes stand for themselves; a case of two
        // letters is left out.
        assert_eq!(glob_contains("a*?[]ß"), "*[aA][*][?][[]]ß*");
        assert_eq!(glob_contains(""), "**");
    }

    #[test]
    fn numbers_placeholders_in_order() {
        assert_eq!(
            numbered_placeholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?)"),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)"
        );
    }

    #[test]
    fn leaves_literals_identifiers_and_comments() {
        assert_eq!(
            numbered_placeholders("SELECT '?', \"a?\", 'it''s ?' -- why?\n FROM t WHERE x = ?"),
            "SELECT '?', \"a?\", 'it''s ?' -- why?\n FROM t WHERE x = $1"
        );
    }

    #[test]
    fn numbered_placeholders_keep_their_numbers() {
        assert_eq!(
            numbered_placeholders("UPDATE t SET a = ?1, b = COALESCE(b, ?2) WHERE id = ?12 OR ?1"),
            "UPDATE t SET a = $1, b = COALESCE(b, $2) WHERE id = $12 OR $1"
        );
    }

    #[test]
    fn an_insert_of_several_rows_repeats_its_row() {
        assert_eq!(
            rows_of("INSERT INTO t (a, b) VALUES (?, ?)", 3),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?)"
        );
        assert_eq!(placeholders(3), "(?, ?, ?)");
    }

    #[test]
    fn a_statement_without_placeholders_is_unchanged() {
        assert_eq!(numbered_placeholders("SELECT 1"), "SELECT 1");
    }

    #[tokio::test]
    async fn a_built_query_has_the_placeholders_of_the_written_ones() {
        let (_dir, pool) = crate::store::test_database().await;
        let mut db = pool.acquire().await.unwrap();
        let mut query = QueryBuilder::<Backend>::new("SELECT ");
        query.push_bind(40_i64);
        query.push(" + ");
        query.push_bind(2_i64);
        assert_eq!(query.sql(), "SELECT ? + ?");
        let sums: Vec<(i64,)> = built_rows(&mut db, &mut query).await.unwrap();
        assert_eq!(sums, [(42,)]);
    }

    #[tokio::test]
    async fn one_insert_writes_every_row_bound() {
        let (_dir, pool) = crate::store::test_database().await;
        let mut db = pool.acquire().await.unwrap();
        let create = "CREATE TEMP TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER)";
        run(&mut db, create, params![]).await.unwrap();
        let rows = [("a", Some(1_i64)), ("b", None), ("c", Some(3))];
        let values = rows
            .iter()
            .fold(Params::default(), |params, row| row.bind_to(params));
        let insert = rows_of("INSERT INTO t (name, n) VALUES (?, ?)", rows.len());
        assert_eq!(affected(&mut db, &insert, values).await.unwrap(), 3);
        let stored: Vec<(String, Option<i64>)> =
            super::rows(&mut db, "SELECT name, n FROM t ORDER BY id", params![])
                .await
                .unwrap();
        let expected: Vec<(String, Option<i64>)> = rows
            .iter()
            .map(|(name, n)| ((*name).to_owned(), *n))
            .collect();
        assert_eq!(stored, expected);
    }

    #[tokio::test]
    async fn flags_read_from_integers_and_booleans() {
        let (_dir, pool) = crate::store::test_database().await;
        let mut db = pool.acquire().await.unwrap();
        let flags: (Flag, Flag, Option<Flag>, Flag) =
            one_row(&mut db, "SELECT 1, 0, NULL, ? IS NOT NULL", params![true])
                .await
                .unwrap();
        assert_eq!(flags, (Flag(true), Flag(false), None, Flag(true)));
    }

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
