//! Where messages are written, whatever the store: a customer conversation
//! ([`ConversationStore`]) or an internal chat ([`TeamChatStore`]). The
//! message log and the composer serve both through [`Threads`].

use leptos::prelude::*;
use switchboard_protocol::{ClientMessageId, ConversationId, MessageId, TeamChatId};

use super::{ConversationStore, OutgoingMessage, TeamChatStore};
use crate::state::conversation::ConversationLog;

/// A customer conversation or an internal chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Thread {
    /// A customer conversation (delivered through the outbox).
    Conversation(ConversationId),
    /// An internal chat between employees.
    Team(TeamChatId),
}

impl Thread {
    /// The customer conversation, if it is one.
    pub fn conversation(self) -> Option<ConversationId> {
        match self {
            Self::Conversation(id) => Some(id),
            Self::Team(_) => None,
        }
    }
}

/// The logs of both kinds of thread. `Copy`: pass it around freely.
#[derive(Clone, Copy)]
pub struct Threads {
    conversations: ConversationStore,
    team: TeamChatStore,
    /// A message to bring into view once its thread's log is on screen
    /// (a quote of another conversation was clicked). Taken by that log
    /// when it mounts: not a signal, nothing reacts to it.
    pending_reveal: StoredValue<Option<(Thread, MessageId)>>,
}

impl Threads {
    pub(super) fn new(conversations: ConversationStore, team: TeamChatStore) -> Self {
        Self {
            conversations,
            team,
            pending_reveal: StoredValue::new(None),
        }
    }

    /// Reads the log of a thread (tracked).
    pub fn with_log<R>(&self, thread: Thread, f: impl FnOnce(Option<&ConversationLog>) -> R) -> R {
        match thread {
            Thread::Conversation(id) => self.conversations.logs.with(|logs| f(logs.get(&id))),
            Thread::Team(id) => self.team.logs.with(|logs| f(logs.get(&id))),
        }
    }

    /// Reads the log of a thread (untracked).
    pub fn with_log_untracked<R>(
        &self,
        thread: Thread,
        f: impl FnOnce(Option<&ConversationLog>) -> R,
    ) -> R {
        match thread {
            Thread::Conversation(id) => self
                .conversations
                .logs
                .with_untracked(|logs| f(logs.get(&id))),
            Thread::Team(id) => self.team.logs.with_untracked(|logs| f(logs.get(&id))),
        }
    }

    /// My read marker in a thread when it was opened.
    pub fn last_read(&self, thread: Thread) -> Option<MessageId> {
        match thread {
            Thread::Conversation(id) => self
                .conversations
                .queue
                .with_untracked(|queue| queue.get(id).and_then(|row| row.last_read_message_id)),
            Thread::Team(id) => self.team.chats.with_untracked(|chats| {
                chats
                    .as_ref()
                    .and_then(|chats| chats.get(id))
                    .and_then(|item| item.last_read_message_id)
            }),
        }
    }

    /// Loads older messages of a thread. Resolves when they are in.
    pub async fn load_older(&self, thread: Thread) {
        match thread {
            Thread::Conversation(id) => self.conversations.load_older(id).await,
            Thread::Team(id) => self.team.load_page(id, true).await,
        }
    }

    /// Sends a message in a thread.
    pub fn send(&self, thread: Thread, message: OutgoingMessage) {
        match thread {
            Thread::Conversation(id) => self.conversations.send_message(id, message),
            Thread::Team(id) => self.team.send(id, message),
        }
    }

    /// "Retry" on a reply that failed.
    pub fn retry(&self, thread: Thread, client_id: ClientMessageId) {
        match thread {
            Thread::Conversation(id) => self.conversations.retry(id, client_id),
            Thread::Team(id) => self.team.retry(id, client_id),
        }
    }

    /// Asks the log of `thread` to bring `message` into view when it next
    /// mounts (after navigating to it).
    pub fn reveal_when_shown(&self, thread: Thread, message: MessageId) {
        self.pending_reveal.set_value(Some((thread, message)));
    }

    /// The message a log of `thread` should bring into view as it mounts.
    pub fn take_pending_reveal(&self, thread: Thread) -> Option<MessageId> {
        let pending = self.pending_reveal.get_value()?;
        (pending.0 == thread).then(|| {
            self.pending_reveal.set_value(None);
            pending.1
        })
    }
}
