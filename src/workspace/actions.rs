//! Actions on a conversation as a whole: transfer, close, spam, take, invite,
//! lock, and reading its history.

use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_protocol::{
    ActionRequest, ConversationId, Event, HistoryPage, HistoryQuery, InviteRequest, LockRequest,
    TransferRequest, TransferTarget, UserId,
};

use super::{ConversationNotice, Workspace};
use crate::api::ApiError;
use crate::state::actions::Actor;

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
}

impl Workspace {
    /// The logged-in employee as the action rules see them (tracked: views
    /// re-render when lines or the user change).
    pub fn actor(&self) -> Actor {
        self.me.track();
        self.lines.track();
        self.actor_untracked()
    }

    /// [`Self::actor`] without tracking, for event handlers and reducers.
    pub fn actor_untracked(&self) -> Actor {
        let me = self.me.get_untracked();
        let lines = self.lines.with_untracked(|lines| {
            lines
                .iter()
                .filter(|line| line.members.contains(&me.id))
                .map(|line| line.id)
                .collect()
        });
        Actor {
            id: me.id,
            role: me.role,
            lines,
        }
    }

    /// Sets the title employees see on a conversation (`/rename`).
    pub fn rename(&self, id: ConversationId, title: String) {
        let this = *self;
        spawn_local(async move {
            match this.client().rename(id, &title).await {
                Ok(conversation) => this.queue.update(|queue| {
                    queue.apply_event(
                        &Event::ConversationUpdated { conversation },
                        &this.actor_untracked(),
                        None,
                    );
                }),
                Err(error) => {
                    this.failed(&error);
                    this.notices.update(|notices| {
                        notices.insert(id, ConversationNotice::Failed(error.to_string()));
                    });
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
        self.notices.update(|notices| {
            notices.remove(&id);
        });
        spawn_local(async move {
            let client = this.client();
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
                ActionCall::Invite(users) => {
                    client
                        .act(id, "invite", &InviteRequest { users, version })
                        .await
                }
                ActionCall::Lock(locked) => client.lock(id, &LockRequest { locked, version }).await,
            };
            match result {
                Ok(conversation) => this.queue.update(|queue| {
                    queue.apply_event(
                        &Event::ConversationUpdated { conversation },
                        &this.actor_untracked(),
                        None,
                    );
                }),
                Err(error) => {
                    this.failed(&error);
                    let notice = match error {
                        ApiError::Server { code, message, .. } => {
                            ConversationNotice::Refused { code, message }
                        }
                        other => ConversationNotice::Failed(other.to_string()),
                    };
                    this.notices.update(|notices| {
                        notices.insert(id, notice);
                    });
                    this.reload_conversation(id);
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
        let result = self.client().history(id, &query).await;
        if let Err(error) = &result {
            self.failed(error);
        }
        result
    }
}

impl Workspace {
    /// Tells colleagues (and the customer, where the channel shows it) that
    /// the operator is typing. Callers throttle it.
    pub fn send_typing(&self, id: ConversationId, internal: bool) {
        let this = *self;
        spawn_local(async move {
            // Best effort: a lost notice only hides "is typing…".
            let _ = this.client().typing(id, internal).await;
        });
    }

    /// Loads the canned responses once (again after a change).
    pub fn load_canned(&self, force: bool) {
        if !force && self.canned.with_untracked(Option::is_some) {
            return;
        }
        let this = *self;
        spawn_local(async move {
            match this.client().canned().await {
                Ok(list) => this.canned.set(Some(list)),
                Err(error) => this.failed(&error),
            }
        });
    }

    /// Creates (`id` none) or changes a canned response; the error is the server's message.
    pub async fn save_canned(
        &self,
        id: Option<switchboard_protocol::CannedResponseId>,
        request: switchboard_protocol::CannedResponseRequest,
    ) -> Result<(), String> {
        match self.client().save_canned(id, &request).await {
            Ok(_) => {
                self.load_canned(true);
                Ok(())
            }
            Err(error) => {
                self.failed(&error);
                Err(message_of(error))
            }
        }
    }

    /// Deletes one of my canned responses.
    pub fn delete_canned(&self, id: switchboard_protocol::CannedResponseId) {
        let this = *self;
        spawn_local(async move {
            match this.client().delete_canned(id).await {
                Ok(()) => this.load_canned(true),
                Err(error) => this.failed(&error),
            }
        });
    }
}

pub(super) fn message_of(error: ApiError) -> String {
    match error {
        ApiError::Server { message, .. } => message,
        other => other.to_string(),
    }
}

impl Workspace {
    /// The CRM web forms.
    pub async fn forms(&self) -> Result<Vec<switchboard_protocol::Form>, String> {
        self.client().forms().await.map_err(|error| {
            self.failed(&error);
            message_of(error)
        })
    }

    /// Sends a form's link into a conversation; the message shows at once.
    pub async fn send_form(
        &self,
        id: ConversationId,
        request: switchboard_protocol::SendFormRequest,
    ) -> Result<(), String> {
        match self.client().send_form(id, &request).await {
            Ok(sent) => {
                self.logs.update(|logs| {
                    if let Some(log) = logs.get_mut(&id) {
                        log.apply_message(sent.message);
                    }
                });
                Ok(())
            }
            Err(error) => {
                self.failed(&error);
                Err(message_of(error))
            }
        }
    }

    /// Installed market apps, or (admins) the catalog.
    pub async fn apps(
        &self,
        catalog: bool,
    ) -> Result<Vec<switchboard_protocol::MarketApp>, String> {
        self.client().apps(catalog).await.map_err(|error| {
            self.failed(&error);
            message_of(error)
        })
    }

    /// Installs a market app (admins).
    pub async fn install_app(
        &self,
        request: switchboard_protocol::InstallAppRequest,
    ) -> Result<(), String> {
        self.client()
            .install_app(&request)
            .await
            .map(|_| ())
            .map_err(|error| {
                self.failed(&error);
                message_of(error)
            })
    }
}

impl Workspace {
    fn apply_changed(&self, message: switchboard_protocol::Message) {
        let id = message.conversation_id;
        self.logs.update(|logs| {
            if let Some(log) = logs.get_mut(&id) {
                log.apply_message(message);
            }
        });
    }

    /// Changes the text of one of my messages.
    pub async fn edit_message(
        &self,
        id: switchboard_protocol::MessageId,
        text: String,
    ) -> Result<(), String> {
        match self.client().edit_message(id, &text).await {
            Ok(message) => {
                self.apply_changed(message);
                Ok(())
            }
            Err(error) => {
                self.failed(&error);
                Err(message_of(error))
            }
        }
    }

    /// Deletes one of my messages.
    pub async fn delete_message(&self, id: switchboard_protocol::MessageId) -> Result<(), String> {
        match self.client().delete_message(id).await {
            Ok(message) => {
                self.apply_changed(message);
                Ok(())
            }
            Err(error) => {
                self.failed(&error);
                Err(message_of(error))
            }
        }
    }

    /// Starts a new session from a customer message; returns the new conversation.
    pub async fn split(
        &self,
        id: switchboard_protocol::MessageId,
    ) -> Result<ConversationId, String> {
        match self.client().split(id).await {
            Ok(result) => {
                let created = result.created.id;
                let closed = result.closed.id;
                let actor = self.actor_untracked();
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
                self.failed(&error);
                Err(message_of(error))
            }
        }
    }
}
