//! Outbound delivery: every change a customer must receive (a new employee
//! message, an edit, a deletion, a card, typing where the channel shows it)
//! is a job written in the transaction of the change (a durable outbox).
//! One worker delivers the jobs, in order per chat: only the oldest queued
//! job of a chat may go, so a reply waiting for its retry holds back the
//! ones after it. A failed attempt is retried with exponential backoff and
//! jitter (`Retry-After` honoured) up to the configured number of attempts;
//! then the message shows "Not delivered" with the reason until someone
//! presses "Retry".
//!
//! A job is marked done only after the channel took it: a crash between the
//! channel's answer and that mark repeats the attempt with the same
//! idempotency key, which receivers use to drop the repeat.
//!
//! Connectors are adapters at the edge: [`webhook`] signs and posts the
//! documented JSON body, [`telegram`] calls the Bot API. A connector with
//! neither an outbound URL nor a bot leaves its messages without a delivery
//! state: its adapter polls the customer view.

pub mod telegram;
pub mod webhook;

use std::time::Duration;

use rand::Rng;
use switchboard_protocol::{
    AuthorKind, Connector, ConnectorId, ConnectorKind, ConversationId, CustomerViewMessage,
    CustomerViewSender, DeliveryState, Event, Message, MessageId, OutboundKind,
};
use tokio::sync::Notify;

use super::conversations::{audience_of, visible};
use super::events::Change;
use super::Viewer;
use crate::error::{ApiError, OrVanished};
use crate::services::instances::{exclusively, BackgroundTask, BUSY_RETRY};
use crate::state::AppState;
use crate::store::delivery::{self as jobs, Job};
use crate::store::events::Audience;
use crate::store::Conn;
use crate::store::{conversations, lines, messages};

/// Jobs attempted at once (each of a different chat).
const BATCH: u32 = 16;
/// How long one call to a channel may take.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest reason kept for a failure.
const MAX_ERROR_CHARS: usize = 300;

/// Wakes the worker and holds the HTTP client its adapters share.
pub struct DeliveryHub {
    wake: Notify,
    /// The client of every outbound call.
    pub client: reqwest::Client,
}

impl Default for DeliveryHub {
    fn default() -> Self {
        let client = reqwest::Client::builder()
            .timeout(CALL_TIMEOUT)
            .user_agent(concat!("Switchboard/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        Self {
            wake: Notify::new(),
            client,
        }
    }
}

impl DeliveryHub {
    /// Tells the worker that jobs may be waiting (after a commit).
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// How an attempt went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The channel took it; `channel_id` is its id of the message, if any.
    Delivered {
        /// The channel's id of the message (to edit or delete it later).
        channel_id: Option<String>,
    },
    /// Nothing to deliver (the message was deleted before it left, an edit
    /// of a message the channel never had).
    Nothing,
    /// A failure worth retrying (network, timeout, 5xx, 408, 429);
    /// `after` is the channel's `Retry-After`.
    Retry {
        /// Why.
        error: String,
        /// The wait the channel asked for.
        after: Option<Duration>,
    },
    /// A failure retrying will not fix (other 4xx, missing settings).
    Final {
        /// Why.
        error: String,
    },
}

impl Outcome {
    /// The outcome of an HTTP answer's status: 2xx delivered; 408, 429 and
    /// 5xx retried; any other status final.
    pub fn of_status(
        status: reqwest::StatusCode,
        retry_after: Option<Duration>,
        what: &str,
    ) -> Self {
        if status.is_success() {
            return Self::Delivered { channel_id: None };
        }
        let error = format!("{what} answered {status}");
        let code = status.as_u16();
        if code == 408 || code == 429 || status.is_server_error() {
            Self::Retry {
                error,
                after: retry_after,
            }
        } else {
            Self::Final { error }
        }
    }

