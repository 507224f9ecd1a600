//! The webhook writer's batch on PostgreSQL: the same steps as on SQLite
//! ([`WriterStore`]), each a statement of one transaction on a pooled
//! connection. The writer's thread runs them one after the other
//! (`block_on` on the server's runtime), so a batch of deliveries is still
//! written and committed together.

use std::cell::RefCell;
use std::collections::HashMap;

use switchboard_protocol::{
    AuthorKind, ChatId, Connector, ConversationId, ConversationStatus, ConversationSummary,
    CustomerId, FileId, Message, MessageId,
};

use super::events::{self as event_store, NumberedEvent};
use super::inbound::{self, DeliveryKeys, Known, NewCustomerMessage, NewExternalFile};
use super::inbound::{WriteError, WriterStore};
use super::lines::{self, ConnectorRow};
use super::names::Named;
use super::sql::{self, params, Bind};
use super::{conversations, customers, files, messages, Conn, Db, Tx};

/// A batch's transaction on PostgreSQL.
pub struct PostgresBatch {
    tx: RefCell<Tx>,
    runtime: tokio::runtime::Handle,
}

impl PostgresBatch {
    /// Begins the batch's transaction. Called from the writer's thread
    /// (outside the runtime it blocks on).
    pub fn begin(pool: &Db, runtime: tokio::runtime::Handle) -> Result<Self, WriteError> {
        let tx = runtime.block_on(super::begin_write(pool))?;
        Ok(Self {
            tx: RefCell::new(tx),
            runtime,
        })
    }

    /// Commits the batch.
    pub fn commit(self) -> Result<(), WriteError> {
        let tx = self.tx.into_inner();
        Ok(self.runtime.block_on(tx.commit())?)
    }

    /// Runs `work` on the transaction and waits for it.
    fn block<T>(
        &self,
        work: impl AsyncFnOnce(&mut Conn) -> Result<T, WriteError>,
    ) -> Result<T, WriteError> {
        let mut tx = self.tx.borrow_mut();
        self.runtime.block_on(work(&mut tx))
    }
}

/// Most events appended by one statement (six values each, well under
/// PostgreSQL's 65,535 parameters).
const EVENTS_PER_INSERT: usize = 1000;

