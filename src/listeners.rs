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

/// Work that waits for a pause: each [`Debounce::call`] replaces the work
/// still waiting, so typing in a search box asks the server once, when the
/// operator stops. What still waits is dropped with the owner.
#[derive(Clone, Copy)]
pub struct Debounce {
    pending: StoredValue<Option<TimeoutHandle>>,
    delay: Duration,
}

impl Debounce {
    /// Waits `delay` after the last call.
    pub fn new(delay: Duration) -> Self {
        let debounce = Self {
            pending: StoredValue::new(None),
            delay,
        };
        on_cleanup(move || debounce.cancel());
        debounce
    }

    /// Runs `work` after the delay, instead of the work waiting.
    pub fn call(&self, work: impl FnOnce() + 'static) {
        self.cancel();
        self.pending
            .try_set_value(set_timeout_with_handle(work, self.delay).ok());
    }

    /// Forgets the work waiting, if any.
    pub fn cancel(&self) {
        if let Some(handle) = self.pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    }
}