    /// A call that got no answer (refused, timed out) is retried.
    pub fn of_error(error: &reqwest::Error, what: &str) -> Self {
        let reason = if error.is_timeout() {
            format!("{what} did not answer within {} s", CALL_TIMEOUT.as_secs())
        } else if error.is_connect() {
            format!("{what} could not be reached")
        } else {
            format!("{what} failed: {error}")
        };
        Self::Retry {
            error: reason,
            after: None,
        }
    }
}

/// The `Retry-After` of an answer, in seconds (the HTTP-date form is not
/// used by the channels we call).
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

/// The wait before attempt `attempts + 1`: `base` doubled per attempt made,
/// at most `max` (`--delivery-max-backoff-ms`, five minutes), with "equal jitter" (half fixed, half random) so
/// that jobs failing together do not come back together; never shorter
/// than what the channel asked for.
pub fn backoff(base_ms: u64, max_ms: u64, attempts: u32, asked: Option<Duration>) -> Duration {
    let exp = base_ms
        .saturating_mul(1u64 << attempts.saturating_sub(1).min(20))
        .min(max_ms);
    let half = exp / 2;
    let jitter = if half == 0 {
        0
    } else {
        rand::thread_rng().gen_range(0..=half)
    };
    let wait = Duration::from_millis(exp - half + jitter);
    asked.map_or(wait, |asked| wait.max(asked))
}

fn short(error: &str) -> String {
    error.chars().take(MAX_ERROR_CHARS).collect()
}

fn new_key() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill(&mut bytes);
    hex::encode(bytes)
}

/// Queues what the customer must receive of a message change (`kind`),
/// inside the change, when the message travels (written by the company,
/// not an internal note) and its conversation's connector delivers (has an
/// outbound URL or a bot). A new message starts `sending`; an edit or
/// deletion queues only for a message the channel took (one sent while
/// the adapter polled, or not delivered yet, queues nothing). Returns
/// whether it queued.
pub async fn queue_message(
    db: &mut Conn,
    id: MessageId,
    kind: OutboundKind,
    now: i64,
) -> Result<bool, ApiError> {
    let Some(route) = jobs::message_route(db, id).await? else {
        return Ok(false);
    };
    let travels =
        !route.internal && matches!(route.author_kind.0, AuthorKind::Employee | AuthorKind::Bot);
    if !travels || (kind != OutboundKind::MessageCreated && route.delivery_state.is_none()) {
        return Ok(false);
    }
    // An edit or deletion follows only a message the channel has: one still
    // on its way (or not delivered) leaves as it is when it goes, edited or
    // not at all.
    if kind != OutboundKind::MessageCreated && !jobs::delivered_once(db, id).await? {
        return Ok(false);
    }
    let connector = ConnectorId(route.connector_id);
    let pushes = lines::connector_by_id(db, connector)
        .await?
        .is_some_and(|connector| connector.delivery.is_some());
    if !pushes {
        return Ok(false);
    }
    let key = new_key();
    jobs::enqueue(
        db,
        connector,
        &route.external_chat_id,
        Some(id),
        kind,
        &key,
        now,
    )
    .await?;
    jobs::set_message_state(db, id, Some(DeliveryState::Sending), None, now).await?;
    Ok(true)
}

/// Queues a typing notice for the customer, where the channel shows typing
/// and delivers; one waiting notice per chat is enough.
pub async fn queue_typing(state: &AppState, conversation: ConversationId) -> Result<(), ApiError> {
    // Read first: most typing needs no write at all.
    let (connector, chat) = {
        let mut db = state.pool.acquire().await?;
        let Some((connector, chat)) = jobs::route_of(&mut db, conversation).await? else {
            return Ok(());
        };
        let shows = lines::connector_by_id(&mut db, connector)
            .await?
            .is_some_and(|c| c.delivery.is_some() && c.capabilities.typing_indicator);
        if !shows || jobs::typing_queued(&mut db, connector, &chat).await? {
            return Ok(());
        }
        (connector, chat)
    };
    let mut change = Change::begin(state).await?;
    if jobs::typing_queued(&mut change.tx, connector, &chat).await? {
        return Ok(());
    }
    let now = change.now;
    let key = new_key();
    jobs::enqueue(
        &mut change.tx,
        connector,
        &chat,
        None,
        OutboundKind::Typing,
        &key,
        now,
    )
    .await?;
    change.commit(state).await
}

