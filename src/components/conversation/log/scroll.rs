//! Keeping the operator's place in the log: the message being read stays
//! where it is while older messages load or the window moves, and a message
//! asked for is brought to the middle and outlined for a moment.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The first message at or below the top of the visible area, and its
/// distance from that top: the point to keep still while older messages load.
pub(super) fn reading_anchor(log: &web_sys::HtmlDivElement) -> Option<(String, i32)> {
    let top = log.scroll_top();
    let messages = log.query_selector_all(".message[id]").ok()?;
    (0..messages.length())
        .filter_map(|index| messages.item(index))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .find(|message| message.offset_top() >= top)
        .map(|message| (message.id(), message.offset_top() - top))
}

/// Runs `change` (which adds or removes messages around the viewport), then
/// scrolls so the message the operator was reading stays where it was.
pub(super) fn keeping_reading_position(scroller: NodeRef<Div>, change: impl FnOnce()) {
    let anchor = scroller
        .get_untracked()
        .and_then(|element| reading_anchor(&element));
    change();
    restore_reading_position(scroller, anchor);
}

/// After the DOM changed, scrolls the anchor back to where it was read.
pub(super) fn restore_reading_position(scroller: NodeRef<Div>, anchor: Option<(String, i32)>) {
    request_animation_frame(move || {
        let element = scroller.try_get_untracked().flatten();
        if let (Some(element), Some((anchor_id, offset))) = (element, anchor) {
            if let Some(anchor) = document()
                .get_element_by_id(&anchor_id)
                .and_then(|anchor| anchor.dyn_into::<web_sys::HtmlElement>().ok())
            {
                element.set_scroll_top(anchor.offset_top() - offset);
            }
        }
    });
}

/// Scrolls a rendered message to the middle of the log, focuses it and
/// outlines it for a moment.
pub(super) fn reveal_message(id: switchboard_protocol::MessageId) {
    let Some(element) = document()
        .get_element_by_id(&format!("message-{id}"))
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    element.scroll_into_view_with_scroll_into_view_options(&options);
    let _ = element.focus();
    let _ = element.class_list().add_1("revealed");
    set_timeout(
        move || {
            let _ = element.class_list().remove_1("revealed");
        },
        std::time::Duration::from_secs(2),
    );
}
