//! Browser tests of a queue row.
#![cfg(target_arch = "wasm32")]

mod common;

use leptos::prelude::*;
use switchboard::components::queue::list::QueueList;
use switchboard::components::queue::row::{QueueRow, RowView, RowsContext};
use switchboard::i18n::Locale;
use switchboard_protocol::{ConversationId, ConversationStatus};
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

use common::{eventually, mount_in_workspace, queue_item, text_of};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_row_shows_who_what_and_how_many_unread_and_opens_on_click() {
    let stores = common::stores_with([queue_item(
        7,
        "Marie Dupont",
        ConversationStatus::Unanswered,
        "Y a-t-il une remise ?",
        2,
    )]);
    let opened = RwSignal::new(None::<ConversationId>);
    let context = RowsContext::read(stores.session, stores.conversations, None, Locale::en);
    let row = RowView::read(
        stores.session,
        stores.conversations,
        ConversationId(7),
        0,
        context,
    )
    .expect("the queue holds it");
    let (host, _handle) = mount_in_workspace(stores, move || {
        view! {
            <QueueRow
                row=row
                on_open=Callback::new(move |id| opened.set(Some(id)))
            />
        }
    });
    leptos::task::tick().await;

    let row: HtmlElement = common::element(&host, "[role=option]");
    assert_eq!(row.get_attribute("aria-selected").as_deref(), Some("false"));
    assert_eq!(text_of(&host, ".row-name"), "Marie Dupont");
    assert_eq!(text_of(&host, ".row-preview"), "Y a-t-il une remise ?");
    assert_eq!(text_of(&host, ".row-channel"), "Telegram");
    assert!(text_of(&host, ".unread-badge").starts_with('2'));
    assert_eq!(
        host.query_selector(".row-time")
            .unwrap()
            .and_then(|time| time.get_attribute("title"))
            .as_deref(),
        Some("Waiting")
    );

    row.click();
    leptos::task::tick().await;
    assert_eq!(opened.get_untracked(), Some(ConversationId(7)));
}

#[wasm_bindgen_test]
async fn a_row_follows_live_updates_of_the_model() {
    let stores = common::stores_with([queue_item(
        8,
        "John Carter",
        ConversationStatus::Unanswered,
        "Hi",
        1,
    )]);
    // Rows read nothing themselves: the list gives each its view.
    let (host, _handle) = mount_in_workspace(stores, QueueList);
    assert!(
        eventually(|| host.query_selector(".unread-badge").unwrap().is_some()).await,
        "the row is drawn with its unread badge"
    );
    assert_eq!(text_of(&host, ".row-name"), "John Carter");

    stores
        .conversations
        .queue
        .update(|queue| queue.mark_read_locally(ConversationId(8)));
    leptos::task::tick().await;
    assert!(
        host.query_selector(".unread-badge").unwrap().is_none(),
        "reading the conversation clears the badge"
    );
    assert_eq!(text_of(&host, ".row-name"), "John Carter");
}
