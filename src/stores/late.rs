//! The events only parts loaded on demand keep live: tasks, calendar events
//! and the feed (the pages' part), contacts, deals and orders (the customer
//! panel, in the conversation's part), and my preferences (the palette's
//! keys, in the pages' part). The start code leaves them as text
//! ([`switchboard_protocol::decode_frame_deferring`]), so it carries none of
//! their decoders nor the reducers that apply them. Before such a part has
//! arrived nothing of theirs is loaded (they load on first use), so nothing
//! needs their events; once it has, it calls [`keep_live`], and from then on
//! they are decoded and applied like the others.
//!
//! The conversation labels too: the queue's rows name their labels, but the
//! list (its request, its decoder, `labels_changed`) comes with the first
//! part that arrives, soon after the queue's first rows; until then rows show
//! their priority and no label names. That part loads the list
//! ([`reload`]), again after a resync, and follows its events.

use std::cell::Cell;

use switchboard_protocol::{DeferredEvent, Event, EventEnvelope};

use super::Stores;

type Decode = fn(&DeferredEvent) -> Option<EventEnvelope>;
type Apply = fn(&Stores, &Event);
type Reload = fn(&Stores);

thread_local! {
    static LATE: Cell<Option<(Decode, Apply, Reload)>> = const { Cell::new(None) };
}

/// The event, decoded, if a part that keeps such events has arrived.
pub(crate) fn decode(event: &DeferredEvent) -> Option<EventEnvelope> {
    LATE.get().and_then(|(decode, _, _)| decode(event))
}

/// Applies an event to the stores of the parts loaded on demand, if one
/// has arrived.
pub(super) fn apply(stores: &Stores, event: &Event) {
    if let Some((_, apply, _)) = LATE.get() {
        apply(stores, event);
    }
}

/// Loads again what the parts keep from the start (the conversation
/// labels), if one has arrived: when it arrives, and after a resync.
pub(crate) fn reload(stores: &Stores) {
    if let Some((_, _, reload)) = LATE.get() {
        reload(stores);
    }
}

/// Keeps the tasks, calendar, feed and CRM cards live from now on: called
/// by the parts that show them when they arrive (and by tests).
pub fn keep_live() {
    LATE.set(Some((
        |event| switchboard_protocol::decode_deferred(event).ok(),
        |stores, event| {
            stores.collab.apply_event(event);
            stores.crm.apply_event(event);
            stores.preferences.apply_event(event);
            if matches!(event, Event::LabelsChanged { .. }) {
                stores.session.apply_labels_event(event);
                stores.conversations.forget_deleted_label();
            }
        },
        |stores| {
            // A label deleted while this browser was away filters nothing.
            let conversations = stores.conversations;
            stores
                .session
                .load_labels(move || conversations.forget_deleted_label());
        },
    )));
}
