//! Team chats, their members and messages.

use switchboard_protocol::{
    mentions::plain_text, Author, AuthorKind, ClientMessageId, ConversationId, FileId, Message,
    MessageId, MessagePreview, TeamChat, TeamChatId, TeamChatSource, UserId,
};

use super::messages::{
    exists_beyond_in, message_of, quote_of, window_rows, Body, Mentions, Window,
};
use super::sql::{self, params};
use crate::store::Conn;

const PREVIEW_CHARS: usize = 200;

#[derive(sqlx::FromRow)]
struct ChatRow {
    id: i64,
    title: String,
    created_by: i64,
    created_at: i64,
    source_conversation_id: Option<i64>,
    source_message_id: Option<i64>,
    last_message_id: Option<i64>,
    last_activity_at: i64,
}

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: i64,
    author_user_id: i64,
    author_name: String,
    text: String,
    mentions: String,
    chat_mentions: String,
    client_id: Option<String>,
    quote_message_id: Option<i64>,
    quote_team_message_id: Option<i64>,
    created_at: i64,
    edited_at: Option<i64>,
    deleted_at: Option<i64>,
}

const SELECT_MESSAGE: &str = "SELECT m.id, m.author_user_id, m.author_name, m.text, m.mentions, \
    m.chat_mentions, m.client_id, m.quote_message_id, m.quote_team_message_id, m.created_at, m.edited_at, \
    m.deleted_at FROM team_messages m";

async fn hydrate_chat(db: &mut Conn, row: ChatRow) -> sqlx::Result<TeamChat> {
    let query = "SELECT user_id FROM team_chat_members WHERE team_chat_id = ? ORDER BY user_id";
    let members: Vec<i64> = sql::column(db, query, params![row.id]).await?;
    let last_message = match row.last_message_id {
        Some(id) => message(db, MessageId(id)).await?.map(|m| MessagePreview {
            id: m.id,
            author_kind: m.author.kind,
            text: plain_text(&m.text, &m.mentions, &m.chat_mentions)
                .chars()
                .take(PREVIEW_CHARS)
                .collect(),
            internal: false,
            created_at: m.created_at,
        }),
        None => None,
    };
    Ok(TeamChat {
        id: TeamChatId(row.id),
        title: row.title,
        members: members.into_iter().map(UserId).collect(),
        created_by: UserId(row.created_by),
        created_at: row.created_at,
        source: row.source_conversation_id.zip(row.source_message_id).map(
            |(conversation, message)| TeamChatSource {
                conversation_id: ConversationId(conversation),
                message_id: MessageId(message),
            },
        ),
        last_message,
        last_activity_at: row.last_activity_at,
    })
}

/// A team chat by id.
pub async fn chat(db: &mut Conn, id: TeamChatId) -> sqlx::Result<Option<TeamChat>> {
    let sql =
        "SELECT id, title, created_by, created_at, source_conversation_id, source_message_id, \
         last_message_id, last_activity_at FROM team_chats WHERE id = ?";
    super::one_by_id(db, sql, id.0, hydrate_chat).await
}

/// The chats an employee is a member of, most recent activity first.
pub async fn chats_of(db: &mut Conn, user: UserId) -> sqlx::Result<Vec<TeamChat>> {
    let query = "SELECT c.id, c.title, c.created_by, c.created_at, c.source_conversation_id, \
        c.source_message_id, c.last_message_id, c.last_activity_at FROM team_chats c \
        JOIN team_chat_members m ON m.team_chat_id = c.id WHERE m.user_id = ? \
        ORDER BY c.last_activity_at DESC, c.id DESC LIMIT 500";
    super::all_by(db, query, params![user.0], hydrate_chat).await
}

/// The title of a chat `user` is a member of; `None` for any other chat.
pub async fn title_for_member(
    db: &mut Conn,
    id: TeamChatId,
    user: UserId,
) -> sqlx::Result<Option<String>> {
    let query = "SELECT c.title FROM team_chats c \
        JOIN team_chat_members m ON m.team_chat_id = c.id WHERE c.id = ? AND m.user_id = ?";
    sql::value(db, query, params![id.0, user.0]).await
}

/// Creates a chat with its members.
pub async fn insert_chat(
    db: &mut Conn,
    title: &str,
    created_by: UserId,
    members: &[UserId],
    source: Option<TeamChatSource>,
    now: i64,
) -> sqlx::Result<TeamChatId> {
    let query = "INSERT INTO team_chats (title, created_by, created_at, source_conversation_id, \
        source_message_id, last_activity_at) VALUES (?, ?, ?, ?, ?, ?)";
    let (conversation, message) = (
        source.map(|s| s.conversation_id.0),
        source.map(|s| s.message_id.0),
    );
    let values = params![title, created_by.0, now, conversation, message, now];
    let id = sql::insert(db, query, values).await?;
    let query = "INSERT INTO team_chat_members (team_chat_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
    for member in members {
        sql::run(db, query, params![id, member.0]).await?;
    }
    Ok(TeamChatId(id))
}