/// A row of [`lookup_all_sql`]: the delivery's position in the batch, then
/// [`inbound::LookupRow`].
type PositionedLookupRow = (
    i64,
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

/// [`inbound::LOOKUP`] for `count` deliveries at once: values per delivery
/// are its position, connector, customer's external id, channel's chat id,
/// line and channel's message id.
fn lookup_all_sql(count: usize) -> String {
    let mut text = String::from(
        "SELECT k.position, dup.conversation_id, dup.id, cu.id, cu.name, cu.email, cu.phone, \
                linked.id, latest.id, latest.status, latest.session_number \
         FROM (VALUES ",
    );
    for index in 0..count {
        if index > 0 {
            text.push_str(", ");
        }
        text.push_str("(?::bigint, ?::bigint, ?::text, ?::text, ?::bigint, ?::text)");
    }
    text.push_str(
        ") AS k (position, connector, customer, chat, line, message) \
         LEFT JOIN customer_identities i \
           ON i.connector_id = k.connector AND i.external_id = k.customer \
         LEFT JOIN customers cu ON cu.id = i.customer_id \
         LEFT JOIN LATERAL (SELECT c.id FROM chat_links l JOIN chats c ON c.id = l.chat_id \
                            WHERE l.connector_id = k.connector AND l.external_chat_id = k.chat \
                              AND c.line_id = k.line AND c.customer_id = i.customer_id) \
           AS linked ON TRUE \
         LEFT JOIN LATERAL (SELECT id, status, session_number FROM conversations \
                            WHERE chat_id = linked.id ORDER BY session_number DESC LIMIT 1) \
           AS latest ON TRUE \
         LEFT JOIN LATERAL (SELECT conversation_id, id FROM messages \
                            WHERE connector_id = k.connector AND external_id = k.message) \
           AS dup ON TRUE \
         ORDER BY k.position",
    );
    text
}

/// What [`conversations::touch_with_message_sql`] does for a customer's
/// message, for `count` conversations at once: values per conversation are
/// its id, the message and the time.
fn touch_all_sql(count: usize) -> String {
    let mut text = String::from(
        "UPDATE conversations SET last_message_id = v.message, last_activity_at = v.at, \
         waiting_since = COALESCE(waiting_since, v.at), snoozed_until = NULL, \
         version = version + 1 FROM (VALUES ",
    );
    for index in 0..count {
        if index > 0 {
            text.push_str(", ");
        }
        text.push_str("(?::bigint, ?::bigint, ?::bigint)");
    }
    text.push_str(") AS v (id, message, at) WHERE conversations.id = v.id");
    text
}

/// A position in a message's attachments, as stored.
fn position_value(position: usize) -> i64 {
    i64::try_from(position).unwrap_or(i64::MAX)
}

impl WriterStore for PostgresBatch {
    fn connector_by_token(&self, token: &str) -> Result<Option<Connector>, WriteError> {
        self.block(async |db| Ok(lines::connector_by_token(db, token).await?))
    }

    fn connector_by_id(&self, id: i64) -> Result<Option<Connector>, WriteError> {
        self.block(async |db| {
            let row: Option<ConnectorRow> =
                sql::row(db, lines::CONNECTOR_TAKING_MESSAGES, params![id]).await?;
            Ok(row.map(ConnectorRow::into_connector))
        })
    }

    /// [`Self::lookup_all`] with one delivery.
    fn lookup(&self, keys: &DeliveryKeys<'_>) -> Result<Known, WriteError> {
        let mut known = self.lookup_all(std::slice::from_ref(keys))?;
        known.pop().ok_or_else(|| sqlx::Error::RowNotFound.into())
    }

    fn upsert_customer(
        &self,
        who: &customers::Identity<'_>,
        now: i64,
    ) -> Result<CustomerId, WriteError> {
        self.block(async |db| Ok(customers::upsert_by_identity(db, who, now).await?))
    }

    fn chat_for(&self, link: &customers::ChatLink<'_>) -> Result<ChatId, WriteError> {
        self.block(async |db| Ok(customers::chat_for(db, link).await?))
    }

    fn latest_of_chat(
        &self,
        chat: ChatId,
    ) -> Result<Option<(ConversationId, ConversationStatus, i64)>, WriteError> {
        self.block(async |db| Ok(conversations::latest_of_chat(db, chat).await?))
    }

    fn insert_conversation(
        &self,
        new: &conversations::NewConversation<'_>,
    ) -> Result<ConversationId, WriteError> {
        self.block(async |db| Ok(conversations::insert(db, new).await?))
    }

    fn insert_customer_message(
        &self,
        new: &NewCustomerMessage<'_>,
    ) -> Result<MessageId, WriteError> {
        self.block(async |db| {
            Ok(MessageId(
                sql::insert(db, messages::INSERT, new.values().into()).await?,
            ))
        })
    }

    fn rate_by_reply(
        &self,
        conversation: ConversationId,
        score: u8,
        since: i64,
    ) -> Result<bool, WriteError> {
        self.block(async |db| {
            let values = params![i64::from(score), conversation.0, since];
            Ok(sql::changed(db, inbound::RATE_BY_REPLY, values).await?)
        })
    }

    fn insert_system_message(
        &self,
        conversation: ConversationId,
        event: &switchboard_protocol::SystemEvent,
        now: i64,
    ) -> Result<MessageId, WriteError> {
        let values = inbound::system_message_values(conversation, event, now);
        self.block(async |db| {
            Ok(MessageId(
                sql::insert(db, messages::INSERT, values.into()).await?,
            ))
        })
    }

    fn attach_stored_file(
        &self,
        message: MessageId,
        position: usize,
        file: &FileId,
    ) -> Result<(), WriteError> {
        self.block(async |db| {
            let values = params![message.0, &file.0, position_value(position)];
            Ok(sql::run(db, files::ATTACH, values).await?)
        })
    }

    fn attach_external_file(
        &self,
        message: MessageId,
        position: usize,
        file: &NewExternalFile<'_>,
    ) -> Result<(), WriteError> {
        self.block(async |db| {
            let (name, kind) = (file.name, file.content_type);
            let url = Some(file.url);
            files::insert(db, file.id, name, kind, file.size, url, None, file.now).await?;
            let values = params![message.0, &file.id.0, position_value(position)];
            Ok(sql::run(db, files::ATTACH, values).await?)
        })
    }

    fn touch_with_customer_message(
        &self,
        conversation: ConversationId,
        message: MessageId,
        now: i64,
    ) -> Result<(), WriteError> {
        self.block(async |db| {
            let author = AuthorKind::Customer;
            conversations::touch_with_message(db, conversation, message, author, false, now)
                .await?;
            Ok(())
        })
    }

    fn summary(
        &self,
        conversation: ConversationId,
    ) -> Result<Option<ConversationSummary>, WriteError> {
        self.block(async |db| Ok(conversations::summary(db, conversation).await?))
    }

    fn message(&self, id: MessageId) -> Result<Option<Message>, WriteError> {
        self.block(async |db| Ok(messages::by_id(db, id).await?))
    }

    /// One statement for the whole batch: each delivery's keys are a row of
    /// `VALUES`, and [`inbound::LOOKUP`]'s reads join them.
    fn lookup_all(&self, keys: &[DeliveryKeys<'_>]) -> Result<Vec<Known>, WriteError> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let mut params = sql::Params::default();
        for (position, keys) in keys.iter().enumerate() {
            params = (
                i64::try_from(position).unwrap_or(i64::MAX),
                keys.connector.0,
                keys.customer,
                keys.chat,
                keys.line.0,
                keys.message,
            )
                .bind_to(params);
        }
        let query = lookup_all_sql(keys.len());
        let rows: Vec<PositionedLookupRow> =
            self.block(async |db| Ok(sql::rows(db, &query, params).await?))?;
        let mut known = vec![None; keys.len()];
        for row in rows {
            let (position, a, b, c, d, e, f, g, h, i, j) = row;
            if let Some(slot) = usize::try_from(position)
                .ok()
                .and_then(|p| known.get_mut(p))
            {
                *slot = Some(inbound::known_of((a, b, c, d, e, f, g, h, i, j)));
            }
        }
        known
            .into_iter()
            .map(|known| known.ok_or_else(|| sqlx::Error::RowNotFound.into()))
            .collect()
    }

    /// Two statements for the whole batch: one `INSERT` of every message,
    /// one `UPDATE` of every conversation.
    fn insert_plain_customer_messages(
        &self,
        new: &[NewCustomerMessage<'_>],
    ) -> Result<Vec<MessageId>, WriteError> {
        if new.is_empty() {
            return Ok(Vec::new());
        }
        let mut params = sql::Params::default();
        for message in new {
            params = message.values().bind_to(params);
        }
        let insert = format!(
            "{} RETURNING connector_id, external_id, id",
            sql::rows_of(messages::INSERT, new.len())
        );
        let inserted: Vec<(i64, String, i64)> =
            self.block(async |db| Ok(sql::rows(db, &insert, params).await?))?;
        let ids: HashMap<(i64, &str), i64> = inserted
            .iter()
            .map(|(connector, external, id)| ((*connector, external.as_str()), *id))
            .collect();
        let ids = new
            .iter()
            .map(|message| {
                ids.get(&(message.external.0 .0, message.external.1))
                    .copied()
                    .map(MessageId)
                    .ok_or_else(|| WriteError::from(sqlx::Error::RowNotFound))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut params = sql::Params::default();
        for (message, id) in new.iter().zip(&ids) {
            params = (message.conversation.0, id.0, message.now).bind_to(params);
        }
        let touch = touch_all_sql(new.len());
        self.block(async |db| Ok(sql::run(db, &touch, params).await?))?;
        Ok(ids)
    }

    /// Two statements: the conversations, their participants.
    fn summaries(
        &self,
        ids: &[ConversationId],
    ) -> Result<Vec<Option<ConversationSummary>>, WriteError> {
        self.block(async |db| Ok(conversations::summaries(db, ids).await?))
    }

    fn messages(&self, ids: &[MessageId]) -> Result<Vec<Option<Message>>, WriteError> {
        self.block(async |db| Ok(messages::by_ids(db, ids).await?))
    }

    /// Takes the numbering lock first ([`event_store::lock_numbering`]):
    /// the batch numbers its events itself, after every committed one.
    fn last_event_seq(&self) -> Result<i64, WriteError> {
        self.block(async |db| {
            event_store::lock_numbering(db).await?;
            Ok(sql::one(db, event_store::LAST_SEQ_POSTGRES, params![]).await?)
        })
    }

    /// Moves the sequence past them: the events appended later by
    /// [`event_store::append`] continue after the batch's.
    fn append_events(&self, events: &[NumberedEvent]) -> Result<(), WriteError> {
        self.block(async |db| {
            for chunk in events.chunks(EVENTS_PER_INSERT) {
                let mut values = sql::Params::default();
                for event in chunk {
                    let (scope, line, users) = event_store::audience_columns(&event.audience)?;
                    values = (
                        event.seq,
                        event.at,
                        scope,
                        line,
                        users,
                        event.frame.as_str(),
                    )
                        .bind_to(values);
                }
                let insert = sql::rows_of(event_store::INSERT_NUMBERED, chunk.len());
                sql::run(db, &insert, values).await?;
            }
            if let Some(last) = events.last() {
                let _: i64 = sql::one(db, event_store::SET_SEQ_POSTGRES, params![last.seq]).await?;
                event_store::notify_appended(db, last.seq).await?;
            }
            Ok(())
        })
    }

    fn forget_events_through(&self, seq: i64) -> Result<(), WriteError> {
        self.block(async |db| Ok(sql::run(db, event_store::FORGET_THROUGH, params![seq]).await?))
    }
}
