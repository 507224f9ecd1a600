//! The Contact Center queue: tabs, filters, search and the virtual list.

pub mod filters;
pub mod list;
pub mod panel;
pub mod row;
