//! The reply field: one textarea and "Send". Enter sends, Shift+Enter adds a
//! line; the draft is saved per conversation as the operator types.

use leptos::html::Textarea;
use leptos::prelude::*;
use switchboard_protocol::ConversationId;

use crate::drafts;
use crate::i18n::*;
use crate::workspace::Workspace;

/// The composer of a conversation.
#[component]
pub fn Composer(
    /// The conversation.
    id: ConversationId,
    /// Longest text the channel carries, if limited.
    #[prop(optional)]
    max_length: Option<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = expect_context::<Workspace>();
    let text = RwSignal::new(drafts::load(id));
    let field = NodeRef::<Textarea>::new();

    let too_long =
        move || max_length.is_some_and(|max| text.with(|text| text.chars().count() > max as usize));
    let send = move || {
        let message = text.get_untracked();
        if message.trim().is_empty() || too_long() {
            return;
        }
        workspace.send(id, message);
        text.set(String::new());
        drafts::save(id, "");
    };
    let on_input = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        drafts::save(id, &value);
        text.set(value);
    };
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Enter" && !event.shift_key() && !event.is_composing() {
            event.prevent_default();
            send();
        }
    };
    // "Reply" asks for the focus once the conversation is ours.
    Effect::new(move |previous: Option<u64>| {
        let asked = workspace.focus_composer.get();
        if previous.is_some_and(|previous| previous != asked) || previous.is_none() && asked > 0 {
            if let Some(field) = field.get() {
                let _ = field.focus();
            }
        }
        asked
    });

    view! {
        <form
            class="composer"
            on:submit=move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                send();
            }
        >
            <label for="composer-text" class="visually-hidden">{t!(i18n, composer.message)}</label>
            <textarea
                id="composer-text"
                node_ref=field
                rows="3"
                aria-describedby="composer-hint"
                placeholder=move || t_string!(i18n, composer.message)
                prop:value=text
                on:input=on_input
                on:keydown=on_keydown
            ></textarea>
            <div class="composer-bar">
                <span id="composer-hint" class="composer-hint">
                    {move || {
                        if too_long() {
                            format!(
                                "{} {} / {} {}",
                                t_string!(i18n, composer.too_long),
                                text.with(|text| text.chars().count()),
                                max_length.unwrap_or_default(),
                                t_string!(i18n, composer.characters),
                            )
                        } else {
                            t_string!(i18n, composer.hint).to_owned()
                        }
                    }}
                </span>
                <button
                    type="submit"
                    class="primary"
                    disabled=move || too_long() || text.with(|text| text.trim().is_empty())
                >
                    {t!(i18n, composer.send)}
                </button>
            </div>
        </form>
    }
}
