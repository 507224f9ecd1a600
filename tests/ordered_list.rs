//! Browser tests of the ordered keyed list the message log renders with:
//! items that stay keep their DOM nodes, new ones land in place, and a
//! sliding window re-inserts nothing.
#![cfg(target_arch = "wasm32")]

mod common;

use leptos::html::Div;
use leptos::prelude::*;
use switchboard::components::ordered_list::ordered_list;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use common::{eventually, host};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a list of numbered paragraphs showing `items`; counts how many
/// times each item was drawn.
fn mount_list(
    items: RwSignal<Vec<u32>>,
    drawn: RwSignal<u32>,
) -> (web_sys::HtmlElement, impl Drop) {
    let host = host();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        let container = NodeRef::<Div>::new();
        ordered_list(
            container,
            move || items.get(),
            |item| *item,
            move |item| {
                drawn.update(|count| *count += 1);
                view! { <p data-item=item.to_string()>{format!("item {item}")}</p> }.into_any()
            },
        );
        view! { <div class="list" node_ref=container></div> }
    });
    (host, handle)
}

fn shown(host: &web_sys::HtmlElement) -> Vec<String> {
    let nodes = host.query_selector_all("p").unwrap();
    (0..nodes.length())
        .filter_map(|index| nodes.item(index))
        .filter_map(|node| node.text_content())
        .collect()
}

fn node_of(host: &web_sys::HtmlElement, item: u32) -> web_sys::Element {
    host.query_selector(&format!("[data-item='{item}']"))
        .unwrap()
        .expect("the item is shown")
}

fn texts(items: impl IntoIterator<Item = u32>) -> Vec<String> {
    items
        .into_iter()
        .map(|item| format!("item {item}"))
        .collect()
}

#[wasm_bindgen_test]
async fn a_window_sliding_both_ways_keeps_the_nodes_that_stay() {
    let items = RwSignal::new((100..150).collect::<Vec<u32>>());
    let drawn = RwSignal::new(0);
    let (host, _handle) = mount_list(items, drawn);
    assert!(eventually(|| shown(&host) == texts(100..150)).await);
    let kept = node_of(&host, 120);

    // Older items in front, the newest dropped: only the new ones are drawn,
    // and those that stay are the same nodes, never taken out of the page.
    let removed = std::rc::Rc::new(std::cell::Cell::new(0u32));
    let count = removed.clone();
    let observer = web_sys::MutationObserver::new(
        wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
            move |records: js_sys::Array| {
                for record in records.iter() {
                    let record: web_sys::MutationRecord = record.unchecked_into();
                    count.set(count.get() + record.removed_nodes().length());
                }
            },
        )
        .into_js_value()
        .unchecked_ref(),
    )
    .unwrap();
    let options = web_sys::MutationObserverInit::new();
    options.set_child_list(true);
    observer
        .observe_with_options(&host.query_selector(".list").unwrap().unwrap(), &options)
        .unwrap();
    items.set((50..130).collect());
    assert!(eventually(|| shown(&host) == texts(50..130)).await);
    assert_eq!(
        drawn.get_untracked(),
        50 + 50,
        "only the fifty new items were drawn"
    );
    assert!(node_of(&host, 120).is_same_node(Some(&kept)));
    common::sleep(std::time::Duration::from_millis(20)).await;
    assert_eq!(
        removed.get(),
        20,
        "the twenty items that left, and nothing else"
    );

    // And back: newer items at the end, the oldest dropped.
    items.set((90..160).collect());
    assert!(eventually(|| shown(&host) == texts(90..160)).await);
    assert!(node_of(&host, 120).is_same_node(Some(&kept)));
    assert_eq!(drawn.get_untracked(), 100 + 30);
    observer.disconnect();
}

#[wasm_bindgen_test]
async fn items_are_inserted_in_place_and_removed_from_anywhere() {
    let items = RwSignal::new(vec![1, 3, 5]);
    let drawn = RwSignal::new(0);
    let (host, _handle) = mount_list(items, drawn);
    assert!(eventually(|| shown(&host) == texts([1, 3, 5])).await);
    items.set(vec![0, 1, 2, 3, 4, 5, 6]);
    assert!(eventually(|| shown(&host) == texts(0..7)).await);
    items.set(vec![2, 4]);
    assert!(eventually(|| shown(&host) == texts([2, 4])).await);
    items.set(Vec::new());
    assert!(eventually(|| shown(&host).is_empty()).await);
    assert_eq!(drawn.get_untracked(), 7);
}

#[wasm_bindgen_test]
async fn items_that_come_back_in_another_order_are_shown_in_that_order() {
    let items = RwSignal::new(vec![1, 2, 3]);
    let drawn = RwSignal::new(0);
    let (host, _handle) = mount_list(items, drawn);
    assert!(eventually(|| shown(&host) == texts([1, 2, 3])).await);
    items.set(vec![3, 1, 2]);
    assert!(eventually(|| shown(&host) == texts([3, 1, 2])).await);
}
