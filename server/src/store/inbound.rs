//! What the webhook needs to know about a delivery before writing it, read
//! in one statement (each statement is a round trip to SQLite's thread, and
//! the webhook writes a thousand messages a second).

use sqlx::SqliteConnection;
use switchboard_protocol::{
    ChatId, ConnectorId, ConversationId, ConversationStatus, CustomerId, LineId, MessageId,
};

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
    /// customer's chat on the connector's line (what `customers::chat_for`
    /// would return).
    pub chat: Option<ChatId>,
    /// The latest session of that chat: id, status, session number.
    pub latest: Option<(ConversationId, ConversationStatus, i64)>,
}

#[derive(sqlx::FromRow)]
struct KnownRow {
    dup_conversation: Option<i64>,
    dup_message: Option<i64>,
    customer_id: Option<i64>,
    customer_name: Option<String>,
    customer_email: Option<String>,
    customer_phone: Option<String>,
    chat_id: Option<i64>,
    latest_id: Option<i64>,
    latest_status: Option<String>,
    latest_number: Option<i64>,
}

/// Reads, in one statement, the duplicate message, the customer, the linked
/// chat and its latest session of a delivery.
pub async fn lookup(
    db: &mut SqliteConnection,
    connector: ConnectorId,
    line: LineId,
    customer_external_id: &str,
    external_chat_id: &str,
    message_external_id: &str,
) -> sqlx::Result<Known> {
    let row: KnownRow = sqlx::query_as(
        "WITH ident AS (SELECT customer_id FROM customer_identities \
                        WHERE connector_id = ?1 AND external_id = ?2), \
              linked AS (SELECT c.id FROM chat_links l JOIN chats c ON c.id = l.chat_id \
                         WHERE l.connector_id = ?1 AND l.external_chat_id = ?3 AND c.line_id = ?4 \
                           AND c.customer_id = (SELECT customer_id FROM ident)), \
              latest AS (SELECT id, status, session_number FROM conversations \
                         WHERE chat_id = (SELECT id FROM linked) \
                         ORDER BY session_number DESC LIMIT 1), \
              dup AS (SELECT conversation_id, id FROM messages \
                      WHERE connector_id = ?1 AND external_id = ?5) \
         SELECT (SELECT conversation_id FROM dup) AS dup_conversation, \
                (SELECT id FROM dup) AS dup_message, \
                cu.id AS customer_id, cu.name AS customer_name, \
                cu.email AS customer_email, cu.phone AS customer_phone, \
                (SELECT id FROM linked) AS chat_id, \
                (SELECT id FROM latest) AS latest_id, \
                (SELECT status FROM latest) AS latest_status, \
                (SELECT session_number FROM latest) AS latest_number \
         FROM (SELECT 1) LEFT JOIN customers cu ON cu.id = (SELECT customer_id FROM ident)",
    )
    .bind(connector.0)
    .bind(customer_external_id)
    .bind(external_chat_id)
    .bind(line.0)
    .bind(message_external_id)
    .fetch_one(db)
    .await?;
    Ok(Known {
        duplicate: row
            .dup_conversation
            .zip(row.dup_message)
            .map(|(c, m)| (ConversationId(c), MessageId(m))),
        customer: row.customer_id.map(|id| KnownCustomer {
            id: CustomerId(id),
            name: row.customer_name.unwrap_or_default(),
            email: row.customer_email,
            phone: row.customer_phone,
        }),
        chat: row.chat_id.map(ChatId),
        latest: row.latest_id.map(|id| {
            (
                ConversationId(id),
                row.latest_status
                    .as_deref()
                    .and_then(ConversationStatus::parse)
                    .unwrap_or(ConversationStatus::Closed),
                row.latest_number.unwrap_or(1),
            )
        }),
    })
}
