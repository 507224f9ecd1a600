//! Plain-Rust workspace model and rules: no DOM, no futures, tested natively.

pub mod login;
