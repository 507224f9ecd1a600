//! The internal (team) chats store: their list with unread counts, and their
//! message logs, which are the same [`ConversationLog`] model the
//! conversations use (rendered by the same log and composer, through
//! [`super::Threads`]).

use std::collections::HashMap;

use leptos::prelude::*;
use switchboard_protocol::{
    ClientMessageId, ConversationId, CreateTeamChatRequest, Event, MessageId, MessagesQuery,
    SendMessageRequest, TeamChatId,
};

use super::session::startup;
use super::{new_client_id, now_ms, OutgoingMessage, SessionStore, MESSAGE_PAGE};
use crate::state::collab::TeamChats;
use crate::state::conversation::{ConversationLog, PendingState};
use crate::state::route::Route;

/// Internal chats. `Copy`: pass it around freely.
#[derive(Clone, Copy)]
pub struct TeamChatStore {
    session: SessionStore,
    /// My internal chats (loaded with the workspace, for the unread badge).
    pub chats: RwSignal<Option<TeamChats>>,
    /// Loaded message logs of internal chats.
    pub logs: RwSignal<HashMap<TeamChatId, ConversationLog>>,
    /// Why loading the chats or their messages failed.
    pub error: RwSignal<Option<String>>,
}

/// Team chat messages carry no conversation: their logs are keyed by this.
pub(super) const NO_CONVERSATION: ConversationId = ConversationId(0);

impl TeamChatStore {
    pub(super) fn new(session: SessionStore) -> Self {
        Self {
            session,
            chats: RwSignal::new(None),
            logs: RwSignal::new(HashMap::new()),
            error: RwSignal::new(None),
        }
    }

    fn report(&self, error: crate::api::ApiError) {
        self.session.failed(&error);
        self.error.set(Some(error.explanation()));
    }

    /// Sends a message in a chat: shown at once as pending, then confirmed
    /// or failed with "Retry".
    pub fn send(&self, id: TeamChatId, message: OutgoingMessage) {
        let request = SendMessageRequest {
            client_id: ClientMessageId(new_client_id()),
            text: message.text,
            attachments: message.attachments,
            quote: message.quote,
            internal: false,
        };
        self.logs.update(|logs| {
            logs.entry(id)
                .or_insert_with(|| ConversationLog::new(NO_CONVERSATION))
                .add_pending(request.clone(), now_ms());
        });
        self.deliver(id, request);
    }

    /// "Retry" on a message that failed.
    pub fn retry(&self, id: TeamChatId, client_id: ClientMessageId) {
        let request = self.logs.with_untracked(|logs| {
            logs.get(&id).and_then(|log| {
                log.pending()
                    .iter()
                    .find(|pending| pending.request.client_id == client_id)
                    .map(|pending| pending.request.clone())
            })
        });
        if let Some(request) = request {
            self.logs.update(|logs| {
                if let Some(log) = logs.get_mut(&id) {
                    log.set_pending_state(&client_id, PendingState::Sending);
                }
            });
            self.deliver(id, request);
        }
    }

    fn deliver(&self, id: TeamChatId, request: SendMessageRequest) {
        let this = *self;
        self.session.spawn(async move {
            match this.session.client().send_team_message(id, &request).await {
                Ok(message) => this.logs.update(|logs| {
                    if let Some(log) = logs.get_mut(&id) {
                        log.apply_message(message);
                    }
                }),
                Err(error) => {
                    this.session.failed(&error);
                    let reason = error.explanation();
                    this.logs.update(|logs| {
                        if let Some(log) = logs.get_mut(&id) {
                            log.fail_pending(&request.client_id, reason);
                        }
                    });
                }
            }
        });
    }

