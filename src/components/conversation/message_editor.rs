//! The inline editor of one of my messages: opened from "Message actions"
//! or with arrow-up in an empty composer, it takes the focus with the text
//! selected; Enter saves, Escape cancels and gives the focus back to the
//! message.

use leptos::html::Textarea;
use leptos::prelude::*;
use switchboard_protocol::Message;
use wasm_bindgen::JsCast;

use crate::components::kit::form::{FormError, FormSubmit};
use crate::i18n::*;
use crate::projection::use_locale;
use crate::stores::ConversationStore;

/// Gives the focus back to message `id` (its bubble is focusable).
fn focus_message(id: switchboard_protocol::MessageId) {
    if let Some(bubble) = document()
        .get_element_by_id(&format!("message-{id}"))
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = bubble.focus();
    }
}

/// The inline editor of one of my messages.
#[component]
pub fn MessageEditor(message: Message, editing: RwSignal<bool>) -> impl IntoView {
    let locale = use_locale();
    let conversations = expect_context::<ConversationStore>();
    let text = RwSignal::new(message.text.clone());
    let id = message.id;
    let field = NodeRef::<Textarea>::new();
    // The operator types into the editor at once, over the old text.
    Effect::new(move |_| {
        if field.get().is_some() {
            // Once its value is in (bound after the element is drawn).
            crate::listeners::on_next_frame(move || {
                if let Some(field) = field.get_untracked() {
                    field.set_value(&text.get_untracked());
                    let _ = field.focus();
                    field.select();
                }
            });
        }
    });
    let close = move || {
        editing.set(false);
        request_animation_frame(move || focus_message(id));
    };
    let save = FormSubmit::new(
        move |value| async move { conversations.edit_message(id, value).await },
        close,
    );
    let build = move || Some(text.get_untracked()).filter(|value| !value.trim().is_empty());
    view! {
        <form class="message-editor" on:submit=save.on_submit(build)>
            <textarea
                rows="3"
                node_ref=field
                aria-label=move || td_string!(locale, message_menu.edit_label)
                bind:value=text
                on:keydown=move |event: leptos::ev::KeyboardEvent| {
                    if event.key() == "Escape" {
                        event.prevent_default();
                        event.stop_propagation();
                        close();
                    } else if event.key() == "Enter" && !event.shift_key() {
                        event.prevent_default();
                        save.submit(build);
                    }
                }
            ></textarea>
            <FormError error=save.error />
            <div class="dialog-actions">
                <button type="button" on:click=move |_| close()>{td!(locale, common.cancel)}</button>
                <button type="submit" class="primary" disabled=move || save.pending().get()>
                    {td!(locale, common.save)}
                </button>
            </div>
        </form>
    }
}