async fn hydrate(db: &mut Conn, row: MessageRow) -> sqlx::Result<Message> {
    let files: Vec<super::files::FileRow> = if row.deleted_at.is_some() {
        Vec::new()
    } else {
        let query = "SELECT f.id, f.name, f.content_type, f.size, f.external_url, f.uploaded_by \
            FROM team_message_attachments a JOIN files f ON f.id = a.file_id \
            WHERE a.team_message_id = ? ORDER BY a.position";
        sql::rows(db, query, params![row.id]).await?
    };
    let quote = match (row.quote_message_id, row.quote_team_message_id) {
        (Some(quoted), _) => {
            let query =
                "SELECT author_name, text, deleted_at, conversation_id FROM messages WHERE id = ?";
            let found: Option<(String, String, Option<i64>, i64)> =
                sql::row(db, query, params![quoted]).await?;
            found.map(|(author_name, text, deleted, conversation)| {
                let conversation = Some(ConversationId(conversation));
                quote_of(quoted, (author_name, text, deleted), conversation)
            })
        }
        (None, Some(quoted)) => {
            let query = "SELECT author_name, text, deleted_at FROM team_messages WHERE id = ?";
            let found = sql::row(db, query, params![quoted]).await?;
            found.map(|found| quote_of(quoted, found, None))
        }
        (None, None) => None,
    };
    let body = Body {
        id: row.id,
        client_id: row.client_id,
        author: Author {
            kind: AuthorKind::Employee,
            user_id: Some(UserId(row.author_user_id)),
            customer_id: None,
            name: row.author_name,
        },
        text: row.text,
        mentions: Mentions::from_columns(Some(&row.mentions), Some(&row.chat_mentions)),
        created_at: row.created_at,
        edited_at: row.edited_at,
        deleted_at: row.deleted_at,
    };
    Ok(message_of(body, &files, quote, false))
}

/// A team message by id.
pub async fn message(db: &mut Conn, id: MessageId) -> sqlx::Result<Option<Message>> {
    super::one_by_id(
        db,
        &format!("{SELECT_MESSAGE} WHERE m.id = ?"),
        id.0,
        hydrate,
    )
    .await
}

/// The message an employee sent with a client id, and its chat.
pub async fn by_client_id(
    db: &mut Conn,
    author: UserId,
    client_id: &ClientMessageId,
) -> sqlx::Result<Option<(TeamChatId, MessageId)>> {
    let query =
        "SELECT team_chat_id, id FROM team_messages WHERE author_user_id = ? AND client_id = ?";
    let row: Option<(i64, i64)> = sql::row(db, query, params![author.0, &client_id.0]).await?;
    Ok(row.map(|(chat, id)| (TeamChatId(chat), MessageId(id))))
}

/// The chat of a team message.
pub async fn chat_of(db: &mut Conn, id: MessageId) -> sqlx::Result<Option<TeamChatId>> {
    let query = "SELECT team_chat_id FROM team_messages WHERE id = ?";
    let chat: Option<i64> = sql::value(db, query, params![id.0]).await?;
    Ok(chat.map(TeamChatId))
}

/// A team message to store.
pub struct NewTeamMessage<'a> {
    /// Its chat.
    pub chat: TeamChatId,
    /// The employee.
    pub author: UserId,
    /// Their name.
    pub author_name: &'a str,
    /// Text.
    pub text: &'a str,
    /// What its mention tokens name.
    pub mentions: &'a Mentions,
    /// Client id.
    pub client_id: Option<&'a ClientMessageId>,
    /// A quoted conversation message.
    pub quote_message: Option<MessageId>,
    /// A quoted message of the same chat.
    pub quote_team_message: Option<MessageId>,
    /// Files.
    pub attachments: &'a [FileId],
    /// When.
    pub now: i64,
}

