//! Opening a conversation, paging its messages, replying, answering, reading.

use leptos::prelude::*;
use switchboard_protocol::{
    ClientMessageId, ConversationId, Event, FileId, MarkReadRequest, Message, MessageId,
    MessagesQuery, SendMessageRequest,
};

use super::{ConversationNotice, ConversationStore};
use crate::api::ApiError;
use crate::state::conversation::ConversationLog;
use crate::stores::{new_client_id, MESSAGE_PAGE};

/// What the composer sends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutgoingMessage {
    /// The text, with mention tokens.
    pub text: String,
    /// Uploaded files.
    pub attachments: Vec<FileId>,
    /// The message it replies to.
    pub quote: Option<MessageId>,
    /// An internal note, never delivered to the customer.
    pub internal: bool,
}

impl ConversationStore {
    /// Opens a conversation: loads its detail and latest messages once.
    pub fn open(&self, id: ConversationId) {
        if !self
            .logs
            .with_untracked(|logs| logs.get(&id).is_some_and(ConversationLog::is_loaded))
        {
            self.reload_conversation(id);
        } else {
            self.mark_read(id);
        }
    }

    pub(super) fn reload_conversation(&self, id: ConversationId) {
        let this = *self;
        // The log exists from now on, so messages that arrive while its page
        // is on its way are kept (events only reach logs that exist); the
        // page, read by the server before them, is merged with them.
        self.logs.update(|logs| {
            logs.entry(id).or_insert_with(|| ConversationLog::new(id));
        });
        self.session.spawn(async move {
            let client = this.session.client();
            let query = MessagesQuery {
                limit: Some(MESSAGE_PAGE),
                ..MessagesQuery::default()
            };
            // Both at once: the log's first page does not wait for the
            // conversation's details (one round trip instead of two).
            let (detail, page) =
                futures::future::join(client.conversation(id), client.messages(id, &query)).await;
            match detail {
                Ok(detail) => {
                    this.earlier_sessions.update(|map| {
                        map.insert(id, detail.earlier_sessions);
                    });
                    this.queue.update(|queue| queue.upsert_item(detail.item));
                }
                Err(error) => {
                    this.session.failed(&error);
                    this.set_notice(id, Some(ConversationNotice::Failed(error.to_string())));
                    return;
                }
            }
            match page {
                Ok(page) => {
                    this.logs.update(|logs| {
                        let log = logs.entry(id).or_insert_with(|| ConversationLog::new(id));
                        // Replies still in the outbox first: the page settles
                        // those the server already has.
                        this.restore_pending(log);
                        log.apply_page(page, false);
                    });
                    this.mark_read(id);
                }
                Err(error) => this.session.failed(&error),
            }
        });
    }

    /// Loads older messages of a conversation. Resolves when they are in.
    pub async fn load_older(&self, id: ConversationId) {
        let Some(before) = self.logs.with_untracked(|logs| {
            logs.get(&id)
                .filter(|log| log.has_more_before)
                .and_then(ConversationLog::oldest)
        }) else {
            return;
        };
        let query = MessagesQuery {
            before: Some(before),
            after: None,
            limit: Some(MESSAGE_PAGE),
        };
        match self.session.client().messages(id, &query).await {
            Ok(page) => self.logs.update(|logs| {
                if let Some(log) = logs.get_mut(&id) {
                    log.apply_page(page, true);
                }
            }),
            Err(error) => self.session.failed(&error),
        }
    }

    /// Adds a message the server confirmed to its conversation's log, if loaded.
    pub(crate) fn apply_message(&self, message: Message) {
        let id = message.conversation_id;
        self.logs.update(|logs| {
            if let Some(log) = logs.get_mut(&id) {
                log.apply_message(message);
            }
        });
    }

    /// Sends a message: shown at once as pending, kept in the outbox until
    /// the server confirms it.
    pub fn send_message(&self, id: ConversationId, message: OutgoingMessage) {
        let request = SendMessageRequest {
            client_id: ClientMessageId(new_client_id()),
            text: message.text,
            attachments: message.attachments,
            quote: message.quote,
            internal: message.internal,
        };
        self.enqueue(id, request);
    }

    /// "Reply": takes an unanswered conversation, then runs `then` (the
    /// view focuses its composer) and the queue follows it to "In
    /// progress"; says so in place if a colleague was faster.
    pub fn answer(&self, id: ConversationId, then: impl FnOnce() + 'static) {
        let this = *self;
        self.set_notice(id, None);
        self.session.spawn(async move {
            match this.session.client().answer(id).await {
                Ok(conversation) => {
                    this.apply_summary(conversation);
                    this.follow(id);
                    then();
                }
                Err(error) => {
                    this.session.failed(&error);
                    let notice = match error {
                        ApiError::Server {
                            code, by: Some(by), ..
                        } if code == "already_answered" => ConversationNotice::AlreadyAnswered(by),
                        other => ConversationNotice::Failed(other.explanation()),
                    };
                    this.set_notice(id, Some(notice));
                    this.reload_conversation(id);
                }
            }
        });
    }

    /// Applies a conversation the server answered with (its event follows).
    pub(super) fn apply_summary(&self, conversation: switchboard_protocol::ConversationSummary) {
        let actor = self.session.actor_untracked();
        self.queue.update(|queue| {
            queue.apply_event(&Event::ConversationUpdated { conversation }, &actor, None);
        });
    }

    /// Tells the server the operator has seen the conversation up to its last message.
    pub fn mark_read(&self, id: ConversationId) {
        let Some(newest) = self
            .logs
            .with_untracked(|logs| logs.get(&id).and_then(|log| log.newest().map(|m| m.id)))
        else {
            return;
        };
        let already = self.queue.with_untracked(|queue| {
            queue.get(id).is_some_and(|row| {
                row.unread_count == 0 && row.last_read_message_id.is_some_and(|read| read >= newest)
            })
        });
        if already {
            return;
        }
        self.queue.update(|queue| queue.mark_read_locally(id));
        let this = *self;
        self.session.spawn(async move {
            let request = MarkReadRequest {
                last_read_message_id: newest,
            };
            if let Err(error) = this.session.client().mark_read(id, &request).await {
                this.session.failed(&error);
            }
        });
    }
}
