//! Telling the operator about a customer message outside the conversation on
//! screen: a desktop notification (only once they enabled it) and a sound
//! (only once they enabled it). The in-app toast is a component.

use switchboard_protocol::ConversationId;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Notification, NotificationOptions, NotificationPermission};

use crate::preferences;
use crate::state::route::Route;

/// Announces a customer message by the channels the operator turned on.
pub fn announce(conversation: ConversationId, title: &str, body: &str) {
    if preferences::sound() {
        beep();
    }
    if preferences::desktop_notifications()
        && Notification::permission() == NotificationPermission::Granted
    {
        show_desktop(conversation, title, body);
    }
}

fn show_desktop(conversation: ConversationId, title: &str, body: &str) {
    let options = NotificationOptions::new();
    options.set_body(body);
    options.set_tag(&format!("conversation-{conversation}"));
    let Ok(notification) = Notification::new_with_options(title, &options) else {
        return;
    };
    // The route follows the URL fragment, so setting it opens the conversation.
    let on_click = Closure::once_into_js(move || {
        if let Some(window) = web_sys::window() {
            let _ = window.focus();
            let _ = window
                .location()
                .set_hash(&Route::Conversation(conversation).href());
        }
    });
    notification.set_onclick(Some(on_click.unchecked_ref()));
}

/// Asks the browser for permission (only ever from a click in the user menu).
/// Resolves to whether notifications may be shown.
pub async fn request_permission() -> bool {
    let Ok(promise) = Notification::request_permission() else {
        return false;
    };
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(value) => value.as_string().as_deref() == Some("granted"),
        Err(_) => false,
    }
}

/// A short, soft two-tone chime made on the fly (no audio file to download).
fn beep() {
    let Ok(context) = web_sys::AudioContext::new() else {
        return;
    };
    let (Ok(oscillator), Ok(gain)) = (context.create_oscillator(), context.create_gain()) else {
        return;
    };
    let start = context.current_time();
    oscillator.set_type(web_sys::OscillatorType::Sine);
    let _ = oscillator.frequency().set_value_at_time(880.0, start);
    let _ = oscillator
        .frequency()
        .set_value_at_time(660.0, start + 0.12);
    let _ = gain.gain().set_value_at_time(0.08, start);
    let _ = gain
        .gain()
        .exponential_ramp_to_value_at_time(0.001, start + 0.3);
    let _ = oscillator.connect_with_audio_node(&gain);
    let _ = gain.connect_with_audio_node(&context.destination());
    let _ = oscillator.start();
    let _ = oscillator.stop_with_when(start + 0.3);
}
