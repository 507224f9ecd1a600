//! Views. They read signals and call actions; rules live in `state`.

pub mod app;
pub mod conversation;
pub mod crm;
pub mod customer_panel;
pub mod kit;
pub mod language;
pub mod login;
pub mod ordered_list;
pub mod pages;
pub mod palette;
pub mod queue;
pub mod reports;
pub mod settings;
pub mod supervision;
pub mod workspace;
