//! Customer channels: the generic webhook connectors deliver messages to,
//! and the customer's view of a chat.

use switchboard_protocol::{
    AuthorKind, Connector, ConversationStatus, CustomerViewMessage, CustomerViewPage,
    CustomerViewSender, DistributionMode, Event, InboundAccepted, InboundDelivery, LineId,
    MessageId, UserId,
};

use std::sync::Arc;

use sqlx::SqlitePool;
use tokio::sync::{mpsc, oneshot};

use super::conversations::audience_of;
use super::events::EventHub;
use super::{events, mentions};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{self, conversations, customers, files, lines, messages};

/// Longest accepted external id, name or title.
const MAX_FIELD_CHARS: usize = 500;
/// Longest accepted customer text.
const MAX_TEXT_CHARS: usize = 100_000;
/// Most attachments per delivered message.
const MAX_ATTACHMENTS: usize = 20;
/// Page size of the customer view.
const VIEW_LIMIT: u32 = 200;

async fn connector(state: &AppState, token: &str) -> Result<Connector, ApiError> {
    let mut db = state.pool.acquire().await?;
    lines::connector_by_token(&mut db, token)
        .await?
        .ok_or_else(|| ApiError::NotFound("Unknown connector token".into()))
}

fn check_field(name: &str, value: &str, allow_empty: bool) -> Result<(), ApiError> {
    if (!allow_empty && value.trim().is_empty()) || value.chars().count() > MAX_FIELD_CHARS {
        return Err(ApiError::Unprocessable(format!(
            "`{name}` must have 1 to {MAX_FIELD_CHARS} characters"
        )));
    }
    Ok(())
}

fn validate(delivery: &InboundDelivery) -> Result<(), ApiError> {
    check_field("chat.id", &delivery.chat.id, false)?;
    check_field("customer.id", &delivery.customer.id, false)?;
    check_field("customer.name", &delivery.customer.name, false)?;
    check_field("message.id", &delivery.message.id, false)?;
    if let Some(title) = &delivery.chat.title {
        check_field("chat.title", title, true)?;
    }
    for value in [&delivery.customer.email, &delivery.customer.phone]
        .into_iter()
        .flatten()
    {
        check_field("customer contact", value, true)?;
    }
    let message = &delivery.message;
    if message.text.trim().is_empty() && message.attachments.is_empty() {
        return Err(ApiError::Unprocessable(
            "A message needs text or an attachment".into(),
        ));
    }
    if message.text.chars().count() > MAX_TEXT_CHARS {
        return Err(ApiError::Unprocessable("The text is too long".into()));
    }
    if message.attachments.len() > MAX_ATTACHMENTS {
        return Err(ApiError::Unprocessable("Too many attachments".into()));
    }
    for attachment in &message.attachments {
        let scheme_ok =
            attachment.url.starts_with("https://") || attachment.url.starts_with("http://");
        if !scheme_ok {
            return Err(ApiError::Unprocessable(
                "Attachment URLs must be http(s)".into(),
            ));
        }
        check_field("attachment.url", &attachment.url, false)?;
        check_field("attachment.name", &attachment.name, false)?;
        check_field("attachment.content_type", &attachment.content_type, false)?;
    }
    Ok(())
}

/// Who a new conversation is offered to, following the line's mode.
async fn pick_assignee(
    db: &mut sqlx::SqliteConnection,
    line: LineId,
    now: i64,
) -> Result<Option<UserId>, ApiError> {
    let mode = lines::mode_of(db, line).await?;
    let chosen = match mode {
        DistributionMode::All => None,
        DistributionMode::Evenly => lines::online_members(db, line, true)
            .await?
            .first()
            .copied(),
        DistributionMode::Strict => lines::online_members(db, line, false)
            .await?
            .first()
            .copied(),
    };
    if let Some(user) = chosen {
        lines::mark_offered(db, line, user, now).await?;
    }
    Ok(chosen)
}

