//! The operator's preferences kept in this browser: theme, desktop
//! notifications, sound, whose conversations "In progress" shows, and the
//! queue's label filter and order.

use crate::state::queue::{InProgressScope, QueueSort};

/// Light, dark, or whatever the system prefers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follow the operating system.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// Every choice, in menu order.
    pub const ALL: [Self; 3] = [Self::System, Self::Light, Self::Dark];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    /// Parses a stored name; unknown means system.
    pub fn parse(value: &str) -> Self {
        match value {
            "light" => Self::Light,
            "dark" => Self::Dark,
            _ => Self::System,
        }
    }
}

const THEME_KEY: &str = "switchboard.theme";
const DESKTOP_KEY: &str = "switchboard.desktop-notifications";
const SOUND_KEY: &str = "switchboard.sound";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

fn set(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}

/// The saved theme.
pub fn theme() -> Theme {
    get(THEME_KEY).map_or(Theme::System, |value| Theme::parse(&value))
}

/// Saves and applies a theme (`data-theme` on `<html>`; CSS does the rest).
pub fn set_theme(theme: Theme) {
    set(THEME_KEY, theme.as_str());
    apply_theme(theme);
}

/// Applies a theme without saving it.
pub fn apply_theme(theme: Theme) {
    let root = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element());
    if let Some(root) = root {
        let _ = match theme {
            Theme::System => root.remove_attribute("data-theme"),
            other => root.set_attribute("data-theme", other.as_str()),
        };
    }
}

/// Whether the operator turned desktop notifications on.
pub fn desktop_notifications() -> bool {
    get(DESKTOP_KEY).as_deref() == Some("on")
}

/// Remembers the desktop notification choice.
pub fn set_desktop_notifications(on: bool) {
    set(DESKTOP_KEY, if on { "on" } else { "off" });
}

/// Whether a sound plays for new customer messages.
pub fn sound() -> bool {
    get(SOUND_KEY).as_deref() == Some("on")
}

/// Remembers the sound choice.
pub fn set_sound(on: bool) {
    set(SOUND_KEY, if on { "on" } else { "off" });
}

const SCOPE_KEY: &str = "switchboard.in-progress-scope";

/// Whose conversations "In progress" shows: the operator's last choice in
/// this browser, else what their role starts with.
pub fn in_progress_scope(role: switchboard_protocol::Role) -> InProgressScope {
    get(SCOPE_KEY)
        .and_then(|value| InProgressScope::parse(&value))
        .unwrap_or_else(|| InProgressScope::default_for(role))
}

/// Remembers the "Mine" / "All" choice of "In progress".
pub fn set_in_progress_scope(scope: InProgressScope) {
    set(SCOPE_KEY, scope.as_str());
}

const LABEL_KEY: &str = "switchboard.queue-label";
const SORT_KEY: &str = "switchboard.queue-sort";

/// The label the queue is filtered by in this browser, if any.
pub fn queue_label() -> Option<switchboard_protocol::LabelId> {
    get(LABEL_KEY)
        .and_then(|value| value.parse().ok())
        .map(switchboard_protocol::LabelId)
}

/// Remembers "Filter by label" (`None`: all labels).
pub fn set_queue_label(label: Option<switchboard_protocol::LabelId>) {
    set(
        LABEL_KEY,
        &label.map(|id| id.0.to_string()).unwrap_or_default(),
    );
}

/// The queue's "Sort by" in this browser.
pub fn queue_sort() -> QueueSort {
    get(SORT_KEY).map_or(QueueSort::Wait, |value| QueueSort::parse(&value))
}

/// Remembers "Sort by".
pub fn set_queue_sort(sort: QueueSort) {
    set(SORT_KEY, sort.as_str());
}

const AWAY_KEY: &str = "switchboard.away-after-minutes";

/// The idle time choices of "Away after", in minutes (0: never).
pub const AWAY_CHOICES: [u32; 5] = [5, 10, 15, 30, 0];

/// Minutes without activity after which the operator shows as Away (0:
/// never); 10 unless they chose otherwise in this browser.
pub fn away_after_minutes() -> u32 {
    get(AWAY_KEY)
        .and_then(|value| value.parse().ok())
        .filter(|minutes| AWAY_CHOICES.contains(minutes))
        .unwrap_or(10)
}

/// Remembers the "Away after" choice.
pub fn set_away_after_minutes(minutes: u32) {
    set(AWAY_KEY, &minutes.to_string());
}
