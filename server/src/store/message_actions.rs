//! Writes of the per-message actions on conversation messages: edit,
//! delete, and moving messages to a new session (split).

use sqlx::SqliteConnection;
use switchboard_protocol::{AuthorKind, ConversationId, MessageId, SplitLink, UserId};

use super::messages::Mentions;

use super::names::Named;

/// What the rules need to know about a message before acting on it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MessageFacts {
    /// Its conversation.
    pub conversation_id: i64,
    /// Who wrote it.
    pub author_kind: Named<AuthorKind>,
    /// The employee author.
    pub author_user_id: Option<i64>,
    /// Internal note.
    pub internal: bool,
    /// When it was deleted.
    pub deleted_at: Option<i64>,
}

/// The facts of a message, if it exists.
pub async fn facts(db: &mut SqliteConnection, id: MessageId) -> sqlx::Result<Option<MessageFacts>> {
    sqlx::query_as(
        "SELECT conversation_id, author_kind, author_user_id, internal, deleted_at \
         FROM messages WHERE id = ?",
    )
    .bind(id.0)
    .fetch_optional(db)
    .await
}

/// Replaces the text of a message, keeping the first text as `original_text`.
pub async fn edit(
    db: &mut SqliteConnection,
    id: MessageId,
    text: &str,
    mentions: &Mentions,
    now: i64,
) -> sqlx::Result<()> {
    let (mentions, chat_mentions) = mentions.columns();
    sqlx::query(
        "UPDATE messages SET original_text = COALESCE(original_text, text), text = ?, \
         mentions = ?, chat_mentions = ?, edited_at = ? WHERE id = ?",
    )
    .bind(text)
    .bind(mentions)
    .bind(chat_mentions)
    .bind(now)
    .bind(id.0)
    .execute(db)
    .await?;
    Ok(())
}

/// Marks a message deleted. Its text and files stay in the database: the
/// customer keeps them on channels that cannot delete.
pub async fn delete(db: &mut SqliteConnection, id: MessageId, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE messages SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL")
        .bind(now)
        .bind(id.0)
        .execute(db)
        .await?;
    Ok(())
}

/// The text a message had before its first edit, if it was edited.
pub async fn original_text(
    db: &mut SqliteConnection,
    id: MessageId,
) -> sqlx::Result<Option<String>> {
    let text: Option<Option<String>> =
        sqlx::query_scalar("SELECT original_text FROM messages WHERE id = ?")
            .bind(id.0)
            .fetch_optional(db)
            .await?;
    Ok(text.flatten())
}

/// Moves a message and every later message of its session to another session.
pub async fn move_from(
    db: &mut SqliteConnection,
    from: ConversationId,
    first: MessageId,
    to: ConversationId,
) -> sqlx::Result<Vec<MessageId>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM messages WHERE conversation_id = ? AND id >= ? ORDER BY id",
    )
    .bind(from.0)
    .bind(first.0)
    .fetch_all(&mut *db)
    .await?;
    sqlx::query("UPDATE messages SET conversation_id = ? WHERE conversation_id = ? AND id >= ?")
        .bind(to.0)
        .bind(from.0)
        .bind(first.0)
        .execute(db)
        .await?;
    Ok(ids.into_iter().map(MessageId).collect())
}

/// Recomputes a session's last message (ignoring system messages, like
/// `touch_with_message`) and bumps its version.
pub async fn refresh_last_message(
    db: &mut SqliteConnection,
    id: ConversationId,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE conversations SET last_message_id = (SELECT MAX(id) FROM messages \
         WHERE conversation_id = ?1 AND author_kind != 'system'), version = version + 1 WHERE id = ?1",
    )
    .bind(id.0)
    .execute(db)
    .await?;
    Ok(())
}

/// Whether the session has an employee's public reply among its messages
/// from `first` on (then the customer is not waiting).
pub async fn answered_since(
    db: &mut SqliteConnection,
    id: ConversationId,
    first: MessageId,
) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM messages WHERE conversation_id = ? AND id >= ? AND internal = 0 \
         AND author_kind IN ('employee', 'bot') LIMIT 1",
    )
    .bind(id.0)
    .bind(first.0)
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}

/// Sets the line, assignee and waiting clock of a new session (split).
pub async fn set_split_state(
    db: &mut SqliteConnection,
    id: ConversationId,
    line: Option<i64>,
    waiting_since: Option<i64>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE conversations SET line_id = ?, waiting_since = ? WHERE id = ?")
        .bind(line)
        .bind(waiting_since)
        .bind(id.0)
        .execute(db)
        .await?;
    Ok(())
}

/// The stored line of a conversation (`NULL`: its chat's line).
pub async fn stored_line(
    db: &mut SqliteConnection,
    id: ConversationId,
) -> sqlx::Result<Option<i64>> {
    let line: Option<Option<i64>> =
        sqlx::query_scalar("SELECT line_id FROM conversations WHERE id = ?")
            .bind(id.0)
            .fetch_optional(db)
            .await?;
    Ok(line.flatten())
}

/// Records that `to` was split from `from` at `message`.
pub async fn record_split(
    db: &mut SqliteConnection,
    from: ConversationId,
    to: ConversationId,
    message: MessageId,
    by: UserId,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO conversation_splits (from_conversation_id, to_conversation_id, message_id, by_user_id, at) \
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(from.0)
    .bind(to.0)
    .bind(message.0)
    .bind(by.0)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// The split links of a session: (split from, split into).
pub async fn split_links(
    db: &mut SqliteConnection,
    id: ConversationId,
) -> sqlx::Result<(Option<SplitLink>, Option<SplitLink>)> {
    let from: Option<(i64, i64)> = sqlx::query_as(
        "SELECT from_conversation_id, message_id FROM conversation_splits WHERE to_conversation_id = ?",
    )
    .bind(id.0)
    .fetch_optional(&mut *db)
    .await?;
    let into: Option<(i64, i64)> = sqlx::query_as(
        "SELECT to_conversation_id, message_id FROM conversation_splits WHERE from_conversation_id = ?",
    )
    .bind(id.0)
    .fetch_optional(db)
    .await?;
    let link = |(conversation, message): (i64, i64)| SplitLink {
        conversation_id: ConversationId(conversation),
        message_id: MessageId(message),
    };
    Ok((from.map(link), into.map(link)))
}

/// The channel's chat id of a conversation.
pub async fn external_chat_id(
    db: &mut SqliteConnection,
    id: ConversationId,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT external_chat_id FROM conversations WHERE id = ?")
        .bind(id.0)
        .fetch_optional(db)
        .await
}

/// Bumps a conversation's version (its preview changed).
pub async fn bump_version(db: &mut SqliteConnection, id: ConversationId) -> sqlx::Result<()> {
    sqlx::query("UPDATE conversations SET version = version + 1 WHERE id = ?")
        .bind(id.0)
        .execute(db)
        .await?;
    Ok(())
}
