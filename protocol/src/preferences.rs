//! Each employee's own preferences, kept on the server so that they follow
//! the person to any browser: keyboard shortcuts and how long a reply stays
//! undoable. The actions that have a shortcut, their default keys and the
//! rules of a key combination live here once, for the app and the server.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Body of `GET` and `PUT /api/v1/me/preferences`, and of the
/// `preferences_updated` event (sent to the person only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperatorPreferences {
    /// The person's own key combination for an action (action id → a key
    /// combination such as `Alt+R`): only the overrides of
    /// [`SHORTCUT_ACTIONS`]' defaults.
    #[serde(default)]
    pub shortcuts: BTreeMap<String, String>,
    /// Whether single-key shortcuts (a letter without Ctrl, Alt or Meta)
    /// work; off by default, as they fight screen readers.
    #[serde(default)]
    pub single_key_shortcuts: bool,
    /// How many seconds a sent reply stays undoable (0 turns undo off,
    /// at most [`MAX_UNDO_SEND_SECONDS`]).
    #[serde(default = "default_undo_send_seconds")]
    pub undo_send_seconds: u32,
}

fn default_undo_send_seconds() -> u32 {
    DEFAULT_UNDO_SEND_SECONDS
}

/// The undo window of someone who never chose one.
pub const DEFAULT_UNDO_SEND_SECONDS: u32 = 5;
/// The longest undo window.
pub const MAX_UNDO_SEND_SECONDS: u32 = 30;

impl Default for OperatorPreferences {
    fn default() -> Self {
        Self {
            shortcuts: BTreeMap::new(),
            single_key_shortcuts: false,
            undo_send_seconds: DEFAULT_UNDO_SEND_SECONDS,
        }
    }
}

/// An action that has a keyboard shortcut, and its default keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShortcutAction {
    /// Stable id, the key of [`OperatorPreferences::shortcuts`].
    pub id: &'static str,
    /// The default key combination (with Alt: on for everyone).
    pub keys: &'static str,
    /// The default single key, working only with
    /// [`OperatorPreferences::single_key_shortcuts`].
    pub single_key: Option<&'static str>,
}

const fn action(
    id: &'static str,
    keys: &'static str,
    single_key: Option<&'static str>,
) -> ShortcutAction {
    ShortcutAction {
        id,
        keys,
        single_key,
    }
}

/// Every action with a shortcut, in the order the cheat sheet lists them:
/// the one table the palette, the cheat sheet and the keyboard read.
pub const SHORTCUT_ACTIONS: [ShortcutAction; 15] = [
    action("next_conversation", "Alt+ArrowDown", Some("J")),
    action("previous_conversation", "Alt+ArrowUp", Some("K")),
    action("reply", "Alt+R", Some("R")),
    action("transfer", "Alt+T", Some("T")),
    action("accept_and_close", "Alt+C", None),
    action("mark_spam", "Alt+S", None),
    action("take", "Alt+G", None),
    action("lock", "Alt+L", None),
    action("invite", "Alt+I", None),
    action("finish", "Alt+F", Some("F")),
    action("go_contact_center", "Alt+1", Some("1")),
    action("go_chats", "Alt+2", Some("2")),
    action("go_tasks", "Alt+3", Some("3")),
    action("go_calendar", "Alt+4", Some("4")),
    action("go_feed", "Alt+5", Some("5")),
];

/// The key combinations no action may take: the command palette's.
pub const RESERVED_KEYS: [&str; 2] = ["Ctrl+K", "Meta+K"];

/// The action of the table with this id.
pub fn shortcut_action(id: &str) -> Option<&'static ShortcutAction> {
    SHORTCUT_ACTIONS.iter().find(|action| action.id == id)
}

const MODIFIERS: [&str; 4] = ["Ctrl", "Alt", "Shift", "Meta"];
const NAMED_KEYS: [&str; 10] = [
    "ArrowUp",
    "ArrowDown",
    "ArrowLeft",
    "ArrowRight",
    "Enter",
    "Home",
    "End",
    "PageUp",
    "PageDown",
    "Space",
];

