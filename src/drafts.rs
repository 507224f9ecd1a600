//! Drafts of the composer, one per conversation, saved in `localStorage` as
//! the operator types so that a reload, a crash or switching conversations
//! loses nothing.

use switchboard_protocol::ConversationId;

fn key(id: ConversationId) -> String {
    format!("switchboard.draft.{id}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The saved draft of a conversation (empty when none).
pub fn load(id: ConversationId) -> String {
    storage()
        .and_then(|storage| storage.get_item(&key(id)).ok().flatten())
        .unwrap_or_default()
}

/// Saves (or, when empty, forgets) the draft of a conversation.
pub fn save(id: ConversationId, text: &str) {
    if let Some(storage) = storage() {
        let _ = if text.is_empty() {
            storage.remove_item(&key(id))
        } else {
            storage.set_item(&key(id), text)
        };
    }
}
