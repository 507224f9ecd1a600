//! Internal (team) chats: their list with unread counts, and their message
//! logs, which are the same [`ConversationLog`] model the conversations use
//! (rendered by the same log and composer, through [`Thread`]).

use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_protocol::{
    ClientMessageId, ConversationId, CreateTeamChatRequest, Event, MessageId, MessagesQuery,
    SendMessageRequest, TeamChatId,
};

use super::{actions::message_of, new_client_id, now_ms, OutgoingMessage, Workspace, MESSAGE_PAGE};
use crate::state::collab::TeamChats;
use crate::state::conversation::{ConversationLog, PendingState};

/// Where messages are written: a customer conversation or an internal chat.
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

/// Team chat messages carry no conversation: their logs are keyed by this.
const NO_CONVERSATION: ConversationId = ConversationId(0);

impl Workspace {
    /// Reads the log of a thread (tracked).
    pub fn with_log<R>(&self, thread: Thread, f: impl FnOnce(Option<&ConversationLog>) -> R) -> R {
        match thread {
            Thread::Conversation(id) => self.logs.with(|logs| f(logs.get(&id))),
            Thread::Team(id) => self.team_logs.with(|logs| f(logs.get(&id))),
        }
    }

    /// Reads the log of a thread (untracked).
    pub fn with_log_untracked<R>(
        &self,
        thread: Thread,
        f: impl FnOnce(Option<&ConversationLog>) -> R,
    ) -> R {
        match thread {
            Thread::Conversation(id) => self.logs.with_untracked(|logs| f(logs.get(&id))),
            Thread::Team(id) => self.team_logs.with_untracked(|logs| f(logs.get(&id))),
        }
    }

    /// My read marker in a thread when it was opened.
    pub fn last_read_in(&self, thread: Thread) -> Option<MessageId> {
        match thread {
            Thread::Conversation(id) => self
                .queue
                .with_untracked(|queue| queue.get(id).and_then(|row| row.last_read_message_id)),
            Thread::Team(id) => self.team_chats.with_untracked(|chats| {
                chats
                    .as_ref()
                    .and_then(|chats| chats.get(id))
                    .and_then(|item| item.last_read_message_id)
            }),
        }
    }

    /// Loads older messages of a thread.
    pub async fn load_older_in(&self, thread: Thread) {
        match thread {
            Thread::Conversation(id) => self.load_older(id).await,
            Thread::Team(id) => self.load_team_page(id, true).await,
        }
    }

    /// Sends a message in a thread.
    pub fn send_in(&self, thread: Thread, message: OutgoingMessage) {
        match thread {
            Thread::Conversation(id) => self.send_message(id, message),
            Thread::Team(id) => {
                let request = SendMessageRequest {
                    client_id: ClientMessageId(new_client_id()),
                    text: message.text,
                    attachments: message.attachments,
                    quote: message.quote,
                    internal: false,
                };
                self.team_logs.update(|logs| {
                    logs.entry(id)
                        .or_insert_with(|| ConversationLog::new(NO_CONVERSATION))
                        .add_pending(request.clone(), now_ms());
                });
                self.deliver_team(id, request);
            }
        }
    }

    /// "Retry" on a reply that failed.
    pub fn retry_in(&self, thread: Thread, client_id: ClientMessageId) {
        match thread {
            Thread::Conversation(id) => self.retry(id, client_id),
            Thread::Team(id) => {
                let request = self.team_logs.with_untracked(|logs| {
                    logs.get(&id).and_then(|log| {
                        log.pending()
                            .iter()
                            .find(|pending| pending.request.client_id == client_id)
                            .map(|pending| pending.request.clone())
                    })
                });
                if let Some(request) = request {
                    self.team_logs.update(|logs| {
                        if let Some(log) = logs.get_mut(&id) {
                            log.set_pending_state(&client_id, PendingState::Sending);
                        }
                    });
                    self.deliver_team(id, request);
                }
            }
        }
    }

    fn deliver_team(&self, id: TeamChatId, request: SendMessageRequest) {
        let this = *self;
        spawn_local(async move {
            match this.client().send_team_message(id, &request).await {
                Ok(message) => this.team_logs.update(|logs| {
                    if let Some(log) = logs.get_mut(&id) {
                        log.apply_message(message);
                    }
                }),
                Err(error) => {
                    this.failed(&error);
                    let reason = message_of(error);
                    this.team_logs.update(|logs| {
                        if let Some(log) = logs.get_mut(&id) {
                            log.fail_pending(&request.client_id, reason);
                        }
                    });
                }
            }
        });
    }

    /// Loads my internal chats (once; events keep them live).
    pub fn load_team_chats(&self) {
        if self.team_chats.with_untracked(Option::is_some) {
            return;
        }
        let this = *self;
        spawn_local(async move {
            match this.client().team_chats().await {
                Ok(items) => this.team_chats.update(|chats| {
                    chats.get_or_insert_with(TeamChats::default).load(items);
                }),
                Err(error) => {
                    this.failed(&error);
                    this.collab_error.set(Some(message_of(error)));
                }
            }
            this.loaded(super::startup::TEAM_CHATS);
        });
    }

