//! What the composer's tools share: the text, the cursor, what is attached,
//! the quote, and the field itself. Owned by the view of the thread (see
//! [`crate::components::conversation::controls`]), so the draft, the quote
//! and a pending focus outlive the composer being drawn again.

use leptos::html::Textarea;
use leptos::prelude::*;
use switchboard_protocol::{ConversationId, QuotedMessage};

use super::files;
use crate::drafts;
use crate::state::composer::{byte_offset, insert_at, utf16_offset, MentionTarget};
use crate::stores::{ConversationStore, SessionStore, Thread};

/// A tool's panel open above the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Panel {
    Emoji,
    Commands,
    Canned,
    Forms,
    Apps,
    Sales,
}

/// The composer's shared state. `Copy`.
#[derive(Clone, Copy)]
pub struct Compose {
    /// Where the message goes.
    pub thread: Thread,
    /// The customer conversation (`0` in an internal chat, where the tools
    /// that need one are not offered).
    pub id: ConversationId,
    /// Who writes, the directory and the lines.
    pub session: SessionStore,
    /// The conversations (their rows, logs, canned responses).
    pub conversations: ConversationStore,
    /// The text as typed.
    pub text: RwSignal<String>,
    /// The cursor, as a byte offset in `text`.
    pub cursor: RwSignal<usize>,
    pub(super) field: NodeRef<Textarea>,
    /// Internal note mode: what is sent never reaches the customer.
    pub silent: RwSignal<bool>,
    /// Files attached to the next message.
    pub uploads: RwSignal<Vec<files::Upload>>,
    /// The message the next one replies to.
    pub quote: RwSignal<Option<QuotedMessage>>,
    /// Colleagues and internal chats picked with `@` (their `@Name` becomes
    /// a mention token).
    pub(super) picked: StoredValue<Vec<(MentionTarget, String)>>,
    /// A problem with what was typed, shown under the field.
    pub error: RwSignal<Option<String>>,
    /// A result to show under the field (the chat's id).
    pub info: RwSignal<Option<String>>,
    pub(super) panel: RwSignal<Option<Panel>>,
    /// The field is to be focused as soon as it is drawn ("Reply").
    focus_pending: StoredValue<bool>,
    /// When the draft started (the field went from empty to not empty):
    /// a colleague's reply after it is news to warn of before sending.
    pub draft_started: StoredValue<Option<i64>>,
    /// A colleague replied meanwhile: "Send anyway" or "Cancel" first.
    pub collision: RwSignal<Option<super::collision::Collision>>,
}

impl Compose {
    /// The state of a new composer of `thread`, starting from its draft.
    pub fn new(thread: Thread) -> Self {
        let text = drafts::load(thread);
        let end = text.len();
        let text_is_empty = text.is_empty();
        Self {
            thread,
            id: thread.conversation().unwrap_or(ConversationId(0)),
            session: expect_context(),
            conversations: expect_context(),
            text: RwSignal::new(text),
            cursor: RwSignal::new(end),
            field: NodeRef::new(),
            silent: RwSignal::new(false),
            uploads: RwSignal::new(Vec::new()),
            quote: RwSignal::new(None),
            picked: StoredValue::new(Vec::new()),
            error: RwSignal::new(None),
            info: RwSignal::new(None),
            panel: RwSignal::new(None),
            focus_pending: StoredValue::new(false),
            // A draft kept from before counts from now: what came earlier
            // was on screen when it was opened again.
            draft_started: StoredValue::new((!text_is_empty).then(crate::stores::now_ms)),
            collision: RwSignal::new(None),
        }
    }

    /// Notes when the draft starts (empty to not empty) and ends (empty).
    pub fn note_draft(&self, text: &str) {
        if text.is_empty() {
            self.draft_started.set_value(None);
        } else if self.draft_started.get_value().is_none() {
            self.draft_started.set_value(Some(crate::stores::now_ms()));
        }
    }

    /// Replaces the text, puts the cursor at `cursor` (bytes) and focuses the field.
    pub fn set_text(&self, text: String, cursor: usize) {
        drafts::save(self.thread, &text);
        self.note_draft(&text);
        let position = utf16_offset(&text, cursor);
        let expected = text.clone();
        self.text.set(text);
        self.cursor.set(cursor);
        self.error.set(None);
        let field = self.field;
        request_animation_frame(move || {
            if let Some(field) = field.try_get_untracked().flatten() {
                let _ = field.focus();
                // Typed meanwhile (a fast typist after picking a mention):
                // the caret is where the typing left it.
                if field.value() == expected {
                    let _ = field.set_selection_range(position, position);
                }
            }
        });
    }

    /// Inserts `insert` at the cursor.
    pub fn insert(&self, insert: &str) {
        let (text, cursor) = self
            .text
            .with_untracked(|text| insert_at(text, self.cursor.get_untracked(), insert));
        self.set_text(text, cursor);
    }

    /// Remembers a colleague or an internal chat picked in a mention picker.
    pub fn pick_mention(&self, target: MentionTarget, name: String) {
        self.picked.update_value(|picked| {
            if !picked.iter().any(|(picked, _)| *picked == target) {
                picked.push((target, name));
            }
        });
    }

    /// Focuses the text field.
    pub fn focus(&self) {
        if let Some(field) = self.field.get_untracked() {
            let _ = field.focus();
        }
    }

    /// Focuses the field now if it is drawn, else as soon as it is.
    pub fn request_focus(&self) {
        if self.field.get_untracked().is_some() {
            self.focus();
        } else {
            self.focus_pending.set_value(true);
        }
    }

    /// The field was drawn: focuses it if that was asked for meanwhile.
    pub(super) fn field_drawn(&self) {
        if self.focus_pending.get_value() {
            self.focus_pending.set_value(false);
            self.focus();
        }
    }

    pub(super) fn toggle(&self, panel: Panel) {
        self.panel
            .update(|open| *open = (*open != Some(panel)).then_some(panel));
    }

    /// Escape in a tool's panel closes it and gives the focus back to the field.
    pub(super) fn close_on_escape(&self, event: &leptos::ev::KeyboardEvent) {
        if event.key() == "Escape" {
            event.prevent_default();
            self.close_panel();
            self.focus();
        }
    }

    pub(super) fn close_panel(&self) {
        self.panel.set(None);
    }

    /// Reads the cursor from the field (after typing, clicking, selecting).
    pub(super) fn sync_cursor(&self) {
        if let Some(field) = self.field.get_untracked() {
            let position = field.selection_start().ok().flatten().unwrap_or(0);
            let cursor = self.text.with_untracked(|text| byte_offset(text, position));
            self.cursor.set(cursor);
        }
    }
}
