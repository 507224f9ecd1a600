//! The open conversation: header, message log, actions and composer.

pub mod bubble;
pub mod composer;
pub mod header;
pub mod log;
pub mod view;
