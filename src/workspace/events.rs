//! The event stream: connecting, and applying every frame to the model.

use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_protocol::{ConversationId, Event, ServerFrame};

use super::{Toast, ToastKind, Workspace};
use crate::realtime::{ConnectionState, Realtime, RealtimeOptions};
use crate::state::queue::{Queue, QueueChange};

/// How long "X is typing…" stays without a new notice.
const TYPING_SHOWN_MS: i64 = 6_000;

impl Workspace {
    /// Opens the event stream, replaying the events after `after` first.
    pub(super) fn connect(&self, after: Option<switchboard_protocol::EventSeq>) {
        let this = *self;
        let client = self.client();
        let realtime = Realtime::start(
            RealtimeOptions {
                url: Box::new(move |after| client.events_url(after)),
                on_frame: Box::new(move |frame| this.on_frame(frame)),
                on_state: Box::new(move |state| {
                    this.connection.set(state);
                    match state {
                        ConnectionState::Reconnecting => this.check_session(),
                        // The server answers again: deliver what waited.
                        ConnectionState::Live => this.flush_outbox(),
                        ConnectionState::Connecting | ConnectionState::ServerRestarting => {}
                    }
                }),
            },
            after,
        );
        self.realtime.set_value(Some(realtime));
    }

    /// After a dropped socket, asks the server whether the token still works.
    pub(super) fn check_session(&self) {
        let this = *self;
        spawn_local(async move {
            if let Err(error) = this.client().me().await {
                this.failed(&error);
            }
        });
    }

    /// Reconnects at once if the socket is down (browser back online).
    pub fn reconnect_now(&self) {
        self.realtime.with_value(|realtime| {
            if let Some(realtime) = realtime {
                realtime.reconnect_now();
            }
        });
    }

    pub(super) fn on_frame(&self, frame: ServerFrame) {
        match frame {
            ServerFrame::Event(envelope) => self.apply_event(&envelope.event),
            ServerFrame::Resync { .. } => {
                // Events were missed: everything on screen may be stale.
                self.resync_collab();
                self.resync_team();
                self.queue.update(Queue::clear);
                self.reload_queue();
                let open = self.route.get_untracked().conversation();
                self.logs
                    .update(|logs| logs.retain(|id, _| Some(*id) == open));
                if let Some(id) = open {
                    self.reload_conversation(id);
                }
            }
            // Typing notices are not shown yet; the composer will use them.
            ServerFrame::Typing(notice) => self.show_typing(notice),
            ServerFrame::Ready { .. } | ServerFrame::Pong { .. } => {}
        }
    }

    /// Applies one event to every part of the model it touches.
    pub fn apply_event(&self, event: &Event) {
        let actor = self.actor_untracked();
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
            Event::PresenceChanged { user_id, presence } => self.users.update(|users| {
                if let Some(user) = users.get_mut(user_id) {
                    user.presence = *presence;
                }
            }),
            _ => {
                self.apply_collab_event(event);
                self.apply_team_event(event);
                self.apply_crm_event(event);
            }
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
            QueueChange::Quiet => {}
        }
    }

    /// A colleague types in a conversation: shown for a few seconds, or
    /// until their message arrives.
    fn show_typing(&self, notice: switchboard_protocol::TypingNotice) {
        if notice.user.id == self.me.with_untracked(|me| me.id) {
            return;
        }
        let until = super::now_ms() + TYPING_SHOWN_MS;
        self.typing.update(|typing| {
            typing.retain(|t| {
                !(t.conversation == notice.conversation_id && t.user.id == notice.user.id)
            });
            typing.push(super::Typing {
                conversation: notice.conversation_id,
                user: notice.user,
                until,
            });
        });
        let typing = self.typing;
        set_timeout(
            move || {
                let now = super::now_ms();
                typing.update(|typing| typing.retain(|t| t.until > now));
            },
            std::time::Duration::from_millis(TYPING_SHOWN_MS as u64 + 50),
        );
    }

    /// The conversation the operator is looking at right now (open, tab visible).
    pub(super) fn viewing(&self) -> Option<ConversationId> {
        let visible = web_sys::window()
            .and_then(|window| window.document())
            .map(|document| document.visibility_state() == web_sys::VisibilityState::Visible)
            .unwrap_or(true);
        self.route
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
        if kind == ToastKind::CustomerMessage {
            crate::notify::announce(conversation, &title, &body);
        }
        let toasts = self.toasts;
        set_timeout(
            move || toasts.update(|toasts| toasts.retain(|toast| toast.id != id)),
            std::time::Duration::from_secs(6),
        );
    }

    /// Dismisses a toast.
    pub fn dismiss_toast(&self, id: u64) {
        self.toasts
            .update(|toasts| toasts.retain(|toast| toast.id != id));
    }
}
