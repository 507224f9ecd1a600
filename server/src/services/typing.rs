//! The typing indicator: ephemeral, never stored. Colleagues get a
//! `typing` frame on their event stream (no sequence number, not replayed);
//! the customer view tells whether an employee typed a reply in the last
//! few seconds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use switchboard_protocol::{ConversationId, ServerFrame, TypingNotice, UserId};
use tokio::sync::broadcast;

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

/// Broadcasts typing notices and remembers who typed a reply recently.
pub struct TypingHub {
    sender: broadcast::Sender<Arc<TypingFrame>>,
    replies: Mutex<HashMap<ConversationId, (Instant, String)>>,
}

impl Default for TypingHub {
    fn default() -> Self {
        let (sender, _) = broadcast::channel(CHANNEL_CAPACITY);
        Self {
            sender,
            replies: Mutex::new(HashMap::new()),
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
        if !notice.internal {
            if let Ok(mut replies) = self.replies.lock() {
                let now = Instant::now();
                replies.retain(|_, (at, _)| now.duration_since(*at) < TYPING_TTL);
                replies.insert(notice.conversation_id, (now, notice.user.name.clone()));
            }
        }
        let from = notice.user.id;
        match serde_json::to_string(&ServerFrame::Typing(notice)) {
            Ok(frame) => {
                // No receiver is not an error: nobody is connected.
                let _ = self.sender.send(Arc::new(TypingFrame {
                    audience,
                    from,
                    frame,
                }));
            }
            Err(error) => tracing::warn!(%error, "typing notice not serializable"),
        }
    }

    /// Publishes who views a conversation now to its colleagues (`from`,
    /// whose viewing changed it, already knows).
    pub fn publish_viewers(&self, changed: crate::services::viewing::ViewersChanged, from: UserId) {
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

    /// Forgets the reply typing of a conversation (its message was sent).
    pub fn stop(&self, conversation: ConversationId) {
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
