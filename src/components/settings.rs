//! "Settings", a part of its own loaded when opened: "People", "Open
//! channels", "Connectors", "Company details", "Catalog", "Labels" and "Audit log".
//! Administrators change them; supervisors read them (every control that
//! changes something is left out for them, and the server refuses it
//! anyway).

pub mod audit;
pub mod catalog;
pub mod channels;
pub mod connectors;
pub mod form;
pub mod labels;
pub mod page;
pub mod people;
