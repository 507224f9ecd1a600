//! Messages and their pages.

use std::collections::HashMap;

use switchboard_protocol::{
    Author, AuthorKind, ChatId, ChatMention, ClientMessageId, ConnectorId, ConversationId,
    CustomerId, DeliveryState, Mention, Message, MessageCard, MessageDelivery, MessageId,
    QuotedMessage, SystemEvent, User, UserId,
};

use super::names::Named;
use super::sql::{self, params};
use crate::store::Conn;

shared_row! {
    pub(crate) struct MessageRow {
        id: i64,
        conversation_id: i64,
        chat_id: i64,
        author_kind: Named<AuthorKind>,
        author_user_id: Option<i64>,
        author_customer_id: Option<i64>,
        author_name: String,
        text: String,
        #[sqlx(try_from = "crate::store::sql::Flag")]
        internal: bool,
        quote_id: Option<i64>,
        mentions: String,
        chat_mentions: String,
        client_id: Option<String>,
        created_at: i64,
        edited_at: Option<i64>,
        deleted_at: Option<i64>,
        system: Option<String>,
        card: Option<String>,
        delivery_state: Option<String>,
        delivery_error: Option<String>,
        delivery_at: Option<i64>,
    }
}

/// The columns of [`MessageRow`]; add a `WHERE`.
pub(crate) const SELECT: &str = "SELECT m.id, m.conversation_id, c.chat_id, m.author_kind, m.author_user_id, \
    m.author_customer_id, m.author_name, m.text, m.internal, m.quote_id, m.mentions, m.chat_mentions, \
    m.client_id, m.created_at, m.edited_at, m.deleted_at, m.system, m.card, m.delivery_state, \
    m.delivery_error, m.delivery_at FROM messages m JOIN conversations c ON c.id = m.conversation_id";

impl MessageRow {
    /// The message it quotes, if any.
    pub(crate) fn quote_id(&self) -> Option<i64> {
        self.quote_id
    }
}

const EXCERPT_CHARS: usize = 140;

/// How many messages [`assemble_all`] completes per pair of statements (a
/// bound list well under either database's limit of parameters).
const ASSEMBLE_BATCH: usize = 500;

/// The messages of `rows`, in their order, each with its files and quote:
/// two statements per [`ASSEMBLE_BATCH`] rows, one for the files and one for
/// the quoted messages, whatever the number of rows. `reveal_deleted` keeps
/// the text and files of a deleted message (for the customer view of
/// channels that cannot delete).
async fn assemble_all(
    db: &mut Conn,
    rows: Vec<MessageRow>,
    reveal_deleted: bool,
) -> sqlx::Result<Vec<Message>> {
    let mut messages = Vec::with_capacity(rows.len());
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<MessageRow> = rows.by_ref().take(ASSEMBLE_BATCH).collect();
        let ids: Vec<i64> = batch.iter().map(|row| row.id).collect();
        let mut files = super::files::of_messages(db, &ids).await?;
        let quoted = quoted_of(db, &batch).await?;
        for row in batch {
            let attachments = files.remove(&row.id).unwrap_or_default();
            let quote = row.quote_id.and_then(|id| quoted.get(&id).cloned());
            messages.push(assemble(row, &attachments, quote, reveal_deleted));
        }
    }
    Ok(messages)
}

/// What [`QUOTED`] reads of each message the rows quote, by id, in one
/// statement.
async fn quoted_of(
    db: &mut Conn,
    rows: &[MessageRow],
) -> sqlx::Result<HashMap<i64, (String, String, Option<i64>)>> {
    let mut ids: Vec<i64> = rows.iter().filter_map(|row| row.quote_id).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let query = format!(
        "SELECT id, author_name, text, deleted_at FROM messages WHERE id IN {}",
        sql::placeholders(ids.len())
    );
    let values = sql::Params::of_numbers(ids.iter().copied());
    let found: Vec<(i64, String, String, Option<i64>)> = sql::rows(db, &query, values).await?;
    Ok(found
        .into_iter()
        .map(|(id, author_name, text, deleted_at)| (id, (author_name, text, deleted_at)))
        .collect())
}

