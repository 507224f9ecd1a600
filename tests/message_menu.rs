//! Browser tests of the "Message actions" menu: which items show, keyboard
//! navigation (arrows, Enter, Escape) and the focus given back.
#![cfg(target_arch = "wasm32")]

mod common;

use leptos::prelude::*;
use switchboard::components::conversation::bubble::MessageBubble;
use switchboard::stores::Stores;
use switchboard_protocol::{AuthorKind, ConversationStatus, Message, UserId};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, KeyboardEvent, KeyboardEventInit};

use common::{customer_message, eventually, mount_in_workspace, queue_item};

wasm_bindgen_test_configure!(run_in_browser);

fn key(target: &web_sys::Element, name: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(name);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

fn focused_text() -> String {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .and_then(|element| element.text_content())
        .unwrap_or_default()
}

fn workspace_with_conversation() -> Stores {
    common::stores_with([queue_item(
        7,
        "Marie",
        ConversationStatus::InProgress,
        "Hi",
        0,
    )])
}

fn mine(id: i64, text: &str) -> Message {
    let mut message = customer_message(id, 7, text);
    message.author.kind = AuthorKind::Employee;
    message.author.user_id = Some(UserId(2));
    message.author.name = "Olivia Bernard".into();
    message
}

fn items(host: &HtmlElement) -> Vec<String> {
    let list = host.query_selector_all("[role=menuitem]").unwrap();
    (0..list.length())
        .filter_map(|index| list.item(index))
        .map(|node| node.text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn the_menu_is_driven_by_the_keyboard_and_gives_the_focus_back() {
    let stores = workspace_with_conversation();
    // An internal note: editable whatever the channel.
    let mut message = mine(20, "Hello from Olivia");
    message.internal = true;
    let (host, _handle) = mount_in_workspace(stores, move || {
        view! { <MessageBubble message=message menu=true /> }
    });
    leptos::task::tick().await;
    let button: HtmlElement = common::element(&host, "button[aria-label='Message actions']");
    assert_eq!(
        button.get_attribute("aria-haspopup").as_deref(),
        Some("menu")
    );
    button.click();
    leptos::task::tick().await;
    let menu = host
        .query_selector("[role=menu]")
        .unwrap()
        .expect("menu open");
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    assert_eq!(
        items(&host),
        [
            "Quote",
            "Save as canned response",
            "Create task",
            "Create calendar event",
            "Discuss in new chat",
            "Discuss in Feed",
            "Edit",
            "Delete"
        ]
    );
    assert!(
        eventually(|| focused_text() == "Quote").await,
        "first item focused"
    );
    key(&menu, "ArrowDown");
    assert_eq!(focused_text(), "Save as canned response");
    key(&menu, "ArrowUp");
    key(&menu, "ArrowUp");
    assert_eq!(focused_text(), "Delete", "arrows wrap around");
    key(&menu, "Escape");
    leptos::task::tick().await;
    assert!(host.query_selector("[role=menu]").unwrap().is_none());
    let active = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element();
    assert!(
        active.is_some_and(|active| active.is_same_node(Some(&button))),
        "focus back on the message's button"
    );

    // Enter on "Edit" opens the inline editor.
    button.click();
    leptos::task::tick().await;
    let menu = host.query_selector("[role=menu]").unwrap().unwrap();
    assert!(eventually(|| focused_text() == "Quote").await);
    key(&menu, "End");
    key(&menu, "ArrowUp");
    assert_eq!(focused_text(), "Edit");
    let edit: HtmlElement = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .unwrap()
        .unchecked_into();
    edit.click();
    leptos::task::tick().await;
    let editor = host
        .query_selector("textarea[aria-label='Edit message']")
        .unwrap()
        .expect("inline editor");
    let editor: web_sys::HtmlTextAreaElement = editor.unchecked_into();
    assert!(
        eventually(|| editor.value() == "Hello from Olivia").await,
        "{}",
        editor.value()
    );
}

#[wasm_bindgen_test]
async fn right_click_opens_the_menu_of_a_customer_message_without_edit() {
    let stores = workspace_with_conversation();
    let first = customer_message(10, 7, "First");
    let second = customer_message(11, 7, "A new topic");
    stores.conversations.logs.update(|logs| {
        let mut log = switchboard::state::conversation::ConversationLog::new(
            switchboard_protocol::ConversationId(7),
        );
        log.apply_message(first);
        log.apply_message(second.clone());
        logs.insert(switchboard_protocol::ConversationId(7), log);
    });
    let (host, _handle) = mount_in_workspace(stores, move || {
        view! { <MessageBubble message=second menu=true /> }
    });
    leptos::task::tick().await;
    let bubble = host.query_selector(".message").unwrap().unwrap();
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::MouseEvent::new_with_mouse_event_init_dict("contextmenu", &init).unwrap();
    bubble.dispatch_event(&event).unwrap();
    leptos::task::tick().await;
    assert!(
        event.default_prevented(),
        "the browser's menu does not show"
    );
    assert_eq!(
        items(&host),
        [
            "Quote",
            "Move to new conversation",
            "Save as canned response",
            "Create task",
            "Create calendar event",
            "Discuss in new chat",
            "Discuss in Feed"
        ]
    );
}

#[wasm_bindgen_test]
async fn edit_is_shown_disabled_with_the_reason_where_the_channel_cannot_edit() {
    let stores = workspace_with_conversation();
    let message = mine(21, "Sent to the customer");
    let (host, _handle) = mount_in_workspace(stores, move || {
        view! { <MessageBubble message=message menu=true /> }
    });
    leptos::task::tick().await;
    let button: HtmlElement = common::element(&host, "button[aria-label='Message actions']");
    button.click();
    leptos::task::tick().await;
    let list = host.query_selector_all("[role=menuitem]").unwrap();
    let edit: HtmlElement = (0..list.length())
        .filter_map(|index| list.item(index))
        .map(|node| node.unchecked_into::<HtmlElement>())
        .find(|item| item.text_content().unwrap_or_default().starts_with("Edit"))
        .expect("Edit listed");
    assert_eq!(edit.get_attribute("aria-disabled").as_deref(), Some("true"));
    assert!(edit.title().contains("cannot change"));
    edit.click();
    leptos::task::tick().await;
    assert!(
        host.query_selector("textarea").unwrap().is_none(),
        "nothing happens"
    );
}