/// Most deliveries written in one transaction.
const MAX_BATCH: usize = 256;
/// Deliveries waiting for the writer before callers wait to enqueue.
const QUEUE_CAPACITY: usize = 8192;

/// Stores a customer message delivered by a connector. A repeated delivery
/// (same `message.id` on the same connector) returns the first result. A
/// closed or spam chat gets a new session.
///
/// The token and the values are checked here, concurrently; the write itself
/// goes through the [`InboundWriter`], which commits the deliveries waiting
/// at that moment together (group commit). The answer is sent only after
/// that commit, so an acknowledged message survives a crash.
pub async fn deliver(
    state: &AppState,
    token: &str,
    delivery: InboundDelivery,
) -> Result<InboundAccepted, ApiError> {
    let connector = connector(state, token).await?;
    validate(&delivery)?;
    state.inbound.write(connector, delivery).await
}

/// One delivery waiting for the writer, and where its result goes.
struct Job {
    connector: Connector,
    delivery: InboundDelivery,
    reply: oneshot::Sender<Result<InboundAccepted, ApiError>>,
}

/// The single writer of webhook deliveries: group commit.
///
/// With `synchronous=FULL` every commit waits for the disk (fsync of the WAL),
/// and SQLite has one writer at a time, so one transaction per message caps
/// the webhook at a few hundred messages per second on this machine. The
/// writer instead takes every delivery queued meanwhile (at most
/// [`MAX_BATCH`]), writes them in one transaction, commits once, publishes
/// the events once, and only then answers each caller (if that transaction
/// fails, each delivery is retried alone and gets its own answer).
/// Durability is unchanged: no caller hears "accepted" before the commit
/// that holds its message.
///
/// Every statement is a round trip to the connection's thread, and on two
/// busy cores those thread switches, not SQLite, are most of a batch's time:
/// publishing does not forget old events on every batch (see
/// [`EventHub::publish_pending`](super::events::EventHub::publish_pending)).
pub struct InboundWriter {
    jobs: mpsc::Sender<Job>,
}

impl InboundWriter {
    /// Starts the writer task on the current Tokio runtime.
    pub fn start(pool: SqlitePool, events: Arc<EventHub>) -> Self {
        let (jobs, receiver) = mpsc::channel(QUEUE_CAPACITY);
        tokio::spawn(write_loop(pool, events, receiver));
        Self { jobs }
    }

    /// Queues a checked delivery and waits until it is committed.
    async fn write(
        &self,
        connector: Connector,
        delivery: InboundDelivery,
    ) -> Result<InboundAccepted, ApiError> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job {
                connector,
                delivery,
                reply,
            })
            .await
            .map_err(|_| ApiError::Internal("the inbound writer stopped".into()))?;
        answer
            .await
            .map_err(|_| ApiError::Internal("the inbound writer dropped a delivery".into()))?
    }
}

async fn write_loop(pool: SqlitePool, events: Arc<EventHub>, mut receiver: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut batch, MAX_BATCH).await > 0 {
        write_batch(&pool, &events, &mut batch).await;
    }
}

/// Writes and commits `batch` (emptied), then answers each caller. When the
/// group transaction fails, each delivery is retried in its own transaction,
/// so one bad delivery cannot fail the others.
async fn write_batch(pool: &SqlitePool, events: &EventHub, batch: &mut Vec<Job>) {
    let results = match write_all(pool, batch).await {
        Ok(accepted) => accepted.into_iter().map(Ok).collect(),
        Err(error) if batch.len() > 1 => {
            tracing::warn!(%error, deliveries = batch.len(), "group commit failed; writing one by one");
            let mut results = Vec::with_capacity(batch.len());
            for job in batch.iter() {
                let single = write_all(pool, std::slice::from_ref(job)).await;
                results.push(single.and_then(|mut accepted| {
                    accepted
                        .pop()
                        .ok_or_else(|| ApiError::Internal("no result for a delivery".into()))
                }));
            }
            results
        }
        Err(error) => vec![Err(error)],
    };
    // Published before the callers hear "accepted": a snapshot read after
    // that answer carries a sequence number that includes its events.
    events.publish_after_commit(pool).await;
    for (job, result) in batch.drain(..).zip(results) {
        // The caller may have gone (client disconnected): nothing to do.
        let _ = job.reply.send(result);
    }
}

