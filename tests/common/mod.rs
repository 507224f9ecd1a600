//! Helpers shared by the browser component tests.
#![allow(dead_code)]

use std::time::Duration;

use leptos::prelude::*;
use switchboard::api::{Api, Client};
use switchboard::i18n::*;
use switchboard::session::Token;
use switchboard::stores::Stores;
use switchboard_protocol::{
    Author, AuthorKind, ChatId, ConnectorId, ConnectorKind, ConversationId, ConversationStatus,
    ConversationSummary, Customer, CustomerId, LineId, Message, MessageId, MessagePreview,
    Presence, QueueItem, Role, User, UserId,
};
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// Nothing listens on port 9 (discard) of loopback: every call fails fast.
pub const UNREACHABLE: &str = "http://127.0.0.1:9";

/// A fresh element appended to `<body>` to mount a component into.
pub fn host() -> HtmlElement {
    let document = document();
    let host: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

/// Waits for the browser's timers.
pub async fn sleep(duration: Duration) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                duration.as_millis() as i32,
            )
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Ticks and waits until `condition` holds (at most 5 s).
pub async fn eventually(mut condition: impl FnMut() -> bool) -> bool {
    for _ in 0..100 {
        leptos::task::tick().await;
        if condition() {
            return true;
        }
        sleep(Duration::from_millis(50)).await;
    }
    false
}

/// The first element matching `selector`, which the test expects.
pub fn element<E: JsCast>(host: &HtmlElement, selector: &str) -> E {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("an element matching {selector}"))
        .unchecked_into()
}

/// The text of the first element matching `selector`, or "".
pub fn text_of(host: &HtmlElement, selector: &str) -> String {
    host.query_selector(selector)
        .unwrap()
        .and_then(|element| element.text_content())
        .unwrap_or_default()
}

/// Mounts a component in a fresh host, inside the translations and with an
/// unreachable API and the `stores` in context, as the app would. Keep the
/// returned handle alive for the whole test.
pub fn mount_in_workspace<V: IntoView + 'static>(
    stores: Stores,
    component: impl FnOnce() -> V + Send + 'static,
) -> (HtmlElement, impl Sized) {
    let host = host();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <I18nContextProvider>
                {provide_context(Api::new(UNREACHABLE))}
                {stores.provide()}
                {component()}
            </I18nContextProvider>
        }
    });
    (host, handle)
}

/// Olivia, an operator.
pub fn olivia() -> User {
    User {
        id: UserId(2),
        name: "Olivia Bernard".into(),
        email: "olivia@example.com".into(),
        avatar_url: None,
        role: Role::Operator,
        presence: Presence::Online,
        active: true,
    }
}

/// Stores that talk to nobody: the model is filled by the test.
pub fn offline_stores() -> Stores {
    // Stores spawn their requests (a tab's first page, say): the browser's
    // executor runs them, whichever test happens to run first.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    // As once the parts loaded on demand have arrived.
    switchboard::stores::late::keep_live();
    Stores::new(
        Client::new(Api::new(UNREACHABLE), Token::new("test-token".into())),
        olivia(),
    )
}

/// [`offline_stores`] whose queue holds `items`.
pub fn stores_with(items: impl IntoIterator<Item = QueueItem>) -> Stores {
    let stores = offline_stores();
    stores.conversations.queue.update(|queue| {
        for item in items {
            queue.upsert_item(item);
        }
    });
    stores
}

/// A queue row for a customer on Telegram.
pub fn queue_item(
    id: i64,
    name: &str,
    status: ConversationStatus,
    preview: &str,
    unread: u32,
) -> QueueItem {
    QueueItem {
        conversation: ConversationSummary {
            id: ConversationId(id),
            chat_id: ChatId(id),
            session_number: 1,
            line_id: LineId(1),
            connector_id: ConnectorId(1),
            channel: ConnectorKind::Telegram,
            title: None,
            customer: Customer {
                id: CustomerId(id),
                name: name.into(),
                email: None,
                phone: None,
            },
            status,
            assignee: (status == ConversationStatus::InProgress).then_some(UserId(2)),
            participants: vec![],
            last_message: Some(MessagePreview {
                id: MessageId(100),
                author_kind: AuthorKind::Customer,
                text: preview.into(),
                internal: false,
                created_at: 0,
            }),
            waiting_since: Some(0),
            last_activity_at: 0,
            created_at: 0,
            closed_at: None,
            version: 1,
            locked_by: None,
            offer_expires_at: None,
            rating: None,
            labels: vec![],
            priority: Default::default(),
            snoozed_until: None,
        },
        unread_count: unread,
        last_read_message_id: None,
    }
}

/// A customer message.
pub fn customer_message(id: i64, conversation: i64, text: &str) -> Message {
    Message {
        id: MessageId(id),
        conversation_id: ConversationId(conversation),
        chat_id: ChatId(conversation),
        client_id: None,
        author: Author {
            kind: AuthorKind::Customer,
            user_id: None,
            customer_id: Some(CustomerId(conversation)),
            name: "Marie Dupont".into(),
        },
        text: text.into(),
        attachments: vec![],
        quote: None,
        internal: false,
        mentions: vec![],
        chat_mentions: vec![],
        created_at: 0,
        edited_at: None,
        deleted_at: None,
        system: None,
        card: None,
        delivery: None,
    }
}
