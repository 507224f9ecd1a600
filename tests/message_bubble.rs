//! Browser tests of the message bubble: hostile customer text stays text.
#![cfg(target_arch = "wasm32")]

mod common;

use leptos::prelude::*;
use switchboard::api::Api;
use switchboard::components::conversation::bubble::MessageBubble;
use switchboard::i18n::*;
use switchboard_protocol::{Attachment, ChatMention, FileId, Mention, Message, TeamChatId, UserId};
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

use common::{customer_message, host, text_of};

wasm_bindgen_test_configure!(run_in_browser);

fn mount(message: Message) -> (HtmlElement, impl Sized) {
    let host = host();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        let message = message.clone();
        view! {
            <I18nContextProvider>
                {provide_context(Api::new("https://api.example.test"))}
                <MessageBubble message=message />
            </I18nContextProvider>
        }
    });
    (host, handle)
}

#[wasm_bindgen_test]
async fn markup_in_a_message_is_shown_as_text_and_runs_nothing() {
    let hostile = r#"<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> javascript:alert(1) https://shop.example.com/order?id=4"#;
    let (host, _handle) = mount(customer_message(1, 7, hostile));
    leptos::task::tick().await;

    assert!(host.query_selector(".message img").unwrap().is_none());
    assert!(host.query_selector(".message script").unwrap().is_none());
    assert!(text_of(&host, ".message-text").contains("<img src=x"));
    let links = host.query_selector_all(".message-text a").unwrap();
    assert_eq!(links.length(), 1, "only the https URL becomes a link");
    let link: web_sys::Element = wasm_bindgen::JsCast::unchecked_into(links.item(0).unwrap());
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://shop.example.com/order?id=4")
    );
    assert_eq!(
        link.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    assert_eq!(link.get_attribute("target").as_deref(), Some("_blank"));
    let pwned = js_sys::Reflect::get(&window(), &"__pwned".into()).unwrap();
    assert!(pwned.is_undefined());
}

#[wasm_bindgen_test]
async fn mentions_edits_deletions_and_attachments_are_marked() {
    let mut mention = customer_message(2, 7, "Ask @{user:3} please");
    mention.mentions = vec![Mention {
        user_id: UserId(3),
        name: "Marc Petit".into(),
    }];
    mention.edited_at = Some(10);
    mention.attachments = vec![
        Attachment {
            id: FileId("a1".into()),
            name: "photo.png".into(),
            content_type: "image/png".into(),
            size: 2_400_000,
            url: "/api/v1/files/a1".into(),
        },
        Attachment {
            id: FileId("b2".into()),
            name: "facture.pdf".into(),
            content_type: "application/pdf".into(),
            size: 120_000,
            url: "/api/v1/files/b2".into(),
        },
    ];
    let (host, _handle) = mount(mention);
    leptos::task::tick().await;
    assert_eq!(text_of(&host, ".mention"), "@Marc Petit");
    assert_eq!(text_of(&host, ".edited"), "edited");
    let image = host
        .query_selector(".attachment-image img")
        .unwrap()
        .unwrap();
    assert_eq!(
        image.get_attribute("src").as_deref(),
        Some("https://api.example.test/api/v1/files/a1")
    );
    assert_eq!(image.get_attribute("alt").as_deref(), Some("photo.png"));
    assert_eq!(text_of(&host, ".attachment-file .file-name"), "facture.pdf");
    assert_eq!(text_of(&host, ".attachment-file .file-size"), "120 KB");

    let mut deleted = customer_message(3, 7, "secret");
    deleted.deleted_at = Some(20);
    let (host, _handle) = mount(deleted);
    leptos::task::tick().await;
    assert_eq!(text_of(&host, ".message-text"), "Message deleted");
}

#[wasm_bindgen_test]
async fn a_mentioned_internal_chat_is_a_link_to_it_and_an_unknown_one_stays_text() {
    let mut message = customer_message(4, 7, "Follow @{chat:9} not @{chat:5}");
    message.chat_mentions = vec![ChatMention {
        team_chat_id: TeamChatId(9),
        title: "<b>Parcel</b> 42".into(),
    }];
    let (host, _handle) = mount(message);
    leptos::task::tick().await;
    let link = host
        .query_selector(".message-text a.mention-chat")
        .unwrap()
        .expect("a link to the chat");
    assert_eq!(link.get_attribute("href").as_deref(), Some("#/chats/9"));
    assert_eq!(link.text_content().as_deref(), Some("@<b>Parcel</b> 42"));
    assert!(host.query_selector(".message-text b").unwrap().is_none());
    assert_eq!(
        text_of(&host, ".message-text"),
        "Follow @<b>Parcel</b> 42 not @{chat:5}"
    );
}

#[wasm_bindgen_test]
async fn a_reply_shows_where_its_delivery_stands() {
    use switchboard_protocol::{AuthorKind, DeliveryState, MessageDelivery};
    let reply = |id: i64, state: DeliveryState, error: Option<&str>| {
        let mut message = customer_message(id, 7, "Bonjour");
        message.author.kind = AuthorKind::Employee;
        message.author.customer_id = None;
        message.author.user_id = Some(UserId(2));
        message.delivery = Some(MessageDelivery {
            state,
            error: error.map(str::to_owned),
            at: id,
        });
        message
    };

    let (host, _sending) = mount(reply(10, DeliveryState::Sending, None));
    leptos::task::tick().await;
    assert_eq!(text_of(&host, ".delivery.sending"), "Sending…");

    let (host, _retrying) = mount(reply(11, DeliveryState::Sending, Some("503")));
    leptos::task::tick().await;
    assert!(text_of(&host, ".delivery.sending").contains("(retrying)"));

    let (host, _delivered) = mount(reply(12, DeliveryState::Delivered, None));
    leptos::task::tick().await;
    assert_eq!(
        text_of(&host, ".delivery.delivered .visually-hidden"),
        "Delivered"
    );
    assert!(host.query_selector(".delivery.failed").unwrap().is_none());

    let hostile = "<b>Telegram</b> answered 403: bot was blocked by the user";
    let (host, _failed) = mount(reply(13, DeliveryState::Failed, Some(hostile)));
    leptos::task::tick().await;
    let failed = text_of(&host, ".delivery.failed");
    assert!(failed.starts_with("Not delivered"), "{failed}");
    assert!(
        failed.contains(hostile),
        "the reason is shown as text: {failed}"
    );
    assert!(host.query_selector(".delivery.failed b").unwrap().is_none());
    let retry = host
        .query_selector(".delivery.failed button")
        .unwrap()
        .expect("a Retry button");
    assert_eq!(retry.text_content().as_deref(), Some("Retry"));

    // A deleted reply shows no delivery.
    let mut deleted = reply(14, DeliveryState::Failed, Some("gone"));
    deleted.deleted_at = Some(20);
    let (host, _deleted) = mount(deleted);
    leptos::task::tick().await;
    assert!(host.query_selector(".delivery").unwrap().is_none());
}
