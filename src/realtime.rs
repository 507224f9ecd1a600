//! The websocket to `/api/v1/events`: connect, heartbeat, reconnect with
//! backoff and full jitter, resume from the last sequence number.
//!
//! It never touches a component: frames go to the `on_frame` callback, the
//! connection state to `on_state`. Replayed events the app has already seen
//! are dropped by [`StreamPosition`], so reducers see each event once.

use std::cell::RefCell;
use std::rc::Rc;

use switchboard_protocol::{
    is_server_restart, ClientFrame, ConversationId, DecodedFrame, EventSeq, ServerFrame,
};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

use crate::state::backoff;
use crate::state::sequence::{FrameAction, StreamPosition};

/// How often the client proves the connection alive.
const HEARTBEAT_MS: i32 = 15_000;
/// Silence after which the socket is considered dead.
const DEAD_AFTER_MS: f64 = 40_000.0;

/// What the operator is told about the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionState {
    /// First connection in progress.
    Connecting,
    /// Events flow.
    Live,
    /// The connection dropped; trying again.
    Reconnecting,
    /// The server closed the stream because it is restarting (close code
    /// 1012); reconnecting at once with the usual backoff. Not an error:
    /// it lasts until the stream is live again.
    ServerRestarting,
}

/// The state to show after the socket closed with `code` and `reason`,
/// given whether the server had already said it was restarting (a restart
/// refuses connections for a moment; that is still the same restart).
pub fn state_after_close(code: u16, reason: &str, restarting: bool) -> ConnectionState {
    if restarting || is_server_restart(code, reason) {
        ConnectionState::ServerRestarting
    } else {
        ConnectionState::Reconnecting
    }
}

/// Callbacks and the URL builder of a [`Realtime`] connection.
pub struct RealtimeOptions {
    /// Builds the URL to connect to, resuming after the given sequence number.
    pub url: Box<dyn Fn(Option<EventSeq>) -> String>,
    /// Receives every new event, `resync` and `ready` frame, in order.
    pub on_frame: Box<dyn Fn(ServerFrame)>,
    /// Receives connection state changes.
    pub on_state: Box<dyn Fn(ConnectionState)>,
    /// The conversation on screen, told to the server when the stream is
    /// live and whenever it changes ([`Realtime::viewing_changed`]).
    pub viewing: Box<dyn Fn() -> Option<ConversationId>>,
}

struct Inner {
    options: RealtimeOptions,
    socket: Option<WebSocket>,
    position: StreamPosition,
    attempt: u32,
    last_frame_at: f64,
    stopped: bool,
    retry_timer: Option<i32>,
    heartbeat_timer: Option<i32>,
    nonce: u64,
    /// The server said it is restarting; cleared when the stream is live again.
    restarting: bool,
    handlers: Vec<Closure<dyn FnMut(web_sys::Event)>>,
    heartbeat: Option<Closure<dyn FnMut()>>,
}

/// A live event stream. Dropping it closes the socket and stops retrying.
pub struct Realtime {
    inner: Rc<RefCell<Inner>>,
}

fn now() -> f64 {
    js_sys::Date::now()
}

impl Realtime {
    /// Connects and keeps connecting until dropped; the first connection
    /// replays the events after `after` (none: from the server's latest).
    pub fn start(options: RealtimeOptions, after: Option<EventSeq>) -> Self {
        let inner = Rc::new(RefCell::new(Inner {
            options,
            socket: None,
            position: StreamPosition::after(after),
            attempt: 0,
            last_frame_at: now(),
            stopped: false,
            retry_timer: None,
            heartbeat_timer: None,
            nonce: 0,
            restarting: false,
            handlers: Vec::new(),
            heartbeat: None,
        }));
        (inner.borrow().options.on_state)(ConnectionState::Connecting);
        connect(&inner);
        start_heartbeat(&inner);
        Self { inner }
    }

    /// The last event applied, to resume a later stream from.
    pub fn position(&self) -> Option<EventSeq> {
        self.inner.borrow().position.last()
    }