/// The quoted message's author, text and deletion time, by id.
pub(crate) const QUOTED: &str = "SELECT author_name, text, deleted_at FROM messages WHERE id = ?";

/// A quote as a message shows it: the start of the quoted text, nothing
/// once the quoted message is deleted.
pub(crate) fn quote_of(
    id: i64,
    (author_name, text, deleted_at): (String, String, Option<i64>),
    conversation_id: Option<ConversationId>,
) -> QuotedMessage {
    QuotedMessage {
        id: MessageId(id),
        author_name,
        excerpt: if deleted_at.is_some() {
            String::new()
        } else {
            text.chars().take(EXCERPT_CHARS).collect()
        },
        conversation_id,
    }
}

/// What the mention tokens of a message's text resolved to when it was
/// written or last edited, stored beside the text (JSON columns `mentions`
/// and `chat_mentions`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mentions {
    /// The employees (`@{user:ID}`).
    pub users: Vec<Mention>,
    /// The team chats (`@{chat:ID}`).
    pub chats: Vec<ChatMention>,
}

/// No mention, for messages that carry none (a `static` so that a
/// [`NewMessage`] can borrow it).
pub static NO_MENTIONS: Mentions = Mentions {
    users: Vec::new(),
    chats: Vec::new(),
};

impl Mentions {
    /// The JSON of the `mentions` and `chat_mentions` columns.
    pub(crate) fn columns(&self) -> (String, String) {
        (
            serde_json::to_string(&self.users).unwrap_or_else(|_| "[]".into()),
            serde_json::to_string(&self.chats).unwrap_or_else(|_| "[]".into()),
        )
    }

    /// Read back from the `mentions` and `chat_mentions` columns; what does
    /// not parse (or is absent) mentions nothing.
    pub(crate) fn from_columns(users: Option<&str>, chats: Option<&str>) -> Self {
        Self {
            users: users
                .and_then(|json| serde_json::from_str(json).ok())
                .unwrap_or_default(),
            chats: chats
                .and_then(|json| serde_json::from_str(json).ok())
                .unwrap_or_default(),
        }
    }
}

/// What every message is made of, in a conversation or a team chat.
pub(crate) struct Body {
    /// Its id (conversation and team chat messages are numbered apart).
    pub id: i64,
    /// The id the sending client gave it.
    pub client_id: Option<String>,
    /// Who wrote it.
    pub author: Author,
    /// Its text.
    pub text: String,
    /// Its mentions.
    pub mentions: Mentions,
    /// When it was written.
    pub created_at: i64,
    /// When it was last edited.
    pub edited_at: Option<i64>,
    /// When it was deleted.
    pub deleted_at: Option<i64>,
}

/// The message a body makes, with its files and quote, outside any
/// conversation (`conversation_id` and `chat_id` 0, as team chat messages
/// have them). A deleted message shows neither text nor files unless
/// `reveal_deleted` (the customer view of channels that cannot delete).
pub(crate) fn message_of(
    body: Body,
    attachments: &[super::files::FileRow],
    quote: Option<QuotedMessage>,
    reveal_deleted: bool,
) -> Message {
    let hidden = body.deleted_at.is_some() && !reveal_deleted;
    Message {
        id: MessageId(body.id),
        conversation_id: ConversationId(0),
        chat_id: ChatId(0),
        client_id: body.client_id.map(ClientMessageId),
        author: body.author,
        text: if hidden { String::new() } else { body.text },
        attachments: if hidden {
            Vec::new()
        } else {
            attachments
                .iter()
                .map(super::files::FileRow::to_attachment)
                .collect()
        },
        quote,
        internal: false,
        mentions: body.mentions.users,
        chat_mentions: body.mentions.chats,
        created_at: body.created_at,
        edited_at: body.edited_at,
        deleted_at: body.deleted_at,
        system: None,
        card: None,
        delivery: None,
    }
}

