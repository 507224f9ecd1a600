//! The outbox: replies the operator wrote that the server has not confirmed.
//!
//! Every reply goes through it. It is saved (as JSON, in `localStorage`) on
//! each change, so replies written while the server is unreachable survive a
//! reload and are sent, in the order they were written, once it answers
//! again. Each keeps its client id, so a reply whose confirmation was lost is
//! sent again without ever being duplicated: the server returns the first copy.
//!
//! A new reply is first held for the undo window ([`undo_window`]): the
//! server, so the customer and colleagues, gets nothing until its send time
//! has come, and "Undo" takes it back until then. The send time is saved with
//! it, so a reload neither loses a held reply nor sends it early.

use serde::{Deserialize, Serialize};
use switchboard_protocol::{ClientMessageId, ConversationId, SendMessageRequest, Timestamp};

/// How long a new reply is held before it is sent, when nobody chose
/// otherwise (ms).
pub const DEFAULT_UNDO_WINDOW_MS: Timestamp = 5_000;

thread_local! {
    /// The operator's own undo window (seconds), once their preferences
    /// are known.
    static UNDO_SECONDS: std::cell::Cell<Option<u32>> = const { std::cell::Cell::new(None) };
}

/// Sets the operator's undo window (seconds; 0 turns undo off), from their
/// preferences stored on the server.
pub fn set_undo_seconds(seconds: u32) {
    UNDO_SECONDS.with(|cell| cell.set(Some(seconds)));
}

/// How long a new reply is held, so "Undo" can take it back (ms; 0 sends
/// it at once): the operator's own setting, five seconds until it is known.
pub fn undo_window() -> Timestamp {
    UNDO_SECONDS
        .with(|cell| cell.get())
        .map_or(DEFAULT_UNDO_WINDOW_MS, |seconds| {
            Timestamp::from(seconds) * 1000
        })
}

/// A reply waiting for the server's confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// The conversation it answers.
    pub conversation: ConversationId,
    /// The request, kept whole so every attempt is identical.
    pub request: SendMessageRequest,
    /// When the operator wrote it.
    pub created_at: Timestamp,
    /// Why the server refused it, if it did: such a reply is not sent again
    /// until the operator asks ("Retry").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
    /// When it may be sent: until then it is held and "Undo" takes it back
    /// (0, as in outboxes saved before there was a window: at once).
    #[serde(default)]
    pub send_at: Timestamp,
}

impl OutboxEntry {
    /// Whether it is still held at `now` (not sent, and "Undo" may take it).
    pub fn is_held(&self, now: Timestamp) -> bool {
        self.send_at > now && self.refused.is_none()
    }
}

/// What to do after an attempt to deliver a reply failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The server was not reached, timed out or failed (5xx): try again later.
    Transient,
    /// The session is no longer valid: wait until the operator logs in again.
    SessionExpired,
    /// The server refused this reply for a reason shown to the operator.
    Refused(String),
}

/// Replies on their way, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outbox {
    entries: Vec<OutboxEntry>,
}

impl Outbox {
    /// Reads a saved outbox; anything unreadable counts as empty.
    pub fn from_json(json: &str) -> Self {
        Self {
            entries: serde_json::from_str(json).unwrap_or_default(),
        }
    }