/// Writes `jobs` in one transaction: all are committed, or none.
async fn write_all(pool: &SqlitePool, jobs: &[Job]) -> Result<Vec<InboundAccepted>, ApiError> {
    let mut tx = store::begin_write(pool).await?;
    // The write lock is held from here: this transaction numbers its events.
    let mut last_seq = store::events::last_seq(&mut tx).await?;
    let mut accepted = Vec::with_capacity(jobs.len());
    for job in jobs {
        accepted.push(store_delivery(&mut tx, &mut last_seq, &job.connector, &job.delivery).await?);
    }
    tx.commit().await?;
    Ok(accepted)
}

/// Writes one delivery (customer, chat, conversation, message, attachments,
/// events, numbered after `last_seq`) on the writer's transaction.
async fn store_delivery(
    tx: &mut sqlx::SqliteConnection,
    last_seq: &mut i64,
    connector: &Connector,
    delivery: &InboundDelivery,
) -> Result<InboundAccepted, ApiError> {
    let now = store::now_ms();
    // One read for the usual case (a known customer writing again in a
    // known chat); the writes below happen only for what is new or changed.
    let known = store::inbound::lookup(
        &mut *tx,
        connector.id,
        connector.line_id,
        &delivery.customer.id,
        &delivery.chat.id,
        &delivery.message.id,
    )
    .await?;
    if let Some((conversation_id, message_id)) = known.duplicate {
        return Ok(InboundAccepted {
            conversation_id,
            message_id,
        });
    }
    let details = &delivery.customer;
    let unchanged = known.customer.as_ref().filter(|stored| {
        stored.name == details.name
            && details
                .email
                .as_ref()
                .is_none_or(|e| stored.email.as_ref() == Some(e))
            && details
                .phone
                .as_ref()
                .is_none_or(|p| stored.phone.as_ref() == Some(p))
    });
    let customer = match unchanged {
        Some(stored) => stored.id,
        None => {
            customers::upsert_by_identity(
                &mut *tx,
                connector.id,
                &details.id,
                &details.name,
                details.email.as_deref(),
                details.phone.as_deref(),
                now,
            )
            .await?
        }
    };
    // A linked chat without a new title needs no write.
    let linked = known
        .chat
        .filter(|_| delivery.chat.title.is_none() && known.customer.is_some());
    let (chat, latest) = match linked {
        Some(chat) => (chat, known.latest),
        None => {
            let chat = customers::chat_for(
                &mut *tx,
                connector.line_id,
                customer,
                connector.id,
                &delivery.chat.id,
                delivery.chat.title.as_deref(),
            )
            .await?;
            (chat, conversations::latest_of_chat(&mut *tx, chat).await?)
        }
    };
    let (conversation_id, created) = match latest {
        Some((id, status, _)) if status.is_open() => (id, false),
        other => {
            let session_number = other.map_or(1, |(_, _, number)| number + 1);
            let assignee = pick_assignee(&mut *tx, connector.line_id, now).await?;
            let id = conversations::insert(
                &mut *tx,
                &conversations::NewConversation {
                    chat,
                    session_number,
                    connector: connector.id,
                    external_chat_id: &delivery.chat.id,
                    status: ConversationStatus::Unanswered,
                    assignee,
                    now,
                },
            )
            .await?;
            (id, true)
        }
    };
    let message_id = messages::insert(
        &mut *tx,
        &messages::NewMessage {
            conversation: conversation_id,
            author_kind: AuthorKind::Customer,
            author_user: None,
            author_customer: Some(customer),
            author_name: &delivery.customer.name,
            text: &delivery.message.text,
            internal: false,
            quote: None,
            mentions: &[],
            client_id: None,
            external: Some((connector.id, &delivery.message.id)),
            now,
            system: None,
            card: None,
        },
    )
    .await?;
    let mut file_ids = Vec::new();
    for attachment in &delivery.message.attachments {
        let id = super::files::new_file_id();
        files::insert(
            &mut *tx,
            &id,
            &attachment.name,
            &attachment.content_type,
            attachment.size,
            Some(&attachment.url),
            None,
            now,
        )
        .await?;
        file_ids.push(id);
    }
    files::attach(&mut *tx, message_id.0, &file_ids).await?;
    conversations::touch_with_message(
        &mut *tx,
        conversation_id,
        message_id,
        AuthorKind::Customer,
        false,
        now,
    )
    .await?;
    let summary = conversations::summary(&mut *tx, conversation_id)
        .await?
        .ok_or_else(|| ApiError::Internal("conversation vanished".into()))?;
    let message = messages::by_id(&mut *tx, message_id)
        .await?
        .ok_or_else(|| ApiError::Internal("message vanished".into()))?;
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
    events::record_numbered(&mut *tx, last_seq, now, &audience, conversation_event).await?;
    events::record_numbered(
        &mut *tx,
        last_seq,
        now,
        &audience,
        Event::MessageCreated { message },
    )
    .await?;
    Ok(InboundAccepted {
        conversation_id,
        message_id,
    })
}