    /// Tells the server which conversation is on screen now.
    pub fn viewing_changed(&self) {
        send_viewing(&self.inner.borrow());
    }

    /// Reconnects now if the connection is down (e.g. the browser is back online).
    pub fn reconnect_now(&self) {
        let down = self.inner.borrow().socket.is_none();
        if down {
            if let Some(timer) = self.inner.borrow_mut().retry_timer.take() {
                if let Some(window) = web_sys::window() {
                    window.clear_timeout_with_handle(timer);
                }
            }
            connect(&self.inner);
        }
    }
}

impl Drop for Realtime {
    fn drop(&mut self) {
        let mut inner = self.inner.borrow_mut();
        inner.stopped = true;
        if let Some(window) = web_sys::window() {
            if let Some(timer) = inner.retry_timer.take() {
                window.clear_timeout_with_handle(timer);
            }
            if let Some(timer) = inner.heartbeat_timer.take() {
                window.clear_interval_with_handle(timer);
            }
        }
        if let Some(socket) = inner.socket.take() {
            clear_handlers(&socket);
            let _ = socket.close_with_code_and_reason(1000, "logged out");
        }
        inner.handlers.clear();
        inner.heartbeat = None;
    }
}

/// Sends the `viewing` frame, if the socket is open (a new connection
/// sends it once live).
fn send_viewing(inner: &Inner) {
    let Some(socket) = inner.socket.as_ref() else {
        return;
    };
    if socket.ready_state() != WebSocket::OPEN {
        return;
    }
    let frame = ClientFrame::Viewing {
        conversation_id: (inner.options.viewing)(),
    };
    if let Ok(text) = serde_json::to_string(&frame) {
        let _ = socket.send_with_str(&text);
    }
}

fn clear_handlers(socket: &WebSocket) {
    socket.set_onopen(None);
    socket.set_onmessage(None);
    socket.set_onclose(None);
    socket.set_onerror(None);
}

fn connect(inner_rc: &Rc<RefCell<Inner>>) {
    let mut inner = inner_rc.borrow_mut();
    if inner.stopped {
        return;
    }
    let url = (inner.options.url)(inner.position.last());
    let socket = match WebSocket::new(&url) {
        Ok(socket) => socket,
        Err(_) => {
            drop(inner);
            schedule_reconnect(inner_rc);
            return;
        }
    };
    let on_message = {
        let weak = Rc::downgrade(inner_rc);
        Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            let Some(inner) = weak.upgrade() else { return };
            let Some(text) = event
                .dyn_ref::<MessageEvent>()
                .and_then(|message| message.data().as_string())
            else {
                return;
            };
            handle_text(&inner, &text);
        })
    };
    let on_close = {
        let weak = Rc::downgrade(inner_rc);
        Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            let Some(inner) = weak.upgrade() else { return };
            let (code, reason) = event
                .dyn_ref::<CloseEvent>()
                .map(|close| (close.code(), close.reason()))
                .unwrap_or((1006, String::new()));
            let (stopped, state) = {
                let mut inner = inner.borrow_mut();
                inner.socket = None;
                let state = state_after_close(code, &reason, inner.restarting);
                if state == ConnectionState::ServerRestarting && !inner.restarting {
                    // A planned restart: start the backoff over, so the
                    // first retry comes within half a second.
                    inner.restarting = true;
                    inner.attempt = 0;
                }
                (inner.stopped, state)
            };
            if !stopped {
                (inner.borrow().options.on_state)(state);
                schedule_reconnect(&inner);
            }
        })
    };
    socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    inner.handlers = vec![on_message, on_close];
    inner.last_frame_at = now();
    inner.socket = Some(socket);
}

