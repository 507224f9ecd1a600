//! The open conversation: header, message log, actions and composer.

pub mod actions;
pub mod bubble;
pub mod card;
pub mod composer;
pub mod controls;
pub mod header;
pub mod history;
pub mod invite;
pub mod labels;
pub mod log;
pub mod message_dialogs;
pub mod message_editor;
pub mod message_menu;
pub mod snooze;
pub mod transfer;
pub mod view;
