//! The single writer of webhook deliveries: group commit, on a thread of its
//! own with a connection of its own.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use switchboard_protocol::{
    Connector, ConnectorKind, ConversationStatus, Event, InboundAccepted, InboundDelivery,
    SystemEvent,
};
use tokio::sync::{mpsc, oneshot};

use super::validate;
use crate::error::{ApiError, OrVanished};
use crate::services::automation;
use crate::services::conversations::audience_of;
use crate::services::events::{self, EventHub};
use crate::store::customers::{ChatLink, Identity};
use crate::store::events::NumberedEvent;
use crate::store::inbound::{self as db, DeliveryKeys, WriterDb, WriterStore};
use crate::store::inbound_postgres::PostgresBatch;
use crate::store::Db;
use crate::store::{self, conversations};

/// Most deliveries written in one transaction.
const MAX_BATCH: usize = 256;
/// Deliveries waiting for the writer before callers wait to enqueue.
const QUEUE_CAPACITY: usize = 8192;
/// How often, at most, the writer copies the WAL into the database between
/// two batches (see [`InboundWriter`]).
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);
/// How often an idle writer is asked to checkpoint (for the writes of the
/// rest of the server).
const CHECKPOINT_TICK: Duration = Duration::from_millis(500);

/// What the writer's thread is asked to do.
enum Request {
    /// Store a delivery.
    Deliver(Box<Job>),
    /// Checkpoint the WAL if it was not done lately.
    Checkpoint,
}

/// Whose delivery it is.
pub enum Source {
    /// A webhook's: the connector's secret token.
    Token(String),
    /// A connector the caller found itself (the website chat widget's).
    Connector(switchboard_protocol::ConnectorId),
}

/// One delivery waiting for the writer, and where its result goes.
struct Job {
    source: Source,
    delivery: InboundDelivery,
    /// Files already stored on this server (fetched from the channel),
    /// attached after the channel-hosted ones.
    files: Vec<switchboard_protocol::FileId>,
    reply: oneshot::Sender<Result<InboundAccepted, ApiError>>,
}

/// The single writer of webhook deliveries.
///
/// **Group commit.** With `synchronous=FULL` every commit waits for the disk
/// (fsync of the WAL), and SQLite has one writer at a time, so one
/// transaction per message would cap the webhook at a few hundred messages
/// per second. The writer takes every delivery queued meanwhile (at most
/// [`MAX_BATCH`]), writes them in one transaction, commits once, publishes
/// their events, and only then answers each caller (if the transaction
/// fails, each delivery is retried alone and gets its own answer). No caller
/// hears "accepted" before the commit that holds its message.
///
/// **Its own thread and connection.** The batch runs on the writer's thread
/// with a connection of its own ([`WriterDb`]), not through the pool: see
/// [`crate::store::inbound`] for why (one thread switch per statement made
/// the writer the machine's bottleneck). The events of a batch are published
/// from memory ([`EventHub::publish_committed`]), not read back.
///
/// **The checkpointer.** Commits never checkpoint (see [`store::open`]).
/// SQLite starts the WAL over only when a checkpoint has copied all of it
/// and a write begins; a checkpointer running beside a stream of deliveries
/// never catches up, so under a steady load the WAL grew by hundreds of
/// megabytes, every commit extended the file and the fsyncs grew slower. The
/// writer checkpoints between two batches instead (at most every
/// [`CHECKPOINT_EVERY`]), when no delivery of its own is being written: the
/// checkpoint copies everything, the next batch rewrites the WAL from its
/// start, and a checkpoint has a quarter of a second of pages to copy, never
/// more. A task asks an idle writer to checkpoint every [`CHECKPOINT_TICK`],
/// for the writes of the rest of the server.
pub struct InboundWriter {
    jobs: mpsc::Sender<Request>,
}