/// "Retry" on a message shown "Not delivered": its failed jobs go again
/// now, in their place in the chat's order.
pub async fn retry(state: &AppState, viewer: &Viewer, id: MessageId) -> Result<Message, ApiError> {
    let mut change = Change::begin(state).await?;
    let conversation = jobs::conversation_of(&mut change.tx, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such message".into()))?;
    let summary = visible(&mut change.tx, viewer, conversation).await?;
    let now = change.now;
    if jobs::requeue_failed(&mut change.tx, id, now).await? == 0 {
        return Err(ApiError::Conflict(
            "This message is not waiting for a retry: it was delivered or is on its way".into(),
        ));
    }
    jobs::set_message_state(&mut change.tx, id, Some(DeliveryState::Sending), None, now).await?;
    let message = messages::by_id(&mut change.tx, id)
        .await?
        .or_vanished("message")?;
    let event = Event::MessageUpdated {
        message: message.clone(),
    };
    change.record(&audience_of(&summary, &[]), event).await?;
    change.commit(state).await?;
    Ok(message)
}

/// What the customer receives of a message: mentions as names, no
/// internal detail.
pub fn customer_view(message: &Message, edited: bool) -> CustomerViewMessage {
    use switchboard_protocol::mentions::plain_text;
    CustomerViewMessage {
        id: message.id,
        from: if message.author.kind == AuthorKind::Customer {
            CustomerViewSender::Customer
        } else {
            CustomerViewSender::Company
        },
        author_name: message.author.name.clone(),
        text: plain_text(&message.text, &message.mentions, &message.chat_mentions),
        attachments: message.attachments.clone(),
        created_at: message.created_at,
        edited,
        deleted: message.deleted_at.is_some(),
        card: message.card.clone(),
    }
}

/// Everything an adapter needs for one attempt.
pub struct Attempt<'a> {
    /// The job.
    pub job: &'a Job,
    /// Its connector.
    pub connector: &'a Connector,
    /// The message it carries, as it is now.
    pub message: Option<&'a Message>,
    /// The channel's id of that message, once delivered.
    pub channel_id: Option<&'a str>,
}

/// Starts the worker; it runs until the server stops.
pub fn start(state: AppState) {
    tokio::spawn(async move {
        let mut stopping = state.shutdown.watch();
        loop {
            if state.shutdown.is_stopping() {
                break;
            }
            let task = BackgroundTask::Delivery;
            let worked = match exclusively(&state, task, round(&state)).await {
                Ok(Some(worked)) => worked,
                // Another instance's round: look again in a moment (the
                // jobs this instance queued may not be in it).
                Ok(None) => {
                    tokio::select! {
                        () = tokio::time::sleep(BUSY_RETRY) => continue,
                        () = crate::shutdown::requested(&mut stopping) => break,
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, "delivery round failed");
                    false
                }
            };
            if worked {
                continue;
            }
            let wait = match next_wait(&state).await {
                Ok(wait) => wait,
                Err(error) => {
                    tracing::warn!(%error, "delivery: cannot read the queue");
                    Duration::from_secs(5)
                }
            };
            tokio::select! {
                () = state.delivery.wake.notified() => {}
                () = tokio::time::sleep(wait) => {}
                () = crate::shutdown::requested(&mut stopping) => break,
            }
        }
    });
}

async fn next_wait(state: &AppState) -> Result<Duration, ApiError> {
    let mut db = state.pool.acquire().await?;
    let next = jobs::next_due_at(&mut db).await?;
    let now = crate::store::now_ms();
    Ok(next.map_or(Duration::from_secs(60), |at| {
        Duration::from_millis(u64::try_from(at - now).unwrap_or(0).min(60_000))
    }))
}

/// Attempts every due job (the head of each chat), together; true when
/// there were some.
async fn round(state: &AppState) -> Result<bool, ApiError> {
    let due = {
        let mut db = state.pool.acquire().await?;
        jobs::due(&mut db, crate::store::now_ms(), BATCH).await?
    };
    tracing::debug!(jobs = due.len(), "delivery round");
    if due.is_empty() {
        return Ok(false);
    }
    let attempts = due.into_iter().map(|job| {
        let state = state.clone();
        async move {
            let id = job.id;
            if let Err(error) = deliver(&state, job).await {
                tracing::warn!(%error, job = id, "delivery job could not be recorded");
            }
        }
    });
    futures_util::future::join_all(attempts).await;
    Ok(true)
}

/// One attempt of a job, and its outcome recorded.
async fn deliver(state: &AppState, job: Job) -> Result<(), ApiError> {
    let (connector, message, channel_id, secrets) = {
        let mut db = state.pool.acquire().await?;
        let id = ConnectorId(job.connector_id);
        let connector = lines::connector_by_id(&mut db, id).await?;
        let secrets = jobs::sealed_secrets(&mut db, id).await?;
        let message = match job.message_id {
            Some(id) => messages::by_id(&mut db, MessageId(id)).await?,
            None => None,
        };
        let channel_id = match job.message_id {
            Some(id) => jobs::channel_message_id(&mut db, MessageId(id)).await?,
            None => None,
        };
        (connector, message, channel_id, secrets)
    };
    let outcome = match &connector {
        None => Outcome::Nothing,
        Some(connector) => {
            let attempt = Attempt {
                job: &job,
                connector,
                message: message.as_ref(),
                channel_id: channel_id.as_deref(),
            };
            call(state, &attempt, &secrets).await
        }
    };
    record(state, &job, connector.as_ref(), outcome).await
}