    /// The outbox as saved.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.entries).unwrap_or_else(|_| "[]".to_owned())
    }

    /// Every reply, oldest first.
    pub fn entries(&self) -> &[OutboxEntry] {
        &self.entries
    }

    /// Whether nothing waits.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds a reply at the end (once per client id).
    pub fn push(&mut self, entry: OutboxEntry) {
        if !self.contains(&entry.request.client_id) {
            self.entries.push(entry);
        }
    }

    /// Whether a reply with this client id waits.
    pub fn contains(&self, client_id: &ClientMessageId) -> bool {
        self.entries
            .iter()
            .any(|entry| &entry.request.client_id == client_id)
    }

    /// Forgets a reply (the server confirmed it). Returns whether it was there.
    pub fn confirm(&mut self, client_id: &ClientMessageId) -> bool {
        let before = self.entries.len();
        self.entries
            .retain(|entry| &entry.request.client_id != client_id);
        self.entries.len() != before
    }

    /// Marks a reply as refused by the server, with the reason.
    pub fn refuse(&mut self, client_id: &ClientMessageId, reason: String) {
        if let Some(entry) = self.find_mut(client_id) {
            entry.refused = Some(reason);
        }
    }

    /// Puts a refused reply back in line. Returns whether it was there.
    pub fn retry(&mut self, client_id: &ClientMessageId) -> bool {
        match self.find_mut(client_id) {
            Some(entry) => {
                entry.refused = None;
                true
            }
            None => false,
        }
    }

    /// The next reply to deliver in a conversation at `now`: the oldest not
    /// refused, once its send time has come. Replies of one conversation are
    /// delivered one after the other, so they reach the customer in the
    /// order they were written (a held reply holds those after it).
    pub fn next_for(&self, conversation: ConversationId, now: Timestamp) -> Option<&OutboxEntry> {
        self.oldest(conversation)
            .filter(|entry| !entry.is_held(now))
    }

    /// When the next reply of a conversation may be sent, while it is held
    /// at `now`.
    pub fn held_until(&self, conversation: ConversationId, now: Timestamp) -> Option<Timestamp> {
        self.oldest(conversation)
            .filter(|entry| entry.is_held(now))
            .map(|entry| entry.send_at)
    }

    /// "Undo": takes back a reply still held at `now`, which is then never
    /// sent. `None` when it is no longer held (on its way, or sent).
    pub fn undo(&mut self, client_id: &ClientMessageId, now: Timestamp) -> Option<OutboxEntry> {
        let index = self
            .entries
            .iter()
            .position(|entry| &entry.request.client_id == client_id && entry.is_held(now))?;
        Some(self.entries.remove(index))
    }

    fn oldest(&self, conversation: ConversationId) -> Option<&OutboxEntry> {
        self.entries
            .iter()
            .find(|entry| entry.conversation == conversation && entry.refused.is_none())
    }

    /// Conversations with replies to deliver, in the order of their oldest reply.
    pub fn conversations(&self) -> Vec<ConversationId> {
        let mut out = Vec::new();
        for entry in &self.entries {
            if entry.refused.is_none() && !out.contains(&entry.conversation) {
                out.push(entry.conversation);
            }
        }
        out
    }

    fn find_mut(&mut self, client_id: &ClientMessageId) -> Option<&mut OutboxEntry> {
        self.entries
            .iter_mut()
            .find(|entry| &entry.request.client_id == client_id)
    }
}