/// Why the writer could not start.
#[derive(Debug, thiserror::Error)]
pub enum WriterStartError {
    /// Its connection could not be opened.
    #[error("inbound writer database: {0}")]
    Database(#[from] rusqlite::Error),
    /// Its thread could not be started.
    #[error("inbound writer thread: {0}")]
    Thread(#[from] std::io::Error),
}

impl InboundWriter {
    /// Opens the writer's connection to the SQLite database at `path`
    /// (`None`: the pool's PostgreSQL, whose transactions the writer
    /// borrows from the pool) and starts its thread. Must be called inside a
    /// Tokio runtime: the thread publishes through it when events of other
    /// writers come first, and runs PostgreSQL's statements on it.
    pub fn start(
        path: Option<&Path>,
        pool: Db,
        events: Arc<EventHub>,
    ) -> Result<Self, WriterStartError> {
        let (jobs, receiver) = mpsc::channel(QUEUE_CAPACITY);
        let writer = Writer {
            db: path.map(WriterDb::open).transpose()?,
            pool,
            events,
            runtime: tokio::runtime::Handle::current(),
        };
        std::thread::Builder::new()
            .name("inbound-writer".into())
            .spawn(move || writer.run(receiver))?;
        // The ticker holds no sender of its own: the writer stops with the
        // last `InboundWriter`.
        let ticks = jobs.downgrade();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(CHECKPOINT_TICK);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                let Some(jobs) = ticks.upgrade() else {
                    break;
                };
                // A full queue means a busy writer, which checkpoints anyway.
                let _ = jobs.try_send(Request::Checkpoint);
            }
        });
        Ok(Self { jobs })
    }

    /// Queues a delivery and waits until it is committed (or refused).
    pub(crate) async fn write(
        &self,
        source: Source,
        delivery: InboundDelivery,
        files: Vec<switchboard_protocol::FileId>,
    ) -> Result<InboundAccepted, ApiError> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Request::Deliver(Box::new(Job {
                source,
                delivery,
                files,
                reply,
            })))
            .await
            .map_err(|_| ApiError::Internal("the inbound writer stopped".into()))?;
        answer
            .await
            .map_err(|_| ApiError::Internal("the inbound writer dropped a delivery".into()))?
    }
}

/// What the writer's thread owns.
struct Writer {
    /// Its own SQLite connection; `None` on PostgreSQL.
    db: Option<WriterDb>,
    pool: Db,
    events: Arc<EventHub>,
    runtime: tokio::runtime::Handle,
}

/// A batch's answers (a refused delivery gets its error, the others their
/// ids) and the events it committed, in order.
struct Written {
    answers: Vec<Result<InboundAccepted, ApiError>>,
    events: Vec<NumberedEvent>,
}

impl Writer {
    /// Writes batches until every sender is gone (the server stopped).
    fn run(mut self, mut receiver: mpsc::Receiver<Request>) {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        let mut last_checkpoint = Instant::now();
        while let Some(first) = receiver.blocking_recv() {
            let mut next = Some(first);
            while let Some(request) = next {
                if let Request::Deliver(job) = request {
                    batch.push(*job);
                }
                next = (batch.len() < MAX_BATCH)
                    .then(|| receiver.try_recv().ok())
                    .flatten();
            }
            if !batch.is_empty() {
                self.write_batch(&mut batch);
            }
            let Some(sqlite) = &self.db else {
                continue;
            };
            if last_checkpoint.elapsed() >= CHECKPOINT_EVERY {
                if let Err(error) = sqlite.checkpoint() {
                    tracing::warn!(%error, "WAL checkpoint failed; retrying after the next batch");
                }
                last_checkpoint = Instant::now();
            }
        }
    }

    /// Writes and commits `batch` (emptied), publishes its events, then
    /// answers each caller. When the group transaction fails, each delivery
    /// is retried in its own transaction, so one bad delivery cannot fail
    /// the others.
    fn write_batch(&mut self, batch: &mut Vec<Job>) {
        let (answers, committed) = match self.write_all(batch) {
            Ok(written) => (written.answers, written.events),
            Err(error) if batch.len() > 1 => {
                tracing::warn!(%error, deliveries = batch.len(), "group commit failed; writing one by one");
                let mut answers = Vec::with_capacity(batch.len());
                let mut committed = Vec::new();
                for job in batch.iter() {
                    match self.write_all(std::slice::from_ref(job)) {
                        Ok(mut written) => {
                            answers.push(written.answers.pop().unwrap_or_else(|| {
                                Err(ApiError::Internal("no result for a delivery".into()))
                            }));
                            committed.append(&mut written.events);
                        }
                        Err(error) => answers.push(Err(error)),
                    }
                }
                (answers, committed)
            }
            Err(error) => (vec![Err(error)], Vec::new()),
        };
        // Published before the callers hear "accepted": a snapshot read after
        // that answer carries a sequence number that includes its events.
        self.publish(committed);
        for (job, answer) in batch.drain(..).zip(answers) {
            // The caller may have gone (client disconnected): nothing to do.
            let _ = job.reply.send(answer);
        }
    }

