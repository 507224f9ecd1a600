//! Stores that live with a screen rather than with the workspace (the
//! supervision snapshot) follow the event stream while they are there: each
//! registers a watcher, removed with the owner that registered it, and
//! [`super::Stores::apply_frame`] hands every applied event to the watchers
//! after the workspace's own stores. The start module carries only this
//! hand-over; what a watcher does comes with the part that registers it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::on_cleanup;
use switchboard_protocol::Event;

/// What a watcher is told: an event that was applied, or that events were
/// missed (after a resync, anything may have changed).
#[derive(Debug, Clone, Copy)]
pub enum Applied<'a> {
    /// This event was applied to the workspace's stores.
    Event(&'a Event),
    /// Events were missed.
    Resync,
}

type Watcher = Rc<dyn Fn(Applied<'_>)>;

thread_local! {
    static WATCHERS: RefCell<Vec<(u64, Watcher)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
}

/// Calls `watcher` with everything the event stream applies from now on,
/// until the current owner is cleaned up.
pub fn watch(watcher: impl Fn(Applied<'_>) + 'static) {
    let id = NEXT_ID.get();
    NEXT_ID.set(id + 1);
    WATCHERS.with(|watchers| watchers.borrow_mut().push((id, Rc::new(watcher))));
    on_cleanup(move || {
        WATCHERS.with(|watchers| watchers.borrow_mut().retain(|(each, _)| *each != id));
    });
}

/// Tells every watcher (none unless a screen that watches is shown).
pub(super) fn applied(applied: Applied<'_>) {
    // Called outside of the borrow: a watcher may register or leave.
    let watchers: Vec<Watcher> = WATCHERS.with(|watchers| {
        watchers
            .borrow()
            .iter()
            .map(|(_, watcher)| watcher.clone())
            .collect()
    });
    for watcher in watchers {
        watcher(applied);
    }
}
