//! Enum columns (statuses, roles, kinds...). They hold the protocol's name
//! of the value (`as_str()`, bound when writing) and are read back with the
//! protocol's `FromStr`: a name this version does not know is an error of
//! the query that read it, never a silent default.

use std::str::FromStr;

use sqlx::any::{AnyTypeInfo, AnyValueRef};
use sqlx::error::BoxDynError;
use sqlx::{Decode, Type};
use switchboard_protocol::UnknownName;

use super::Backend;

/// A column holding the name of a protocol enum `T`, decoded by sqlx (a
/// pooled query) or rusqlite (the webhook writer's connection).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Named<T>(pub T);

impl<T> Type<Backend> for Named<T> {
    fn type_info() -> AnyTypeInfo {
        <&str as Type<Backend>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <&str as Type<Backend>>::compatible(ty)
    }
}

impl<'r, T: FromStr<Err = UnknownName>> Decode<'r, Backend> for Named<T> {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        let name = <&str as Decode<Backend>>::decode(value)?;
        Ok(Self(name.parse()?))
    }
}

impl<T: FromStr<Err = UnknownName>> rusqlite::types::FromSql for Named<T> {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let name = value.as_str()?;
        name.parse()
            .map(Self)
            .map_err(|error| rusqlite::types::FromSqlError::Other(Box::new(error)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_protocol::ConversationStatus;

    #[tokio::test]
    async fn a_name_reads_back_and_an_unknown_one_fails_the_query() {
        let (_dir, pool) = crate::store::test_database().await;
        let known: Named<ConversationStatus> = sqlx::query_scalar("SELECT ?")
            .bind(ConversationStatus::InProgress.as_str())
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(known.0, ConversationStatus::InProgress);
        let unknown = sqlx::query_scalar::<_, Named<ConversationStatus>>("SELECT 'archived'")
            .fetch_one(&pool)
            .await
            .unwrap_err();
        assert!(unknown.to_string().contains("archived"), "{unknown}");

        let connection = rusqlite::Connection::open_in_memory().unwrap();
        let read = |sql: &str| {
            connection.query_row(sql, [], |row| row.get::<_, Named<ConversationStatus>>(0))
        };
        assert_eq!(read("SELECT 'spam'").unwrap().0, ConversationStatus::Spam);
        assert!(read("SELECT 'archived'").is_err());
    }
}
