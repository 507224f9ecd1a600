//! Open channels ("lines") and the connectors that feed them.

use serde::{Deserialize, Serialize};

use crate::names::named_enum;
use crate::{ConnectorId, LineId, UserId};

named_enum! {
    /// How a line hands new conversations to its queue members.
    pub enum DistributionMode {
        /// Every queue member sees new conversations under Unanswered.
        All = "all",
        /// Each new conversation is offered to the available member with the
        /// fewest active conversations; on a tie, the one offered one least
        /// recently.
        Evenly = "evenly",
        /// Each new conversation is offered to the first available member in
        /// queue order.
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
    /// How offers work and what the first answer should take.
    #[serde(default)]
    pub routing: LineRouting,
    /// Working hours and automatic messages.
    #[serde(default)]
    pub automation: LineAutomation,
}

/// How an open channel offers its conversations ("Evenly" and "Strictly in
/// order"), and its first-answer target. An offer goes only to a member who
/// is Online, active, below capacity and has not let this conversation pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineRouting {
    /// Seconds an operator has to accept an offer before it passes on to
    /// the next available member (10 to 3,600).
    pub time_to_take_seconds: u32,
    /// At most this many of its active conversations per operator (in
    /// progress, or offered to them); an operator at capacity gets no more
    /// of its offers. `None`: no limit.
    pub capacity: Option<u32>,
    /// The first answer should come within this many seconds (the queue
    /// shows each wait against it). `None`: no target.
    pub first_answer_target_seconds: Option<u32>,
}

impl Default for LineRouting {
    fn default() -> Self {
        Self {
            time_to_take_seconds: LineRouting::DEFAULT_TIME_TO_TAKE,
            capacity: None,
            first_answer_target_seconds: None,
        }
    }
}

impl LineRouting {
    /// Seconds to take an offer unless a channel says otherwise.
    pub const DEFAULT_TIME_TO_TAKE: u32 = 60;
    /// The shortest time to take an offer.
    pub const MIN_TIME_TO_TAKE: u32 = 10;
    /// The longest time to take an offer.
    pub const MAX_TIME_TO_TAKE: u32 = 3600;
    /// The largest capacity.
    pub const MAX_CAPACITY: u32 = 100;
    /// The longest first-answer target (a day).
    pub const MAX_TARGET: u32 = 86_400;
}

/// Body of `PUT /api/v1/lines/{id}/routing`: the distribution and its rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineRoutingRequest {
    /// How new conversations are distributed.
    pub mode: DistributionMode,
    /// Time to take, capacity, first-answer target.
    pub routing: LineRouting,
}

/// An open channel's working hours and the messages the workspace sends
/// its customers by itself (as the bot): a welcome on a new session, the
/// offline reply outside working hours, the closing message of an automatic
/// close, a rating request when a conversation is finished. Body of
/// `PUT /api/v1/lines/{id}/automation`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineAutomation {
    /// The IANA time zone the working hours are in, e.g. "Europe/Paris".
    #[serde(default = "LineAutomation::default_time_zone")]
    pub time_zone: String,
    /// When the channel is open; `None`: always.
    #[serde(default)]
    pub working_hours: Option<WorkingHours>,
    /// Sent once per session when a customer writes outside working hours.
    #[serde(default)]
    pub offline_message: Option<String>,
    /// Sent when a new session starts.
    #[serde(default)]
    pub welcome_message: Option<String>,
    /// A conversation in progress whose last message is an employee's closes
    /// after this many hours without an answer from the customer (1 to 720);
    /// `None`: never.
    #[serde(default)]
    pub auto_close_hours: Option<u32>,
    /// Sent just before an automatic close.
    #[serde(default)]
    pub closing_message: Option<String>,
    /// When a conversation is finished, ask the customer for a rating (the
    /// website chat asks in the widget; other channels get a message).
    #[serde(default)]
    pub rating_request: bool,
}

impl Default for LineAutomation {
    fn default() -> Self {
        Self {
            time_zone: Self::default_time_zone(),
            working_hours: None,
            offline_message: None,
            welcome_message: None,
            auto_close_hours: None,
            closing_message: None,
            rating_request: false,
        }
    }
}

impl LineAutomation {
    /// The longest automatic message.
    pub const MAX_TEXT: usize = 1000;
    /// The longest customer silence before an automatic close (30 days).
    pub const MAX_AUTO_CLOSE_HOURS: u32 = 720;
    /// The rating request sent on channels other than the website chat.
    pub const RATING_REQUEST: &str =
        "How did we do? Reply with a number from 1 (bad) to 5 (great).";

    fn default_time_zone() -> String {
        "UTC".to_owned()
    }
}

/// A weekly schedule, with the dates the channel stays closed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkingHours {
    /// Opening hours; a weekday without an entry is a day off (several
    /// entries for one day: each is a period it is open).
    #[serde(default)]
    pub days: Vec<OpeningHours>,
    /// Holidays and other days off, "YYYY-MM-DD" in the channel's time zone.
    #[serde(default)]
    pub closed_dates: Vec<String>,
}

/// When the channel is open on one weekday, in its time zone.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpeningHours {
    /// 1 Monday to 7 Sunday.
    pub weekday: u8,
    /// Opening time, "HH:MM".
    pub opens: String,
    /// Closing time, "HH:MM", after the opening time.
    pub closes: String,
}

/// How long a customer has waited against a channel's first-answer target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WaitLevel {
    /// Below 75 % of the target (or no target).
    Normal,
    /// From 75 % of the target.
    Near,
    /// Past the target.
    Over,
}

impl WaitLevel {
    /// The level of a wait of `waited_ms` against `target_seconds`.
    pub fn of(waited_ms: i64, target_seconds: Option<u32>) -> Self {
        let Some(target) = target_seconds.filter(|target| *target > 0) else {
            return Self::Normal;
        };
        let target_ms = i64::from(target) * 1000;
        if waited_ms > target_ms {
            Self::Over
        } else if waited_ms * 4 >= target_ms * 3 {
            Self::Near
        } else {
            Self::Normal
        }
    }
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

#[cfg(test)]
mod wait_tests {
    use super::WaitLevel;

    #[test]
    fn a_wait_turns_amber_at_three_quarters_of_the_target_and_red_past_it() {
        assert_eq!(WaitLevel::of(89_999, Some(120)), WaitLevel::Normal);
        assert_eq!(WaitLevel::of(90_000, Some(120)), WaitLevel::Near);
        assert_eq!(WaitLevel::of(120_000, Some(120)), WaitLevel::Near);
        assert_eq!(WaitLevel::of(120_001, Some(120)), WaitLevel::Over);
    }

    #[test]
    fn without_a_target_every_wait_is_normal() {
        assert_eq!(WaitLevel::of(86_400_000, None), WaitLevel::Normal);
        assert_eq!(WaitLevel::of(86_400_000, Some(0)), WaitLevel::Normal);
    }
}
