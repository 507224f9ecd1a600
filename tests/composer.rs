//! Browser tests of the composer and its tools: Enter sends optimistically,
//! Shift+Enter does not, the draft is saved as the operator types; mentions,
//! commands, silent mode, emoji and files.
#![cfg(target_arch = "wasm32")]

mod common;

use leptos::prelude::*;
use switchboard::components::conversation::composer::Composer;
use switchboard::components::conversation::controls::ThreadControls;
use switchboard::state::conversation::PendingState;
use switchboard::stores::{Stores, Thread};
use switchboard_protocol::{ConversationId, Presence, Role, User, UserId};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit};

use common::{eventually, mount_in_workspace, offline_stores, sleep};
use std::time::Duration;

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
    stores: Stores,
    id: ConversationId,
) -> (HtmlElement, HtmlTextAreaElement, impl Sized) {
    let (host, handle) = mount_in_workspace(stores, move || {
        ThreadControls::provide(Thread::Conversation(id));
        view! { <Composer /> }
    });
    leptos::task::tick().await;
    let field = common::element(&host, "textarea");
    (host, field, handle)
}

/// Mounts the composer of `id` with an empty draft.
async fn fresh_composer(
    stores: Stores,
    id: ConversationId,
) -> (HtmlElement, HtmlTextAreaElement, impl Sized) {
    switchboard::drafts::save(Thread::Conversation(id), "");
    mount_composer(stores, id).await
}

/// The texts of the open suggestion list's options; empty when it is closed.
fn suggestions(host: &HtmlElement) -> Vec<String> {
    let options = host
        .query_selector_all("[role=listbox] [role=option]")
        .unwrap();
    (0..options.length())
        .filter_map(|index| options.item(index)?.text_content())
        .collect()
}

#[wasm_bindgen_test]
async fn enter_sends_once_and_the_message_waits_as_pending_then_failed() {
    let id = ConversationId(4242);
    let stores = offline_stores();
    let (host, field, _handle) = fresh_composer(stores, id).await;
    let label = host
        .query_selector("label[for=composer-text]")
        .unwrap()
        .unwrap();
    assert_eq!(label.text_content().as_deref(), Some("Message"));

    type_text(&field, "Bonjour Marie");
    assert_eq!(
        switchboard::drafts::load(Thread::Conversation(id)),
        "Bonjour Marie",
        "saved as typed"
    );

    press_enter(&field, true);
    leptos::task::tick().await;
    let pending = || {
        stores.conversations.logs.with_untracked(|logs| {
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
    assert_eq!(
        switchboard::drafts::load(Thread::Conversation(id)),
        "",
        "and so is the draft"
    );

    // First it is held for the undo window, sent to nobody.
    assert_eq!(sent[0].state, PendingState::Held);
    // Then nobody answers on that port: the message waits in the outbox, to
    // be sent again automatically with the same client id.
    let waiting = || {
        matches!(
            pending().first().map(|p| &p.state),
            Some(PendingState::Waiting)
        )
    };
    let window_ms = switchboard::state::outbox::undo_window();
    sleep(Duration::from_millis(u64::try_from(window_ms).unwrap_or(0))).await;
    assert!(eventually(waiting).await);
    assert_eq!(pending()[0].request.client_id, sent[0].request.client_id);
}

#[wasm_bindgen_test]
async fn a_saved_draft_comes_back() {
    let id = ConversationId(4343);
    switchboard::drafts::save(Thread::Conversation(id), "à finir plus tard");
    let (_host, field, _handle) = mount_composer(offline_stores(), id).await;
    assert_eq!(field.value(), "à finir plus tard");
    switchboard::drafts::save(Thread::Conversation(id), "");
}

fn colleagues(stores: Stores) {
    let marc = User {
        id: UserId(3),
        name: "Marc Dupont".into(),
        email: "marc@example.com".into(),
        avatar_url: None,
        role: Role::Operator,
        presence: Presence::Online,
        active: true,
    };
    let me = common::olivia();
    stores
        .session
        .users
        .set([(me.id, me), (marc.id, marc)].into_iter().collect());
}

fn press(field: &HtmlTextAreaElement, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    field.dispatch_event(&event).unwrap();
}

fn pending_of(
    stores: Stores,
    id: ConversationId,
) -> Vec<switchboard::state::conversation::PendingMessage> {
    stores.conversations.logs.with_untracked(|logs| {
        logs.get(&id)
            .map(|log| log.pending().to_vec())
            .unwrap_or_default()
    })
}

fn button(host: &HtmlElement, name: &str) -> HtmlElement {
    let buttons = host.query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|index| buttons.item(index))
        .map(|node| node.unchecked_into::<HtmlElement>())
        .find(|button| {
            button.get_attribute("aria-label").as_deref() == Some(name)
                || button.text_content().as_deref().map(str::trim) == Some(name)
        })
        .unwrap_or_else(|| panic!("no button {name}"))
}

#[wasm_bindgen_test]
async fn typing_at_suggests_colleagues_and_the_pick_is_sent_as_a_mention() {
    let id = ConversationId(4501);
    let stores = offline_stores();
    colleagues(stores);
    let (host, field, _handle) = fresh_composer(stores, id).await;

    type_text(&field, "Ask @Ma");
    leptos::task::tick().await;
    let options = suggestions(&host);
    assert_eq!(options.len(), 1, "only Marc matches, never myself");
    assert!(options[0].contains("Marc Dupont"), "{options:?}");
    assert_eq!(
        field.get_attribute("aria-activedescendant").as_deref(),
        Some("composer-suggestion-0")
    );

    press(&field, "Enter");
    assert!(
        eventually(|| field.value() == "Ask @Marc Dupont ").await,
        "{}",
        field.value()
    );
    assert!(suggestions(&host).is_empty(), "the list closes");
    assert!(pending_of(stores, id).is_empty(), "picking does not send");

    type_text(&field, "Ask @Marc Dupont about it");
    press(&field, "Enter");
    leptos::task::tick().await;
    let sent = pending_of(stores, id);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].request.text, "Ask @{user:3} about it");
}

