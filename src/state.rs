//! Plain-Rust workspace model and rules: no DOM, no futures, tested natively.
//!
//! Views wrap these types in signals; every change goes through a pure
//! function here (`apply_*`), so the rules are unit-tested without a browser.

pub mod actions;
pub mod automation;
pub mod backoff;
pub mod collab;
pub mod composer;
pub mod conversation;
pub mod first_run;
pub mod idle;
pub mod ids;
pub mod labels;
pub mod login;
pub mod message_actions;
pub mod outbox;
pub mod palette;
pub mod presence;
pub mod queue;
pub mod reports;
pub mod route;
pub mod routing;
pub mod sequence;
pub mod supervision;
pub mod text;
pub mod time;
pub mod window;
