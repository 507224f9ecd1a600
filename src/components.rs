//! Views. They read signals and call actions; rules live in `state`.

pub mod app;
pub mod home;
pub mod language;
pub mod login;
