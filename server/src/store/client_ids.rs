//! Client-generated ids of created entities (tasks, calendar events, team
//! chats, feed posts): a repeated create finds the first entity.

use switchboard_protocol::UserId;

use super::sql::{self, params};
use crate::store::Conn;

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
    db: &mut Conn,
    kind: Created,
    owner: UserId,
    client_id: &str,
) -> sqlx::Result<Option<i64>> {
    let (table, column) = kind.table_and_owner();
    let query = format!("SELECT id FROM {table} WHERE {column} = ? AND client_id = ?");
    sql::value(db, &query, params![owner.0, client_id]).await
}

/// Records the client id of a new entity.
pub async fn set(db: &mut Conn, kind: Created, id: i64, client_id: &str) -> sqlx::Result<()> {
    let (table, _) = kind.table_and_owner();
    let query = format!("UPDATE {table} SET client_id = ? WHERE id = ?");
    sql::run(db, &query, params![client_id, id]).await
}
