//! Delivery jobs: what customers must receive, queued in the transaction
//! of the change, taken by the worker in order per chat.

use switchboard_protocol::{ConnectorId, DeliveryState, MessageId, OutboundKind};

use super::names::Named;
use super::sql::{self, params};
use crate::store::Conn;

/// A job as the worker takes it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Job {
    /// Its id (the order within a chat).
    pub id: i64,
    /// The connector delivering it.
    pub connector_id: i64,
    /// The channel's chat id.
    pub external_chat_id: String,
    /// The message it carries, if any.
    pub message_id: Option<i64>,
    /// What it tells the channel.
    pub kind: Named<OutboundKind>,
    /// The same for every attempt.
    pub idempotency_key: String,
    /// Attempts made so far.
    pub attempts: i64,
    /// When it was queued (ms).
    pub created_at: i64,
}

const JOB_COLUMNS: &str = "j.id, j.connector_id, j.external_chat_id, j.message_id, j.kind, \
    j.idempotency_key, j.attempts, j.created_at";

/// Only the oldest queued job of each chat may go: the rest wait behind it.
const HEAD_OF_ITS_CHAT: &str = "j.state = 'queued' AND NOT EXISTS (SELECT 1 FROM delivery_jobs k \
    WHERE k.state = 'queued' AND k.connector_id = j.connector_id \
    AND k.external_chat_id = j.external_chat_id AND k.id < j.id)";

/// Queues a job (inside the change that causes it).
pub async fn enqueue(
    db: &mut Conn,
    connector: ConnectorId,
    external_chat_id: &str,
    message: Option<MessageId>,
    kind: OutboundKind,
    idempotency_key: &str,
    now: i64,
) -> sqlx::Result<i64> {
    let query = "INSERT INTO delivery_jobs (connector_id, external_chat_id, message_id, kind, \
        idempotency_key, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    sql::insert(
        db,
        query,
        params![
            connector.0,
            external_chat_id,
            message.map(|id| id.0),
            kind.as_str(),
            idempotency_key,
            now,
            now
        ],
    )
    .await
}

/// Whether a typing job of this chat is already waiting (one is enough).
pub async fn typing_queued(
    db: &mut Conn,
    connector: ConnectorId,
    external_chat_id: &str,
) -> sqlx::Result<bool> {
    let query = "SELECT 1 FROM delivery_jobs WHERE connector_id = ? AND external_chat_id = ? \
        AND kind = 'typing' AND state = 'queued'";
    let found: Option<i64> = sql::value(db, query, params![connector.0, external_chat_id]).await?;
    Ok(found.is_some())
}

/// The jobs that may go now: the head of each chat, when due; oldest first.
pub async fn due(db: &mut Conn, now: i64, limit: u32) -> sqlx::Result<Vec<Job>> {
    let query = format!(
        "SELECT {JOB_COLUMNS} FROM delivery_jobs j WHERE {HEAD_OF_ITS_CHAT} \
         AND j.next_attempt_at <= ? ORDER BY j.id LIMIT ?"
    );
    sql::rows(db, &query, params![now, i64::from(limit)]).await
}

/// When the next head of a chat becomes due, if any is queued.
pub async fn next_due_at(db: &mut Conn) -> sqlx::Result<Option<i64>> {
    let query =
        format!("SELECT MIN(j.next_attempt_at) FROM delivery_jobs j WHERE {HEAD_OF_ITS_CHAT}");
    sql::one(db, &query, params![]).await
}

/// The job is done: the channel took it (or there was nothing to do).
pub async fn finish(db: &mut Conn, id: i64, now: i64) -> sqlx::Result<()> {
    let query = "UPDATE delivery_jobs SET state = 'done', attempts = attempts + 1, \
        finished_at = ?, last_error = NULL WHERE id = ?";
    sql::run(db, query, params![now, id]).await
}

/// The attempt failed; the job goes again at `at`.
pub async fn retry_at(db: &mut Conn, id: i64, error: &str, at: i64) -> sqlx::Result<()> {
    let query = "UPDATE delivery_jobs SET attempts = attempts + 1, last_error = ?, \
        next_attempt_at = ? WHERE id = ?";
    sql::run(db, query, params![error, at, id]).await
}

/// The job failed for good (until someone retries it).
pub async fn fail(db: &mut Conn, id: i64, error: &str, now: i64) -> sqlx::Result<()> {
    let query = "UPDATE delivery_jobs SET state = 'failed', attempts = attempts + 1, \
        last_error = ?, finished_at = ? WHERE id = ?";
    sql::run(db, query, params![error, now, id]).await
}

