//! The logged-in session: the bearer token and who it belongs to, kept in
//! `localStorage` so a reload does not log the operator out.

use std::fmt;

use serde::{Deserialize, Serialize};
use switchboard_protocol::{LoginResponse, User};

const STORAGE_KEY: &str = "switchboard.session";

/// A bearer token. It cannot be printed by accident: `Debug` hides it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Token(String);

impl Token {
    /// Wraps a token received from the server.
    pub fn new(token: String) -> Self {
        Self(token)
    }

    /// The token as a URL query value (websockets cannot carry headers).
    /// Tokens are URL-safe; anything else is percent-encoded.
    pub fn query_value(&self) -> String {
        self.0
            .bytes()
            .map(|byte| match byte {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    char::from(byte).to_string()
                }
                other => format!("%{other:02X}"),
            })
            .collect()
    }

    /// The `Authorization` header value.
    pub fn authorization(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(…)")
    }
}

/// A logged-in employee and their token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The bearer token.
    pub token: Token,
    /// Who is logged in.
    pub user: User,
}

impl From<LoginResponse> for Session {
    fn from(response: LoginResponse) -> Self {
        Self {
            token: Token::new(response.token),
            user: response.user,
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The session saved by an earlier page load, if any.
pub fn load() -> Option<Session> {
    let text = storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// Remembers the session for the next page load.
pub fn save(session: &Session) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(session)) {
        let _ = storage.set_item(STORAGE_KEY, &text);
    }
}

/// Forgets the saved session (log out).
pub fn clear() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_never_shows_up_in_debug_output() {
        let token = Token::new("secret-value".into());
        assert!(!format!("{token:?}").contains("secret-value"));
        assert_eq!(token.authorization(), "Bearer secret-value");
    }
}

/// Told a new session of the same employee (their password changed, or
/// they logged in again over an expired one), so it is saved; provided in
/// context by the workspace.
#[derive(Clone, Copy)]
pub struct SessionRenewed(pub leptos::prelude::Callback<Session>);

/// Why the workspace closed on its own; the login screen says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoggedOutReason {
    /// An administrator deactivated the account.
    Deactivated,
}

/// The reason the login screen shows after the workspace closed on its own
/// (provided in context by the root).
#[derive(Clone, Copy)]
pub struct LoginNotice(pub leptos::prelude::RwSignal<Option<LoggedOutReason>>);
