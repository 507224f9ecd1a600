//! Reads of long-lived state for views that come and go.
//!
//! Leptos' reactive graph removes a subscriber from a signal when that
//! subscriber runs again, never when it is dropped. A view drawn again for
//! every conversation opened that reads a store's signals directly (the
//! queue, the logs, the directory, the language) therefore leaves one dead
//! entry in each of those signals per opening; they live as long as the
//! workspace, so an operator switching conversations all day made the wasm
//! memory grow in a straight line (see the README's Performance section).
//!
//! A projection turns such a read around: the value is computed by one
//! long-lived effect, the [`Projections`] hub, which subscribes to whatever
//! the computations read and writes each result into a signal owned by the
//! view that asked for it. The view subscribes only to its own signal, which
//! is dropped with it; the hub is one subscriber, re-run (dropping its old
//! subscriptions) whenever a view comes or goes.
//!
//! Every view of the conversation part, the customer panel and the pages
//! reads the stores through [`project`]; views drawn once per workspace (the
//! shell, the queue) may read them directly.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;

/// One projection: whether its view is still there (its signal not
/// disposed), and the computation that writes into that signal.
struct Projection {
    alive: Box<dyn Fn() -> bool>,
    run: Box<dyn Fn()>,
}

type Entry = Rc<Projection>;

#[derive(Default)]
struct Hub {
    next: u64,
    entries: Vec<(u64, Entry)>,
}

/// The hub computing every projection. `Copy`; provided in context by the
/// workspace.
#[derive(Clone, Copy)]
pub struct Projections {
    hub: StoredValue<Rc<RefCell<Hub>>, LocalStorage>,
    /// Notified when a projection comes or goes: the hub runs again and
    /// subscribes to what the current ones read.
    changed: Trigger,
}

impl Projections {
    /// Creates the hub under the current owner (it lives as long as that
    /// owner) and provides it in context.
    pub fn provide() -> Self {
        let projections = Self {
            hub: StoredValue::new_local(Rc::new(RefCell::new(Hub::default()))),
            changed: Trigger::new(),
        };
        let hub = projections.hub.get_value();
        let changed = projections.changed;
        Effect::new(move |_| {
            changed.track();
            // Outside the borrow: a computation may make a view come or go.
            let entries: Vec<Entry> = hub
                .borrow()
                .entries
                .iter()
                .map(|(_, entry)| entry.clone())
                .collect();
            let mut gone = false;
            for entry in &entries {
                // A view whose signals were disposed before its cleanup
                // ran: nothing of it may be read any more.
                if (entry.alive)() {
                    (entry.run)();
                } else {
                    gone = true;
                }
            }
            if gone {
                hub.borrow_mut()
                    .entries
                    .retain(|(_, entry)| (entry.alive)());
            }
        });
        provide_context(projections);
        projections
    }

    fn register(&self, entry: Entry) -> u64 {
        let hub = self.hub.get_value();
        let mut hub = hub.borrow_mut();
        hub.next += 1;
        let id = hub.next;
        hub.entries.push((id, entry));
        id
    }

    fn unregister(&self, id: u64) {
        if let Some(hub) = self.hub.try_get_value() {
            hub.borrow_mut().entries.retain(|(known, _)| *known != id);
            self.changed.notify();
        }
    }
}

/// A value computed from long-lived signals by the hub, as a signal owned by
/// the current view: it changes when the value does, and goes with the view.
/// Without a hub in context (a view tested on its own), it is a plain memo.
pub fn project<T>(compute: impl Fn() -> T + Send + Sync + 'static) -> Signal<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    // A view drawn as the workspace goes (its hub disposed) computes on its own.
    let Some(projections) = use_context::<Projections>()
        .filter(|projections| !projections.hub.is_disposed() && !projections.changed.is_disposed())
    else {
        return Memo::new(move |_| compute()).into();
    };
    let value = RwSignal::new(untrack(&compute));
    let id = projections.register(Rc::new(Projection {
        alive: Box::new(move || !value.is_disposed()),
        run: Box::new(move || {
            let next = compute();
            value.try_maybe_update(|current| {
                let changed = *current != next;
                if changed {
                    *current = next;
                }
                (changed, ())
            });
        }),
    }));
    projections.changed.notify();
    on_cleanup(move || projections.unregister(id));
    value.into()
}

/// The language the views of a part are drawn in, read once: the view that
/// draws the part (the shell) reads the app's language and draws the part
/// again when it changes, so the part's texts subscribe to nothing.
#[derive(Debug, Clone, Copy)]
pub struct UiLocale(pub crate::i18n::Locale);

/// The language to draw in: the part's ([`UiLocale`]), else the app's, read
/// once (a view tested on its own).
pub fn use_locale() -> crate::i18n::Locale {
    use_context::<UiLocale>()
        .map_or_else(|| crate::i18n::use_i18n().get_locale_untracked(), |ui| ui.0)
}
