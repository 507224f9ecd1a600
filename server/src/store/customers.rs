//! Customers, their identities per connector, and chats.

use switchboard_protocol::{ChatId, ConnectorId, CustomerId, LineId};

use super::sql::{self, params};
use crate::store::Conn;

/// The customer of a channel identity: connector, external id.
pub(crate) const IDENTITY: &str =
    "SELECT customer_id FROM customer_identities WHERE connector_id = ? AND external_id = ?";
/// New details of a known customer: name, e-mail and phone (kept when
/// absent), id.
pub(crate) const UPDATE_DETAILS: &str =
    "UPDATE customers SET name = ?, email = COALESCE(?, email), phone = COALESCE(?, phone) WHERE id = ?";
/// Creates a customer: name, e-mail, phone, time.
pub(crate) const INSERT: &str =
    "INSERT INTO customers (name, email, phone, created_at) VALUES (?, ?, ?, ?)";
/// Links a channel identity to a customer: connector, external id, customer.
pub(crate) const INSERT_IDENTITY: &str =
    "INSERT INTO customer_identities (connector_id, external_id, customer_id) VALUES (?, ?, ?)";
/// Creates the chat of a customer on a line unless it exists: line, customer.
pub(crate) const INSERT_CHAT: &str =
    "INSERT INTO chats (line_id, customer_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
/// The chat of a customer on a line: line, customer.
pub(crate) const CHAT: &str = "SELECT id FROM chats WHERE line_id = ? AND customer_id = ?";
/// Links a channel's chat id to a chat, keeping the title when none is
/// given: connector, channel's chat id, chat, title.
pub(crate) const LINK_CHAT: &str =
    "INSERT INTO chat_links (connector_id, external_chat_id, chat_id, title) VALUES (?, ?, ?, ?) \
     ON CONFLICT (connector_id, external_chat_id) DO UPDATE SET title = COALESCE(excluded.title, chat_links.title)";

/// A customer as a channel knows them: their id on a connector and the
/// contact details it gave.
pub struct Identity<'a> {
    /// The connector.
    pub connector: ConnectorId,
    /// The customer's id on the channel.
    pub external_id: &'a str,
    /// Their name.
    pub name: &'a str,
    /// Their e-mail address, if the channel gave one.
    pub email: Option<&'a str>,
    /// Their phone number, if the channel gave one.
    pub phone: Option<&'a str>,
}

/// The customer known on a connector under an external id, created (or
/// updated with fresher contact details) as needed.
pub async fn upsert_by_identity(
    db: &mut Conn,
    who: &Identity<'_>,
    now: i64,
) -> sqlx::Result<CustomerId> {
    let key = params![who.connector.0, who.external_id];
    if let Some(id) = sql::value::<i64>(db, IDENTITY, key).await? {
        let details = params![who.name, who.email, who.phone, id];
        sql::run(db, UPDATE_DETAILS, details).await?;
        return Ok(CustomerId(id));
    }
    let id = insert(db, who.name, who.email, who.phone, now).await?;
    let identity = params![who.connector.0, who.external_id, id.0];
    sql::run(db, INSERT_IDENTITY, identity).await?;
    Ok(id)
}

/// Creates a customer.
pub async fn insert(
    db: &mut Conn,
    name: &str,
    email: Option<&str>,
    phone: Option<&str>,
    now: i64,
) -> sqlx::Result<CustomerId> {
    let id = sql::insert(db, INSERT, params![name, email, phone, now]).await?;
    Ok(CustomerId(id))
}

/// Where a customer writes from: a line's chat with them, and the
/// channel's chat (through a connector of the line) it is linked to.
pub struct ChatLink<'a> {
    /// The line.
    pub line: LineId,
    /// The customer.
    pub customer: CustomerId,
    /// The connector.
    pub connector: ConnectorId,
    /// The channel's chat id.
    pub external_chat_id: &'a str,
    /// The channel's title of the chat, if it gives one.
    pub title: Option<&'a str>,
}

/// The chat of a customer on a line, created if needed, and linked to the
/// channel's chat id (with its title, when one is given).
pub async fn chat_for(db: &mut Conn, link: &ChatLink<'_>) -> sqlx::Result<ChatId> {
    let key = || params![link.line.0, link.customer.0];
    sql::run(db, INSERT_CHAT, key()).await?;
    let chat: i64 = sql::one(db, CHAT, key()).await?;
    let values = params![link.connector.0, link.external_chat_id, chat, link.title];
    sql::run(db, LINK_CHAT, values).await?;
    Ok(ChatId(chat))
}

/// The chat linked to a channel's chat id.
pub async fn chat_by_link(
    db: &mut Conn,
    connector: ConnectorId,
    external_chat_id: &str,
) -> sqlx::Result<Option<ChatId>> {
    let query = "SELECT chat_id FROM chat_links WHERE connector_id = ? AND external_chat_id = ?";
    let id: Option<i64> = sql::value(db, query, params![connector.0, external_chat_id]).await?;
    Ok(id.map(ChatId))
}
