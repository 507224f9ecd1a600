//! The webhook writer's own connection: everything storing a delivery
//! executes, on the writer's thread.
//!
//! The rest of the server reaches SQLite through sqlx, whose SQLite driver
//! runs each connection on a thread of its own: every statement is a round
//! trip between the calling task and that thread. At a thousand webhook
//! messages a second, with a dozen statements each, those thread switches
//! (not SQLite) took most of the machine, and their wake-up delays made the
//! slowest deliveries wait tens to hundreds of milliseconds. The writer
//! instead owns a plain connection (rusqlite, the same SQLite library) on its
//! own thread and runs a whole batch there, statement after statement, with
//! prepared statements kept between batches.
//!
//! The SQL text and the row mappings are the entity modules' own
//! (`customers::IDENTITY`, `conversations::SummaryRow`, ...): only their
//! execution is written here.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use switchboard_protocol::{
    AuthorKind, ChatId, Connector, ConnectorId, ConversationId, ConversationStatus,
    ConversationSummary, CustomerId, FileId, LineId, Message, MessageId, UserId,
};

use super::conversations::{self, SummaryRow};
use super::events::{self as event_store, NumberedEvent};
use super::files::{self, FileRow};
use super::lines::{self, ConnectorRow};
use super::messages::{self, MessageRow};
use super::names::Named;
use super::{customers, BUSY_TIMEOUT, WAL_RESTART_FRAMES};

/// The writer's connection to the database.
pub struct WriterDb {
    connection: Connection,
}

/// A customer already known under the delivery's identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownCustomer {
    /// Its id.
    pub id: CustomerId,
    /// Stored name.
    pub name: String,
    /// Stored e-mail.
    pub email: Option<String>,
    /// Stored phone.
    pub phone: Option<String>,
}

/// What is already stored about a delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// The message, if this delivery was already stored (a retry).
    pub duplicate: Option<(ConversationId, MessageId)>,
    /// The customer of the identity, if known.
    pub customer: Option<KnownCustomer>,
    /// The chat the channel's chat id is linked to, when it is that
    /// customer's chat on the connector's line (what [`chat_for`] would
    /// return).
    pub chat: Option<ChatId>,
    /// The latest session of that chat: id, status, session number.
    pub latest: Option<(ConversationId, ConversationStatus, i64)>,
}

/// One delivery's identifiers, for [`lookup`].
pub struct DeliveryKeys<'a> {
    /// The connector it came through.
    pub connector: ConnectorId,
    /// The connector's line.
    pub line: LineId,
    /// The customer's id on the channel.
    pub customer: &'a str,
    /// The channel's chat id.
    pub chat: &'a str,
    /// The channel's message id.
    pub message: &'a str,
}

/// A customer message to insert.
pub struct NewCustomerMessage<'a> {
    /// The conversation.
    pub conversation: ConversationId,
    /// Its author.
    pub customer: CustomerId,
    /// The author's name as sent.
    pub name: &'a str,
    /// The text.
    pub text: &'a str,
    /// The connector and the channel's message id.
    pub external: (ConnectorId, &'a str),
    /// When it arrived.
    pub now: i64,
}

impl NewCustomerMessage<'_> {
    /// The values of [`messages::INSERT`], in order: both writers bind
    /// these.
    #[allow(clippy::type_complexity)]
    pub(crate) fn values(
        &self,
    ) -> (
        i64,
        &'static str,
        Option<i64>,
        i64,
        &str,
        &str,
        bool,
        Option<i64>,
        &'static str,
        &'static str,
        Option<&'static str>,
        &str,
        i64,
        i64,
        Option<&'static str>,
        Option<&'static str>,
    ) {
        (
            self.conversation.0,
            AuthorKind::Customer.as_str(),
            None,
            self.customer.0,
            self.name,
            self.text,
            false,
            None,
            "[]",
            "[]",
            None,
            self.external.1,
            self.external.0 .0,
            self.now,
            None,
            None,
        )
    }
}

/// A file hosted by the channel, attached to a delivered message.
pub struct NewExternalFile<'a> {
    /// Its id.
    pub id: &'a FileId,
    /// Name.
    pub name: &'a str,
    /// MIME type.
    pub content_type: &'a str,
    /// Size in bytes.
    pub size: u64,
    /// Where the channel hosts it.
    pub url: &'a str,
    /// When it arrived.
    pub now: i64,
}

