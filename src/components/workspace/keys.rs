//! The workspace's one keyboard listener: Ctrl+K (⌘K) opens the command
//! palette, "?" the cheat sheet, and the keys of
//! [`SHORTCUT_ACTIONS`](switchboard_protocol::preferences::SHORTCUT_ACTIONS)
//! (the person's own, from the server) run their action. Which action keys
//! run, and what it does, come with the pages' and the palette's parts: the
//! start module carries only this listener. It goes with the workspace.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::*;
use crate::lazy::Parts;
use crate::listeners::on_window_event;
use crate::stores::{Overlay, Stores};

/// The key combination of a key press in its canonical spelling
/// (`Ctrl+Alt+Shift+Meta+Key`, see
/// [`normalize_keys`](switchboard_protocol::preferences::normalize_keys)),
/// or `None` for a modifier alone. Letters and digits are read from the key's place, so
/// that Alt+R is Alt+R on a Mac too (where it types "®").
pub fn keys_of(event: &web_sys::KeyboardEvent) -> Option<String> {
    let code = event.code();
    let key = event.key();
    let (main, named) = match (code.strip_prefix("Key"), code.strip_prefix("Digit")) {
        (Some(letter), _) => (letter.to_owned(), true),
        (_, Some(digit)) => (digit.to_owned(), true),
        _ if key == " " => ("Space".to_owned(), true),
        _ => {
            let named = key.chars().count() > 1;
            (key, named)
        }
    };
    let mut text = String::new();
    for (held, name) in [
        (event.ctrl_key(), "Ctrl+"),
        (event.alt_key(), "Alt+"),
        // "?" is already Shift's: only named keys, letters and digits take it.
        (event.shift_key() && named, "Shift+"),
        (event.meta_key(), "Meta+"),
    ] {
        if held {
            text.push_str(name);
        }
    }
    if matches!(
        main.as_str(),
        "Control" | "Alt" | "Shift" | "Meta" | "AltGraph"
    ) {
        return None;
    }
    text.push_str(&main);
    Some(text)
}

/// Whether the key press is typing in a field (single keys are text there).
fn typing(event: &web_sys::KeyboardEvent) -> bool {
    let Some(element) = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    match element.tag_name().as_str() {
        "TEXTAREA" | "SELECT" => true,
        "INPUT" => !matches!(
            element.get_attribute("type").as_deref(),
            Some("checkbox" | "radio" | "button" | "submit")
        ),
        _ => element.is_content_editable(),
    }
}

/// Listens to the keyboard for the workspace; `switch` moves to the next
/// (`true`) or previous conversation.
pub fn listen(stores: Stores, parts: Parts, switch: fn(Stores, bool)) {
    let i18n = use_i18n();
    let overlay = stores.preferences.overlay;
    on_window_event(leptos::ev::keydown, move |event| {
        // Another dialog is open (or the palette): its keys are its own.
        let dialog = document().query_selector("dialog[open]").ok().flatten();
        if event.default_prevented() || dialog.is_some() {
            return;
        }
        let Some(keys) = keys_of(&event) else { return };
        let open = |with: Overlay| {
            event.prevent_default();
            overlay.set(Some(with));
        };
        if keys == "Ctrl+K" || keys == "Meta+K" {
            return open(Overlay::Palette(String::new()));
        }
        let typing = typing(&event);
        if event.key() == "?" && !typing && !event.ctrl_key() && !event.alt_key() {
            return open(Overlay::Shortcuts);
        }
        // The pages' part knows my keys (it loads them).
        let Some(pages) = parts.pages.ready() else {
            return;
        };
        let Some(action) = (pages.action_for)(stores.preferences, &keys, typing) else {
            return;
        };
        event.prevent_default();
        match action {
            "next_conversation" => switch(stores, true),
            "previous_conversation" => switch(stores, false),
            _ => (pages.run_shortcut)(parts, stores, i18n, action),
        }
    });
}
