//! Open channels ("lines") and the connectors that feed them.

use serde::{Deserialize, Serialize};

use crate::names::named_enum;
use crate::{ConnectorId, LineId, UserId};

named_enum! {
    /// How a line hands new conversations to its queue members.
    pub enum DistributionMode {
        /// Every queue member sees new conversations under Unanswered.
        All = "all",
        /// Each new conversation is offered to the online member who was offered
        /// one least recently (round-robin).
        Evenly = "evenly",
        /// Each new conversation is offered to the first online member in queue order.
        Strict = "strict",
    }
}

/// An open channel: a named queue of operators fed by connectors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Line {
    /// Server identifier.
    pub id: LineId,
    /// Display name, e.g. "Sales".
    pub name: String,
    /// How new conversations are distributed.
    pub mode: DistributionMode,
    /// Queue members, in queue order.
    pub members: Vec<UserId>,
    /// Connectors feeding this line.
    pub connectors: Vec<Connector>,
    /// Archived: no longer offered for transfers; its connectors refuse messages.
    #[serde(default)]
    pub archived: bool,
    /// The CRM forms its operators may send; empty: every form.
    #[serde(default)]
    pub forms: Vec<crate::FormId>,
}

named_enum! {
    /// The customer-facing channel a connector speaks.
    pub enum ConnectorKind {
        /// The chat widget of the website.
        Livechat = "livechat",
        /// Telegram.
        Telegram = "telegram",
        /// WhatsApp.
        Whatsapp = "whatsapp",
        /// Facebook Messenger.
        Facebook = "facebook",
        /// Instagram Direct.
        Instagram = "instagram",
        /// Viber.
        Viber = "viber",
        /// E-mail.
        Email = "email",
        /// Any system that posts the generic inbound webhook.
        Webhook = "webhook",
    }
}

impl ConnectorKind {
    /// Whether the channel can show the customer that the company is typing
    /// (the website chat, Telegram, WhatsApp and Messenger can; Instagram
    /// Direct, Viber and e-mail cannot here).
    pub fn shows_typing(self) -> bool {
        matches!(
            self,
            Self::Livechat | Self::Telegram | Self::Whatsapp | Self::Facebook
        )
    }

    /// What a connector of this channel carries, preset when it is added.
    pub fn capabilities(self) -> ConnectorCapabilities {
        let kind = self;
        let mib = 1024 * 1024;
        match kind {
            Self::Livechat => ConnectorCapabilities {
                files: true,
                max_file_bytes: Some(25 * mib),
                edit_on_customer_side: true,
                delete_on_customer_side: true,
                reply_window_seconds: None,
                max_text_length: None,
                typing_indicator: kind.shows_typing(),
            },
            Self::Whatsapp => ConnectorCapabilities {
                files: true,
                max_file_bytes: Some(16 * mib),
                edit_on_customer_side: false,
                delete_on_customer_side: false,
                reply_window_seconds: Some(24 * 3600),
                max_text_length: Some(4096),
                typing_indicator: kind.shows_typing(),
            },
            Self::Telegram => ConnectorCapabilities {
                files: true,
                max_file_bytes: Some(20 * mib),
                edit_on_customer_side: true,
                delete_on_customer_side: true,
                reply_window_seconds: None,
                max_text_length: Some(4096),
                typing_indicator: kind.shows_typing(),
            },
            Self::Facebook => ConnectorCapabilities {
                files: true,
                max_file_bytes: Some(8 * mib),
                edit_on_customer_side: false,
                delete_on_customer_side: false,
                reply_window_seconds: Some(7 * 24 * 3600),
                max_text_length: Some(2000),
                typing_indicator: kind.shows_typing(),
            },
            // Text only: the one channel where the composer offers no files.
            Self::Instagram => ConnectorCapabilities {
                files: false,
                max_file_bytes: None,
                edit_on_customer_side: false,
                delete_on_customer_side: false,
                reply_window_seconds: Some(7 * 24 * 3600),
                max_text_length: Some(1000),
                typing_indicator: kind.shows_typing(),
            },
            Self::Viber | Self::Email | Self::Webhook => ConnectorCapabilities {
                files: true,
                max_file_bytes: Some(10 * mib),
                edit_on_customer_side: false,
                delete_on_customer_side: false,
                reply_window_seconds: None,
                max_text_length: None,
                typing_indicator: kind.shows_typing(),
            },
        }
    }
}

fn enabled() -> bool {
    true
}

/// What a channel can carry; the UI offers only what the channel supports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectorCapabilities {
    /// Whether files can be sent to the customer.
    pub files: bool,
    /// Largest file the channel accepts, in bytes (when `files`).
    pub max_file_bytes: Option<u64>,
    /// Whether an edit reaches the customer's copy of a sent message.
    pub edit_on_customer_side: bool,
    /// Whether a deletion removes the message from the customer's side.
    pub delete_on_customer_side: bool,
    /// Seconds after the customer's last message during which a reply is
    /// still allowed (for example 24 h on WhatsApp); `None`: no limit.
    pub reply_window_seconds: Option<u64>,
    /// Longest text the channel carries, in characters; `None`: no limit.
    pub max_text_length: Option<u32>,
    /// Whether the customer can be shown that an employee is typing.
    #[serde(default)]
    pub typing_indicator: bool,
}

/// A connector: how customers of one channel reach a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Connector {
    /// Server identifier.
    pub id: ConnectorId,
    /// The line it feeds.
    pub line_id: LineId,
    /// The channel.
    pub kind: ConnectorKind,
    /// Display name, e.g. "Website chat".
    pub name: String,
    /// Whether it accepts messages (a disabled connector's URL answers 404).
    #[serde(default = "enabled")]
    pub enabled: bool,
    /// What the channel supports.
    pub capabilities: ConnectorCapabilities,
    /// Where deliveries to customers go: the generic webhook's outbound
    /// URL; none when the adapter polls the customer view (or, for
    /// Telegram, when no bot is connected).
    #[serde(default)]
    pub outbound_url: Option<String>,
    /// The connected Telegram bot's name, once "Check" or "Connect" found it.
    #[serde(default)]
    pub bot_name: Option<String>,
    /// Whether the Telegram bot's webhook points at this connector.
    #[serde(default)]
    pub bot_connected: bool,
    /// How its outbound deliveries are doing; none when nothing is
    /// delivered (the adapter polls).
    #[serde(default)]
    pub delivery: Option<crate::ConnectorDelivery>,
}