#[wasm_bindgen_test]
async fn typing_at_suggests_my_internal_chats_and_the_pick_is_sent_as_a_chat_mention() {
    let id = ConversationId(4508);
    let stores = offline_stores();
    colleagues(stores);
    let chat = |id: i64, title: &str| switchboard_protocol::TeamChat {
        id: switchboard_protocol::TeamChatId(id),
        title: title.into(),
        members: vec![UserId(2)],
        created_by: UserId(2),
        created_at: 0,
        source: None,
        last_message: None,
        last_activity_at: id,
    };
    stores.team.chats.set(Some(Default::default()));
    stores.team.chats.update(|chats| {
        let chats = chats.as_mut().unwrap();
        chats.upsert(chat(9, "Parcel 42 refund"));
        chats.upsert(chat(10, "Holidays"));
    });
    let (host, field, _handle) = fresh_composer(stores, id).await;

    type_text(&field, "See @parc");
    leptos::task::tick().await;
    let options = suggestions(&host);
    assert_eq!(options.len(), 1, "only the matching chat: {options:?}");
    assert!(options[0].contains("Parcel 42 refund"), "{options:?}");
    assert!(options[0].contains("Internal chat"), "{options:?}");

    press(&field, "Enter");
    assert!(
        eventually(|| field.value() == "See @Parcel 42 refund ").await,
        "{}",
        field.value()
    );
    type_text(&field, "See @Parcel 42 refund and @Ma");
    leptos::task::tick().await;
    press(&field, "Enter");
    assert!(eventually(|| field.value().ends_with("@Marc Dupont ")).await);
    press(&field, "Enter");
    leptos::task::tick().await;
    let sent = pending_of(stores, id);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].request.text, "See @{chat:9} and @{user:3} ");
}

#[wasm_bindgen_test]
async fn escape_closes_the_suggestions_and_enter_then_sends() {
    let id = ConversationId(4502);
    let stores = offline_stores();
    colleagues(stores);
    let (host, field, _handle) = fresh_composer(stores, id).await;
    type_text(&field, "@Ma");
    leptos::task::tick().await;
    press(&field, "Escape");
    leptos::task::tick().await;
    assert!(host.query_selector("[role=listbox]").unwrap().is_none());
    press(&field, "Enter");
    leptos::task::tick().await;
    assert_eq!(pending_of(stores, id)[0].request.text, "@Ma");
}

