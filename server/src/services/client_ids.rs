//! Idempotent creation: tasks, calendar events, team chats and feed posts
//! accept a client-generated id; repeating a create with the same id
//! returns the first entity instead of making a second one.

use super::Viewer;
use crate::error::ApiError;
use crate::store::client_ids::{self, Created};
use crate::store::Conn;

/// The entity the viewer already created with this client id, if any.
pub async fn existing(
    db: &mut Conn,
    kind: Created,
    viewer: &Viewer,
    client_id: Option<&str>,
) -> Result<Option<i64>, ApiError> {
    match client_id {
        Some(client_id) => Ok(client_ids::find(db, kind, viewer.user.id, client_id).await?),
        None => Ok(None),
    }
}

/// Records the client id of a new entity.
pub async fn remember(
    db: &mut Conn,
    kind: Created,
    id: i64,
    client_id: Option<&str>,
) -> Result<(), ApiError> {
    if let Some(client_id) = client_id {
        client_ids::set(db, kind, id, client_id).await?;
    }
    Ok(())
}