/// "Retry": the message's failed jobs go again now, with fresh attempts.
/// Returns how many.
pub async fn requeue_failed(db: &mut Conn, message: MessageId, now: i64) -> sqlx::Result<u64> {
    let query = "UPDATE delivery_jobs SET state = 'queued', attempts = 0, next_attempt_at = ?, \
        finished_at = NULL WHERE message_id = ? AND state = 'failed'";
    sql::affected(db, query, params![now, message.0]).await
}

/// Sets a message's delivery state (none: it does not travel).
pub async fn set_message_state(
    db: &mut Conn,
    message: MessageId,
    state: Option<DeliveryState>,
    error: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    let query = "UPDATE messages SET delivery_state = ?1, delivery_error = ?2, \
        delivery_at = CASE WHEN COALESCE(delivery_at, 0) + 1 > ?3 THEN COALESCE(delivery_at, 0) + 1 \
        ELSE ?3 END WHERE id = ?4";
    sql::run(
        db,
        query,
        params![state.map(|s| s.as_str()), error, now, message.0],
    )
    .await
}

/// A message's delivery state as stored.
pub async fn message_state(
    db: &mut Conn,
    message: MessageId,
) -> sqlx::Result<(Option<DeliveryState>, Option<String>)> {
    let query = "SELECT delivery_state, delivery_error FROM messages WHERE id = ?";
    let row: Option<(Option<String>, Option<String>)> =
        sql::row(db, query, params![message.0]).await?;
    let (state, error) = row.unwrap_or_default();
    Ok((state.as_deref().and_then(DeliveryState::parse), error))
}

/// The channel's id of a delivered message (to edit or delete it there).
pub async fn channel_message_id(db: &mut Conn, message: MessageId) -> sqlx::Result<Option<String>> {
    let query = "SELECT channel_message_id FROM messages WHERE id = ?";
    Ok(sql::value::<Option<String>>(db, query, params![message.0])
        .await?
        .flatten())
}

/// Remembers the channel's id of a delivered message.
pub async fn set_channel_message_id(
    db: &mut Conn,
    message: MessageId,
    channel_id: &str,
) -> sqlx::Result<()> {
    let query = "UPDATE messages SET channel_message_id = ? WHERE id = ?";
    sql::run(db, query, params![channel_id, message.0]).await
}

/// Records how the connector's last delivery went (`error` none: it worked).
pub async fn set_connector_health(
    db: &mut Conn,
    connector: ConnectorId,
    error: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    let query = "UPDATE connectors SET delivery_error = ?, \
        delivery_error_at = CASE WHEN ? IS NULL THEN NULL ELSE ? END WHERE id = ?";
    sql::run(db, query, params![error, error, now, connector.0]).await
}

/// The secrets a connector delivers with, sealed: its secret token and its
/// Telegram bot token.
#[derive(Debug, Default, sqlx::FromRow)]
pub struct SealedSecrets {
    /// The connector's secret token.
    pub secret_sealed: Option<String>,
    /// The Telegram bot token.
    pub bot_token_sealed: Option<String>,
}

/// A connector's sealed secrets.
pub async fn sealed_secrets(db: &mut Conn, connector: ConnectorId) -> sqlx::Result<SealedSecrets> {
    let query = "SELECT secret_sealed, bot_token_sealed FROM connectors WHERE id = ?";
    Ok(sql::row(db, query, params![connector.0])
        .await?
        .unwrap_or_default())
}

/// Keeps the connector's secret token, sealed.
pub async fn set_secret(db: &mut Conn, connector: ConnectorId, sealed: &str) -> sqlx::Result<()> {
    let query = "UPDATE connectors SET secret_sealed = ? WHERE id = ?";
    sql::run(db, query, params![sealed, connector.0]).await
}

/// Sets (or clears) where the generic webhook posts.
pub async fn set_outbound_url(
    db: &mut Conn,
    connector: ConnectorId,
    url: Option<&str>,
) -> sqlx::Result<()> {
    let query = "UPDATE connectors SET outbound_url = ? WHERE id = ?";
    sql::run(db, query, params![url, connector.0]).await
}

/// Keeps a Telegram bot token (sealed); a new token forgets the bot's
/// name and webhook until they are checked and connected again.
pub async fn set_bot_token(
    db: &mut Conn,
    connector: ConnectorId,
    sealed: &str,
) -> sqlx::Result<()> {
    let query = "UPDATE connectors SET bot_token_sealed = ?, bot_name = NULL, \
        bot_secret_hash = NULL WHERE id = ?";
    sql::run(db, query, params![sealed, connector.0]).await
}

