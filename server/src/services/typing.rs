//! The typing indicator: ephemeral, never stored. Colleagues get a
//! `typing` frame on their event stream (no sequence number, not replayed);
//! the customer view tells whether an employee typed a reply in the last
//! few seconds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use switchboard_protocol::{ConversationId, ServerFrame, TypingNotice, UserId};
use tokio::sync::{broadcast, mpsc};

use crate::store::events::Audience;

/// How long one typing call counts ("is typing" stops after this without a
/// new call). Clients call about every 3 seconds while typing.
pub const TYPING_TTL: Duration = Duration::from_secs(6);
/// Notices a slow socket may fall behind before older ones are dropped.
const CHANNEL_CAPACITY: usize = 256;

/// A typing frame on its way to the sockets that may see it.
#[derive(Debug)]
pub struct TypingFrame {
    /// Who may receive it (the conversation's audience).
    pub audience: Audience,
    /// Who types (not echoed to their own sockets).
    pub from: UserId,
    /// The JSON of the `ServerFrame::Typing`.
    pub frame: String,
}

/// A typing notice this instance published, for the other instances (see
/// `events_listener`): its frame, and for a reply (not an internal note)
/// the conversation and who types, which the customer view shows.
#[derive(Debug)]
pub struct RelayedTyping {
    /// The frame as this instance's sockets got it.
    pub frame: Arc<TypingFrame>,
    /// The conversation and the name of whoever types a reply.
    pub reply: Option<(ConversationId, String)>,
}

/// What crosses to the other instances about typing.
#[derive(Debug)]
pub enum TypingRelay {
    /// A notice this instance published.
    Notice(RelayedTyping),
    /// A conversation's reply was sent: its customer view stops saying
    /// "typing" at once.
    Stopped(ConversationId),
}

/// Broadcasts typing notices and remembers who typed a reply recently.
pub struct TypingHub {
    sender: broadcast::Sender<Arc<TypingFrame>>,
    replies: Mutex<HashMap<ConversationId, (Instant, String)>>,
    /// Where the notices go to reach the other instances (PostgreSQL only).
    relay: OnceLock<mpsc::UnboundedSender<TypingRelay>>,
}

impl Default for TypingHub {
    fn default() -> Self {
        let (sender, _) = broadcast::channel(CHANNEL_CAPACITY);
        Self {
            sender,
            replies: Mutex::new(HashMap::new()),
            relay: OnceLock::new(),
        }
    }
}

impl TypingHub {
    /// Receives every notice published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<TypingFrame>> {
        self.sender.subscribe()
    }

    /// Publishes a notice to the colleagues in `audience`; a reply (not an
    /// internal note) also shows in the customer view for [`TYPING_TTL`].
    pub fn publish(&self, audience: Audience, notice: TypingNotice) {
        let reply = (!notice.internal).then(|| (notice.conversation_id, notice.user.name.clone()));
        if let Some((conversation, name)) = &reply {
            self.remember_reply(*conversation, name.clone());
        }
        let from = notice.user.id;
        match serde_json::to_string(&ServerFrame::Typing(notice)) {
            Ok(frame) => {
                let frame = Arc::new(TypingFrame {
                    audience,
                    from,
                    frame,
                });
                // No receiver is not an error: nobody is connected.
                let _ = self.sender.send(frame.clone());
                if let Some(relay) = self.relay.get() {
                    let _ = relay.send(TypingRelay::Notice(RelayedTyping { frame, reply }));
                }
            }
            Err(error) => tracing::warn!(%error, "typing notice not serializable"),
        }
    }

    fn remember_reply(&self, conversation: ConversationId, name: String) {
        if let Ok(mut replies) = self.replies.lock() {
            let now = Instant::now();
            replies.retain(|_, (at, _)| now.duration_since(*at) < TYPING_TTL);
            replies.insert(conversation, (now, name));
        }
    }

    /// Sends the notices published from now on to `relay` as well, for the
    /// other instances; once (later calls change nothing).
    pub fn relay_to(&self, relay: mpsc::UnboundedSender<TypingRelay>) {
        let _ = self.relay.set(relay);
    }

    /// Publishes a notice another instance published, to this instance's
    /// sockets (not relayed again).
    pub fn receive_relayed(&self, relayed: RelayedTyping) {
        if let Some((conversation, name)) = relayed.reply {
            self.remember_reply(conversation, name);
        }
        // No receiver is not an error: nobody is connected.
        let _ = self.sender.send(relayed.frame);
    }

    /// Publishes who views a conversation now to its colleagues (`from`,
    /// whose viewing changed it, already knows; `None`: everyone hears it,
    /// as when another instance's viewers expire).
    pub fn publish_viewers(
        &self,
        changed: crate::services::viewing::ViewersChanged,
        from: Option<UserId>,
    ) {
        // No employee has the id 0 (ids start at 1): nobody is left out.
        let from = from.unwrap_or(UserId(0));
        match serde_json::to_string(&ServerFrame::Viewers(changed.viewers)) {
            Ok(frame) => {
                // No receiver is not an error: nobody is connected.
                let _ = self.sender.send(Arc::new(TypingFrame {
                    audience: changed.audience,
                    from,
                    frame,
                }));
            }
            Err(error) => tracing::warn!(%error, "viewers not serializable"),
        }
    }

    /// Forgets the reply typing of a conversation (its message was sent),
    /// here and on the other instances.
    pub fn stop(&self, conversation: ConversationId) {
        self.receive_relayed_stop(conversation);
        if let Some(relay) = self.relay.get() {
            let _ = relay.send(TypingRelay::Stopped(conversation));
        }
    }

    /// Forgets the reply typing of a conversation another instance sent
    /// the reply of (not relayed again).
    pub fn receive_relayed_stop(&self, conversation: ConversationId) {
        if let Ok(mut replies) = self.replies.lock() {
            replies.remove(&conversation);
        }
    }

    /// Whether an employee typed a reply in the conversation within [`TYPING_TTL`].
    pub fn replying(&self, conversation: ConversationId) -> bool {
        self.replier(conversation).is_some()
    }

    /// Who typed a reply in the conversation within [`TYPING_TTL`], and how
    /// long it still counts.
    pub fn replier(&self, conversation: ConversationId) -> Option<(String, Duration)> {
        let replies = self.replies.lock().ok()?;
        let (at, name) = replies.get(&conversation)?;
        TYPING_TTL
            .checked_sub(at.elapsed())
            .filter(|left| !left.is_zero())
            .map(|left| (name.clone(), left))
    }
}
