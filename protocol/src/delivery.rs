//! Outbound delivery: how what an employee sends reaches the customer's
//! channel. Every change a customer must receive becomes a delivery job,
//! delivered in order per chat and retried until it succeeds or fails for
//! good. Connectors without an outbound way (no URL, no native adapter)
//! leave their messages without a delivery state: their adapters poll the
//! customer view instead.

use serde::{Deserialize, Serialize};

use crate::names::named_enum;
use crate::{ConnectorId, CustomerViewMessage, Timestamp};

named_enum! {
    /// Where a message stands on its way to the customer.
    pub enum DeliveryState {
        /// Queued or being retried.
        Sending = "sending",
        /// The channel accepted it.
        Delivered = "delivered",
        /// It failed for good ("Not delivered"); it can be retried.
        Failed = "failed",
    }
}

/// A message's delivery to the customer's channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageDelivery {
    /// Where it stands.
    pub state: DeliveryState,
    /// Why the last attempt failed (while retrying, or for good).
    #[serde(default)]
    pub error: Option<String>,
    /// When it reached this state (ms since the epoch); each change of a
    /// message's delivery has a larger value, so of two copies of a
    /// message (an answer, an event) the later `at` is the newer.
    #[serde(default)]
    pub at: Timestamp,
}

/// How a connector's outbound deliveries are doing (Settings, and the
/// workspace's warning when they fail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectorDelivery {
    /// Jobs waiting to be delivered.
    pub queued: u32,
    /// The last failure, until a delivery succeeds again.
    #[serde(default)]
    pub last_error: Option<String>,
    /// When it happened (ms since the epoch).
    #[serde(default)]
    pub last_error_at: Option<Timestamp>,
}

named_enum! {
    /// What an outbound delivery tells the channel.
    pub enum OutboundKind {
        /// A new message for the customer.
        MessageCreated = "message.created",
        /// A message the customer has was edited.
        MessageEdited = "message.edited",
        /// A message the customer has was deleted.
        MessageDeleted = "message.deleted",
        /// An employee is typing a reply.
        Typing = "typing",
    }
}

/// Body of the signed `POST` the generic webhook connector sends to its
/// outbound URL (`docs/connectors.md`). Headers: `X-Switchboard-Timestamp`
/// (Unix seconds) and `X-Switchboard-Signature: sha256=<hex HMAC-SHA256 of
/// "{timestamp}.{body}" keyed with the connector's secret token>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboundDelivery {
    /// The delivery's idempotency key: the same for every attempt of one
    /// job; a receiver that has seen it already answers 2xx and does nothing.
    pub id: String,
    /// What happened.
    #[serde(rename = "type")]
    pub kind: OutboundKind,
    /// The connector sending it.
    pub connector_id: ConnectorId,
    /// The channel's id of the chat (as delivered inbound).
    pub chat_id: String,
    /// The message as the customer sees it (none for `typing`); for
    /// `message.deleted`, its id and an empty text.
    #[serde(default)]
    pub message: Option<CustomerViewMessage>,
}

/// Answer of `POST /api/v1/connectors/{id}/telegram/check`: the bot behind
/// the pasted token (Bot API `getMe`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TelegramBot {
    /// The bot's name.
    pub name: String,
    /// Its username, without `@`.
    pub username: Option<String>,
}

/// Body of `PUT /api/v1/connectors/{id}/telegram`: the bot token from
/// @BotFather (kept encrypted, never shown again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TelegramTokenRequest {
    /// `123456:ABC…`.
    pub bot_token: String,
}

/// Body of `PUT /api/v1/connectors/{id}/outbound`: where the generic
/// webhook connector posts what customers must receive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboundUrlRequest {
    /// An `http(s)` URL, or none to let the adapter poll the customer view.
    #[serde(default)]
    pub url: Option<String>,
}
