//! The webhook writer's batch on PostgreSQL: the same steps as on SQLite
//! ([`WriterStore`]), each a statement of one transaction on a pooled
//! connection. The writer's thread runs them one after the other
//! (`block_on` on the server's runtime), so a batch of deliveries is still
//! written and committed together.

use std::cell::RefCell;

use switchboard_protocol::{
    AuthorKind, ChatId, Connector, ConversationId, ConversationStatus, ConversationSummary,
    CustomerId, FileId, Message, MessageId,
};

use super::events::{self as event_store, NumberedEvent};
use super::inbound::{self, DeliveryKeys, Known, NewCustomerMessage, NewExternalFile};
use super::inbound::{WriteError, WriterStore};
use super::lines::{self, ConnectorRow};
use super::sql::{self, params};
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

    fn lookup(&self, keys: &DeliveryKeys<'_>) -> Result<Known, WriteError> {
        self.block(async |db| {
            let values = params![
                keys.connector.0,
                keys.customer,
                keys.chat,
                keys.line.0,
                keys.message
            ];
            let row: inbound::LookupRow = sql::one_row(db, inbound::LOOKUP, values).await?;
            Ok(inbound::known_of(row))
        })
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
            let values = params![
                new.conversation.0,
                AuthorKind::Customer.as_str(),
                None::<i64>,
                new.customer.0,
                new.name,
                new.text,
                false,
                None::<i64>,
                "[]",
                "[]",
                None::<String>,
                new.external.1,
                new.external.0 .0,
                new.now,
                None::<String>,
                None::<String>
            ];
            Ok(MessageId(sql::insert(db, messages::INSERT, values).await?))
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
        let text = crate::services::system_messages::english(event);
        let system = serde_json::to_string(event)?;
        self.block(async |db| {
            let values = params![
                conversation.0,
                AuthorKind::System.as_str(),
                None::<i64>,
                None::<i64>,
                crate::services::system_messages::SYSTEM_AUTHOR,
                text,
                false,
                None::<i64>,
                "[]",
                "[]",
                None::<String>,
                None::<String>,
                None::<i64>,
                now,
                system,
                None::<String>
            ];
            Ok(MessageId(sql::insert(db, messages::INSERT, values).await?))
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
            for event in events {
                let (scope, line, users) = event_store::audience_columns(&event.audience)?;
                let values = params![event.seq, event.at, scope, line, users, &event.frame];
                sql::run(db, event_store::INSERT_NUMBERED, values).await?;
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