    fn publish(&self, committed: Vec<NumberedEvent>) {
        if committed.is_empty() {
            return;
        }
        let stored = committed
            .into_iter()
            .map(NumberedEvent::into_stored)
            .collect();
        if !self.events.publish_committed(stored) {
            // Events of another writer come first: read them all, in order.
            self.runtime
                .block_on(self.events.publish_after_commit(&self.pool));
        }
    }

    /// Writes `jobs` in one transaction: all are committed, or none (a
    /// delivery refused for its token or values writes nothing and gets its
    /// error). The events are appended at the end, and the same transaction
    /// forgets the events that fall out of the retained window.
    fn write_all(&mut self, jobs: &[Job]) -> Result<Written, ApiError> {
        match &mut self.db {
            Some(sqlite) => {
                let tx = sqlite.begin()?;
                let written = write_in(&self.events, &*tx, jobs)?;
                tx.commit()?;
                Ok(written.committed(&self.events))
            }
            None => {
                let tx = PostgresBatch::begin(&self.pool, self.runtime.clone())?;
                let written = write_in(&self.events, &tx, jobs)?;
                tx.commit()?;
                Ok(written.committed(&self.events))
            }
        }
    }
}

/// A batch written, not yet committed: its answers, its events, and the
/// events it forgot (out of the retained window) once committed.
struct Uncommitted {
    written: Written,
    forgotten: Option<i64>,
}

impl Uncommitted {
    /// The batch once its transaction committed.
    fn committed(self, hub: &EventHub) -> Written {
        if let Some(cutoff) = self.forgotten {
            hub.forgotten_through(cutoff);
        }
        self.written
    }
}

/// Writes `jobs` in the transaction of `tx`: all are committed, or none (a
/// delivery refused for its token or values writes nothing and gets its
/// error). The events are appended at the end, and the same transaction
/// forgets the events that fall out of the retained window.
fn write_in(hub: &EventHub, tx: &dyn WriterStore, jobs: &[Job]) -> Result<Uncommitted, ApiError> {
    // The write lock is held from here: this transaction numbers its events.
    let mut last_seq = tx.last_event_seq()?;
    let mut events = Vec::with_capacity(jobs.len() * 2);
    let mut answers: Vec<Option<Result<InboundAccepted, ApiError>>> =
        jobs.iter().map(|_| None).collect();
    // A batch's deliveries mostly share a few tokens: each is read once.
    let mut by_token: HashMap<&str, Option<Connector>> = HashMap::new();
    let mut valid = Vec::with_capacity(jobs.len());
    for (index, job) in jobs.iter().enumerate() {
        let connector = match &job.source {
            Source::Token(token) => match by_token.get(token.as_str()) {
                Some(connector) => connector.clone(),
                None => {
                    let connector = tx.connector_by_token(token)?;
                    by_token.insert(token, connector.clone());
                    connector
                }
            },
            Source::Connector(id) => tx.connector_by_id(id.0)?,
        };
        let Some(connector) = connector else {
            answers[index] = Some(Err(ApiError::NotFound("Unknown connector token".into())));
            continue;
        };
        if let Err(refused) = validate(&job.delivery, job.files.len()) {
            answers[index] = Some(Err(refused));
            continue;
        }
        valid.push((index, job, connector));
    }
    let keys: Vec<DeliveryKeys<'_>> = valid
        .iter()
        .map(|(_, job, connector)| keys_of(connector, &job.delivery))
        .collect();
    let known = tx.lookup_all(&keys)?;
    let now = store::now_ms();
    let mut sorted = Sorter::default();
    let mut plain = Vec::new();
    let mut others = Vec::new();
    for ((index, job, connector), known) in valid.into_iter().zip(known) {
        match sorted.sort(job, &connector, known) {
            Sorted::Stored(accepted) => answers[index] = Some(Ok(accepted)),
            Sorted::Plain(conversation, customer) => {
                plain.push((index, job, connector, conversation, customer));
            }
            Sorted::Other => others.push((index, job, connector)),
        }
    }
    // The usual deliveries, each statement once for all of them...
    let new: Vec<db::NewCustomerMessage<'_>> = plain
        .iter()
        .map(
            |(_, job, connector, conversation, customer)| db::NewCustomerMessage {
                conversation: *conversation,
                customer: *customer,
                name: &job.delivery.customer.name,
                text: &job.delivery.message.text,
                external: (connector.id, &job.delivery.message.id),
                now,
            },
        )
        .collect();
    let message_ids = tx.insert_plain_customer_messages(&new)?;
    let conversation_ids: Vec<_> = new.iter().map(|message| message.conversation).collect();
    let summaries = tx.summaries(&conversation_ids)?;
    let messages = tx.messages(&message_ids)?;
    for (((index, ..), summary), message) in plain.iter().zip(summaries).zip(messages) {
        let summary = summary.or_vanished("conversation")?;
        let message = message.or_vanished("message")?;
        let accepted = InboundAccepted {
            conversation_id: summary.id,
            message_id: message.id,
        };
        announce(&mut events, &mut last_seq, now, summary, message, false)?;
        answers[*index] = Some(Ok(accepted));
    }
    // ...then the others one by one, in order.
    for (index, job, connector) in others {
        let mut delivery = Delivery {
            db: tx,
            last_seq: &mut last_seq,
            events: &mut events,
            connector: &connector,
            delivery: &job.delivery,
            files: &job.files,
            now: store::now_ms(),
        };
        answers[index] = Some(Ok(delivery.store()?));
    }
    let answers = answers
        .into_iter()
        .map(|answer| {
            answer.unwrap_or_else(|| Err(ApiError::Internal("no result for a delivery".into())))
        })
        .collect();
    tx.append_events(&events)?;
    let forgotten = hub.forget_cutoff(last_seq);
    if let Some(cutoff) = forgotten {
        tx.forget_events_through(cutoff)?;
    }
    Ok(Uncommitted {
        written: Written { answers, events },
        forgotten,
    })
}