impl WriterDb {
    /// Opens the database file (created and migrated by [`super::open`])
    /// with the settings of the pool's connections: WAL, `synchronous=FULL`
    /// (a commit survives a crash of the process or the machine), foreign
    /// keys, the same busy timeout, and no automatic checkpoint.
    pub fn open(path: &Path) -> rusqlite::Result<Self> {
        let connection = Connection::open(path)?;
        connection.busy_timeout(BUSY_TIMEOUT)?;
        connection.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
             PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 0;",
        )?;
        // Every statement of a batch stays prepared between batches.
        connection.set_prepared_statement_cache_capacity(64);
        Ok(Self { connection })
    }

    /// Starts a write transaction (`BEGIN IMMEDIATE`: the write lock is
    /// taken now, so this transaction may number its events).
    pub fn begin(&mut self) -> rusqlite::Result<Transaction<'_>> {
        self.connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
    }

    /// Copies the WAL into the database.
    ///
    /// `PASSIVE` first: it never waits for (nor blocks) readers and other
    /// writers. When it copied everything, the next write starts the WAL over
    /// from its beginning: the file keeps its size and is rewritten in place.
    /// A WAL that could not start over (readers kept using it) and grew past
    /// [`WAL_RESTART_FRAMES`] pages is emptied by a `TRUNCATE` checkpoint,
    /// which waits for the writer in progress, copies the rest and truncates
    /// the file; it has little left to copy by then.
    pub fn checkpoint(&self) -> rusqlite::Result<()> {
        let frames: i64 =
            self.connection
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| row.get(1))?;
        if frames > WAL_RESTART_FRAMES {
            self.connection
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        Ok(())
    }
}

/// The connector owning a webhook token.
pub fn connector_by_token(db: &Connection, token: &str) -> rusqlite::Result<Option<Connector>> {
    db.prepare_cached(lines::CONNECTOR_BY_TOKEN)?
        .query_row(
            [crate::services::auth::token_hash(token)],
            ConnectorRow::from_rusqlite,
        )
        .optional()
        .map(|row| row.map(ConnectorRow::into_connector))
}

/// A connector by id, if it takes messages.
pub fn connector_by_id(db: &Connection, id: i64) -> rusqlite::Result<Option<Connector>> {
    db.prepare_cached(lines::CONNECTOR_TAKING_MESSAGES)?
        .query_row([id], ConnectorRow::from_rusqlite)
        .optional()
        .map(|row| row.map(ConnectorRow::into_connector))
}

/// What is already stored about a delivery, in one statement: the
/// duplicate message, the customer, the linked chat and its latest session.
/// Values: connector, customer's external id, channel's chat id, line,
/// channel's message id (`$N`: each is used several times, and both
/// databases number them so).
pub(crate) const LOOKUP: &str = "WITH ident AS (SELECT customer_id FROM customer_identities \
                        WHERE connector_id = $1 AND external_id = $2), \
              linked AS (SELECT c.id FROM chat_links l JOIN chats c ON c.id = l.chat_id \
                         WHERE l.connector_id = $1 AND l.external_chat_id = $3 AND c.line_id = $4 \
                           AND c.customer_id = (SELECT customer_id FROM ident)), \
              latest AS (SELECT id, status, session_number FROM conversations \
                         WHERE chat_id = (SELECT id FROM linked) \
                         ORDER BY session_number DESC LIMIT 1), \
              dup AS (SELECT conversation_id, id FROM messages \
                      WHERE connector_id = $1 AND external_id = $5) \
         SELECT (SELECT conversation_id FROM dup), (SELECT id FROM dup), \
                cu.id, cu.name, cu.email, cu.phone, \
                (SELECT id FROM linked), \
                (SELECT id FROM latest), (SELECT status FROM latest), \
                (SELECT session_number FROM latest) \
         FROM (SELECT 1) AS one LEFT JOIN customers cu ON cu.id = (SELECT customer_id FROM ident)";

/// A row of [`LOOKUP`].
pub(crate) type LookupRow = (
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<Named<ConversationStatus>>,
    Option<i64>,
);