/// Hands an attempt to the connector's adapter.
async fn call(state: &AppState, attempt: &Attempt<'_>, secrets: &jobs::SealedSecrets) -> Outcome {
    let kind = attempt.job.kind.0;
    // "Typing" that waited behind a reply is no longer true.
    let age = crate::store::now_ms() - attempt.job.created_at;
    let fresh = i64::try_from(super::typing::TYPING_TTL.as_millis()).unwrap_or(i64::MAX);
    if kind == OutboundKind::Typing && age > fresh {
        return Outcome::Nothing;
    }
    // A message deleted before it left is not sent at all.
    if kind == OutboundKind::MessageCreated
        && attempt.message.is_none_or(|m| m.deleted_at.is_some())
    {
        return Outcome::Nothing;
    }
    if attempt.connector.kind == ConnectorKind::Telegram {
        if let Some(sealed) = &secrets.bot_token_sealed {
            let Some(bot_token) = state.secrets.open(sealed) else {
                return Outcome::Final {
                    error: "The bot token cannot be read with this server's key: paste it again"
                        .into(),
                };
            };
            return telegram::deliver(state, attempt, &bot_token).await;
        }
    }
    match &attempt.connector.outbound_url {
        Some(url) => {
            let Some(secret) = secrets
                .secret_sealed
                .as_deref()
                .and_then(|sealed| state.secrets.open(sealed))
            else {
                return Outcome::Final {
                    error: "This connector has no secret to sign with: rotate its token".into(),
                };
            };
            webhook::deliver(state, attempt, url, &secret).await
        }
        // No longer delivered (the URL was removed): the adapter polls.
        None => Outcome::Nothing,
    }
}

/// Records an attempt's outcome: the job, the message's state, the
/// connector's health, and the events telling the workspace.
async fn record(
    state: &AppState,
    job: &Job,
    connector: Option<&Connector>,
    outcome: Outcome,
) -> Result<(), ApiError> {
    tracing::debug!(
        job = job.id,
        kind = job.kind.0.as_str(),
        ?outcome,
        "delivery attempt"
    );
    let mut change = Change::begin(state).await?;
    let now = change.now;
    let max_attempts = state.config.delivery_attempts.max(1);
    let attempts = u32::try_from(job.attempts).unwrap_or(u32::MAX) + 1;
    let typing = job.kind.0 == OutboundKind::Typing;
    // (message state, connector error) after this attempt.
    let (message_state, failure) = match &outcome {
        Outcome::Delivered { channel_id } => {
            jobs::finish(&mut change.tx, job.id, now).await?;
            if let (Some(id), Some(channel_id)) = (job.message_id, channel_id) {
                jobs::set_channel_message_id(&mut change.tx, MessageId(id), channel_id).await?;
            }
            (Some((Some(DeliveryState::Delivered), None)), None)
        }
        Outcome::Nothing => {
            jobs::finish(&mut change.tx, job.id, now).await?;
            let state = match job.kind.0 {
                // Deleted before it left, or the connector stopped
                // delivering: nothing travels.
                OutboundKind::MessageCreated => Some((None, None)),
                _ => None,
            };
            (state, None)
        }
        // A typing notice is worth one attempt: late, it would lie.
        Outcome::Retry { error, .. } if typing => {
            jobs::fail(&mut change.tx, job.id, &short(error), now).await?;
            (None, Some(error.clone()))
        }
        Outcome::Retry { error, after } if attempts < max_attempts => {
            let config = &state.config;
            let wait = backoff(
                config.delivery_retry_ms,
                config.delivery_max_backoff_ms,
                attempts,
                *after,
            );
            let at = now + i64::try_from(wait.as_millis()).unwrap_or(i64::MAX / 2);
            jobs::retry_at(&mut change.tx, job.id, &short(error), at).await?;
            // Still on its way: the reason shows while it retries.
            (
                Some((Some(DeliveryState::Sending), Some(short(error)))),
                Some(error.clone()),
            )
        }
        Outcome::Retry { error, .. } => {
            let error = short(&format!("Gave up after {attempts} attempts: {error}"));
            jobs::fail(&mut change.tx, job.id, &error, now).await?;
            (
                Some((Some(DeliveryState::Failed), Some(error.clone()))),
                Some(error),
            )
        }
        Outcome::Final { error } => {
            let error = short(error);
            jobs::fail(&mut change.tx, job.id, &error, now).await?;
            if typing {
                (None, Some(error))
            } else {
                (
                    Some((Some(DeliveryState::Failed), Some(error.clone()))),
                    Some(error),
                )
            }
        }
    };
    if let (Some(id), Some((delivery, error))) = (job.message_id, message_state) {
        tell_message(&mut change, MessageId(id), delivery, error.as_deref()).await?;
    }
    if let Some(connector) = connector {
        tell_connector(&mut change, connector, failure.as_deref()).await?;
    }
    change.commit(state).await
}

