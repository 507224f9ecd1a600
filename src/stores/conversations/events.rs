//! What the event stream changes in the queue and the logs, and what the
//! operator is told of it: toasts, "is typing…", notices.

use leptos::prelude::*;
use switchboard_protocol::{ConversationId, Event};

use super::{ConversationStore, Toast, ToastKind, Typing};
use crate::state::queue::{Queue, QueueChange};
use crate::stores::now_ms;

/// How long "X is typing…" stays without a new notice.
const TYPING_SHOWN_MS: i64 = 6_000;

impl ConversationStore {
    /// Applies one event to the queue and the logs.
    pub fn apply_event(&self, event: &Event) {
        let actor = self.session.actor_untracked();
        let viewing = self.viewing();
        let mut change = QueueChange::Quiet;
        self.queue
            .update(|queue| change = queue.apply_event(event, &actor, viewing));
        match event {
            Event::MessageCreated { message } | Event::MessageUpdated { message } => {
                let id = message.conversation_id;
                if let Some(author) = message.author.user_id {
                    // Their message is here: they stopped typing.
                    self.typing.update(|typing| {
                        typing.retain(|t| !(t.conversation == id && t.user.id == author));
                    });
                }
                let loaded = self.logs.with_untracked(|logs| logs.contains_key(&id));
                if loaded {
                    self.logs.update(|logs| {
                        if let Some(log) = logs.get_mut(&id) {
                            log.apply_message(message.clone());
                        }
                    });
                }
                if viewing == Some(id) {
                    self.mark_read(id);
                }
            }
            Event::Mentioned {
                conversation,
                message,
            } => self.notify(
                conversation.id,
                conversation.customer.name.clone(),
                message.author.name.clone(),
                ToastKind::Mentioned,
            ),
            _ => {}
        }
        match change {
            QueueChange::CustomerWrote {
                conversation,
                customer,
                preview,
            } => self.notify(conversation, customer, preview, ToastKind::CustomerMessage),
            QueueChange::HandedToMe {
                conversation,
                customer,
                by,
            } => self.notify(conversation, customer, by, ToastKind::HandedToMe),
            QueueChange::TakenFromMe {
                conversation,
                customer,
                by,
            } => self.notify(conversation, customer, by, ToastKind::TakenFromMe),
            QueueChange::OfferedToMe {
                conversation,
                customer,
            } => self.notify(conversation, customer, String::new(), ToastKind::Offered),
            QueueChange::BackFromSnooze {
                conversation,
                customer,
            } => self.notify(
                conversation,
                customer,
                String::new(),
                ToastKind::BackFromSnooze,
            ),
            QueueChange::Quiet => {}
        }
    }

    /// A colleague types in a conversation: shown for a few seconds, or
    /// until their message arrives.
    pub(crate) fn show_typing(&self, notice: switchboard_protocol::TypingNotice) {
        if notice.user.id == self.session.my_id() {
            return;
        }
        let until = now_ms() + TYPING_SHOWN_MS;
        self.typing.update(|typing| {
            typing.retain(|t| {
                !(t.conversation == notice.conversation_id && t.user.id == notice.user.id)
            });
            typing.push(Typing {
                conversation: notice.conversation_id,
                user: notice.user,
                until,
            });
        });
        let typing = self.typing;
        set_timeout(
            move || {
                let now = now_ms();
                typing.update(|typing| typing.retain(|t| t.until > now));
            },
            std::time::Duration::from_millis(TYPING_SHOWN_MS as u64 + 50),
        );
    }

    /// Who has a conversation open now (the server's latest list).
    pub(crate) fn show_viewers(&self, viewers: switchboard_protocol::ConversationViewers) {
        self.viewers.update(|all| {
            if viewers.user_ids.is_empty() {
                all.remove(&viewers.conversation_id);
            } else {
                all.insert(viewers.conversation_id, viewers.user_ids);
            }
        });
    }

    /// The conversation the operator is looking at right now (open, tab visible).
    pub(super) fn viewing(&self) -> Option<ConversationId> {
        let visible = web_sys::window()
            .and_then(|window| window.document())
            .map(|document| document.visibility_state() == web_sys::VisibilityState::Visible)
            .unwrap_or(true);
        self.session
            .route
            .get_untracked()
            .conversation()
            .filter(|_| visible)
    }

    pub(super) fn notify(
        &self,
        conversation: ConversationId,
        title: String,
        body: String,
        kind: ToastKind,
    ) {
        let id = self.toast_counter.get_value() + 1;
        self.toast_counter.set_value(id);
        self.toasts.update(|toasts| {
            toasts.push(Toast {
                id,
                conversation,
                title: title.clone(),
                body: body.clone(),
                kind,
            });
            // Keep the screen calm: only the latest few.
            let excess = toasts.len().saturating_sub(3);
            toasts.drain(..excess);
        });
        if matches!(
            kind,
            ToastKind::CustomerMessage | ToastKind::Offered | ToastKind::BackFromSnooze
        ) {
            crate::notify::announce(conversation, &title, &body);
        }
        let toasts = self.toasts;
        set_timeout(
            move || toasts.update(|toasts| toasts.retain(|toast| toast.id != id)),
            std::time::Duration::from_secs(6),
        );
    }

    /// Events were missed: the queue and the open conversation are loaded
    /// again, the other logs forgotten.
    pub(crate) fn resync(&self) {
        self.queue.update(Queue::clear);
        self.reload_queue();
        self.search(self.search_text.get_untracked());
        let open = self.session.route.get_untracked().conversation();
        self.logs
            .update(|logs| logs.retain(|id, _| Some(*id) == open));
        if let Some(id) = open {
            self.reload_conversation(id);
        }
    }

    /// The session came back after the login dialog: what may have changed
    /// meanwhile is loaded again, and the replies that waited are sent.
    pub fn resumed(&self) {
        self.reload_queue();
        if let Some(id) = self.session.route.get_untracked().conversation() {
            self.reload_conversation(id);
        }
        self.flush_outbox();
    }

    /// Dismisses a toast.
    pub fn dismiss_toast(&self, id: u64) {
        self.toasts
            .update(|toasts| toasts.retain(|toast| toast.id != id));
    }
}