/// [`Known`] from a row of [`LOOKUP`].
pub(crate) fn known_of(row: LookupRow) -> Known {
    let (dup_conversation, dup_message, customer, name, email, phone, chat, latest, status, number) =
        row;
    Known {
        duplicate: dup_conversation
            .zip(dup_message)
            .map(|(c, m)| (ConversationId(c), MessageId(m))),
        customer: customer.map(|id| KnownCustomer {
            id: CustomerId(id),
            name: name.unwrap_or_default(),
            email,
            phone,
        }),
        chat: chat.map(ChatId),
        latest: match (latest, status) {
            (Some(id), Some(status)) => Some(conversations::latest_session((
                id,
                status,
                number.unwrap_or(1),
            ))),
            _ => None,
        },
    }
}

/// Reads, in one statement, the duplicate message, the customer, the linked
/// chat and its latest session of a delivery.
pub fn lookup(db: &Connection, keys: &DeliveryKeys<'_>) -> rusqlite::Result<Known> {
    db.prepare_cached(LOOKUP)?.query_row(
        params![
            keys.connector.0,
            keys.customer,
            keys.chat,
            keys.line.0,
            keys.message
        ],
        |row| {
            Ok(known_of((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
                row.get(6)?,
                row.get(7)?,
                row.get(8)?,
                row.get(9)?,
            )))
        },
    )
}

/// The customer known on a connector under an external id, created (or
/// updated with fresher contact details) as needed.
pub fn upsert_customer(
    db: &Connection,
    who: &customers::Identity<'_>,
    now: i64,
) -> rusqlite::Result<CustomerId> {
    let existing: Option<i64> = db
        .prepare_cached(customers::IDENTITY)?
        .query_row(params![who.connector.0, who.external_id], |row| row.get(0))
        .optional()?;
    if let Some(id) = existing {
        db.prepare_cached(customers::UPDATE_DETAILS)?
            .execute(params![who.name, who.email, who.phone, id])?;
        return Ok(CustomerId(id));
    }
    db.prepare_cached(customers::INSERT)?
        .execute(params![who.name, who.email, who.phone, now])?;
    let id = db.last_insert_rowid();
    db.prepare_cached(customers::INSERT_IDENTITY)?
        .execute(params![who.connector.0, who.external_id, id])?;
    Ok(CustomerId(id))
}

/// The chat of a customer on a line, created if needed, and linked to the
/// channel's chat id (with its title, when one is given).
pub fn chat_for(db: &Connection, link: &customers::ChatLink<'_>) -> rusqlite::Result<ChatId> {
    let key = (link.line.0, link.customer.0);
    db.prepare_cached(customers::INSERT_CHAT)?.execute(key)?;
    let chat: i64 = db
        .prepare_cached(customers::CHAT)?
        .query_row(key, |row| row.get(0))?;
    let values = (link.connector.0, link.external_chat_id, chat, link.title);
    db.prepare_cached(customers::LINK_CHAT)?.execute(values)?;
    Ok(ChatId(chat))
}