    /// "Discuss in new chat": a chat with the conversation's employees,
    /// the message quoted at its top.
    pub async fn discuss_in_chat(&self, message: MessageId) -> Result<TeamChatId, String> {
        let request = CreateTeamChatRequest {
            client_id: Some(new_client_id()),
            from_message: Some(message),
            ..CreateTeamChatRequest::default()
        };
        let item = self
            .client()
            .create_team_chat(&request)
            .await
            .map_err(|error| {
                self.failed(&error);
                message_of(error)
            })?;
        let id = item.chat.id;
        self.team_chats.update(|chats| {
            if let Some(chats) = chats {
                chats.upsert(item.chat);
            }
        });
        Ok(id)
    }

    /// Opens a chat: its latest messages once, and marks it read.
    pub fn open_team_chat(&self, id: TeamChatId) {
        let loaded = self
            .team_logs
            .with_untracked(|logs| logs.get(&id).is_some_and(ConversationLog::is_loaded));
        let this = *self;
        if !loaded {
            // As for conversations: messages arriving during the first page's
            // request are kept, then merged with it.
            self.team_logs.update(|logs| {
                logs.entry(id)
                    .or_insert_with(|| ConversationLog::new(NO_CONVERSATION));
            });
        }
        spawn_local(async move {
            if !loaded {
                this.load_team_page(id, false).await;
            }
            this.mark_team_read(id);
        });
    }

    async fn load_team_page(&self, id: TeamChatId, older: bool) {
        let before = if older {
            let oldest = self.team_logs.with_untracked(|logs| {
                logs.get(&id)
                    .filter(|log| log.has_more_before)
                    .and_then(ConversationLog::oldest)
            });
            match oldest {
                Some(oldest) => Some(oldest),
                None => return,
            }
        } else {
            None
        };
        let query = MessagesQuery {
            before,
            after: None,
            limit: Some(MESSAGE_PAGE),
        };
        match self.client().team_messages(id, &query).await {
            Ok(page) => self.team_logs.update(|logs| {
                logs.entry(id)
                    .or_insert_with(|| ConversationLog::new(NO_CONVERSATION))
                    .apply_page(page, older);
            }),
            Err(error) => {
                self.failed(&error);
                self.collab_error.set(Some(message_of(error)));
            }
        }
    }

    /// Moves my read marker to the newest message of an open chat.
    fn mark_team_read(&self, id: TeamChatId) {
        let Some(newest) = self
            .team_logs
            .with_untracked(|logs| logs.get(&id).and_then(|log| log.newest().map(|m| m.id)))
        else {
            return;
        };
        let already = self.team_chats.with_untracked(|chats| {
            chats
                .as_ref()
                .and_then(|chats| chats.get(id))
                .is_some_and(|item| {
                    item.unread_count == 0 && item.last_read_message_id >= Some(newest)
                })
        });
        if already {
            return;
        }
        self.team_chats.update(|chats| {
            if let Some(chats) = chats {
                chats.read(id, newest);
            }
        });
        let this = *self;
        spawn_local(async move {
            if let Err(error) = this.client().mark_team_chat_read(id, newest).await {
                this.failed(&error);
            }
        });
    }

    /// The chat open in front of me, if any.
    fn reading_team_chat(&self) -> Option<TeamChatId> {
        let visible = document().visibility_state() == web_sys::VisibilityState::Visible;
        match self.route.get_untracked() {
            crate::state::route::Route::Chats(Some(id)) if visible => Some(id),
            _ => None,
        }
    }

    /// Applies the events of team chats.
    pub(super) fn apply_team_event(&self, event: &Event) {
        let me = self.me.with_untracked(|me| me.id);
        match event {
            Event::TeamChatCreated { chat } => self.team_chats.update(|chats| {
                if let Some(chats) = chats {
                    chats.upsert(chat.clone());
                }
            }),
            Event::TeamChatMessageCreated { chat, message } => {
                let id = chat.id;
                let reading = self.reading_team_chat() == Some(id);
                self.team_logs.update(|logs| {
                    if let Some(log) = logs.get_mut(&id) {
                        log.apply_message(message.clone());
                    }
                });
                self.team_chats.update(|chats| {
                    if let Some(chats) = chats {
                        chats.message(chat.clone(), message, me, reading);
                    }
                });
                if reading {
                    self.mark_team_read(id);
                }
            }
            Event::TeamChatMessageUpdated {
                team_chat_id,
                message,
            } => self.team_logs.update(|logs| {
                if let Some(log) = logs.get_mut(team_chat_id) {
                    log.apply_message(message.clone());
                }
            }),
            Event::TeamChatRead {
                team_chat_id,
                last_read_message_id,
                ..
            } => self.team_chats.update(|chats| {
                if let Some(chats) = chats {
                    chats.read(*team_chat_id, *last_read_message_id);
                }
            }),
            _ => {}
        }
    }

    /// Events were missed: the chat list and open logs are loaded again.
    pub(super) fn resync_team(&self) {
        if self.team_chats.with_untracked(Option::is_some) {
            self.team_chats.set(None);
            self.load_team_chats();
        }
        self.team_logs.update(|logs| logs.clear());
        if let crate::state::route::Route::Chats(Some(id)) = self.route.get_untracked() {
            self.open_team_chat(id);
        }
    }
}