/// A conversation message from its row, its files and what [`QUOTED`] read
/// of the message it quotes: one mapping for every connection that reads
/// messages.
pub(crate) fn assemble(
    row: MessageRow,
    attachments: &[super::files::FileRow],
    quoted: Option<(String, String, Option<i64>)>,
    reveal_deleted: bool,
) -> Message {
    let quote = row
        .quote_id
        .zip(quoted)
        .map(|(quote_id, quoted)| quote_of(quote_id, quoted, None));
    let hidden = row.deleted_at.is_some() && !reveal_deleted;
    let system = row
        .system
        .as_deref()
        .and_then(|json| serde_json::from_str::<SystemEvent>(json).ok());
    let card = row
        .card
        .as_deref()
        .filter(|_| !hidden)
        .and_then(|json| serde_json::from_str::<MessageCard>(json).ok());
    let body = Body {
        id: row.id,
        client_id: row.client_id,
        author: Author {
            kind: row.author_kind.0,
            user_id: row.author_user_id.map(UserId),
            customer_id: row.author_customer_id.map(CustomerId),
            name: row.author_name,
        },
        text: row.text,
        mentions: Mentions::from_columns(Some(&row.mentions), Some(&row.chat_mentions)),
        created_at: row.created_at,
        edited_at: row.edited_at,
        deleted_at: row.deleted_at,
    };
    let delivery = row
        .delivery_state
        .as_deref()
        .and_then(DeliveryState::parse)
        .map(|state| MessageDelivery {
            state,
            error: row.delivery_error,
            at: row.delivery_at.unwrap_or(0),
        });
    Message {
        conversation_id: ConversationId(row.conversation_id),
        chat_id: ChatId(row.chat_id),
        internal: row.internal,
        system,
        card,
        delivery,
        ..message_of(body, attachments, quote, reveal_deleted)
    }
}

/// A message by id.
pub async fn by_id(db: &mut Conn, id: MessageId) -> sqlx::Result<Option<Message>> {
    Ok(by_ids(db, &[id]).await?.pop().flatten())
}

/// Messages by id, in order (`None` for an id not found): three statements
/// for the messages, their files and the messages they quote.
pub async fn by_ids(db: &mut Conn, ids: &[MessageId]) -> sqlx::Result<Vec<Option<Message>>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let query = format!("{SELECT} WHERE m.id IN {}", sql::placeholders(ids.len()));
    let values = sql::Params::of_numbers(ids.iter().map(|id| id.0));
    let rows: Vec<MessageRow> = sql::rows(db, &query, values).await?;
    let mut found: HashMap<i64, Message> = assemble_all(db, rows, false)
        .await?
        .into_iter()
        .map(|message| (message.id.0, message))
        .collect();
    Ok(ids.iter().map(|id| found.remove(&id.0)).collect())
}

/// The message an employee created with a client id.
pub async fn by_client_id(
    db: &mut Conn,
    author: UserId,
    client_id: &ClientMessageId,
) -> sqlx::Result<Option<Message>> {
    let query = "SELECT id FROM messages WHERE author_user_id = ? AND client_id = ?";
    let id: Option<i64> = sql::value(db, query, params![author.0, &client_id.0]).await?;
    match id {
        Some(id) => by_id(db, MessageId(id)).await,
        None => Ok(None),
    }
}

/// The message a connector delivered under an external id, with its conversation.
pub async fn by_external_id(
    db: &mut Conn,
    connector: ConnectorId,
    external_id: &str,
) -> sqlx::Result<Option<(ConversationId, MessageId)>> {
    let query =
        "SELECT conversation_id, id FROM messages WHERE connector_id = ? AND external_id = ?";
    let row: Option<(i64, i64)> = sql::row(db, query, params![connector.0, external_id]).await?;
    Ok(row.map(|(c, m)| (ConversationId(c), MessageId(m))))
}

