//! My preferences kept on the server (shortcuts, single-key shortcuts, undo
//! send), loaded after login and followed live from my other browsers; and
//! which keyboard overlay is open (the command palette or the cheat sheet).

use leptos::prelude::*;
use switchboard_protocol::{Event, OperatorPreferences};

use super::SessionStore;
use crate::api::ApiError;

/// A keyboard overlay of the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// "Command palette", with what is typed in it to start with.
    Palette(String),
    /// "Keyboard shortcuts", the cheat sheet.
    Shortcuts,
}

/// My preferences and the open overlay. `Copy`.
#[derive(Clone, Copy)]
pub struct PreferencesStore {
    session: SessionStore,
    /// The preferences in effect (the defaults until the server answers).
    pub current: RwSignal<OperatorPreferences>,
    /// The overlay on screen, if any.
    pub overlay: RwSignal<Option<Overlay>>,
}

impl PreferencesStore {
    pub(super) fn new(session: SessionStore) -> Self {
        let current = RwSignal::new(OperatorPreferences::default());
        // The outbox reads the undo window when a reply is sent.
        Effect::new(move |_| {
            crate::state::outbox::set_undo_seconds(current.with(|p| p.undo_send_seconds));
        });
        Self {
            session,
            current,
            overlay: RwSignal::new(None),
        }
    }

    /// Asks the server for my preferences (the pages' part does, when it
    /// arrives: the start module carries none of their code). A request
    /// that got no answer, or a server error, is tried again after a
    /// growing delay while the workspace is there: until then the keys are
    /// the defaults.
    pub fn load(&self) {
        self.load_attempt(0);
    }

    fn load_attempt(&self, attempt: u32) {
        let this = *self;
        self.session.spawn(async move {
            match this.session.client().preferences().await {
                Ok(preferences) => this.current.set(preferences),
                Err(ApiError::Unreachable | ApiError::Server { status: 500.., .. }) => {
                    let delay = crate::state::backoff::delay_ms(attempt, js_sys::Math::random());
                    set_timeout(
                        move || {
                            if this.session.is_alive() {
                                this.load_attempt(attempt.saturating_add(1));
                            }
                        },
                        std::time::Duration::from_millis(u64::from(delay)),
                    );
                }
                Err(_) => {}
            }
        });
    }

    /// How many seconds a sent reply stays undoable (0: undo is off).
    pub fn undo_send_seconds(&self) -> u32 {
        self.current.with_untracked(|p| p.undo_send_seconds)
    }

    /// Saves my preferences; the answer is the one in effect.
    pub async fn save(&self, preferences: OperatorPreferences) -> Result<(), ApiError> {
        let saved = self.session.client().set_preferences(&preferences).await;
        match saved {
            Ok(saved) => {
                self.current.set(saved);
                Ok(())
            }
            Err(error) => {
                self.session.failed(&error);
                Err(error)
            }
        }
    }

    /// My other browser changed them.
    pub fn apply_event(&self, event: &Event) {
        if let Event::PreferencesUpdated { preferences } = event {
            self.current.set(preferences.clone());
        }
    }
}