/// A delivery's keys, for [`WriterStore::lookup`].
fn keys_of<'a>(connector: &Connector, delivery: &'a InboundDelivery) -> DeliveryKeys<'a> {
    DeliveryKeys {
        connector: connector.id,
        line: connector.line_id,
        customer: &delivery.customer.id,
        chat: &delivery.chat.id,
        message: &delivery.message.id,
    }
}

/// Whether the customer stored is the one a delivery describes: same name,
/// and every e-mail or phone it gives already stored.
fn unchanged(stored: &db::KnownCustomer, delivery: &InboundDelivery) -> bool {
    let details = &delivery.customer;
    stored.name == details.name
        && details
            .email
            .as_ref()
            .is_none_or(|e| stored.email.as_ref() == Some(e))
        && details
            .phone
            .as_ref()
            .is_none_or(|p| stored.phone.as_ref() == Some(p))
}

/// Where a delivery of a batch is written.
enum Sorted {
    /// Already stored (a retry): its ids.
    Stored(InboundAccepted),
    /// The usual case, written with the batch's others of its kind: a known
    /// customer, unchanged, writing without attachments in a linked chat
    /// whose conversation is open (that conversation, that customer).
    Plain(
        switchboard_protocol::ConversationId,
        switchboard_protocol::CustomerId,
    ),
    /// Anything else, written by itself ([`Delivery::store`]).
    Other,
}

