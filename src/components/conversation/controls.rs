//! What the parts of an open thread ask of each other. The view that shows a
//! conversation or an internal chat owns these controls and provides them to
//! everything it draws: the composer's state (so "Quote" in a message's menu
//! fills it, and "Reply" focuses it), the editors of the bubbles on screen
//! (so arrow-up in an empty composer edits my last message), and the log's
//! "bring this message into view" (a clicked quote), the menus of the
//! bubbles on screen and which message has the focus (so the command
//! palette acts on it). They are methods, not signals to watch: nothing
//! reacts to them but the part that is asked.
//!
//! The command palette is drawn beside the conversation, not inside it, so
//! it cannot take these from context: the open conversations' controls are
//! also kept in a registry of their own ([`ThreadControls::of_conversation`]).

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;
use switchboard_protocol::{ClientMessageId, ConversationId, MessageId, QuotedMessage};

use crate::components::conversation::composer::Compose;
use crate::state::message_actions::MessageAction;
use crate::state::text::message_preview;
use crate::stores::Thread;

thread_local! {
    /// The controls of the conversations drawn now, by conversation.
    static CONVERSATIONS: RefCell<HashMap<ConversationId, ThreadControls>> =
        RefCell::new(HashMap::new());
}

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
    /// How each bubble drawn in the log runs an action of its menu.
    menus: StoredValue<HashMap<MessageId, Callback<MessageAction>>>,
    /// An action asked of a bubble whose menu was not built yet: the menu
    /// runs it once it is.
    asked: StoredValue<Option<(MessageId, MessageAction)>>,
    /// The message of the log that has the focus, or had it last.
    focused: StoredValue<Option<MessageId>>,
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
            menus: StoredValue::new(HashMap::new()),
            asked: StoredValue::new(None),
            focused: StoredValue::new(None),
        };
        provide_context(controls);
        if let Thread::Conversation(id) = thread {
            CONVERSATIONS.with_borrow_mut(|open| open.insert(id, controls));
            // A view drawn again for the same conversation may register
            // before this one goes: only this one's entry is removed.
            on_cleanup(move || {
                CONVERSATIONS.with_borrow_mut(|open| {
                    if open
                        .get(&id)
                        .is_some_and(|drawn| drawn.editors == controls.editors)
                    {
                        open.remove(&id);
                    }
                });
            });
        }
        controls
    }

    /// The controls of conversation `id`, while it is drawn.
    pub fn of_conversation(id: ConversationId) -> Option<Self> {
        CONVERSATIONS.with_borrow(|open| open.get(&id).copied())
    }

    /// Remembers that message `id` of the log has the focus.
    pub fn focus_message(&self, id: MessageId) {
        self.focused.set_value(Some(id));
    }

    /// The message of the log that has the focus, or had it last.
    pub fn focused_message(&self) -> Option<MessageId> {
        self.focused.get_value()
    }

    /// Registers how a bubble (or its menu, once built) runs an action of
    /// its menu, while it is drawn.
    pub fn register_menu(&self, id: MessageId, run: Callback<MessageAction>) {
        self.menus.update_value(|menus| {
            menus.insert(id, run);
        });
        // A bubble drawn again may register before this one goes: only this
        // registration is removed.
        let menus = self.menus;
        on_cleanup(move || {
            menus.try_update_value(|menus| {
                if menus.get(&id).is_some_and(|drawn| drawn.matches(&run)) {
                    menus.remove(&id);
                }
            });
        });
    }

    /// Runs `action` of message `id`'s menu as if it were picked there;
    /// `false` when its bubble is not drawn.
    pub fn run_message_action(&self, id: MessageId, action: MessageAction) -> bool {
        let Some(run) = self.menus.with_value(|menus| menus.get(&id).copied()) else {
            return false;
        };
        run.run(action);
        true
    }

    /// Keeps `action` for message `id`'s menu, which is being built.
    pub fn ask(&self, id: MessageId, action: MessageAction) {
        self.asked.set_value(Some((id, action)));
    }

    /// The action asked of message `id` before its menu was built, once.
    pub fn take_asked(&self, id: MessageId) -> Option<MessageAction> {
        let asked = self.asked.get_value().filter(|(asked, _)| *asked == id)?;
        self.asked.set_value(None);
        Some(asked.1)
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
