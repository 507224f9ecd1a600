//! "Marc replied 10 s ago: …": before a reply leaves, whether a colleague's
//! reply reached the customer since this draft started
//! ([`crate::state::presence::replied_meanwhile`]). If one did, the reply
//! waits for "Send anyway" (sent) or "Cancel" (the text stays).

use leptos::prelude::*;

use super::Compose;
use crate::format;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::presence::{replied_meanwhile, seconds_ago};
use crate::state::text::message_preview;
use crate::state::time::elapsed;
use crate::stores::now_ms;

/// A colleague's reply that arrived while the operator wrote theirs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collision {
    /// The colleague.
    pub name: String,
    /// When it was written.
    pub at: i64,
    /// Its text, as plain text.
    pub text: String,
}

/// Whether the reply may leave: yes after "Send anyway" (once), or when no
/// colleague replied since the draft started; otherwise the warning shows
/// and the reply waits.
pub(super) fn cleared(compose: Compose) -> bool {
    if compose.collision.with_untracked(Option::is_some) {
        // "Send anyway".
        compose.collision.set(None);
        return true;
    }
    let Some(since) = compose.draft_started.get_value() else {
        return true;
    };
    let me = compose.session.my_id();
    let found = compose.conversations.logs.with_untracked(|logs| {
        let log = logs.get(&compose.id)?;
        let message = replied_meanwhile(log.messages(), me, since)?;
        Some(Collision {
            name: message.author.name.clone(),
            at: message.created_at,
            text: message_preview(message),
        })
    });
    match found {
        Some(collision) => {
            compose.collision.set(Some(collision));
            false
        }
        None => true,
    }
}

/// The warning above the composer, while a colleague's reply is news.
#[component]
pub(super) fn CollisionAlert(
    /// Sends the reply as it is.
    on_send_anyway: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let compose = expect_context::<Compose>();
    let send_anyway = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = send_anyway.get() {
            let _ = button.focus();
        }
    });
    move || {
        let collision = compose.collision.get()?;
        let now = now_ms();
        let ago = match seconds_ago(collision.at, now) {
            Some(seconds) => format!("{seconds} {}", td_string!(locale, collision.seconds)),
            None => format::elapsed(locale, elapsed(collision.at, now)),
        };
        Some(view! {
            <div class="reply-collision" role="alertdialog" aria-labelledby="reply-collision-text">
                <p id="reply-collision-text">
                    <strong>{collision.name}</strong>
                    " "
                    {td!(locale, collision.replied)}
                    " "
                    {ago}
                    {td!(locale, collision.ago)}
                    " "
                    <span class="reply-collision-quote">{collision.text}</span>
                </p>
                <div class="dialog-actions">
                    <button
                        type="button"
                        on:click=move |_| {
                            compose.collision.set(None);
                            compose.focus();
                        }
                    >
                        {td!(locale, common.cancel)}
                    </button>
                    <button
                        type="button"
                        class="primary"
                        node_ref=send_anyway
                        on:click=move |_| on_send_anyway.run(())
                    >
                        {td!(locale, collision.send_anyway)}
                    </button>
                </div>
            </div>
        })
    }
}
