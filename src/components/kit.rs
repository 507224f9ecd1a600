//! The app's small UI kit: the primitives every screen builds on, so a
//! dialog, a form or a toolbar looks and behaves the same everywhere.
//!
//! - [`modal::Modal`]: a modal dialog on the native `<dialog>` (the rest of
//!   the page inert, Escape and the backdrop close it, the focus comes back
//!   where it was);
//! - [`form`]: labelled fields bound with `bind:value`, their field errors,
//!   the form's error and the dialog footer (Cancel and the submit button,
//!   disabled while the form's `Action` is pending);
//! - [`loaded::Loaded`]: a list from the server, "Loading…" until it
//!   came and an empty state when it has nothing;
//! - [`toolbar::ToolbarButton`]: a button of a `role="toolbar"` that opens
//!   a panel, with its `aria-expanded`.

pub mod form;
pub mod loaded;
pub mod modal;
pub mod toolbar;

use std::sync::atomic::{AtomicU32, Ordering};

/// A document-unique element id starting with `prefix`, for
/// `aria-labelledby` and `aria-describedby` between elements a component
/// draws (several dialogs or fields may be on screen at once).
pub fn unique_id(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}
