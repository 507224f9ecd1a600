//! Switchboard: the operator workspace for omnichannel customer conversations.
//!
//! The app is layered so data flows one way: a user action → `api` call →
//! server → event → `state` reducer → view. `components` only read signals and
//! call actions; wire formats and business rules live in `api` and `state`.

pub mod api;
pub mod components;
pub mod config;
pub mod drafts;
pub mod format;
pub mod lazy;
pub mod listeners;
pub mod notify;
pub mod preferences;
pub mod projection;
pub mod realtime;
pub mod session;
pub mod state;
pub mod stores;

/// Translations, generated from `locales/*.json` (English and French).
#[allow(deprecated, missing_docs)]
mod translations {
    // The `load_locales!` macro is deprecated in favour of build-script code
    // generation, which would pull ICU data exporters into every build; the
    // macro generates the same module at a fraction of the build time.
    leptos_i18n::load_locales!();
}
pub use translations::i18n;

/// Mounts the app on `<body>`. Called once by the wasm binary's `main`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(components::app::App);
}