/// The latest session of a chat: id, status, session number.
pub fn latest_of_chat(
    db: &Connection,
    chat: ChatId,
) -> rusqlite::Result<Option<(ConversationId, ConversationStatus, i64)>> {
    db.prepare_cached(conversations::LATEST_OF_CHAT)?
        .query_row([chat.0], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .optional()
        .map(|row| row.map(conversations::latest_session))
}

/// Creates a session of a chat.
pub fn insert_conversation(
    db: &Connection,
    new: &conversations::NewConversation<'_>,
) -> rusqlite::Result<ConversationId> {
    db.prepare_cached(conversations::INSERT)?
        .execute(new.values())?;
    Ok(ConversationId(db.last_insert_rowid()))
}

/// Inserts a customer's message.
pub fn insert_customer_message(
    db: &Connection,
    new: &NewCustomerMessage<'_>,
) -> rusqlite::Result<MessageId> {
    db.prepare_cached(messages::INSERT)?.execute(new.values())?;
    Ok(MessageId(db.last_insert_rowid()))
}

/// Rates a conversation by the customer's reply: score, conversation,
/// closed since (see [`rate_by_reply`]).
pub(crate) const RATE_BY_REPLY: &str =
    "UPDATE conversations SET rating = ?, version = version + 1 \
    WHERE id = ? AND status = 'closed' \
    AND closed_at >= ? AND rating_requested_at IS NOT NULL AND rating IS NULL";

/// Records a finished conversation's rating given by the customer's reply to
/// the rating request, if it still waits for one: closed since `since`,
/// asked (`rating_requested_at`), not rated. Whether it did.
pub fn rate_by_reply(
    db: &Connection,
    conversation: ConversationId,
    score: u8,
    since: i64,
) -> rusqlite::Result<bool> {
    let changed = db.prepare_cached(RATE_BY_REPLY)?.execute(params![
        i64::from(score),
        conversation.0,
        since
    ])?;
    Ok(changed > 0)
}

/// The values of [`messages::INSERT`] for a system message reporting
/// `event`, in order: both writers bind these.
#[allow(clippy::type_complexity)]
pub(crate) fn system_message_values(
    conversation: ConversationId,
    event: &switchboard_protocol::SystemEvent,
    now: i64,
) -> (
    i64,
    &'static str,
    Option<i64>,
    Option<i64>,
    &'static str,
    String,
    bool,
    Option<i64>,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<i64>,
    i64,
    Option<String>,
    Option<&'static str>,
) {
    (
        conversation.0,
        AuthorKind::System.as_str(),
        None,
        None,
        crate::services::system_messages::SYSTEM_AUTHOR,
        crate::services::system_messages::english(event),
        false,
        None,
        "[]",
        "[]",
        None,
        None,
        None,
        now,
        serde_json::to_string(event).ok(),
        None,
    )
}

/// Inserts a system message reporting `event`.
pub fn insert_system_message(
    db: &Connection,
    conversation: ConversationId,
    event: &switchboard_protocol::SystemEvent,
    now: i64,
) -> rusqlite::Result<MessageId> {
    db.prepare_cached(messages::INSERT)?
        .execute(system_message_values(conversation, event, now))?;
    Ok(MessageId(db.last_insert_rowid()))
}

/// Attaches a file stored on this server to a message at `position`.
pub fn attach_stored_file(
    db: &Connection,
    message: MessageId,
    position: usize,
    file: &switchboard_protocol::FileId,
) -> rusqlite::Result<()> {
    db.prepare_cached(files::ATTACH)?.execute(params![
        message.0,
        file.0,
        i64::try_from(position).unwrap_or(i64::MAX)
    ])?;
    Ok(())
}

/// Records a channel-hosted file and attaches it to a message at `position`.
pub fn attach_external_file(
    db: &Connection,
    message: MessageId,
    position: usize,
    file: &NewExternalFile<'_>,
) -> rusqlite::Result<()> {
    db.prepare_cached(files::INSERT)?.execute(params![
        file.id.0,
        file.name,
        file.content_type,
        i64::try_from(file.size).unwrap_or(i64::MAX),
        file.url,
        None::<i64>,
        file.now
    ])?;
    db.prepare_cached(files::ATTACH)?.execute(params![
        message.0,
        file.id.0,
        i64::try_from(position).unwrap_or(i64::MAX)
    ])?;
    Ok(())
}

/// Records a customer's message as the conversation's last one (which
/// starts the wait for an answer, if none runs).
pub fn touch_with_customer_message(
    db: &Connection,
    conversation: ConversationId,
    message: MessageId,
    now: i64,
) -> rusqlite::Result<()> {
    db.prepare_cached(conversations::touch_with_message_sql(
        AuthorKind::Customer,
        false,
    ))?
    .execute(params![message.0, now, conversation.0, now])?;
    Ok(())
}

/// One conversation as every employee sees it.
pub fn summary(
    db: &Connection,
    conversation: ConversationId,
) -> rusqlite::Result<Option<ConversationSummary>> {
    let row = db
        .prepare_cached(&format!("{} WHERE c.id = ?", conversations::SUMMARY_SELECT))?
        .query_row([conversation.0], SummaryRow::from_rusqlite)
        .optional()?;
    let Some(row) = row else {
        return Ok(None);
    };
    let participants = db
        .prepare_cached(conversations::PARTICIPANTS)?
        .query_map([conversation.0], |row| row.get(0).map(UserId))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(row.into_summary(participants)))
}

