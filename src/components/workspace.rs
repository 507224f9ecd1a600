//! The signed-in frame: navigation, top bar, panels and overlays.

pub mod connection;
pub mod expired;
pub mod idle;
pub mod keys;
pub mod password;
pub mod sessions;
pub mod shell;
pub mod toasts;
pub mod user_menu;
pub mod user_panel;
