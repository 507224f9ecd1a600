//! The realtime event stream (`/api/v1/events`, a websocket).
//!
//! Every event has a sequence number, strictly increasing per workspace.
//! The server sends [`ServerFrame`]s as JSON text frames; the client may send
//! [`ClientFrame`]s.

use serde::{Deserialize, Serialize};

use crate::{
    CalendarEvent, CompanyInfo, Contact, ConversationId, ConversationSummary, Deal, EventSeq,
    FeedPost, Label, Line, Message, MessageId, OperatorPreferences, Order, Presence, Task,
    TeamChat, TeamChatId, Timestamp, User, UserId,
};

/// Something that happened in the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
// Events are decoded one at a time and dropped once applied; boxing the
// larger variant would only add an allocation per event.
#[allow(clippy::large_enum_variant)]
pub enum Event {
    /// A new conversation (session) started.
    ConversationCreated {
        /// Its state after the change.
        conversation: ConversationSummary,
    },
    /// A conversation changed (status, assignee, last message...).
    ConversationUpdated {
        /// Its state after the change.
        conversation: ConversationSummary,
    },
    /// A message was written.
    MessageCreated {
        /// The message.
        message: Message,
    },
    /// A message was edited or deleted.
    MessageUpdated {
        /// The message after the change.
        message: Message,
    },
    /// An employee's read marker moved (sent to that employee only).
    ConversationRead {
        /// The conversation.
        conversation_id: ConversationId,
        /// The employee.
        user_id: UserId,
        /// Their new read marker.
        last_read_message_id: MessageId,
    },
    /// An employee's presence changed.
    PresenceChanged {
        /// The employee.
        user_id: UserId,
        /// Their presence.
        presence: Presence,
    },
    /// A colleague mentioned the receiving employee in a message (sent to
    /// the mentioned employees only, whether or not they are involved).
    Mentioned {
        /// The conversation, as it is after the message.
        conversation: ConversationSummary,
        /// The message with the mention.
        message: Message,
    },
    /// A task was created (sent to its creator and assignee).
    TaskCreated {
        /// The task.
        task: Task,
    },
    /// A task changed (sent to its creator, its assignee and a previous assignee).
    TaskUpdated {
        /// The task after the change.
        task: Task,
    },
    /// A calendar event was created (sent to its organizer and attendees).
    CalendarEventCreated {
        /// The event.
        calendar_event: CalendarEvent,
    },
    /// A team chat was created (sent to its members).
    TeamChatCreated {
        /// The chat.
        chat: TeamChat,
    },
    /// A message was written in a team chat (sent to its members). The chat's
    /// `last_message` changed too.
    TeamChatMessageCreated {
        /// The chat after the message.
        chat: TeamChat,
        /// The message (`conversation_id` and `chat_id` are 0).
        message: Message,
    },
    /// A team chat message was edited or deleted (sent to the chat's members).
    TeamChatMessageUpdated {
        /// The chat.
        team_chat_id: TeamChatId,
        /// The message after the change.
        message: Message,
    },
    /// An employee's read marker in a team chat moved (sent to that employee only).
    TeamChatRead {
        /// The chat.
        team_chat_id: TeamChatId,
        /// The employee.
        user_id: UserId,
        /// Their new read marker.
        last_read_message_id: MessageId,
    },
    /// A post was added to the company feed (sent to everyone).
    FeedPostCreated {
        /// The post.
        post: FeedPost,
    },
    /// A CRM contact was created or changed (sent to admins, supervisors
    /// and the employees who may see one of its customers' conversations).
    ContactUpdated {
        /// The contact after the change.
        contact: Contact,
    },
    /// A CRM deal was created or changed (same audience as its contact).
    DealUpdated {
        /// The deal after the change.
        deal: Deal,
    },
    /// An order was created or changed: lines, payment, status (sent to the
    /// audience of its conversation).
    OrderUpdated {
        /// The order after the change.
        order: Order,
    },
    /// The company's details changed (sent to everyone).
    CompanyUpdated {
        /// The details after the change.
        company: CompanyInfo,
    },
    /// An employee was invited, renamed, given another role, deactivated or
    /// reactivated (sent to everyone; a deactivated employee's open
    /// workspaces fall to the login screen).
    UserUpdated {
        /// The employee after the change.
        user: User,
    },
    /// A snoozed conversation's time came (sent to its assignee only, who
    /// is notified; everyone who sees it also gets its update).
    SnoozeEnded {
        /// Its state after waking.
        conversation: ConversationSummary,
    },
    /// An open channel was created or changed: name, queue, connectors,
    /// archived (sent to everyone; a removed member stops seeing its
    /// conversations at once).
    LineUpdated {
        /// The line after the change.
        line: Line,
    },
    /// An administrator created, renamed, recoloured or deleted a label
    /// (sent to everyone): every label, by name. The conversations a deleted
    /// label left follow as `conversation_updated`.
    LabelsChanged {
        /// Every label after the change.
        labels: Vec<Label>,
    },
    /// The receiving employee changed their own preferences (sent to them
    /// only: their other open browsers follow).
    PreferencesUpdated {
        /// The preferences after the change.
        preferences: OperatorPreferences,
    },
}

/// An event with its place in the stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventEnvelope {
    /// Sequence number; remember the last one to resume with `?after=`.
    pub seq: EventSeq,
    /// When it happened.
    pub at: Timestamp,
    /// What happened.
    pub event: Event,
}

/// A frame the server sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "frame", rename_all = "snake_case")]
// Frames are decoded one at a time and dropped at once; boxing the common
// variant would only add an allocation per event.
#[allow(clippy::large_enum_variant)]
pub enum ServerFrame {
    /// An event (replayed or live).
    Event(EventEnvelope),
    /// Replay is done (or none was asked for): live events follow.
    Ready {
        /// The latest sequence number at that moment.
        latest_seq: EventSeq,
    },
    /// The requested `after` is outside the retained window (or unknown):
    /// events were missed. Refetch everything over REST, then continue from
    /// `latest_seq` (live events after it follow on this socket).
    Resync {
        /// Continue from here.
        latest_seq: EventSeq,
    },
    /// Answer to [`ClientFrame::Ping`].
    Pong {
        /// The nonce of the ping.
        nonce: u64,
    },
    /// A colleague is typing (ephemeral: no sequence number, never replayed;
    /// it does not move the stream position).
    Typing(crate::TypingNotice),
    /// Who has a conversation open changed (ephemeral, like `typing`).
    Viewers(crate::ConversationViewers),
}

/// A frame the client sends. Browsers cannot send websocket pings, so
/// heartbeats from the client are text frames.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "frame", rename_all = "snake_case")]
pub enum ClientFrame {
    /// Asks for a [`ServerFrame::Pong`] with the same nonce.
    Ping {
        /// Any number.
        nonce: u64,
    },
    /// The conversation this connection shows now (`null`: none). Sent when
    /// it changes and again after reconnecting; the server forgets it when
    /// the connection closes.
    Viewing {
        /// The conversation on screen.
        conversation_id: Option<ConversationId>,
    },
}
