//! Client-generated ids of created entities (tasks, calendar events, team
//! chats, feed posts): a repeated create finds the first entity.

use sqlx::SqliteConnection;
use switchboard_protocol::UserId;

/// A kind of entity created with a client id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Created {
    /// `tasks`, by `creator_id`.
    Task,
    /// `calendar_events`, by `organizer_id`.
    CalendarEvent,
    /// `team_chats`, by `created_by`.
    TeamChat,
    /// `feed_posts`, by `author_user_id`.
    FeedPost,
}

impl Created {
    fn table_and_owner(self) -> (&'static str, &'static str) {
        match self {
            Self::Task => ("tasks", "creator_id"),
            Self::CalendarEvent => ("calendar_events", "organizer_id"),
            Self::TeamChat => ("team_chats", "created_by"),
            Self::FeedPost => ("feed_posts", "author_user_id"),
        }
    }
}

/// The id of the entity `owner` created with `client_id`, if any.
pub async fn find(
    db: &mut SqliteConnection,
    kind: Created,
    owner: UserId,
    client_id: &str,
) -> sqlx::Result<Option<i64>> {
    let (table, column) = kind.table_and_owner();
    sqlx::query_scalar(&format!(
        "SELECT id FROM {table} WHERE {column} = ? AND client_id = ?"
    ))
    .bind(owner.0)
    .bind(client_id)
    .fetch_optional(db)
    .await
}

/// Records the client id of a new entity.
pub async fn set(
    db: &mut SqliteConnection,
    kind: Created,
    id: i64,
    client_id: &str,
) -> sqlx::Result<()> {
    let (table, _) = kind.table_and_owner();
    sqlx::query(&format!("UPDATE {table} SET client_id = ? WHERE id = ?"))
        .bind(client_id)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}
