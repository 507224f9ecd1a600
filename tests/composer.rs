//! Browser tests of the composer: Enter sends optimistically, Shift+Enter
//! does not, and the draft is saved as the operator types.
#![cfg(target_arch = "wasm32")]

mod common;

use leptos::prelude::*;
use switchboard::components::conversation::composer::Composer;
use switchboard::state::conversation::PendingState;
use switchboard::workspace::Workspace;
use switchboard_protocol::ConversationId;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit};

use common::{eventually, mount_in_workspace, offline_workspace};

wasm_bindgen_test_configure!(run_in_browser);

fn press_enter(field: &HtmlTextAreaElement, shift: bool) {
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    field.dispatch_event(&event).unwrap();
}

fn type_text(field: &HtmlTextAreaElement, text: &str) {
    field.set_value(text);
    field
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

/// Mounts the composer of `id`; returns its host and textarea.
async fn mount_composer(
    workspace: Workspace,
    id: ConversationId,
) -> (HtmlElement, HtmlTextAreaElement, impl Sized) {
    let (host, handle) = mount_in_workspace(workspace, move || view! { <Composer id=id /> });
    leptos::task::tick().await;
    let field = host
        .query_selector("textarea")
        .unwrap()
        .unwrap()
        .unchecked_into();
    (host, field, handle)
}

#[wasm_bindgen_test]
async fn enter_sends_once_and_the_message_waits_as_pending_then_failed() {
    let id = ConversationId(4242);
    switchboard::drafts::save(id, "");
    let workspace = offline_workspace();
    let (host, field, _handle) = mount_composer(workspace, id).await;
    let label = host
        .query_selector("label[for=composer-text]")
        .unwrap()
        .unwrap();
    assert_eq!(label.text_content().as_deref(), Some("Message"));

    type_text(&field, "Bonjour Marie");
    assert_eq!(
        switchboard::drafts::load(id),
        "Bonjour Marie",
        "saved as typed"
    );

    press_enter(&field, true);
    leptos::task::tick().await;
    let pending = || {
        workspace.logs.with_untracked(|logs| {
            logs.get(&id)
                .map(|log| log.pending().to_vec())
                .unwrap_or_default()
        })
    };
    assert!(pending().is_empty(), "Shift+Enter does not send");

    press_enter(&field, false);
    leptos::task::tick().await;
    let sent = pending();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].request.text, "Bonjour Marie");
    assert_eq!(field.value(), "", "the field is emptied");
    assert_eq!(switchboard::drafts::load(id), "", "and so is the draft");

    // Nobody answers on that port: the message stays, marked failed, to retry.
    assert!(
        eventually(|| matches!(
            pending().first().map(|p| &p.state),
            Some(PendingState::Failed(_))
        ))
        .await
    );
    assert_eq!(pending()[0].request.client_id, sent[0].request.client_id);
}

#[wasm_bindgen_test]
async fn a_saved_draft_comes_back() {
    let id = ConversationId(4343);
    switchboard::drafts::save(id, "à finir plus tard");
    let (_host, field, _handle) = mount_composer(offline_workspace(), id).await;
    assert_eq!(field.value(), "à finir plus tard");
    switchboard::drafts::save(id, "");
}