/// Replies that reached the customer without a delivery job (the website
/// chat's widget showed them): each shows delivered (✓) to the employees.
pub async fn reached(state: &AppState, ids: &[MessageId]) -> Result<(), ApiError> {
    if ids.is_empty() {
        return Ok(());
    }
    let mut change = Change::begin(state).await?;
    for id in ids {
        tell_message(&mut change, *id, Some(DeliveryState::Delivered), None).await?;
    }
    change.commit(state).await
}

/// Sets a message's delivery state and tells who sees its conversation,
/// when it changed.
async fn tell_message(
    change: &mut Change,
    id: MessageId,
    delivery: Option<DeliveryState>,
    error: Option<&str>,
) -> Result<(), ApiError> {
    let before = jobs::message_state(&mut change.tx, id).await?;
    if before.0 == delivery && before.1.as_deref() == error {
        return Ok(());
    }
    let now = change.now;
    jobs::set_message_state(&mut change.tx, id, delivery, error, now).await?;
    let Some(message) = messages::by_id(&mut change.tx, id).await? else {
        return Ok(());
    };
    let Some(summary) = conversations::summary(&mut change.tx, message.conversation_id).await?
    else {
        return Ok(());
    };
    let event = Event::MessageUpdated { message };
    change.record(&audience_of(&summary, &[]), event).await?;
    Ok(())
}

/// Records the connector's health; when it changes (a failure appears or
/// clears), every workspace hears the line again.
async fn tell_connector(
    change: &mut Change,
    connector: &Connector,
    error: Option<&str>,
) -> Result<(), ApiError> {
    let before = connector
        .delivery
        .as_ref()
        .and_then(|d| d.last_error.as_deref());
    // Nothing to write while it works: a success after a success.
    if before.is_none() && error.is_none() {
        return Ok(());
    }
    let now = change.now;
    jobs::set_connector_health(&mut change.tx, connector.id, error, now).await?;
    if before.is_some() == error.is_some() {
        return Ok(());
    }
    if let Some(line) = lines::by_id(&mut change.tx, connector.line_id).await? {
        change
            .record(&Audience::All, Event::LineUpdated { line })
            .await?;
    }
    Ok(())
}

/// Shared by the adapters: a job's customer-facing text, as plain text.
pub fn plain_text_of(message: &Message) -> String {
    customer_view(message, false).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_up_to_its_cap_and_honours_retry_after() {
        const MAX: u64 = 5 * 60 * 1000;
        for attempts in 1..=12u32 {
            let exp = (1000u64 << (attempts - 1)).min(MAX);
            for _ in 0..50 {
                let wait = backoff(1000, MAX, attempts, None).as_millis() as u64;
                assert!(
                    wait >= exp / 2 && wait <= exp,
                    "attempt {attempts}: {wait} ms"
                );
            }
        }
        let asked = Duration::from_secs(30);
        assert!(backoff(1000, MAX, 1, Some(asked)) >= asked);
        assert!(backoff(u64::MAX, MAX, 60, None) <= Duration::from_millis(MAX));
        // A lower cap holds too.
        assert!(backoff(100, 2000, 30, None) <= Duration::from_millis(2000));
    }

    #[test]
    fn statuses_split_into_delivered_retried_and_final() {
        use reqwest::StatusCode;
        let of = |code| Outcome::of_status(StatusCode::from_u16(code).unwrap(), None, "x");
        assert_eq!(of(200), Outcome::Delivered { channel_id: None });
        assert_eq!(of(204), Outcome::Delivered { channel_id: None });
        for code in [408, 429, 500, 502, 503] {
            assert!(matches!(of(code), Outcome::Retry { .. }), "{code}");
        }
        for code in [400, 401, 403, 404, 410, 422] {
            assert!(matches!(of(code), Outcome::Final { .. }), "{code}");
        }
    }
}
