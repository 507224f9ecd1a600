//! A keyed list whose items never change their relative order: updates are
//! inserts and removals only, never moves.
//!
//! Leptos' `<For>` diffs keyed lists by scanning old and new positions side by
//! side, and it moves an item in the DOM whenever the additions counted so far
//! do not explain its shift. When several items are inserted at the front (or
//! the window slides: added at one end, dropped at the other), most of the
//! items kept are taken out of the DOM and put back. In the message log, where
//! the rendered window moved by fifty messages, every move re-inserted about a
//! hundred bubbles, which the browser then laid out and painted afresh (1,500
//! of 1,800 layout objects dirty, 25 ms of layout and 12 ms of paint in one
//! frame). A log never reorders what it shows, so this list only removes what
//! left and inserts what arrived, each before the next item kept.

use std::hash::Hash;

use leptos::html::Div;
use leptos::prelude::*;
use leptos::tachys::reactive_graph::{OwnedView, OwnedViewState};
use leptos::tachys::view::any_view::AnyViewState;
use leptos::tachys::view::{Mountable, Render};

/// One rendered item: its key and its mounted view, which owns the item's
/// reactive scope (dropped with it).
type Mounted<K> = (K, OwnedViewState<AnyViewState>);

/// Renders `each()` into the element of `container`, keyed by `key`, each
/// item drawn by `view` once, when it first appears. The container holds
/// nothing else. Items whose keys stay keep their DOM nodes and state; items
/// that go are unmounted and disposed; new ones are inserted in place.
///
/// If the kept items ever came back in another order, the list is rebuilt
/// whole rather than shown in the wrong order.
pub fn ordered_list<T, K>(
    container: NodeRef<Div>,
    each: impl Fn() -> Vec<T> + 'static,
    key: impl Fn(&T) -> K + 'static,
    view: impl Fn(T) -> AnyView + 'static,
) where
    T: 'static,
    K: Eq + Hash + Clone + 'static,
{
    let parent = Owner::current();
    let mounted = StoredValue::new_local(Vec::<Mounted<K>>::new());
    let shown_in = StoredValue::new_local(None::<web_sys::Element>);
    Effect::new(move |_| {
        let items = each();
        let Some(element) = container.get() else {
            return;
        };
        // A new container (the old one left the page): start from nothing.
        let element: web_sys::Element = element.into();
        if shown_in.with_value(|shown| shown.as_ref() != Some(&element)) {
            mounted.update_value(Vec::clear);
            shown_in.set_value(Some(element.clone()));
        }
        // Each item gets a scope of its own under the list's owner (not the
        // effect's, whose children are disposed when it runs again).
        let build = |item: T| {
            let owner = parent
                .as_ref()
                .map_or_else(Owner::new, |parent| parent.with(Owner::new));
            // Untracked: an item is drawn from its value; what in it is
            // reactive subscribes by itself, not through the list.
            let drawn = owner.with(|| untrack(|| view(item)));
            OwnedView::new_with_owner(drawn, owner).build()
        };
        mounted.update_value(|mounted| update(&element, mounted, items, &key, build));
    });
    on_cleanup(move || {
        if let Some(mut items) = mounted.try_update_value(std::mem::take) {
            for (_, state) in &mut items {
                state.unmount();
            }
        }
    });
}

/// Brings `mounted` (in DOM order) to `items`: removes, then inserts from the
/// end, each new item before the first node of the one that follows it.
fn update<T, K>(
    parent: &web_sys::Element,
    mounted: &mut Vec<Mounted<K>>,
    items: Vec<T>,
    key: &impl Fn(&T) -> K,
    mut build: impl FnMut(T) -> OwnedViewState<AnyViewState>,
) where
    K: Eq + Hash + Clone,
{
    let wanted: Vec<(K, T)> = items.into_iter().map(|item| (key(&item), item)).collect();
    let wanted_keys: std::collections::HashSet<&K> = wanted.iter().map(|(k, _)| k).collect();
    let mut kept: std::collections::HashMap<K, OwnedViewState<AnyViewState>> =
        std::collections::HashMap::with_capacity(mounted.len());
    let mut kept_order = Vec::with_capacity(mounted.len());
    for (k, mut state) in mounted.drain(..) {
        if wanted_keys.contains(&k) {
            kept_order.push(k.clone());
            kept.insert(k, state);
        } else {
            state.unmount();
        }
    }
    let same_order = wanted
        .iter()
        .filter(|(k, _)| kept.contains_key(k))
        .map(|(k, _)| k)
        .eq(kept_order.iter());
    if !same_order {
        for state in kept.values_mut() {
            state.unmount();
        }
        kept.clear();
    }
    let mut next: Option<web_sys::Node> = None;
    let mut placed = Vec::with_capacity(wanted.len());
    for (k, item) in wanted.into_iter().rev() {
        let state = match kept.remove(&k) {
            Some(state) => state,
            None => {
                let mut state = build(item);
                state.mount(parent, next.as_ref());
                state
            }
        };
        if let Some(first) = state.elements().into_iter().next() {
            next = Some(first.into());
        }
        placed.push((k, state));
    }
    placed.reverse();
    *mounted = placed;
}
