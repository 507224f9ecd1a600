//! Delivering replies through the outbox (see [`crate::state::outbox`]):
//! one reply at a time per conversation, so they arrive in order; failures
//! that may pass (no network, a timeout, a server error) are retried with
//! backoff and as soon as the event stream is live again; a refused reply
//! waits for "Retry"; an expired session waits for the login dialog. A new
//! reply is held for the undo window first, and sent when it has passed
//! (a timer, or the next delivery after a reload).

use leptos::prelude::*;
use switchboard_protocol::{ClientMessageId, ConversationId, SendMessageRequest, UserId};

use super::ConversationStore;
use crate::api::ApiError;
use crate::state::backoff;
use crate::state::conversation::{ConversationLog, PendingState};
use crate::state::outbox::{classify, undo_window, Failure, Outbox, OutboxEntry};
use crate::stores::now_ms;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn key(user: UserId) -> String {
    format!("switchboard.outbox.{}", user.0)
}

/// The saved outbox of an employee (their replies only: another account
/// logging in on the same browser never sends them).
fn load(user: UserId) -> Outbox {
    storage()
        .and_then(|storage| storage.get_item(&key(user)).ok().flatten())
        .map(|json| Outbox::from_json(&json))
        .unwrap_or_default()
}

impl ConversationStore {
    fn save_outbox(&self) {
        let user = self.session.my_id();
        let Some(storage) = storage() else {
            return;
        };
        let _ = self.outbox.with_value(|outbox| {
            if outbox.is_empty() {
                storage.remove_item(&key(user))
            } else {
                storage.set_item(&key(user), &outbox.to_json())
            }
        });
    }

    /// Adds the outbox's replies of a conversation to its log (after a
    /// reload, or when the log is created again).
    pub(super) fn restore_pending(&self, log: &mut ConversationLog) {
        let now = now_ms();
        self.outbox.with_value(|outbox| {
            for entry in outbox.entries() {
                if entry.conversation != log.id {
                    continue;
                }
                log.add_pending(entry.request.clone(), entry.created_at);
                if let Some(reason) = &entry.refused {
                    log.fail_pending(&entry.request.client_id, reason.clone());
                } else if entry.is_held(now) {
                    log.set_pending_state(&entry.request.client_id, PendingState::Held);
                }
            }
        });
    }

    /// Puts a new reply in the outbox and on screen, held for the undo
    /// window, then delivers it.
    pub(super) fn enqueue(&self, id: ConversationId, request: SendMessageRequest) {
        let now = now_ms();
        let entry = OutboxEntry {
            conversation: id,
            request: request.clone(),
            created_at: now,
            refused: None,
            send_at: now + undo_window().max(0),
        };
        let held = entry.is_held(now);
        self.outbox.update_value(|outbox| outbox.push(entry));
        self.save_outbox();
        self.logs.update(|logs| {
            let log = logs.entry(id).or_insert_with(|| ConversationLog::new(id));
            let stalled = log
                .pending()
                .iter()
                .any(|pending| pending.state == PendingState::Waiting);
            let client_id = request.client_id.clone();
            log.add_pending(request, now);
            if held {
                log.set_pending_state(&client_id, PendingState::Held);
            } else if stalled {
                // It queues behind replies already waiting for the connection.
                log.set_pending_state(&client_id, PendingState::Waiting);
            }
        });
        self.pump(id);
    }

    /// "Undo": takes back a reply still held, which is never sent; its
    /// request is handed back for the composer. `None` once it is on its way.
    pub fn undo(
        &self,
        id: ConversationId,
        client_id: &ClientMessageId,
    ) -> Option<SendMessageRequest> {
        let entry = self
            .outbox
            .try_update_value(|outbox| outbox.undo(client_id, now_ms()))
            .flatten()?;
        self.save_outbox();
        self.logs.update(|logs| {
            if let Some(log) = logs.get_mut(&id) {
                log.remove_pending(client_id);
            }
        });
        Some(entry.request)
    }

    /// Sends a refused reply again, with the same client id.
    pub fn retry(&self, id: ConversationId, client_id: ClientMessageId) {
        let known = self
            .outbox
            .try_update_value(|outbox| outbox.retry(&client_id));
        if known != Some(true) {
            return;
        }
        self.save_outbox();
        self.logs.update(|logs| {
            if let Some(log) = logs.get_mut(&id) {
                log.set_pending_state(&client_id, PendingState::Sending);
            }
        });
        self.pump(id);
    }

    /// Brings back the replies saved before a reload, shown as pending,
    /// and starts delivering them.
    pub(crate) fn restore_outbox(&self) {
        let saved = load(self.session.my_id());
        let conversations: Vec<ConversationId> = saved
            .entries()
            .iter()
            .map(|entry| entry.conversation)
            .collect();
        self.outbox.set_value(saved);
        self.logs.update(|logs| {
            for id in conversations {
                let log = logs.entry(id).or_insert_with(|| ConversationLog::new(id));
                self.restore_pending(log);
            }
        });
        self.flush_outbox();
    }