/// The canonical spelling of a key combination (`alt+r` → `Alt+R`,
/// `Shift+Ctrl+1` → `Ctrl+Shift+1`), or `None` when it is not one: a
/// letter, digit, punctuation mark, arrow, Enter, Home, End, PageUp,
/// PageDown, Space or F1–F12, after any of Ctrl, Alt, Shift and Meta, each
/// at most once. Shift alone does not make a combination of a character.
pub fn normalize_keys(text: &str) -> Option<String> {
    let mut parts: Vec<&str> = text.split('+').map(str::trim).collect();
    // "Alt++" is Alt with the plus key.
    if text.ends_with("++") {
        parts.truncate(parts.len().saturating_sub(2));
        parts.push("+");
    }
    let key = parts.pop()?;
    let mut held = [false; 4];
    for part in parts {
        let index = match part.to_ascii_lowercase().as_str() {
            "ctrl" | "control" => 0,
            "alt" | "option" => 1,
            "shift" => 2,
            "meta" | "cmd" | "command" => 3,
            _ => return None,
        };
        if held[index] {
            return None;
        }
        held[index] = true;
    }
    let key = canonical_key(key)?;
    let mut out = String::new();
    for (name, _) in MODIFIERS.iter().zip(held).filter(|(_, on)| *on) {
        out.push_str(name);
        out.push('+');
    }
    out.push_str(&key);
    Some(out)
}

fn canonical_key(key: &str) -> Option<String> {
    let mut chars = key.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphanumeric() => Some(c.to_ascii_uppercase().to_string()),
        (Some(c), None) if c.is_ascii_punctuation() => Some(c.to_string()),
        _ => {
            if let Some(named) = NAMED_KEYS.iter().find(|k| k.eq_ignore_ascii_case(key)) {
                return Some((*named).to_owned());
            }
            let number = key
                .strip_prefix(['F', 'f'])
                .and_then(|n| n.parse::<u8>().ok())?;
            (1..=12).contains(&number).then(|| format!("F{number}"))
        }
    }
}

/// Whether a (canonical) combination is a single key: no Ctrl, Alt or
/// Meta. Such shortcuts work only when the person turned them on.
pub fn is_single_key(keys: &str) -> bool {
    !(keys.starts_with("Ctrl+") || keys.contains("Alt+") || keys.contains("Meta+"))
}

/// Why preferences are refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreferencesError {
    /// No action has this id.
    UnknownAction(String),
    /// The action's key combination is not one.
    InvalidKeys(String),
    /// Two actions would answer the same keys (or an action the palette's).
    DuplicateKeys(String),
    /// The undo window is longer than [`MAX_UNDO_SEND_SECONDS`].
    UndoOutOfRange,
}

impl PreferencesError {
    /// The error's stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownAction(_) => "unknown_shortcut_action",
            Self::InvalidKeys(_) => "invalid_shortcut",
            Self::DuplicateKeys(_) => "duplicate_shortcut",
            Self::UndoOutOfRange => "invalid_undo_send_seconds",
        }
    }

    /// The request field it is about.
    pub fn field(&self) -> &'static str {
        match self {
            Self::UndoOutOfRange => "undo_send_seconds",
            _ => "shortcuts",
        }
    }

    /// An English sentence saying what is wrong.
    pub fn message(&self) -> String {
        match self {
            Self::UnknownAction(id) => format!("No action is called {id}"),
            Self::InvalidKeys(id) => format!("The keys of {id} are not a key combination"),
            Self::DuplicateKeys(id) => format!("The keys of {id} are already taken"),
            Self::UndoOutOfRange => {
                format!("Undo send lasts from 0 to {MAX_UNDO_SEND_SECONDS} seconds")
            }
        }
    }
}

impl OperatorPreferences {
    /// The keys that run each action, in table order: the person's own or
    /// the default, and the default single key (when single keys are on and
    /// the person chose nothing else).
    pub fn bindings(&self) -> Vec<(&'static str, Vec<String>)> {
        SHORTCUT_ACTIONS
            .iter()
            .map(|action| {
                let keys = match self.shortcuts.get(action.id) {
                    Some(own) => vec![normalize_keys(own).unwrap_or_else(|| own.clone())],
                    None => {
                        let single = action.single_key.filter(|_| self.single_key_shortcuts);
                        std::iter::once(action.keys)
                            .chain(single)
                            .map(str::to_owned)
                            .collect()
                    }
                };
                (action.id, keys)
            })
            .collect()
    }

