//! What the parts of an open thread ask of each other. The view that shows a
//! conversation or an internal chat owns these controls and provides them to
//! everything it draws: the composer's state (so "Quote" in a message's menu
//! fills it, and "Reply" focuses it), the editors of the bubbles on screen
//! (so arrow-up in an empty composer edits my last message), and the log's
//! "bring this message into view" (a clicked quote). They are methods, not
//! signals to watch: nothing reacts to them but the part that is asked.

use std::collections::HashMap;

use leptos::prelude::*;
use switchboard_protocol::{ClientMessageId, MessageId, QuotedMessage};

use crate::components::conversation::composer::Compose;
use crate::state::text::message_preview;
use crate::stores::Thread;

/// The controls of one thread on screen. `Copy`.
#[derive(Clone, Copy)]
pub struct ThreadControls {
    /// The thread.
    pub thread: Thread,
    /// The composer's state.
    pub compose: Compose,
    /// Editors of my messages drawn in the log: what turns a bubble into
    /// its editor (`false` when the message cannot be edited), registered
    /// while the bubble is drawn.
    editors: StoredValue<HashMap<MessageId, Callback<(), bool>>>,
    /// The log's "bring this message into view".
    reveal: StoredValue<Option<Callback<MessageId>>>,
}

impl ThreadControls {
    /// Creates the controls of `thread` and provides them to the views
    /// drawn from here.
    pub fn provide(thread: Thread) -> Self {
        let controls = Self {
            thread,
            compose: Compose::new(thread),
            editors: StoredValue::new(HashMap::new()),
            reveal: StoredValue::new(None),
        };
        provide_context(controls);
        controls
    }

    /// Puts a message above the composer as the one the next reply quotes,
    /// and focuses the composer.
    pub fn quote(&self, quote: QuotedMessage) {
        self.compose.quote.set(Some(quote));
        self.compose.focus();
    }

    /// "Undo" on a reply still held: it is never sent, and its text, its
    /// quote and whether it was an internal note are back in the composer.
    pub fn undo(&self, client_id: &ClientMessageId) {
        let Thread::Conversation(id) = self.thread else {
            return;
        };
        let compose = self.compose;
        let Some(request) = compose.conversations.undo(id, client_id) else {
            return;
        };
        let quote = request.quote.and_then(|quoted| {
            compose.conversations.logs.with_untracked(|logs| {
                let message = logs.get(&id)?.message(quoted)?;
                Some(QuotedMessage {
                    id: message.id,
                    conversation_id: None,
                    author_name: message.author.name.clone(),
                    excerpt: message_preview(message),
                })
            })
        });
        compose.quote.set(quote);
        compose.silent.set(request.internal);
        let end = request.text.len();
        compose.set_text(request.text, end);
    }

    /// Focuses the composer now, or as soon as it is drawn (after "Reply").
    pub fn focus_composer(&self) {
        self.compose.request_focus();
    }

    /// Registers how a bubble of mine opens its editor, while it is drawn.
    pub fn register_editor(&self, id: MessageId, open: Callback<(), bool>) {
        self.editors.update_value(|editors| {
            editors.insert(id, open);
        });
        let editors = self.editors;
        on_cleanup(move || {
            editors.try_update_value(|editors| editors.remove(&id));
        });
    }

    /// Opens the editor of my message `id`; `false` when its bubble is not
    /// drawn or it cannot be edited.
    pub fn edit(&self, id: MessageId) -> bool {
        self.editors
            .with_value(|editors| editors.get(&id).copied())
            .is_some_and(|open| open.run(()))
    }

    /// The log registers how it brings a message into view.
    pub fn on_reveal(&self, reveal: Callback<MessageId>) {
        self.reveal.set_value(Some(reveal));
        let slot = self.reveal;
        on_cleanup(move || {
            slot.try_set_value(None);
        });
    }

    /// Brings message `id` of this thread into view (loading older pages
    /// until it is there).
    pub fn reveal(&self, id: MessageId) {
        if let Some(reveal) = self.reveal.get_value() {
            reveal.run(id);
        }
    }
}