    /// Delivers every waiting reply (start, back online, logged in again).
    pub(crate) fn flush_outbox(&self) {
        let conversations = self.outbox.with_value(Outbox::conversations);
        for id in conversations {
            self.pump(id);
        }
    }

    /// Delivers the oldest waiting reply of a conversation, then the next.
    fn pump(&self, id: ConversationId) {
        if self.session.session_expired.get_untracked()
            || self.delivering.with_value(|busy| busy.contains(&id))
        {
            return;
        }
        let now = now_ms();
        let Some(request) = self
            .outbox
            .with_value(|outbox| outbox.next_for(id, now).map(|entry| entry.request.clone()))
        else {
            if let Some(until) = self.outbox.with_value(|outbox| outbox.held_until(id, now)) {
                self.release_at(id, until);
            }
            return;
        };
        self.logs.update(|logs| {
            if let Some(log) = logs.get_mut(&id) {
                log.release_pending(&request.client_id);
            }
        });
        self.delivering.update_value(|busy| {
            busy.insert(id);
        });
        let this = *self;
        self.session.spawn(async move {
            let result = this.session.client().send(id, &request).await;
            this.delivering.update_value(|busy| {
                busy.remove(&id);
            });
            match result {
                Ok(message) => {
                    this.outbox
                        .update_value(|outbox| _ = outbox.confirm(&request.client_id));
                    this.save_outbox();
                    this.outbox_attempt.set_value(0);
                    this.logs.update(|logs| {
                        if let Some(log) = logs.get_mut(&id) {
                            log.apply_message(message);
                        }
                    });
                    this.pump(id);
                }
                Err(error) => this.delivery_failed(id, &request.client_id, &error),
            }
        });
    }

    fn delivery_failed(&self, id: ConversationId, client_id: &ClientMessageId, error: &ApiError) {
        let failure = match error {
            ApiError::Server {
                status, message, ..
            } => classify(Some(*status), message),
            ApiError::Unauthorized { .. } => Failure::SessionExpired,
            ApiError::Unreachable | ApiError::Decode(_) => classify(None, ""),
        };
        match failure {
            Failure::Transient => {
                self.stall(id);
                self.schedule_flush();
            }
            Failure::SessionExpired => {
                self.stall(id);
                self.session.failed(error);
            }
            Failure::Refused(reason) => {
                self.outbox
                    .update_value(|outbox| outbox.refuse(client_id, reason.clone()));
                self.save_outbox();
                self.set_state(id, client_id, PendingState::Failed(reason));
                self.pump(id);
            }
        }
    }

    /// Shows every reply of a conversation still in line as waiting (a
    /// reply whose undo window has passed included; one still held keeps
    /// its "Undo").
    fn stall(&self, id: ConversationId) {
        let now = now_ms();
        let held: Vec<ClientMessageId> = self.outbox.with_value(|outbox| {
            outbox
                .entries()
                .iter()
                .filter(|entry| entry.is_held(now))
                .map(|entry| entry.request.client_id.clone())
                .collect()
        });
        self.logs.update(|logs| {
            if let Some(log) = logs.get_mut(&id) {
                let queued: Vec<ClientMessageId> = log
                    .pending()
                    .iter()
                    .filter(|pending| match pending.state {
                        PendingState::Sending => true,
                        PendingState::Held => !held.contains(&pending.request.client_id),
                        PendingState::Waiting | PendingState::Failed(_) => false,
                    })
                    .map(|pending| pending.request.client_id.clone())
                    .collect();
                for client_id in queued {
                    log.set_pending_state(&client_id, PendingState::Waiting);
                }
            }
        });
    }

    fn set_state(&self, id: ConversationId, client_id: &ClientMessageId, state: PendingState) {
        self.logs.update(|logs| {
            if let Some(log) = logs.get_mut(&id) {
                log.set_pending_state(client_id, state);
            }
        });
    }

    /// Delivers the conversation's held reply once its window has passed.
    fn release_at(&self, id: ConversationId, until: i64) {
        let this = *self;
        let delay = u64::try_from(until - now_ms()).unwrap_or(0);
        set_timeout(
            move || {
                if this.session.is_alive() {
                    this.pump(id);
                }
            },
            // A little after, so the clock has passed it.
            std::time::Duration::from_millis(delay + 20),
        );
    }

    /// Tries the outbox again after a growing, jittered delay.
    fn schedule_flush(&self) {
        if self.outbox_timer.with_value(Option::is_some) {
            return;
        }
        let attempt = self.outbox_attempt.get_value();
        self.outbox_attempt.set_value(attempt.saturating_add(1));
        let delay = backoff::delay_ms(attempt, js_sys::Math::random());
        let this = *self;
        let handle = set_timeout_with_handle(
            move || {
                if this.session.is_alive() {
                    this.outbox_timer.set_value(None);
                    this.flush_outbox();
                }
            },
            std::time::Duration::from_millis(u64::from(delay)),
        )
        .ok();
        self.outbox_timer.set_value(handle);
    }
}