/// Remembers the bot's name (after `getMe`).
pub async fn set_bot_name(db: &mut Conn, connector: ConnectorId, name: &str) -> sqlx::Result<()> {
    let query = "UPDATE connectors SET bot_name = ? WHERE id = ?";
    sql::run(db, query, params![name, connector.0]).await
}

/// Keeps the hash of the secret Telegram sends with every update.
pub async fn set_bot_secret_hash(
    db: &mut Conn,
    connector: ConnectorId,
    hash: &str,
) -> sqlx::Result<()> {
    let query = "UPDATE connectors SET bot_secret_hash = ? WHERE id = ?";
    sql::run(db, query, params![hash, connector.0]).await
}

/// The hash of the Telegram webhook's secret, if connected.
pub async fn bot_secret_hash(
    db: &mut Conn,
    connector: ConnectorId,
) -> sqlx::Result<Option<String>> {
    let query = "SELECT bot_secret_hash FROM connectors WHERE id = ?";
    Ok(
        sql::value::<Option<String>>(db, query, params![connector.0])
            .await?
            .flatten(),
    )
}

/// Whether a Telegram update was taken already.
pub async fn telegram_update_taken(
    db: &mut Conn,
    connector: ConnectorId,
    update_id: i64,
) -> sqlx::Result<bool> {
    let query = "SELECT 1 FROM telegram_updates WHERE connector_id = ? AND update_id = ?";
    let found: Option<i64> = sql::value(db, query, params![connector.0, update_id]).await?;
    Ok(found.is_some())
}

/// Takes a Telegram update once: false when its id was seen already.
pub async fn take_telegram_update(
    db: &mut Conn,
    connector: ConnectorId,
    update_id: i64,
    now: i64,
) -> sqlx::Result<bool> {
    let query = "INSERT INTO telegram_updates (connector_id, update_id, received_at) \
        VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
    sql::changed(db, query, params![connector.0, update_id, now]).await
}

/// The connector and channel chat id a conversation's messages go to.
pub async fn route_of(
    db: &mut Conn,
    conversation: switchboard_protocol::ConversationId,
) -> sqlx::Result<Option<(ConnectorId, String)>> {
    let query = "SELECT connector_id, external_chat_id FROM conversations WHERE id = ?";
    let row: Option<(i64, String)> = sql::row(db, query, params![conversation.0]).await?;
    Ok(row.map(|(connector, chat)| (ConnectorId(connector), chat)))
}

/// The conversation a message belongs to.
pub async fn conversation_of(
    db: &mut Conn,
    message: MessageId,
) -> sqlx::Result<Option<switchboard_protocol::ConversationId>> {
    let query = "SELECT conversation_id FROM messages WHERE id = ?";
    let id: Option<i64> = sql::value(db, query, params![message.0]).await?;
    Ok(id.map(switchboard_protocol::ConversationId))
}

/// Where a message would travel, and what decides whether it does.
#[derive(Debug, sqlx::FromRow)]
pub struct MessageRoute {
    /// An internal note never travels.
    #[sqlx(try_from = "crate::store::sql::Flag")]
    pub internal: bool,
    /// Only the company's messages travel.
    pub author_kind: Named<switchboard_protocol::AuthorKind>,
    /// Its delivery state (none: it never travelled).
    pub delivery_state: Option<String>,
    /// Its conversation's connector.
    pub connector_id: i64,
    /// The channel's chat id.
    pub external_chat_id: String,
}

/// A message's route, if it exists.
pub async fn message_route(
    db: &mut Conn,
    message: MessageId,
) -> sqlx::Result<Option<MessageRoute>> {
    let query = "SELECT m.internal, m.author_kind, m.delivery_state, c.connector_id, \
        c.external_chat_id FROM messages m JOIN conversations c ON c.id = m.conversation_id \
        WHERE m.id = ?";
    sql::row(db, query, params![message.0]).await
}

/// Whether the channel took a message (its creation was delivered).
pub async fn delivered_once(db: &mut Conn, message: MessageId) -> sqlx::Result<bool> {
    let query = "SELECT 1 FROM delivery_jobs WHERE message_id = ? \
        AND kind = 'message.created' AND state = 'done'";
    let found: Option<i64> = sql::value(db, query, params![message.0]).await?;
    Ok(found.is_some())
}