/// What the customer sees of a chat: customer and company messages of every
/// session, in order, never internal notes, mentions as names.
pub async fn customer_view(
    state: &AppState,
    token: &str,
    external_chat_id: &str,
    after: Option<MessageId>,
) -> Result<CustomerViewPage, ApiError> {
    let connector = connector(state, token).await?;
    let mut db = state.pool.acquire().await?;
    let Some(chat) = customers::chat_by_link(&mut db, connector.id, external_chat_id).await? else {
        return Err(ApiError::NotFound("No such chat on this connector".into()));
    };
    let after = after.unwrap_or(MessageId(0));
    let found = messages::customer_visible(&mut db, chat, after, VIEW_LIMIT).await?;
    let next_cursor = Some(found.last().map_or(after, |message| message.id));
    let caps = &connector.capabilities;
    let mut items = Vec::with_capacity(found.len());
    for message in found {
        // A deletion reaches the customer only where the channel can delete;
        // elsewhere they keep the message as it was.
        if message.deleted_at.is_some() && caps.delete_on_customer_side {
            continue;
        }
        // An edit reaches them only where the channel can edit.
        let (text, edited) = match (message.edited_at.is_some(), caps.edit_on_customer_side) {
            (true, false) => (
                crate::store::message_actions::original_text(&mut db, message.id)
                    .await?
                    .unwrap_or_else(|| message.text.clone()),
                false,
            ),
            (edited, _) => (message.text.clone(), edited),
        };
        items.push(CustomerViewMessage {
            id: message.id,
            from: if message.author.kind == AuthorKind::Customer {
                CustomerViewSender::Customer
            } else {
                CustomerViewSender::Company
            },
            author_name: message.author.name.clone(),
            text: mentions::plain_text(&text, &message.mentions),
            attachments: message.attachments,
            created_at: message.created_at,
            edited,
            deleted: false,
            card: message.card,
        });
    }
    let operator_typing = connector.capabilities.typing_indicator
        && conversations::latest_of_chat(&mut db, chat)
            .await?
            .is_some_and(|(id, status, _)| status.is_open() && state.typing.replying(id));
    Ok(CustomerViewPage {
        items,
        next_cursor,
        operator_typing,
    })
}