    /// Loads my internal chats (once; events keep them live).
    pub fn load_chats(&self) {
        if self.chats.with_untracked(Option::is_some) {
            return;
        }
        let this = *self;
        self.session.spawn(async move {
            match this.session.client().team_chats().await {
                Ok(items) => this.chats.update(|chats| {
                    chats.get_or_insert_with(TeamChats::default).load(items);
                }),
                Err(error) => this.report(error),
            }
            this.session.loaded(startup::TEAM_CHATS);
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
            .session
            .check(self.session.client().create_team_chat(&request).await)?;
        let id = item.chat.id;
        self.chats.update(|chats| {
            if let Some(chats) = chats {
                chats.upsert(item.chat);
            }
        });
        Ok(id)
    }

    /// Opens a chat: its latest messages once, and marks it read.
    pub fn open(&self, id: TeamChatId) {
        let loaded = self
            .logs
            .with_untracked(|logs| logs.get(&id).is_some_and(ConversationLog::is_loaded));
        let this = *self;
        if !loaded {
            // As for conversations: messages arriving during the first page's
            // request are kept, then merged with it.
            self.logs.update(|logs| {
                logs.entry(id)
                    .or_insert_with(|| ConversationLog::new(NO_CONVERSATION));
            });
        }
        self.session.spawn(async move {
            if !loaded {
                this.load_page(id, false).await;
            }
            this.mark_read(id);
        });
    }

    pub(super) async fn load_page(&self, id: TeamChatId, older: bool) {
        let before = if older {
            let oldest = self.logs.with_untracked(|logs| {
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
        match self.session.client().team_messages(id, &query).await {
            Ok(page) => self.logs.update(|logs| {
                logs.entry(id)
                    .or_insert_with(|| ConversationLog::new(NO_CONVERSATION))
                    .apply_page(page, older);
            }),
            Err(error) => self.report(error),
        }
    }

    /// Moves my read marker to the newest message of an open chat.
    fn mark_read(&self, id: TeamChatId) {
        let Some(newest) = self
            .logs
            .with_untracked(|logs| logs.get(&id).and_then(|log| log.newest().map(|m| m.id)))
        else {
            return;
        };
        let already = self.chats.with_untracked(|chats| {
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
        self.chats.update(|chats| {
            if let Some(chats) = chats {
                chats.read(id, newest);
            }
        });
        let this = *self;
        self.session.spawn(async move {
            if let Err(error) = this.session.client().mark_team_chat_read(id, newest).await {
                this.session.failed(&error);
            }
        });
    }

    /// The chat open in front of me, if any.
    fn reading(&self) -> Option<TeamChatId> {
        let visible = document().visibility_state() == web_sys::VisibilityState::Visible;
        match self.session.route.get_untracked() {
            Route::Chats(Some(id)) if visible => Some(id),
            _ => None,
        }
    }

    /// Applies the events of team chats.
    pub(super) fn apply_event(&self, event: &Event) {
        let me = self.session.my_id();
        match event {
            Event::TeamChatCreated { chat } => self.chats.update(|chats| {
                if let Some(chats) = chats {
                    chats.upsert(chat.clone());
                }
            }),
            Event::TeamChatMessageCreated { chat, message } => {
                let id = chat.id;
                let reading = self.reading() == Some(id);
                self.logs.update(|logs| {
                    if let Some(log) = logs.get_mut(&id) {
                        log.apply_message(message.clone());
                    }
                });
                self.chats.update(|chats| {
                    if let Some(chats) = chats {
                        chats.message(chat.clone(), message, me, reading);
                    }
                });
                if reading {
                    self.mark_read(id);
                }
            }
            Event::TeamChatMessageUpdated {
                team_chat_id,
                message,
            } => self.logs.update(|logs| {
                if let Some(log) = logs.get_mut(team_chat_id) {
                    log.apply_message(message.clone());
                }
            }),
            Event::TeamChatRead {
                team_chat_id,
                last_read_message_id,
                ..
            } => self.chats.update(|chats| {
                if let Some(chats) = chats {
                    chats.read(*team_chat_id, *last_read_message_id);
                }
            }),
            _ => {}
        }
    }

    /// Events were missed: the chat list and open logs are loaded again.
    pub(super) fn resync(&self) {
        if self.chats.with_untracked(Option::is_some) {
            self.chats.set(None);
            self.load_chats();
        }
        self.logs.update(|logs| logs.clear());
        if let Route::Chats(Some(id)) = self.session.route.get_untracked() {
            self.open(id);
        }
    }
}