/// Classifies a failed delivery from the HTTP status the server answered
/// (`None`: no answer at all, a timeout or an unreadable answer).
pub fn classify(status: Option<u16>, message: &str) -> Failure {
    match status {
        None => Failure::Transient,
        Some(401) => Failure::SessionExpired,
        // Timeouts, rate limits and server failures are worth another try:
        // the same client id makes a repeat harmless.
        Some(408 | 425 | 429) => Failure::Transient,
        Some(status) if status >= 500 => Failure::Transient,
        Some(_) => Failure::Refused(message.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(conversation: i64, client_id: &str) -> OutboxEntry {
        OutboxEntry {
            conversation: ConversationId(conversation),
            request: SendMessageRequest {
                client_id: ClientMessageId(client_id.into()),
                text: format!("reply {client_id}"),
                attachments: vec![],
                quote: None,
                internal: false,
            },
            created_at: 1_000,
            refused: None,
            send_at: 0,
        }
    }

    /// A reply written at 1 000 and held for `window`.
    fn held(conversation: i64, client_id: &str, window: Timestamp) -> OutboxEntry {
        OutboxEntry {
            send_at: 1_000 + window,
            ..entry(conversation, client_id)
        }
    }

    #[test]
    fn a_held_reply_is_released_when_its_window_has_passed() {
        let mut outbox = Outbox::default();
        outbox.push(held(1, "a", DEFAULT_UNDO_WINDOW_MS));
        assert_eq!(next(&outbox, 1, 1_000), None);
        assert_eq!(next(&outbox, 1, 5_999), None);
        assert_eq!(outbox.held_until(ConversationId(1), 1_000), Some(6_000));
        assert_eq!(next(&outbox, 1, 6_000), Some("a"));
        assert_eq!(outbox.held_until(ConversationId(1), 6_000), None);
    }

    #[test]
    fn undo_takes_back_a_held_reply_and_only_while_it_is_held() {
        let mut outbox = Outbox::default();
        outbox.push(held(1, "a", 5_000));
        outbox.push(held(1, "b", 5_000));
        let undone = outbox.undo(&ClientMessageId("a".into()), 3_000);
        assert_eq!(
            undone.map(|entry| entry.request.text),
            Some("reply a".into())
        );
        assert_eq!(ids(&outbox), ["b"]);
        // Its window has passed: on its way, no longer undoable.
        assert_eq!(outbox.undo(&ClientMessageId("b".into()), 6_000), None);
        assert_eq!(next(&outbox, 1, 6_000), Some("b"));
        assert_eq!(outbox.undo(&ClientMessageId("x".into()), 0), None);
    }

    #[test]
    fn a_zero_window_sends_at_once() {
        let mut outbox = Outbox::default();
        outbox.push(held(1, "a", 0));
        assert_eq!(next(&outbox, 1, 1_000), Some("a"));
        assert_eq!(outbox.undo(&ClientMessageId("a".into()), 1_000), None);
    }

    #[test]
    fn a_held_reply_holds_the_ones_written_after_it() {
        let mut outbox = Outbox::default();
        outbox.push(held(1, "a", 5_000));
        outbox.push(entry(1, "b"));
        outbox.push(entry(2, "c"));
        assert_eq!(next(&outbox, 1, 2_000), None);
        assert_eq!(next(&outbox, 2, 2_000), Some("c"));
    }

    #[test]
    fn a_reload_keeps_held_replies_and_their_send_time() {
        let mut outbox = Outbox::default();
        outbox.push(held(1, "a", 5_000));
        let reloaded = Outbox::from_json(&outbox.to_json());
        assert_eq!(reloaded, outbox);
        assert_eq!(next(&reloaded, 1, 2_000), None);
        assert_eq!(next(&reloaded, 1, 6_000), Some("a"));
        // Saved before there was a window: sent at once.
        let old = r#"[{"conversation":1,"request":{"client_id":"z","text":"hi","attachments":[],"quote":null,"internal":false},"created_at":5}]"#;
        assert_eq!(next(&Outbox::from_json(old), 1, 0), Some("z"));
    }

    #[test]
    fn the_window_is_five_seconds_unless_chosen_otherwise() {
        assert_eq!(undo_window(), 5_000);
        set_undo_seconds(12);
        assert_eq!(undo_window(), 12_000);
        set_undo_seconds(0);
        assert_eq!(undo_window(), 0);
    }

    fn ids(outbox: &Outbox) -> Vec<&str> {
        outbox
            .entries()
            .iter()
            .map(|entry| entry.request.client_id.0.as_str())
            .collect()
    }

    /// The client id of the reply `conversation` delivers next at `now`.
    fn next(outbox: &Outbox, conversation: i64, now: Timestamp) -> Option<&str> {
        outbox
            .next_for(ConversationId(conversation), now)
            .map(|entry| entry.request.client_id.0.as_str())
    }

    #[test]
    fn replies_are_kept_in_the_order_written_and_once_per_client_id() {
        let mut outbox = Outbox::default();
        outbox.push(entry(1, "a"));
        outbox.push(entry(2, "b"));
        outbox.push(entry(1, "c"));
        outbox.push(entry(1, "a"));
        assert_eq!(ids(&outbox), ["a", "b", "c"]);
        assert_eq!(
            outbox.conversations(),
            [ConversationId(1), ConversationId(2)]
        );
    }

    #[test]
    fn a_conversation_delivers_its_oldest_reply_first() {
        let mut outbox = Outbox::default();
        outbox.push(entry(1, "a"));
        outbox.push(entry(2, "b"));
        outbox.push(entry(1, "c"));
        assert_eq!(next(&outbox, 1, 0), Some("a"));
        assert!(outbox.confirm(&ClientMessageId("a".into())));
        assert!(!outbox.confirm(&ClientMessageId("a".into())));
        assert_eq!(next(&outbox, 1, 0), Some("c"));
        assert_eq!(next(&outbox, 3, 0), None);
    }

    #[test]
    fn a_refused_reply_waits_for_the_operator_and_does_not_block_the_next() {
        let mut outbox = Outbox::default();
        outbox.push(entry(1, "a"));
        outbox.push(entry(1, "b"));
        outbox.refuse(&ClientMessageId("a".into()), "Too long".into());
        assert_eq!(next(&outbox, 1, 0), Some("b"));
        outbox.confirm(&ClientMessageId("b".into()));
        assert_eq!(next(&outbox, 1, 0), None);
        assert!(outbox.conversations().is_empty());
        assert!(
            !outbox.is_empty(),
            "the refused reply stays, with its reason"
        );
        assert!(outbox.retry(&ClientMessageId("a".into())));
        assert_eq!(next(&outbox, 1, 0), Some("a"));
    }

    #[test]
    fn the_outbox_survives_a_round_trip_through_storage() {
        let mut outbox = Outbox::default();
        outbox.push(entry(1, "a"));
        outbox.push(entry(2, "b"));
        outbox.refuse(&ClientMessageId("b".into()), "Closed".into());
        let saved = outbox.to_json();
        assert_eq!(Outbox::from_json(&saved), outbox);
        assert!(Outbox::from_json("not json").is_empty());
        assert!(Outbox::from_json("").is_empty());
    }

    #[test]
    fn failures_are_retried_unless_the_server_refused_the_reply() {
        assert_eq!(classify(None, ""), Failure::Transient);
        assert_eq!(classify(Some(502), "Bad gateway"), Failure::Transient);
        assert_eq!(classify(Some(503), ""), Failure::Transient);
        assert_eq!(classify(Some(429), ""), Failure::Transient);
        assert_eq!(classify(Some(401), ""), Failure::SessionExpired);
        assert_eq!(
            classify(Some(422), "Too long for WhatsApp"),
            Failure::Refused("Too long for WhatsApp".into())
        );
        assert_eq!(
            classify(Some(403), "Locked"),
            Failure::Refused("Locked".into())
        );
    }
}