/// A message to store.
pub struct NewMessage<'a> {
    /// Its conversation.
    pub conversation: ConversationId,
    /// Author kind.
    pub author_kind: AuthorKind,
    /// The employee author.
    pub author_user: Option<UserId>,
    /// The customer author.
    pub author_customer: Option<CustomerId>,
    /// Author's display name.
    pub author_name: &'a str,
    /// Text.
    pub text: &'a str,
    /// Internal note.
    pub internal: bool,
    /// Quoted message.
    pub quote: Option<MessageId>,
    /// What its mention tokens name.
    pub mentions: &'a Mentions,
    /// Client id (employees).
    pub client_id: Option<&'a ClientMessageId>,
    /// External id and connector (customers).
    pub external: Option<(ConnectorId, &'a str)>,
    /// What a system message reports.
    pub system: Option<&'a SystemEvent>,
    /// The card the message shows.
    pub card: Option<&'a MessageCard>,
    /// Creation time.
    pub now: i64,
}

impl<'a> NewMessage<'a> {
    /// A message by `author_name`, not internal, with no quote, mention,
    /// client id, file, event or card (set them with `..`).
    fn plain(kind: AuthorKind, author_name: &'a str, text: &'a str, now: i64) -> Self {
        Self {
            conversation: ConversationId(0),
            author_kind: kind,
            author_user: None,
            author_customer: None,
            author_name,
            text,
            internal: false,
            quote: None,
            mentions: &NO_MENTIONS,
            client_id: None,
            external: None,
            system: None,
            card: None,
            now,
        }
    }

    /// A message an employee writes in `conversation`.
    pub fn by_employee(
        conversation: ConversationId,
        author: &'a User,
        text: &'a str,
        now: i64,
    ) -> Self {
        Self {
            conversation,
            author_user: Some(author.id),
            ..Self::plain(AuthorKind::Employee, &author.name, text, now)
        }
    }

    /// A message the workspace sends the customer by itself (author kind
    /// `bot`): delivered like a reply.
    pub fn by_bot(
        conversation: ConversationId,
        author_name: &'a str,
        text: &'a str,
        now: i64,
    ) -> Self {
        Self {
            conversation,
            ..Self::plain(AuthorKind::Bot, author_name, text, now)
        }
    }

    /// A message of the workspace itself (author kind `system`).
    pub fn by_system(
        conversation: ConversationId,
        author_name: &'a str,
        text: &'a str,
        now: i64,
    ) -> Self {
        Self {
            conversation,
            ..Self::plain(AuthorKind::System, author_name, text, now)
        }
    }
}

/// Stores a message.
pub async fn insert(db: &mut Conn, new: &NewMessage<'_>) -> sqlx::Result<MessageId> {
    let (mentions, chat_mentions) = new.mentions.columns();
    let system = new
        .system
        .and_then(|event| serde_json::to_string(event).ok());
    let card = new.card.and_then(|card| serde_json::to_string(card).ok());
    let id = sql::insert(
        db,
        INSERT,
        params![
            new.conversation.0,
            new.author_kind.as_str(),
            new.author_user.map(|u| u.0),
            new.author_customer.map(|c| c.0),
            new.author_name,
            new.text,
            new.internal,
            new.quote.map(|q| q.0),
            mentions,
            chat_mentions,
            new.client_id.map(|c| c.0.as_str()),
            new.external.map(|(_, id)| id),
            new.external.map(|(connector, _)| connector.0),
            new.now,
            system,
            card
        ],
    )
    .await?;
    Ok(MessageId(id))
}

/// Inserts a message: conversation, author kind, user, customer, name,
/// text, internal, quote, mentions and chat mentions (JSON), client id,
/// external id, connector, time, system event (JSON), card (JSON).
pub(crate) const INSERT: &str =
    "INSERT INTO messages (conversation_id, author_kind, author_user_id, author_customer_id, \
     author_name, text, internal, quote_id, mentions, chat_mentions, client_id, external_id, \
     connector_id, created_at, system, card) \
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/// The chat a message belongs to.
pub async fn chat_of(db: &mut Conn, id: MessageId) -> sqlx::Result<Option<ChatId>> {
    let query = "SELECT c.chat_id FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?";
    let chat: Option<i64> = sql::value(db, query, params![id.0]).await?;
    Ok(chat.map(ChatId))
}

/// Which slice of a conversation to read.
#[derive(Debug, Clone, Copy)]
pub enum Window {
    /// The latest messages.
    Latest,
    /// Messages older than this id.
    Before(MessageId),
    /// Messages newer than this id.
    After(MessageId),
}