/// Stores a message and makes it the chat's last one.
pub async fn insert_message(db: &mut Conn, new: &NewTeamMessage<'_>) -> sqlx::Result<MessageId> {
    let (mentions, chat_mentions) = new.mentions.columns();
    let query =
        "INSERT INTO team_messages (team_chat_id, author_user_id, author_name, text, mentions, \
        chat_mentions, client_id, quote_message_id, quote_team_message_id, created_at) \
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    let id = sql::insert(
        db,
        query,
        params![
            new.chat.0,
            new.author.0,
            new.author_name,
            new.text,
            mentions,
            chat_mentions,
            new.client_id.map(|c| c.0.as_str()),
            new.quote_message.map(|m| m.0),
            new.quote_team_message.map(|m| m.0),
            new.now
        ],
    )
    .await?;
    for (position, file) in new.attachments.iter().enumerate() {
        let query = "INSERT INTO team_message_attachments (team_message_id, file_id, position) \
            VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
        sql::run(
            db,
            query,
            params![id, &file.0, i64::try_from(position).unwrap_or(i64::MAX)],
        )
        .await?;
    }
    let query = "UPDATE team_chats SET last_message_id = ?, last_activity_at = ? WHERE id = ?";
    sql::run(db, query, params![id, new.now, new.chat.0]).await?;
    // The author has read what they wrote.
    let query = "UPDATE team_chat_members SET last_read_message_id = CASE \
        WHEN last_read_message_id > ?1 THEN last_read_message_id ELSE ?1 END \
        WHERE team_chat_id = ?2 AND user_id = ?3";
    sql::run(db, query, params![id, new.chat.0, new.author.0]).await?;
    Ok(MessageId(id))
}

/// Up to `limit + 1` messages of a chat around a cursor, oldest first
/// (same windows as conversation messages).
pub async fn page(
    db: &mut Conn,
    chat: TeamChatId,
    window: Window,
    limit: u32,
) -> sqlx::Result<Vec<Message>> {
    let select = format!("{SELECT_MESSAGE} WHERE m.team_chat_id = ?");
    let rows: Vec<MessageRow> = window_rows(&mut *db, &select, chat.0, window, limit).await?;
    super::hydrate_all(db, rows, hydrate).await
}

/// Whether a chat has messages before / after an id.
pub async fn exists_beyond(
    db: &mut Conn,
    chat: TeamChatId,
    id: MessageId,
    before: bool,
) -> sqlx::Result<bool> {
    exists_beyond_in(db, ("team_messages", "team_chat_id", chat.0), id, before).await
}

/// An employee's read marker and the number of colleagues' messages after it.
pub async fn read_state(
    db: &mut Conn,
    chat: TeamChatId,
    user: UserId,
) -> sqlx::Result<(Option<MessageId>, u32)> {
    let query =
        "SELECT last_read_message_id FROM team_chat_members WHERE team_chat_id = ? AND user_id = ?";
    let marker: Option<i64> = sql::value(db, query, params![chat.0, user.0]).await?;
    let marker = marker.unwrap_or(0);
    let query = "SELECT COUNT(*) FROM team_messages WHERE team_chat_id = ? AND id > ? \
        AND author_user_id != ? AND deleted_at IS NULL";
    let unread: i64 = sql::one(db, query, params![chat.0, marker, user.0]).await?;
    Ok((
        (marker > 0).then_some(MessageId(marker)),
        u32::try_from(unread).unwrap_or(u32::MAX),
    ))
}

/// Moves a read marker forward (never back); returns the marker.
pub async fn mark_read(
    db: &mut Conn,
    chat: TeamChatId,
    user: UserId,
    message: MessageId,
) -> sqlx::Result<MessageId> {
    let query = "UPDATE team_chat_members SET last_read_message_id = CASE \
        WHEN last_read_message_id > ?1 THEN last_read_message_id ELSE ?1 END \
        WHERE team_chat_id = ?2 AND user_id = ?3";
    sql::run(db, query, params![message.0, chat.0, user.0]).await?;
    let query =
        "SELECT last_read_message_id FROM team_chat_members WHERE team_chat_id = ? AND user_id = ?";
    let marker: i64 = sql::one(db, query, params![chat.0, user.0]).await?;
    Ok(MessageId(marker))
}

/// The author, chat and deletion time of a team message.
pub async fn facts(
    db: &mut Conn,
    id: MessageId,
) -> sqlx::Result<Option<(TeamChatId, UserId, Option<i64>)>> {
    let query = "SELECT team_chat_id, author_user_id, deleted_at FROM team_messages WHERE id = ?";
    let row: Option<(i64, i64, Option<i64>)> = sql::row(db, query, params![id.0]).await?;
    Ok(row.map(|(chat, author, deleted)| (TeamChatId(chat), UserId(author), deleted)))
}

/// Replaces the text of a team message.
pub async fn edit_message(
    db: &mut Conn,
    id: MessageId,
    text: &str,
    mentions: &Mentions,
    now: i64,
) -> sqlx::Result<()> {
    let (mentions, chat_mentions) = mentions.columns();
    let query =
        "UPDATE team_messages SET text = ?, mentions = ?, chat_mentions = ?, edited_at = ? \
        WHERE id = ?";
    sql::run(db, query, params![text, mentions, chat_mentions, now, id.0]).await
}

/// Marks a team message deleted.
pub async fn delete_message(db: &mut Conn, id: MessageId, now: i64) -> sqlx::Result<()> {
    let query = "UPDATE team_messages SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL";
    sql::run(db, query, params![now, id.0]).await
}
