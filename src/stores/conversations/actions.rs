//! Actions on a conversation as a whole (transfer, close, spam, take,
//! invite, lock, its history and title), on one message (edit, delete, move
//! to a new session), and the composer's calls (typing, canned responses,
//! forms, market apps).

use leptos::prelude::*;
use switchboard_protocol::{
    ActionRequest, ConversationId, ConversationSummary, Event, HistoryPage, HistoryQuery,
    InviteRequest, LockRequest, SnoozePreset, SnoozeRequest, TransferRequest, TransferTarget,
    UserId,
};

use super::{ConversationNotice, ConversationStore};
use crate::api::ApiError;

/// A request for one conversation action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionCall {
    /// To a colleague or a line, with an optional comment for employees.
    Transfer(TransferTarget, Option<String>),
    /// "Accept and close" or "Finish conversation".
    Close,
    /// "Mark as spam".
    Spam,
    /// "Take conversation".
    Take,
    /// "Invite users".
    Invite(Vec<UserId>),
    /// "Lock as mine" (true) or "Unlock" (false).
    Lock(bool),
    /// "Skip": let the offer pass to the next available member.
    Skip,
}

impl ConversationStore {
    /// Sets the title employees see on a conversation (`/rename`).
    pub fn rename(&self, id: ConversationId, title: String) {
        let this = *self;
        self.session.spawn(async move {
            match this.session.client().rename(id, &title).await {
                Ok(conversation) => this.apply_summary(conversation),
                Err(error) => {
                    this.session.failed(&error);
                    this.set_notice(id, Some(ConversationNotice::Failed(error.to_string())));
                }
            }
        });
    }

    /// Runs an action; the answer (and its event) update every view. A
    /// refusal is shown in place and the conversation is refreshed.
    pub fn act(&self, id: ConversationId, call: ActionCall) {
        let this = *self;
        let version = self
            .queue
            .with_untracked(|queue| queue.get(id).map(|row| row.conversation.version));
        self.set_notice(id, None);
        let taking = call == ActionCall::Take;
        self.session.spawn(async move {
            let client = this.session.client();
            let plain = ActionRequest { version };
            let result = match call {
                ActionCall::Transfer(to, comment) => {
                    let request = TransferRequest {
                        to,
                        comment,
                        version,
                    };
                    client.act(id, "transfer", &request).await
                }
                ActionCall::Close => client.act(id, "close", &plain).await,
                ActionCall::Spam => client.act(id, "spam", &plain).await,
                ActionCall::Take => client.act(id, "take", &plain).await,
                ActionCall::Skip => client.act(id, "skip", &plain).await,
                ActionCall::Invite(users) => {
                    client
                        .act(id, "invite", &InviteRequest { users, version })
                        .await
                }
                ActionCall::Lock(locked) => client.lock(id, &LockRequest { locked, version }).await,
            };
            // Taking the conversation on screen: the queue follows it to
            // my "In progress".
            let taken = taking
                && result.is_ok()
                && this.session.route.get_untracked().conversation() == Some(id);
            this.settle(id, result);
            if taken {
                this.follow(id);
            }
        });
    }

    /// "Snooze": puts the conversation aside until `preset` (with `local`,
    /// the chosen local time) in the operator's `time_zone`. A refusal is
    /// the caller's to show, in the dialog where it was typed.
    pub async fn snooze(
        &self,
        id: ConversationId,
        preset: SnoozePreset,
        time_zone: String,
        local: Option<String>,
    ) -> Result<(), ApiError> {
        let version = self
            .queue
            .with_untracked(|queue| queue.get(id).map(|row| row.conversation.version));
        let request = SnoozeRequest {
            preset,
            time_zone,
            local,
            version,
        };
        let result = self.session.client().act(id, "snooze", &request).await;
        match result {
            Ok(conversation) => {
                self.apply_summary(conversation);
                Ok(())
            }
            Err(error) => {
                self.session.failed(&error);
                Err(error)
            }
        }
    }

    /// Applies what an action on conversation `id` answered: its new state,
    /// or the refusal shown in place and the conversation refreshed. The
    /// header's labels and priority call it too (their requests come with
    /// the conversation's part).
    pub fn settle(&self, id: ConversationId, result: Result<ConversationSummary, ApiError>) {
        match result {
            Ok(conversation) => self.apply_summary(conversation),
            Err(error) => {
                self.session.failed(&error);
                let notice = match error {
                    ApiError::Server { code, message, .. } => {
                        ConversationNotice::Refused { code, message }
                    }
                    other => ConversationNotice::Failed(other.to_string()),
                };
                self.set_notice(id, Some(notice));
                self.reload_conversation(id);
            }
        }
    }

    /// "Wake now": the snoozed conversation is back in "In progress".
    pub fn wake(&self, id: ConversationId) {
        let this = *self;
        self.set_notice(id, None);
        self.session.spawn(async move {
            match this.session.client().wake(id).await {
                Ok(conversation) => this.apply_summary(conversation),
                Err(error) => {
                    this.session.failed(&error);
                    this.set_notice(id, Some(ConversationNotice::Failed(error.to_string())));
                }
            }
        });
    }