/// A message by id, as every employee sees it.
pub fn message(db: &Connection, id: MessageId) -> rusqlite::Result<Option<Message>> {
    let row = db
        .prepare_cached(&format!("{} WHERE m.id = ?", messages::SELECT))?
        .query_row([id.0], MessageRow::from_rusqlite)
        .optional()?;
    let Some(row) = row else {
        return Ok(None);
    };
    let attachments = db
        .prepare_cached(files::OF_MESSAGE)?
        .query_map([id.0], FileRow::from_rusqlite)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let quoted = match row.quote_id() {
        Some(quote) => db
            .prepare_cached(messages::QUOTED)?
            .query_row([quote], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .optional()?,
        None => None,
    };
    Ok(Some(messages::assemble(row, &attachments, quoted, false)))
}

/// The last event number handed out (0 before the first event).
pub fn last_event_seq(db: &Connection) -> rusqlite::Result<i64> {
    db.prepare_cached(event_store::LAST_SEQ)?
        .query_row([], |row| row.get::<_, Option<i64>>(0))
        .map(Option::unwrap_or_default)
}

/// Appends events numbered by the writer after [`last_event_seq`].
pub fn append_events(db: &Connection, events: &[NumberedEvent]) -> Result<(), WriteError> {
    let mut insert = db.prepare_cached(event_store::INSERT_NUMBERED)?;
    for event in events {
        let (scope, line, users) = event_store::audience_columns(&event.audience)?;
        insert.execute(params![
            event.seq,
            event.at,
            scope,
            line,
            users,
            event.frame
        ])?;
    }
    Ok(())
}

/// Forgets the events numbered up to `seq`, included.
pub fn forget_events_through(db: &Connection, seq: i64) -> rusqlite::Result<()> {
    db.prepare_cached(event_store::FORGET_THROUGH)?
        .execute([seq])?;
    Ok(())
}

/// What the webhook writer does to store a batch, on the database it runs
/// on: its own SQLite connection (the functions of this module), or a
/// PostgreSQL transaction ([`super::inbound_postgres::PostgresBatch`]). The
/// writer's rules (`services::inbound`) are written once, against this.
pub trait WriterStore {
    /// [`connector_by_token`].
    fn connector_by_token(&self, token: &str) -> Result<Option<Connector>, WriteError>;
    /// [`connector_by_id`].
    fn connector_by_id(&self, id: i64) -> Result<Option<Connector>, WriteError>;
    /// [`lookup`].
    fn lookup(&self, keys: &DeliveryKeys<'_>) -> Result<Known, WriteError>;
    /// [`upsert_customer`].
    fn upsert_customer(
        &self,
        who: &customers::Identity<'_>,
        now: i64,
    ) -> Result<CustomerId, WriteError>;
    /// [`chat_for`].
    fn chat_for(&self, link: &customers::ChatLink<'_>) -> Result<ChatId, WriteError>;
    /// [`latest_of_chat`].
    fn latest_of_chat(
        &self,
        chat: ChatId,
    ) -> Result<Option<(ConversationId, ConversationStatus, i64)>, WriteError>;
    /// [`insert_conversation`].
    fn insert_conversation(
        &self,
        new: &conversations::NewConversation<'_>,
    ) -> Result<ConversationId, WriteError>;
    /// [`insert_customer_message`].
    fn insert_customer_message(
        &self,
        new: &NewCustomerMessage<'_>,
    ) -> Result<MessageId, WriteError>;
    /// [`rate_by_reply`].
    fn rate_by_reply(
        &self,
        conversation: ConversationId,
        score: u8,
        since: i64,
    ) -> Result<bool, WriteError>;
    /// [`insert_system_message`].
    fn insert_system_message(
        &self,
        conversation: ConversationId,
        event: &switchboard_protocol::SystemEvent,
        now: i64,
    ) -> Result<MessageId, WriteError>;
    /// [`attach_stored_file`].
    fn attach_stored_file(
        &self,
        message: MessageId,
        position: usize,
        file: &FileId,
    ) -> Result<(), WriteError>;
    /// [`attach_external_file`].
    fn attach_external_file(
        &self,
        message: MessageId,
        position: usize,
        file: &NewExternalFile<'_>,
    ) -> Result<(), WriteError>;
    /// [`touch_with_customer_message`].
    fn touch_with_customer_message(
        &self,
        conversation: ConversationId,
        message: MessageId,
        now: i64,
    ) -> Result<(), WriteError>;
    /// [`summary`].
    fn summary(
        &self,
        conversation: ConversationId,
    ) -> Result<Option<ConversationSummary>, WriteError>;
    /// [`message`].
    fn message(&self, id: MessageId) -> Result<Option<Message>, WriteError>;
    /// What is stored about each delivery, in order ([`lookup`] of each
    /// by default).
    fn lookup_all(&self, keys: &[DeliveryKeys<'_>]) -> Result<Vec<Known>, WriteError> {
        keys.iter().map(|keys| self.lookup(keys)).collect()
    }
    /// Inserts customers' messages without attachments, each one becoming
    /// its conversation's last ([`touch_with_customer_message`]); no two of
    /// the same conversation. Their ids, in order.
    fn insert_plain_customer_messages(
        &self,
        new: &[NewCustomerMessage<'_>],
    ) -> Result<Vec<MessageId>, WriteError> {
        new.iter()
            .map(|message| {
                let id = self.insert_customer_message(message)?;
                self.touch_with_customer_message(message.conversation, id, message.now)?;
                Ok(id)
            })
            .collect()
    }
    /// [`summary`] of each conversation, in order.
    fn summaries(
        &self,
        conversations: &[ConversationId],
    ) -> Result<Vec<Option<ConversationSummary>>, WriteError> {
        conversations.iter().map(|id| self.summary(*id)).collect()
    }
    /// [`message`] of each id, in order.
    fn messages(&self, ids: &[MessageId]) -> Result<Vec<Option<Message>>, WriteError> {
        ids.iter().map(|id| self.message(*id)).collect()
    }
    /// [`last_event_seq`].
    fn last_event_seq(&self) -> Result<i64, WriteError>;
    /// [`append_events`].
    fn append_events(&self, events: &[NumberedEvent]) -> Result<(), WriteError>;
    /// [`forget_events_through`].
    fn forget_events_through(&self, seq: i64) -> Result<(), WriteError>;
}

impl WriterStore for Connection {
    fn connector_by_token(&self, token: &str) -> Result<Option<Connector>, WriteError> {
        Ok(connector_by_token(self, token)?)
    }
    fn connector_by_id(&self, id: i64) -> Result<Option<Connector>, WriteError> {
        Ok(connector_by_id(self, id)?)
    }
    fn lookup(&self, keys: &DeliveryKeys<'_>) -> Result<Known, WriteError> {
        Ok(lookup(self, keys)?)
    }
    fn upsert_customer(
        &self,
        who: &customers::Identity<'_>,
        now: i64,
    ) -> Result<CustomerId, WriteError> {
        Ok(upsert_customer(self, who, now)?)
    }
    fn chat_for(&self, link: &customers::ChatLink<'_>) -> Result<ChatId, WriteError> {
        Ok(chat_for(self, link)?)
    }
    fn latest_of_chat(
        &self,
        chat: ChatId,
    ) -> Result<Option<(ConversationId, ConversationStatus, i64)>, WriteError> {
        Ok(latest_of_chat(self, chat)?)
    }
    fn insert_conversation(
        &self,
        new: &conversations::NewConversation<'_>,
    ) -> Result<ConversationId, WriteError> {
        Ok(insert_conversation(self, new)?)
    }
    fn insert_customer_message(
        &self,
        new: &NewCustomerMessage<'_>,
    ) -> Result<MessageId, WriteError> {
        Ok(insert_customer_message(self, new)?)
    }
    fn rate_by_reply(
        &self,
        conversation: ConversationId,
        score: u8,
        since: i64,
    ) -> Result<bool, WriteError> {
        Ok(rate_by_reply(self, conversation, score, since)?)
    }
    fn insert_system_message(
        &self,
        conversation: ConversationId,
        event: &switchboard_protocol::SystemEvent,
        now: i64,
    ) -> Result<MessageId, WriteError> {
        Ok(insert_system_message(self, conversation, event, now)?)
    }
    fn attach_stored_file(
        &self,
        message: MessageId,
        position: usize,
        file: &FileId,
    ) -> Result<(), WriteError> {
        Ok(attach_stored_file(self, message, position, file)?)
    }
    fn attach_external_file(
        &self,
        message: MessageId,
        position: usize,
        file: &NewExternalFile<'_>,
    ) -> Result<(), WriteError> {
        Ok(attach_external_file(self, message, position, file)?)
    }
    fn touch_with_customer_message(
        &self,
        conversation: ConversationId,
        message: MessageId,
        now: i64,
    ) -> Result<(), WriteError> {
        Ok(touch_with_customer_message(
            self,
            conversation,
            message,
            now,
        )?)
    }
    fn summary(
        &self,
        conversation: ConversationId,
    ) -> Result<Option<ConversationSummary>, WriteError> {
        Ok(summary(self, conversation)?)
    }
    fn message(&self, id: MessageId) -> Result<Option<Message>, WriteError> {
        Ok(message(self, id)?)
    }
    fn last_event_seq(&self) -> Result<i64, WriteError> {
        Ok(last_event_seq(self)?)
    }
    fn append_events(&self, events: &[NumberedEvent]) -> Result<(), WriteError> {
        append_events(self, events)
    }
    fn forget_events_through(&self, seq: i64) -> Result<(), WriteError> {
        Ok(forget_events_through(self, seq)?)
    }
}

/// What can fail while the writer stores a batch.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// SQLite refused.
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    /// PostgreSQL refused.
    #[error("database: {0}")]
    Postgres(#[from] sqlx::Error),
    /// A row could not be read.
    #[error("{0}")]
    Store(#[from] super::StoreError),
    /// An event could not be serialized.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn commits_never_checkpoint_and_the_checkpointer_keeps_the_wal_short() {
        let (dir, pool) = super::super::test_database().await;
        let mut writer = WriterDb::open(&super::super::database_path(dir.path())).unwrap();
        for autocheckpoint in [
            sqlx::query_scalar::<_, i64>("PRAGMA wal_autocheckpoint")
                .fetch_one(&pool)
                .await
                .unwrap(),
            writer
                .connection
                .query_row("PRAGMA wal_autocheckpoint", [], |row| row.get(0))
                .unwrap(),
        ] {
            assert_eq!(autocheckpoint, 0);
        }

        let tx = writer.begin().unwrap();
        tx.execute("CREATE TABLE filler (data BLOB)", []).unwrap();
        tx.commit().unwrap();
        // About 5,000 pages written without a checkpoint: the WAL only grows.
        for _ in 0..50 {
            sqlx::query(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) \
                 INSERT INTO filler SELECT randomblob(4000) FROM n",
            )
            .execute(&pool)
            .await
            .unwrap();
        }
        let wal = dir.path().join("switchboard.db-wal");
        let grown = std::fs::metadata(&wal).unwrap().len();
        assert!(grown > (WAL_RESTART_FRAMES * 4096) as u64, "{grown}");

        writer.checkpoint().unwrap();
        assert_eq!(std::fs::metadata(&wal).unwrap().len(), 0);
        let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM filler")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(rows, 5000);
    }

    #[tokio::test]
    async fn a_wal_copied_in_full_starts_over_instead_of_growing() {
        let (dir, _pool) = super::super::test_database().await;
        let mut writer = WriterDb::open(&super::super::database_path(dir.path())).unwrap();
        let write_pages = |writer: &mut WriterDb| {
            let tx = writer.begin().unwrap();
            tx.execute_batch(
                "CREATE TABLE IF NOT EXISTS filler (data BLOB); \
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) \
                 INSERT INTO filler SELECT randomblob(4000) FROM n;",
            )
            .unwrap();
            tx.commit().unwrap();
        };
        let wal = dir.path().join("switchboard.db-wal");
        write_pages(&mut writer);
        writer.checkpoint().unwrap();
        let size = std::fs::metadata(&wal).unwrap().len();
        // Well under the truncating threshold: each round is copied and the
        // next one rewrites the same pages of the file.
        for _ in 0..10 {
            write_pages(&mut writer);
            writer.checkpoint().unwrap();
        }
        assert_eq!(std::fs::metadata(&wal).unwrap().len(), size);
    }
}