/// Up to `limit + 1` rows of a window (the extra one tells whether there
/// are more), oldest first: `select` reads the rows of one conversation or
/// team chat (`scope`, its `WHERE` ends with `= ?`), their ids in `m.id`.
/// Conversation and team chat messages page alike.
pub(crate) async fn window_rows<R: super::sql::Row>(
    db: &mut Conn,
    select: &str,
    scope: i64,
    window: Window,
    limit: u32,
) -> sqlx::Result<Vec<R>> {
    let (condition, descending, cursor) = match window {
        Window::Latest => ("m.id > ?", true, 0),
        Window::Before(id) => ("m.id < ?", true, id.0),
        Window::After(id) => ("m.id > ?", false, id.0),
    };
    let order = if descending { "DESC" } else { "ASC" };
    let query = format!("{select} AND {condition} ORDER BY m.id {order} LIMIT ?");
    let mut rows: Vec<R> =
        sql::rows(db, &query, params![scope, cursor, i64::from(limit) + 1]).await?;
    if descending {
        rows.reverse();
    }
    Ok(rows)
}

/// Up to `limit + 1` messages of a conversation, oldest first (see [`window_rows`]).
pub async fn page(
    db: &mut Conn,
    conversation: ConversationId,
    window: Window,
    limit: u32,
) -> sqlx::Result<Vec<Message>> {
    let select = format!("{SELECT} WHERE m.conversation_id = ?");
    let rows = window_rows(&mut *db, &select, conversation.0, window, limit).await?;
    assemble_all(db, rows, false).await
}

/// Whether `table` has messages of one conversation or team chat
/// (`scope_column` = `scope`) before / after an id.
pub(crate) async fn exists_beyond_in(
    db: &mut Conn,
    (table, scope_column, scope): (&str, &str, i64),
    id: MessageId,
    before: bool,
) -> sqlx::Result<bool> {
    let condition = if before { "id < ?" } else { "id > ?" };
    let query = format!("SELECT id FROM {table} WHERE {scope_column} = ? AND {condition} LIMIT 1");
    sql::exists(db, &query, params![scope, id.0]).await
}

/// Whether a conversation has messages before / after an id.
pub async fn exists_beyond(
    db: &mut Conn,
    conversation: ConversationId,
    id: MessageId,
    before: bool,
) -> sqlx::Result<bool> {
    let scope = ("messages", "conversation_id", conversation.0);
    exists_beyond_in(db, scope, id, before).await
}

/// Messages of a chat the customer may see (not internal, not system), after
/// an id. Deleted messages keep their text and files here: whether the
/// customer still sees them depends on the channel.
pub async fn customer_visible(
    db: &mut Conn,
    chat: ChatId,
    after: MessageId,
    limit: u32,
) -> sqlx::Result<Vec<Message>> {
    let query = format!(
        "{SELECT} WHERE c.chat_id = ? AND m.id > ? AND m.internal = FALSE \
         AND m.author_kind IN ('customer', 'employee', 'bot') ORDER BY m.id LIMIT ?"
    );
    let rows = sql::rows(db, &query, params![chat.0, after.0, i64::from(limit)]).await?;
    // Deleted messages keep their text and files here (see above).
    assemble_all(db, rows, true).await
}

/// Whether a message belongs to a conversation.
pub async fn belongs_to(
    db: &mut Conn,
    id: MessageId,
    conversation: ConversationId,
) -> sqlx::Result<bool> {
    let query = "SELECT id FROM messages WHERE id = ? AND conversation_id = ?";
    let found: Option<i64> = sql::value(db, query, params![id.0, conversation.0]).await?;
    Ok(found.is_some())
}

/// Every message of a conversation, oldest first.
pub async fn all_of(db: &mut Conn, conversation: ConversationId) -> sqlx::Result<Vec<Message>> {
    let query = format!("{SELECT} WHERE m.conversation_id = ? ORDER BY m.id");
    let rows = sql::rows(db, &query, params![conversation.0]).await?;
    assemble_all(db, rows, false).await
}