    /// The action that `keys` (canonical) run, if any; single keys only
    /// when they are on.
    pub fn action_for(&self, keys: &str) -> Option<&'static str> {
        if is_single_key(keys) && !self.single_key_shortcuts {
            return None;
        }
        self.bindings()
            .into_iter()
            .find(|(_, bound)| bound.iter().any(|bound| bound == keys))
            .map(|(id, _)| id)
    }

    /// The same preferences with every key combination in its canonical
    /// spelling, and the overrides equal to the default dropped; or the
    /// first reason to refuse them.
    pub fn validated(mut self) -> Result<Self, PreferencesError> {
        if self.undo_send_seconds > MAX_UNDO_SEND_SECONDS {
            return Err(PreferencesError::UndoOutOfRange);
        }
        let mut shortcuts = BTreeMap::new();
        for (id, keys) in std::mem::take(&mut self.shortcuts) {
            let action =
                shortcut_action(&id).ok_or_else(|| PreferencesError::UnknownAction(id.clone()))?;
            let keys = normalize_keys(&keys).ok_or(PreferencesError::InvalidKeys(id))?;
            if keys != action.keys {
                shortcuts.insert(action.id.to_owned(), keys);
            }
        }
        self.shortcuts = shortcuts;
        let mut taken: Vec<String> = RESERVED_KEYS.iter().map(|k| (*k).to_owned()).collect();
        for (id, keys) in self.bindings() {
            for keys in keys {
                if taken.contains(&keys) {
                    return Err(PreferencesError::DuplicateKeys(id.to_owned()));
                }
                taken.push(keys);
            }
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(shortcuts: &[(&str, &str)]) -> OperatorPreferences {
        OperatorPreferences {
            shortcuts: shortcuts
                .iter()
                .map(|(id, keys)| ((*id).to_owned(), (*keys).to_owned()))
                .collect(),
            ..OperatorPreferences::default()
        }
    }

    #[test]
    fn key_combinations_have_one_spelling() {
        assert_eq!(normalize_keys("alt+r").as_deref(), Some("Alt+R"));
        assert_eq!(
            normalize_keys("Shift + Ctrl+1").as_deref(),
            Some("Ctrl+Shift+1")
        );
        assert_eq!(
            normalize_keys("Alt+arrowdown").as_deref(),
            Some("Alt+ArrowDown")
        );
        assert_eq!(normalize_keys("Meta+f12").as_deref(), Some("Meta+F12"));
        assert_eq!(normalize_keys("Alt++").as_deref(), Some("Alt++"));
        assert_eq!(normalize_keys("j").as_deref(), Some("J"));
        for bad in ["", "Alt+", "Alt+Alt+R", "Hyper+R", "Alt+Banana", "Alt+F13"] {
            assert_eq!(normalize_keys(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_empty_body_is_the_defaults() {
        let preferences: OperatorPreferences = serde_json::from_str("{}").unwrap();
        assert_eq!(preferences, OperatorPreferences::default());
        assert_eq!(preferences.undo_send_seconds, 5);
        assert!(!preferences.single_key_shortcuts);
    }

    #[test]
    fn defaults_are_unique_and_valid() {
        let preferences = OperatorPreferences {
            single_key_shortcuts: true,
            ..OperatorPreferences::default()
        };
        assert_eq!(preferences.clone().validated(), Ok(preferences));
    }

    #[test]
    fn single_keys_work_only_when_turned_on() {
        let mut preferences = OperatorPreferences::default();
        assert_eq!(preferences.action_for("Alt+R"), Some("reply"));
        assert_eq!(preferences.action_for("R"), None);
        preferences.single_key_shortcuts = true;
        assert_eq!(preferences.action_for("R"), Some("reply"));
    }

    #[test]
    fn an_override_replaces_the_default_keys() {
        let preferences = with(&[("reply", "alt+y")]).validated().unwrap();
        assert_eq!(preferences.shortcuts["reply"], "Alt+Y");
        assert_eq!(preferences.action_for("Alt+Y"), Some("reply"));
        assert_eq!(preferences.action_for("Alt+R"), None);
        // Choosing the default again stores nothing.
        let back = with(&[("reply", "Alt+R")]).validated().unwrap();
        assert!(back.shortcuts.is_empty());
    }

    #[test]
    fn bad_preferences_are_refused_with_their_reason() {
        let refused = |preferences: OperatorPreferences| preferences.validated().unwrap_err();
        assert_eq!(
            refused(with(&[("dance", "Alt+D")])),
            PreferencesError::UnknownAction("dance".into())
        );
        assert_eq!(
            refused(with(&[("reply", "Alt+")])),
            PreferencesError::InvalidKeys("reply".into())
        );
        assert_eq!(
            refused(with(&[("reply", "Alt+T")])).code(),
            "duplicate_shortcut"
        );
        assert_eq!(
            refused(with(&[("reply", "Ctrl+K")])).code(),
            "duplicate_shortcut"
        );
        let long = OperatorPreferences {
            undo_send_seconds: 31,
            ..OperatorPreferences::default()
        };
        assert_eq!(refused(long).field(), "undo_send_seconds");
    }
}
