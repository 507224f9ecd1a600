//! Away after a while without activity: an operator who is Online and
//! leaves the keyboard shows as Away after the idle time they chose ("Away
//! after" in the user menu), and Online again as soon as they are back.
//! A status they chose themselves (Away, Offline) is never changed.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use switchboard_protocol::Presence;

use crate::listeners::{every, on_window_event};
use crate::state::idle::{next_presence, Idle};
use crate::stores::{now_ms, SessionStore};

/// Watches activity for the workspace's lifetime.
pub fn auto_away(store: SessionStore) {
    let idle = Rc::new(Cell::new(Idle::new(now_ms())));
    let apply = move |idle: &Rc<Cell<Idle>>, active: bool| {
        if !store.is_alive() {
            return;
        }
        let presence = store.me.with_untracked(|me| me.presence);
        let limit = crate::preferences::away_after_minutes();
        let mut state = idle.get();
        let next = next_presence(&mut state, presence, active, now_ms(), limit);
        idle.set(state);
        if let Some(next) = next {
            set(store, next);
        }
    };
    {
        let idle = idle.clone();
        // Cheap on every pointer move: the rule runs only when the watcher
        // has something to undo.
        let activity = move || {
            let mut state = idle.get();
            if state.made_away {
                apply(&idle, true);
            } else {
                state.last_activity = now_ms();
                idle.set(state);
            }
        };
        let on_key = activity.clone();
        on_window_event(leptos::ev::keydown, move |_| on_key());
        let on_pointer = activity.clone();
        on_window_event(leptos::ev::pointerdown, move |_| on_pointer());
        on_window_event(leptos::ev::pointermove, move |_| activity());
    }
    every(Duration::from_secs(20), move || apply(&idle, false));
}

fn set(store: SessionStore, presence: Presence) {
    store.spawn(async move {
        match store.client().set_presence(presence).await {
            Ok(user) => store.me.update(|me| me.presence = user.presence),
            Err(error) => store.failed(&error),
        }
    });
}
