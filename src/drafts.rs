//! Drafts of the composer, one per conversation or internal chat, saved in
//! `localStorage` as the operator types so that a reload, a crash or
//! switching conversations loses nothing.

use crate::stores::Thread;

fn key(thread: Thread) -> String {
    match thread {
        Thread::Conversation(id) => format!("switchboard.draft.{id}"),
        Thread::Team(id) => format!("switchboard.draft.team.{id}"),
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The saved draft of a thread (empty when none).
pub fn load(id: Thread) -> String {
    storage()
        .and_then(|storage| storage.get_item(&key(id)).ok().flatten())
        .unwrap_or_default()
}

/// Saves (or, when empty, forgets) the draft of a thread.
pub fn save(id: Thread, text: &str) {
    if let Some(storage) = storage() {
        let _ = if text.is_empty() {
            storage.remove_item(&key(id))
        } else {
            storage.set_item(&key(id), text)
        };
    }
}