    /// A page of the conversation's history (earlier sessions, newest first).
    pub async fn history(
        &self,
        id: ConversationId,
        q: String,
        cursor: Option<String>,
    ) -> Result<HistoryPage, ApiError> {
        let query = HistoryQuery {
            q: Some(q),
            cursor,
            limit: None,
        };
        let result = self.session.client().history(id, &query).await;
        if let Err(error) = &result {
            self.session.failed(error);
        }
        result
    }
}

impl ConversationStore {
    /// Tells colleagues (and the customer, where the channel shows it) that
    /// the operator is typing. Callers throttle it.
    pub fn send_typing(&self, id: ConversationId, internal: bool) {
        let this = *self;
        self.session.spawn(async move {
            // Best effort: a lost notice only hides "is typing…".
            let _ = this.session.client().typing(id, internal).await;
        });
    }

    /// Loads the canned responses once (again after a change).
    pub fn load_canned(&self, force: bool) {
        if !force && self.canned.with_untracked(Option::is_some) {
            return;
        }
        let this = *self;
        self.session.spawn(async move {
            match this.session.client().canned().await {
                Ok(list) => this.canned.set(Some(list)),
                Err(error) => this.session.failed(&error),
            }
        });
    }

    /// Creates (`id` none) or changes a canned response; the error is the server's message.
    pub async fn save_canned(
        &self,
        id: Option<switchboard_protocol::CannedResponseId>,
        request: switchboard_protocol::CannedResponseRequest,
    ) -> Result<(), String> {
        self.session
            .check(self.session.client().save_canned(id, &request).await)?;
        self.load_canned(true);
        Ok(())
    }

    /// Deletes one of my canned responses.
    pub fn delete_canned(&self, id: switchboard_protocol::CannedResponseId) {
        let this = *self;
        self.session.spawn(async move {
            match this.session.client().delete_canned(id).await {
                Ok(()) => this.load_canned(true),
                Err(error) => this.session.failed(&error),
            }
        });
    }
}

impl ConversationStore {
    /// The CRM web forms.
    pub async fn forms(&self) -> Result<Vec<switchboard_protocol::Form>, String> {
        self.session.check(self.session.client().forms().await)
    }

    /// Sends a form's link into a conversation; the message shows at once.
    pub async fn send_form(
        &self,
        id: ConversationId,
        request: switchboard_protocol::SendFormRequest,
    ) -> Result<(), String> {
        let sent = self
            .session
            .check(self.session.client().send_form(id, &request).await)?;
        self.apply_message(sent.message);
        Ok(())
    }

    /// Installed market apps, or (admins) the catalog.
    pub async fn apps(
        &self,
        catalog: bool,
    ) -> Result<Vec<switchboard_protocol::MarketApp>, String> {
        self.session
            .check(self.session.client().apps(catalog).await)
    }

    /// Installs a market app (admins).
    pub async fn install_app(
        &self,
        request: switchboard_protocol::InstallAppRequest,
    ) -> Result<(), String> {
        self.session
            .check(self.session.client().install_app(&request).await)
            .map(|_| ())
    }
}

impl ConversationStore {
    /// Changes the text of one of my messages.
    pub async fn edit_message(
        &self,
        id: switchboard_protocol::MessageId,
        text: String,
    ) -> Result<(), String> {
        let message = self
            .session
            .check(self.session.client().edit_message(id, &text).await)?;
        self.apply_message(message);
        Ok(())
    }

    /// Deletes one of my messages.
    pub async fn delete_message(&self, id: switchboard_protocol::MessageId) -> Result<(), String> {
        let message = self
            .session
            .check(self.session.client().delete_message(id).await)?;
        self.apply_message(message);
        Ok(())
    }

    /// "Retry" on a message the channel did not take: it goes again.
    pub async fn retry_delivery(&self, id: switchboard_protocol::MessageId) -> Result<(), String> {
        let message = self
            .session
            .check(self.session.client().retry_delivery(id).await)?;
        self.apply_message(message);
        Ok(())
    }

    /// Starts a new session from a customer message; returns the new conversation.
    pub async fn split(
        &self,
        id: switchboard_protocol::MessageId,
    ) -> Result<ConversationId, String> {
        match self.session.client().split(id).await {
            Ok(result) => {
                let created = result.created.id;
                let closed = result.closed.id;
                let actor = self.session.actor_untracked();
                self.queue.update(|queue| {
                    queue.apply_event(
                        &Event::ConversationUpdated {
                            conversation: result.closed,
                        },
                        &actor,
                        None,
                    );
                    queue.apply_event(
                        &Event::ConversationCreated {
                            conversation: result.created,
                        },
                        &actor,
                        None,
                    );
                });
                // The moved messages now belong to the new session.
                self.logs.update(|logs| {
                    logs.remove(&closed);
                });
                self.reload_conversation(closed);
                Ok(created)
            }
            Err(error) => {
                self.session.failed(&error);
                Err(error.explanation())
            }
        }
    }
}