/// Sorts a batch's deliveries ([`Sorted`]), in order. A delivery sharing a
/// customer, a chat, a message id or a conversation with an earlier one of
/// the batch is written by itself, after: what the earlier one writes
/// changes what it finds, and a conversation's messages keep their order.
#[derive(Default)]
struct Sorter<'a> {
    customers: HashSet<(i64, &'a str)>,
    chats: HashSet<(i64, &'a str)>,
    messages: HashSet<(i64, &'a str)>,
    conversations: HashSet<switchboard_protocol::ConversationId>,
}

impl<'a> Sorter<'a> {
    fn sort(&mut self, job: &'a Job, connector: &Connector, known: db::Known) -> Sorted {
        let delivery = &job.delivery;
        let connector_id = connector.id.0;
        // Every key is recorded (no short cut).
        let first = [
            self.customers.insert((connector_id, &delivery.customer.id)),
            self.chats.insert((connector_id, &delivery.chat.id)),
            self.messages.insert((connector_id, &delivery.message.id)),
        ]
        .iter()
        .all(|first| *first);
        let latest = known.latest.map(|(id, status, _)| (id, status));
        let first = first & latest.is_none_or(|(id, _)| self.conversations.insert(id));
        if !first {
            return Sorted::Other;
        }
        if let Some((conversation_id, message_id)) = known.duplicate {
            return Sorted::Stored(InboundAccepted {
                conversation_id,
                message_id,
            });
        }
        let customer = known
            .customer
            .filter(|stored| unchanged(stored, delivery))
            .map(|stored| stored.id);
        let plain = delivery.message.attachments.is_empty()
            && job.files.is_empty()
            && delivery.chat.title.is_none()
            && known.chat.is_some();
        match (customer, latest) {
            (Some(customer), Some((conversation, status))) if plain && status.is_open() => {
                Sorted::Plain(conversation, customer)
            }
            _ => Sorted::Other,
        }
    }
}

/// Numbers a conversation's event (created or updated) and its new
/// message's, for everyone who may see the conversation.
fn announce(
    events: &mut Vec<NumberedEvent>,
    last_seq: &mut i64,
    now: i64,
    summary: switchboard_protocol::ConversationSummary,
    message: switchboard_protocol::Message,
    created: bool,
) -> Result<(), ApiError> {
    let audience = audience_of(&summary, &[]);
    let conversation_event = if created {
        Event::ConversationCreated {
            conversation: summary,
        }
    } else {
        Event::ConversationUpdated {
            conversation: summary,
        }
    };
    events.push(events::number(
        last_seq,
        now,
        audience.clone(),
        conversation_event,
    )?);
    events.push(events::number(
        last_seq,
        now,
        audience,
        Event::MessageCreated { message },
    )?);
    Ok(())
}

/// One delivery being written on the writer's transaction.
struct Delivery<'a> {
    db: &'a dyn WriterStore,
    last_seq: &'a mut i64,
    events: &'a mut Vec<NumberedEvent>,
    connector: &'a Connector,
    delivery: &'a InboundDelivery,
    files: &'a [switchboard_protocol::FileId],
    now: i64,
}

impl Delivery<'_> {
    /// Writes the customer, chat, conversation, message and attachments,
    /// and numbers its two events (the conversation's, the message's).
    fn store(&mut self) -> Result<InboundAccepted, ApiError> {
        let (connector, delivery, now) = (self.connector, self.delivery, self.now);
        // One read for the usual case (a known customer writing again in a
        // known chat); the writes below happen only for what is new or changed.
        let known = self.db.lookup(&keys_of(connector, delivery))?;
        if let Some((conversation_id, message_id)) = known.duplicate {
            return Ok(InboundAccepted {
                conversation_id,
                message_id,
            });
        }
        let customer = self.customer(known.customer.as_ref())?;
        // A linked chat without a new title needs no write.
        let linked = known
            .chat
            .filter(|_| delivery.chat.title.is_none() && known.customer.is_some());
        let (chat, latest) = match linked {
            Some(chat) => (chat, known.latest),
            None => {
                let link = ChatLink {
                    line: connector.line_id,
                    customer,
                    connector: connector.id,
                    external_chat_id: &delivery.chat.id,
                    title: delivery.chat.title.as_deref(),
                };
                let chat = self.db.chat_for(&link)?;
                (chat, self.db.latest_of_chat(chat)?)
            }
        };
        if let Some((finished, ConversationStatus::Closed, _)) = latest {
            if let Some(accepted) = self.rating_reply(finished, customer)? {
                return Ok(accepted);
            }
        }
        let (conversation_id, created) = match latest {
            Some((id, status, _)) if status.is_open() => (id, false),
            other => {
                let session_number = other.map_or(1, |(_, _, number)| number + 1);
                let id = self
                    .db
                    .insert_conversation(&conversations::NewConversation {
                        chat,
                        session_number,
                        connector: connector.id,
                        external_chat_id: &delivery.chat.id,
                        status: ConversationStatus::Unanswered,
                        // Offered by the router once committed.
                        assignee: None,
                        now,
                    })?;
                (id, true)
            }
        };
        let message_id = self.message(conversation_id, customer)?;
        self.announce(conversation_id, message_id, created)?;
        Ok(InboundAccepted {
            conversation_id,
            message_id,
        })
    }

    /// A reply "1" to "5" to the rating request of the chat's finished
    /// conversation (closed within [`automation::RATING_REPLY_WINDOW`], on a
    /// channel other than the website chat, whose widget asks by itself):
    /// records the rating there, with the reply and a system message,
    /// instead of opening a new session. `None` for any other message.
    fn rating_reply(
        &mut self,
        conversation: switchboard_protocol::ConversationId,
        customer: switchboard_protocol::CustomerId,
    ) -> Result<Option<InboundAccepted>, ApiError> {
        let delivery = self.delivery;
        let plain = delivery.message.attachments.is_empty() && self.files.is_empty();
        if self.connector.kind == ConnectorKind::Livechat || !plain {
            return Ok(None);
        }
        let Some(score) = automation::rating_score(&delivery.message.text) else {
            return Ok(None);
        };
        let since = self.now - automation::RATING_REPLY_WINDOW;
        if !self.db.rate_by_reply(conversation, score, since)? {
            return Ok(None);
        }
        let message_id = self.db.insert_customer_message(&db::NewCustomerMessage {
            conversation,
            customer,
            name: &delivery.customer.name,
            text: &delivery.message.text,
            external: (self.connector.id, &delivery.message.id),
            now: self.now,
        })?;
        let event = SystemEvent::Rated {
            score,
            comment: None,
        };
        let system = self
            .db
            .insert_system_message(conversation, &event, self.now)?;
        self.announce(conversation, message_id, false)?;
        let summary = self.db.summary(conversation)?.or_vanished("conversation")?;
        let message = self.db.message(system)?.or_vanished("message")?;
        self.events.push(events::number(
            self.last_seq,
            self.now,
            audience_of(&summary, &[]),
            Event::MessageCreated { message },
        )?);
        Ok(Some(InboundAccepted {
            conversation_id: conversation,
            message_id,
        }))
    }

    /// The customer: the one known, or created or updated with the
    /// delivery's details.
    fn customer(
        &self,
        known: Option<&db::KnownCustomer>,
    ) -> Result<switchboard_protocol::CustomerId, ApiError> {
        let details = &self.delivery.customer;
        let unchanged = known.filter(|stored| unchanged(stored, self.delivery));
        Ok(match unchanged {
            Some(stored) => stored.id,
            None => {
                let who = Identity {
                    connector: self.connector.id,
                    external_id: &details.id,
                    name: &details.name,
                    email: details.email.as_deref(),
                    phone: details.phone.as_deref(),
                };
                self.db.upsert_customer(&who, self.now)?
            }
        })
    }

    /// Inserts the message with its attachments and makes it the
    /// conversation's last one.
    fn message(
        &self,
        conversation: switchboard_protocol::ConversationId,
        customer: switchboard_protocol::CustomerId,
    ) -> Result<switchboard_protocol::MessageId, ApiError> {
        let delivery = self.delivery;
        let message = self.db.insert_customer_message(&db::NewCustomerMessage {
            conversation,
            customer,
            name: &delivery.customer.name,
            text: &delivery.message.text,
            external: (self.connector.id, &delivery.message.id),
            now: self.now,
        })?;
        for (position, attachment) in delivery.message.attachments.iter().enumerate() {
            self.db.attach_external_file(
                message,
                position,
                &db::NewExternalFile {
                    id: &crate::services::files::new_file_id(),
                    name: &attachment.name,
                    content_type: &attachment.content_type,
                    size: attachment.size,
                    url: &attachment.url,
                    now: self.now,
                },
            )?;
        }
        let hosted = delivery.message.attachments.len();
        for (position, file) in self.files.iter().enumerate() {
            self.db
                .attach_stored_file(message, hosted + position, file)?;
        }
        self.db
            .touch_with_customer_message(conversation, message, self.now)?;
        Ok(message)
    }

    /// Numbers the conversation's event (created or updated) and the
    /// message's.
    fn announce(
        &mut self,
        conversation: switchboard_protocol::ConversationId,
        message: switchboard_protocol::MessageId,
        created: bool,
    ) -> Result<(), ApiError> {
        let summary = self.db.summary(conversation)?.or_vanished("conversation")?;
        let message = self.db.message(message)?.or_vanished("message")?;
        announce(
            self.events,
            self.last_seq,
            self.now,
            summary,
            message,
            created,
        )
    }
}