#[wasm_bindgen_test]
async fn commands_run_and_are_never_sent() {
    let id = ConversationId(4503);
    let stores = offline_stores();
    let (host, field, _handle) = fresh_composer(stores, id).await;

    type_text(&field, "/shrug");
    press(&field, "Enter");
    leptos::task::tick().await;
    let alert = host
        .query_selector("[role=alert]")
        .unwrap()
        .expect("error shown");
    assert_eq!(alert.text_content().unwrap(), "Unknown command: /shrug");
    assert_eq!(field.value(), "/shrug", "what was typed stays");
    assert!(pending_of(stores, id).is_empty());

    type_text(&field, "/id");
    // The suggestion list is open on "/id": Enter picks it and runs it.
    press(&field, "Enter");
    leptos::task::tick().await;
    let status = host
        .query_selector(".composer-info")
        .unwrap()
        .expect("id shown");
    assert!(status.text_content().unwrap().contains("4503"));
    assert_eq!(field.value(), "");
    assert!(pending_of(stores, id).is_empty());

    type_text(&field, "/quote");
    press(&field, "Enter");
    leptos::task::tick().await;
    let alert = host
        .query_selector("[role=alert]")
        .unwrap()
        .expect("nothing to quote");
    assert!(alert.text_content().unwrap().contains("quote"));
    assert!(pending_of(stores, id).is_empty());
}

#[wasm_bindgen_test]
async fn silent_mode_sends_an_internal_note() {
    let id = ConversationId(4504);
    let stores = offline_stores();
    let (host, field, _handle) = fresh_composer(stores, id).await;
    let toggle = button(&host, "Silent mode");
    assert_eq!(
        toggle.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    toggle.click();
    leptos::task::tick().await;
    assert_eq!(
        toggle.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert!(host
        .query_selector("form.composer.silent")
        .unwrap()
        .is_some());
    type_text(&field, "Customer seems upset, be gentle");
    press(&field, "Enter");
    leptos::task::tick().await;
    let sent = pending_of(stores, id);
    assert!(sent[0].request.internal, "an internal note");
}

const EMOJI: &str = r#"{"groups":[
  {"key":"smileys-emotion","en":"smileys & emotion","fr":"smileys et émotion","emoji":[
    ["😀","grinning face","visage rieur","happy smile sourire heureux"],
    ["😢","crying face","visage qui pleure","sad tear triste larme"]]},
  {"key":"food-drink","en":"food & drink","fr":"nourriture et boisson","emoji":[
    ["🍕","pizza","pizza","cheese fromage"]]}]}"#;