fn handle_text(inner_rc: &Rc<RefCell<Inner>>, text: &str) {
    let frame = match switchboard_protocol::decode_frame_deferring(text) {
        Ok(DecodedFrame::Frame(frame)) => Some(frame),
        // Decoded only once a part that keeps such events has arrived
        // (see `crate::stores::late`); until then only the position moves.
        Ok(DecodedFrame::Deferred(event)) => {
            let decoded = crate::stores::late::decode(&event);
            if decoded.is_none() {
                let mut inner = inner_rc.borrow_mut();
                inner.last_frame_at = now();
                inner.position.accept_event(event.seq);
            }
            decoded.map(ServerFrame::Event)
        }
        Err(_) => None,
    };
    let Some(frame) = frame else {
        return;
    };
    let action = {
        let mut inner = inner_rc.borrow_mut();
        inner.last_frame_at = now();
        let action = inner.position.accept(&frame);
        if matches!(action, FrameAction::Live | FrameAction::Resync) {
            inner.attempt = 0;
            inner.restarting = false;
        }
        action
    };
    let inner = inner_rc.borrow();
    match action {
        FrameAction::Drop | FrameAction::Heartbeat => {}
        FrameAction::Apply => (inner.options.on_frame)(frame),
        FrameAction::Live | FrameAction::Resync => {
            send_viewing(&inner);
            (inner.options.on_state)(ConnectionState::Live);
            (inner.options.on_frame)(frame);
        }
    }
}

fn schedule_reconnect(inner_rc: &Rc<RefCell<Inner>>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let delay = {
        let mut inner = inner_rc.borrow_mut();
        if inner.stopped || inner.retry_timer.is_some() {
            return;
        }
        let delay = backoff::delay_ms(inner.attempt, js_sys::Math::random());
        inner.attempt = inner.attempt.saturating_add(1);
        delay
    };
    let weak = Rc::downgrade(inner_rc);
    let callback = Closure::once_into_js(move || {
        if let Some(inner) = weak.upgrade() {
            inner.borrow_mut().retry_timer = None;
            connect(&inner);
        }
    });
    if let Ok(timer) = window.set_timeout_with_callback_and_timeout_and_arguments_0(
        callback.unchecked_ref(),
        i32::try_from(delay).unwrap_or(i32::MAX),
    ) {
        inner_rc.borrow_mut().retry_timer = Some(timer);
    }
}

fn start_heartbeat(inner_rc: &Rc<RefCell<Inner>>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let weak = Rc::downgrade(inner_rc);
    let tick = Closure::<dyn FnMut()>::new(move || {
        let Some(inner_rc) = weak.upgrade() else {
            return;
        };
        let mut inner = inner_rc.borrow_mut();
        let Some(socket) = inner.socket.clone() else {
            return;
        };
        if socket.ready_state() != WebSocket::OPEN {
            return;
        }
        if now() - inner.last_frame_at > DEAD_AFTER_MS {
            // Silent for too long: the connection is dead even if the
            // browser has not noticed. Closing fires `onclose`, which retries.
            drop(inner);
            let _ = socket.close_with_code_and_reason(4000, "heartbeat timeout");
            return;
        }
        inner.nonce = inner.nonce.wrapping_add(1);
        if let Ok(text) = serde_json::to_string(&ClientFrame::Ping { nonce: inner.nonce }) {
            let _ = socket.send_with_str(&text);
        }
    });
    if let Ok(timer) = window.set_interval_with_callback_and_timeout_and_arguments_0(
        tick.as_ref().unchecked_ref(),
        HEARTBEAT_MS,
    ) {
        let mut inner = inner_rc.borrow_mut();
        inner.heartbeat_timer = Some(timer);
        inner.heartbeat = Some(tick);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_restart_is_told_apart_from_other_closes() {
        use ConnectionState::{Reconnecting, ServerRestarting};
        for (code, reason, during_restart, expected) in [
            // A restart close is not an error…
            (1012, "server restarting", false, ServerRestarting),
            (1001, "server restarting", false, ServerRestarting),
            // …nor are the attempts refused while the server restarts…
            (1006, "", true, ServerRestarting),
            // …but any other close is a reconnection.
            (1006, "", false, Reconnecting),
            (4000, "heartbeat timeout", false, Reconnecting),
            (1001, "going away", false, Reconnecting),
        ] {
            assert_eq!(
                state_after_close(code, reason, during_restart),
                expected,
                "close {code} {reason:?} during a restart: {during_restart}"
            );
        }
    }
}
