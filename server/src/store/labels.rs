//! Labels, the labels of each conversation, and conversations' priority.

use switchboard_protocol::{ConversationId, Label, LabelColour, LabelId, Priority};

use super::names::Named;
use super::sql::{self, params};
use crate::store::Conn;

#[derive(sqlx::FromRow)]
struct LabelRow {
    id: i64,
    name: String,
    colour: Named<LabelColour>,
}

impl LabelRow {
    fn into_label(self) -> Label {
        Label {
            id: LabelId(self.id),
            name: self.name,
            colour: self.colour.0,
        }
    }
}

/// Every label, by name.
pub async fn all(db: &mut Conn) -> sqlx::Result<Vec<Label>> {
    let query = "SELECT id, name, colour FROM labels ORDER BY lower(name), id";
    let rows: Vec<LabelRow> = sql::rows(db, query, params![]).await?;
    Ok(rows.into_iter().map(LabelRow::into_label).collect())
}

/// One label.
pub async fn by_id(db: &mut Conn, id: LabelId) -> sqlx::Result<Option<Label>> {
    let query = "SELECT id, name, colour FROM labels WHERE id = ?";
    let row: Option<LabelRow> = sql::row(db, query, params![id.0]).await?;
    Ok(row.map(LabelRow::into_label))
}

/// Adds a label.
pub async fn insert(
    db: &mut Conn,
    name: &str,
    colour: LabelColour,
    now: i64,
) -> sqlx::Result<LabelId> {
    let query = "INSERT INTO labels (name, colour, created_at) VALUES (?, ?, ?)";
    let id = sql::insert(db, query, params![name, colour.as_str(), now]).await?;
    Ok(LabelId(id))
}

/// Renames or recolours a label.
pub async fn update(
    db: &mut Conn,
    id: LabelId,
    name: &str,
    colour: LabelColour,
) -> sqlx::Result<()> {
    let query = "UPDATE labels SET name = ?, colour = ? WHERE id = ?";
    sql::run(db, query, params![name, colour.as_str(), id.0]).await
}

/// Deletes a label and takes it off every conversation; answers the
/// conversations that carried it.
pub async fn delete(db: &mut Conn, id: LabelId) -> sqlx::Result<Vec<ConversationId>> {
    let query = "SELECT conversation_id FROM conversation_labels WHERE label_id = ? \
        ORDER BY conversation_id";
    let carried: Vec<i64> = sql::column(db, query, params![id.0]).await?;
    let query = "UPDATE conversations SET version = version + 1 WHERE id IN \
        (SELECT conversation_id FROM conversation_labels WHERE label_id = ?)";
    sql::run(db, query, params![id.0]).await?;
    sql::run(
        db,
        "DELETE FROM conversation_labels WHERE label_id = ?",
        params![id.0],
    )
    .await?;
    sql::run(db, "DELETE FROM labels WHERE id = ?", params![id.0]).await?;
    Ok(carried.into_iter().map(ConversationId).collect())
}

/// Replaces a conversation's labels (ids known to exist) and bumps its
/// version.
pub async fn set_for_conversation(
    db: &mut Conn,
    conversation: ConversationId,
    labels: &[LabelId],
) -> sqlx::Result<()> {
    sql::run(
        db,
        "DELETE FROM conversation_labels WHERE conversation_id = ?",
        params![conversation.0],
    )
    .await?;
    for label in labels {
        let query = "INSERT INTO conversation_labels (conversation_id, label_id) \
            VALUES (?, ?) ON CONFLICT DO NOTHING";
        sql::run(db, query, params![conversation.0, label.0]).await?;
    }
    bump(db, conversation).await
}

/// Sets a conversation's priority and bumps its version.
pub async fn set_priority(
    db: &mut Conn,
    conversation: ConversationId,
    priority: Priority,
) -> sqlx::Result<()> {
    let query = "UPDATE conversations SET priority = ?, version = version + 1 WHERE id = ?";
    sql::run(db, query, params![priority.as_str(), conversation.0]).await
}

async fn bump(db: &mut Conn, conversation: ConversationId) -> sqlx::Result<()> {
    let query = "UPDATE conversations SET version = version + 1 WHERE id = ?";
    sql::run(db, query, params![conversation.0]).await
}