#[wasm_bindgen_test]
async fn the_emoji_picker_searches_in_french_and_inserts_at_the_cursor() {
    let id = ConversationId(4505);
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .remove_item("switchboard.emoji.recent")
        .unwrap();
    switchboard::components::conversation::composer::preload_emoji_data(EMOJI).unwrap();
    let stores = offline_stores();
    let (host, field, _handle) = fresh_composer(stores, id).await;
    type_text(&field, "Merci !");
    field.set_selection_range(5, 5).unwrap();
    field
        .dispatch_event(&web_sys::Event::new("click").unwrap())
        .unwrap();

    button(&host, "Emoji").click();
    assert!(
        eventually(|| host
            .query_selector("[role=dialog] .emoji")
            .unwrap()
            .is_some())
        .await,
        "the picker shows the first category"
    );
    let search: web_sys::HtmlInputElement = common::element(&host, "input[type=search]");
    assert_eq!(
        search.get_attribute("aria-label").as_deref(),
        Some("Search emoji")
    );
    search.set_value("fromage");
    search
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    leptos::task::tick().await;
    let found = host.query_selector_all(".emoji-grid .emoji").unwrap();
    assert_eq!(found.length(), 1);
    button(&host, "pizza").click();
    assert!(
        eventually(|| field.value() == "Merci🍕 !").await,
        "{}",
        field.value()
    );

    // Now it is recently used, listed first next time.
    let recent: Vec<String> = serde_json::from_str(
        &web_sys::window()
            .unwrap()
            .local_storage()
            .unwrap()
            .unwrap()
            .get_item("switchboard.emoji.recent")
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(recent, ["🍕"]);
}

#[wasm_bindgen_test]
async fn a_refused_file_type_is_said_in_place_and_not_uploaded() {
    let id = ConversationId(4506);
    let stores = offline_stores();
    let (host, field, _handle) = fresh_composer(stores, id).await;
    let parts = js_sys::Array::of1(&"MZ".into());
    let file = web_sys::File::new_with_str_sequence(&parts, "invoice.exe").unwrap();
    let transfer = web_sys::DataTransfer::new().unwrap();
    transfer.items().add_with_file(&file).unwrap();
    let init = web_sys::DragEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_data_transfer(Some(&transfer));
    let drop = web_sys::DragEvent::new_with_event_init_dict("drop", &init).unwrap();
    field.dispatch_event(&drop).unwrap();
    leptos::task::tick().await;
    let item = host
        .query_selector("li.upload[aria-label='invoice.exe']")
        .unwrap()
        .expect("listed");
    let alert = item
        .query_selector("[role=alert]")
        .unwrap()
        .expect("refused");
    assert!(alert.text_content().unwrap().contains("refused"));
    assert!(
        item.query_selector("progress").unwrap().is_none(),
        "never uploaded"
    );
    // Nothing to send: a refused file is not attached.
    press(&field, "Enter");
    leptos::task::tick().await;
    assert!(pending_of(stores, id).is_empty());
    button(&host, "Remove").click();
    leptos::task::tick().await;
    assert!(host.query_selector("li.upload").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_canned_shortcut_inserts_its_text_with_placeholders_filled() {
    let id = ConversationId(4507);
    let stores = common::stores_with([common::queue_item(
        4507,
        "Marie Curie",
        switchboard_protocol::ConversationStatus::InProgress,
        "Bonjour",
        0,
    )]);
    stores
        .conversations
        .canned
        .set(Some(vec![switchboard_protocol::CannedResponse {
            id: switchboard_protocol::CannedResponseId(1),
            title: "Greeting".into(),
            text: "Bonjour {customer_name}, ici {operator_name} {unknown}".into(),
            shortcut: Some("hello".into()),
            scope: switchboard_protocol::CannedScope::Personal,
            owner: Some(UserId(2)),
            editable: true,
        }]));
    let (host, field, _handle) = fresh_composer(stores, id).await;

    type_text(&field, "Order #12");
    leptos::task::tick().await;
    assert!(
        host.query_selector("[role=listbox]").unwrap().is_none(),
        "# followed by what no shortcut starts with suggests nothing"
    );

    type_text(&field, "#hel");
    leptos::task::tick().await;
    let list = host
        .query_selector("[role=listbox]")
        .unwrap()
        .expect("open");
    assert_eq!(
        list.get_attribute("aria-label").as_deref(),
        Some("Canned responses")
    );
    press(&field, "Enter");
    assert!(
        eventually(|| field.value() == "Bonjour Marie Curie, ici Olivia Bernard {unknown}").await,
        "{}",
        field.value()
    );
    assert!(pending_of(stores, id).is_empty(), "inserted, not sent");
}

#[wasm_bindgen_test]
async fn form_and_app_panels_say_in_place_when_the_server_cannot_be_reached() {
    let id = ConversationId(4509);
    let stores = offline_stores();
    let (host, _field, _handle) = fresh_composer(stores, id).await;
    for (tool, panel) in [
        ("Send CRM form", "Send CRM form"),
        ("Market apps", "Market apps"),
    ] {
        button(&host, tool).click();
        leptos::task::tick().await;
        let dialog = host
            .query_selector(&format!("[role=dialog][aria-label='{panel}']"))
            .unwrap()
            .unwrap_or_else(|| panic!("{panel} opens"));
        assert!(
            eventually(|| dialog.query_selector("[role=alert]").unwrap().is_some()).await,
            "{panel} shows the failure"
        );
        assert!(
            dialog
                .query_selector("button[aria-label^=Install]")
                .unwrap()
                .is_none(),
            "an operator never gets Install"
        );
        button(&host, tool).click();
        leptos::task::tick().await;
    }
}
