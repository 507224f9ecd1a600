//! Browser listeners and timers that go with their owner: each is removed
//! when the component (or store) that asked for it is cleaned up, so that
//! after logging out nothing reacts to the keyboard, the network or the
//! clock with signals that no longer exist.

use std::time::Duration;

use leptos::ev::EventDescriptor;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Listens to `event` on the window until the current owner is cleaned up.
pub fn on_window_event<E>(event: E, handler: impl Fn(E::EventType) + 'static)
where
    E: EventDescriptor + 'static,
    E::EventType: JsCast,
{
    let handle = window_event_listener(event, handler);
    on_cleanup(move || handle.remove());
}

/// Runs `tick` every `period` until the current owner is cleaned up.
pub fn every(period: Duration, tick: impl Fn() + 'static) {
    if let Ok(handle) = set_interval_with_handle(tick, period) {
        on_cleanup(move || handle.clear());
    }
}

/// Runs `work` once after `delay`, unless the current owner is cleaned up
/// first.
pub fn after(delay: Duration, work: impl FnOnce() + 'static) {
    if let Ok(handle) = set_timeout_with_handle(work, delay) {
        on_cleanup(move || handle.clear());
    }
}

/// Runs `work` before the next frame is painted, unless the current owner
/// is cleaned up first (a view gone meanwhile must not be read).
pub fn on_next_frame(work: impl FnOnce() + 'static) {
    if let Ok(handle) = request_animation_frame_with_handle(work) {
        on_cleanup(move || handle.cancel());
    }
}
