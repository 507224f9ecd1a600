//! Writes of the per-message actions on conversation messages: edit,
//! delete, and moving messages to a new session (split).

use switchboard_protocol::{AuthorKind, ConversationId, MessageId, SplitLink, UserId};

use super::messages::Mentions;
use super::names::Named;
use super::sql::{self, params};
use crate::store::Conn;

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
    #[sqlx(try_from = "crate::store::sql::Flag")]
    pub internal: bool,
    /// When it was deleted.
    pub deleted_at: Option<i64>,
}

/// The facts of a message, if it exists.
pub async fn facts(db: &mut Conn, id: MessageId) -> sqlx::Result<Option<MessageFacts>> {
    let query = "SELECT conversation_id, author_kind, author_user_id, internal, deleted_at \
        FROM messages WHERE id = ?";
    sql::row(db, query, params![id.0]).await
}

/// Replaces the text of a message, keeping the first text as `original_text`.
pub async fn edit(
    db: &mut Conn,
    id: MessageId,
    text: &str,
    mentions: &Mentions,
    now: i64,
) -> sqlx::Result<()> {
    let (mentions, chat_mentions) = mentions.columns();
    let query = "UPDATE messages SET original_text = COALESCE(original_text, text), text = ?, \
        mentions = ?, chat_mentions = ?, edited_at = ? WHERE id = ?";
    let values = params![text, mentions, chat_mentions, now, id.0];
    sql::run(db, query, values).await
}

/// Marks a message deleted. Its text and files stay in the database: the
/// customer keeps them on channels that cannot delete.
pub async fn delete(db: &mut Conn, id: MessageId, now: i64) -> sqlx::Result<()> {
    let query = "UPDATE messages SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL";
    sql::run(db, query, params![now, id.0]).await
}

/// The text a message had before its first edit, if it was edited.
pub async fn original_text(db: &mut Conn, id: MessageId) -> sqlx::Result<Option<String>> {
    let query = "SELECT original_text FROM messages WHERE id = ?";
    Ok(sql::value(db, query, params![id.0]).await?.flatten())
}

/// Moves a message and every later message of its session to another session.
pub async fn move_from(
    db: &mut Conn,
    from: ConversationId,
    first: MessageId,
    to: ConversationId,
) -> sqlx::Result<Vec<MessageId>> {
    let query = "SELECT id FROM messages WHERE conversation_id = ? AND id >= ? ORDER BY id";
    let ids = sql::column(db, query, params![from.0, first.0]).await?;
    let query = "UPDATE messages SET conversation_id = ? WHERE conversation_id = ? AND id >= ?";
    sql::run(db, query, params![to.0, from.0, first.0]).await?;
    Ok(ids.into_iter().map(MessageId).collect())
}

/// Recomputes a session's last message (ignoring system messages, like
/// `touch_with_message`) and bumps its version.
pub async fn refresh_last_message(db: &mut Conn, id: ConversationId) -> sqlx::Result<()> {
    let query = "UPDATE conversations SET last_message_id = (SELECT MAX(id) FROM messages \
        WHERE conversation_id = ?1 AND author_kind != 'system'), version = version + 1 WHERE id = ?1";
    sql::run(db, query, params![id.0]).await
}

/// Whether the session has an employee's public reply among its messages
/// from `first` on (then the customer is not waiting).
pub async fn answered_since(
    db: &mut Conn,
    id: ConversationId,
    first: MessageId,
) -> sqlx::Result<bool> {
    let query =
        "SELECT id FROM messages WHERE conversation_id = ? AND id >= ? AND internal = FALSE \
        AND author_kind IN ('employee', 'bot') LIMIT 1";
    sql::exists(db, query, params![id.0, first.0]).await
}

/// Sets the line, assignee and waiting clock of a new session (split).
pub async fn set_split_state(
    db: &mut Conn,
    id: ConversationId,
    line: Option<i64>,
    waiting_since: Option<i64>,
) -> sqlx::Result<()> {
    let query = "UPDATE conversations SET line_id = ?, waiting_since = ? WHERE id = ?";
    sql::run(db, query, params![line, waiting_since, id.0]).await
}

/// The stored line of a conversation (`NULL`: its chat's line).
pub async fn stored_line(db: &mut Conn, id: ConversationId) -> sqlx::Result<Option<i64>> {
    let query = "SELECT line_id FROM conversations WHERE id = ?";
    Ok(sql::value(db, query, params![id.0]).await?.flatten())
}

/// Records that `to` was split from `from` at `message`.
pub async fn record_split(
    db: &mut Conn,
    from: ConversationId,
    to: ConversationId,
    message: MessageId,
    by: UserId,
    now: i64,
) -> sqlx::Result<()> {
    let query = "INSERT INTO conversation_splits (from_conversation_id, to_conversation_id, \
        message_id, by_user_id, at) VALUES (?, ?, ?, ?, ?)";
    sql::run(db, query, params![from.0, to.0, message.0, by.0, now]).await
}

/// The split links of a session: (split from, split into).
pub async fn split_links(
    db: &mut Conn,
    id: ConversationId,
) -> sqlx::Result<(Option<SplitLink>, Option<SplitLink>)> {
    let query = "SELECT from_conversation_id, message_id FROM conversation_splits \
        WHERE to_conversation_id = ?";
    let from: Option<(i64, i64)> = sql::row(db, query, params![id.0]).await?;
    let query = "SELECT to_conversation_id, message_id FROM conversation_splits \
        WHERE from_conversation_id = ?";
    let into: Option<(i64, i64)> = sql::row(db, query, params![id.0]).await?;
    let link = |(conversation, message): (i64, i64)| SplitLink {
        conversation_id: ConversationId(conversation),
        message_id: MessageId(message),
    };
    Ok((from.map(link), into.map(link)))
}

/// The channel's chat id of a conversation.
pub async fn external_chat_id(db: &mut Conn, id: ConversationId) -> sqlx::Result<Option<String>> {
    let query = "SELECT external_chat_id FROM conversations WHERE id = ?";
    sql::value(db, query, params![id.0]).await
}

/// Bumps a conversation's version (its preview changed).
pub async fn bump_version(db: &mut Conn, id: ConversationId) -> sqlx::Result<()> {
    let query = "UPDATE conversations SET version = version + 1 WHERE id = ?";
    sql::run(db, query, params![id.0]).await
}
