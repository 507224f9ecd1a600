//! The website chat widget: what a site's visitor's browser exchanges with
//! the server under `/widget/{public_id}` (the `data-connector` of the
//! site's script tag), and the widget's settings of a website-chat connector.
//!
//! A visitor is known by a token the widget keeps in the visitor's storage
//! (sent as `Authorization: Bearer`). Their messages are read with the
//! customer view's types ([`crate::CustomerViewPage`]) and followed live on
//! a stream of server-sent events (`message`, `state`), resumed with
//! `?after=` the last message id seen.

use serde::{Deserialize, Serialize};

use crate::{ConversationId, FileId};

/// What the widget needs to draw its panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WidgetConfig {
    /// The company's name: the panel's title.
    pub company: String,
    /// Shown at the top of the conversation, if set.
    #[serde(default)]
    pub welcome_message: Option<String>,
    /// Shown while no operator of the channel is online, if set.
    #[serde(default)]
    pub offline_message: Option<String>,
    /// Whether an operator of the channel is online now.
    pub online: bool,
    /// Whether the channel takes files, and up to how many bytes.
    pub files: bool,
    /// The largest file accepted, if limited.
    #[serde(default)]
    pub max_file_bytes: Option<u64>,
}

/// A new visitor: what the site said of them (`data-name`, `data-email`),
/// shown to operators as unverified.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WidgetVisitorRequest {
    /// The name the site gave, if any.
    #[serde(default)]
    pub name: Option<String>,
    /// The e-mail address the site gave, if any.
    #[serde(default)]
    pub email: Option<String>,
}

/// A visitor's token, shown this once: the widget keeps it in the visitor's
/// storage and sends it as `Authorization: Bearer`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WidgetVisitor {
    /// The secret token.
    pub token: String,
}

/// A message the visitor sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WidgetMessageRequest {
    /// The widget's own id of the message: sending it again (after a lost
    /// answer, or when back online) creates nothing new.
    pub id: String,
    /// Its text (may be empty with files).
    #[serde(default)]
    pub text: String,
    /// Files uploaded with `POST /widget/{public_id}/files` first.
    #[serde(default)]
    pub files: Vec<FileId>,
}

/// Where the visitor's conversation stands: sent on the stream as a `state`
/// event whenever it changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WidgetState {
    /// The operator typing a reply right now, if any.
    #[serde(default)]
    pub typing: Option<String>,
    /// The finished conversation the visitor may rate (not rated yet).
    #[serde(default)]
    pub to_rate: Option<ConversationId>,
}

/// The visitor's rating of a finished conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WidgetRatingRequest {
    /// The conversation rated (from [`WidgetState::to_rate`]).
    pub conversation_id: ConversationId,
    /// From 1 (bad) to 5 (very good).
    pub score: u8,
    /// What the visitor added, if anything.
    #[serde(default)]
    pub comment: Option<String>,
}

/// The widget's settings of a website-chat connector (Settings →
/// Connectors).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WidgetSettings {
    /// What the site's script tag names in `data-connector` (read only).
    #[serde(default)]
    pub public_id: String,
    /// The sites allowed to embed it: origins such as
    /// `https://shop.example`, a port may be `*` (`http://localhost:*`).
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    /// Shown when the panel opens, if set.
    #[serde(default)]
    pub welcome_message: Option<String>,
    /// Shown while no operator of the channel is online, if set.
    #[serde(default)]
    pub offline_message: Option<String>,
}

/// Whether `origin` (`scheme://host[:port]`) matches the allowed `pattern`:
/// the same origin, or the same scheme and host with the port `*` (any
/// port, or none).
pub fn origin_matches(pattern: &str, origin: &str) -> bool {
    let pattern = pattern.trim().trim_end_matches('/');
    let origin = origin.trim().trim_end_matches('/');
    if pattern.eq_ignore_ascii_case(origin) {
        return true;
    }
    let Some(base) = pattern.strip_suffix(":*") else {
        return false;
    };
    let Some(rest) = origin.get(..base.len()) else {
        return false;
    };
    if !rest.eq_ignore_ascii_case(base) {
        return false;
    }
    match &origin[base.len()..] {
        "" => true,
        port => port
            .strip_prefix(':')
            .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())),
    }
}

/// Why an allowed origin is not one, if it is not: `scheme://host[:port]`
/// with the scheme `http` or `https`, no path, the port a number or `*`.
pub fn origin_problem(origin: &str) -> Option<&'static str> {
    let Some((scheme, rest)) = origin.split_once("://") else {
        return Some("An origin starts with http:// or https://");
    };
    if scheme != "http" && scheme != "https" {
        return Some("An origin starts with http:// or https://");
    }
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(']') || rest.starts_with('[') => (host, Some(port)),
        _ => (rest, None),
    };
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':'));
    if !host_ok {
        return Some("An origin has no path, only a host name and a port");
    }
    match port {
        None | Some("*") => None,
        Some(port) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => None,
        Some(_) => Some("A port is a number, or * for any"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_origin_matches_itself_and_a_port_wildcard() {
        assert!(origin_matches(
            "https://shop.example",
            "https://shop.example"
        ));
        assert!(origin_matches(
            "https://shop.example/",
            "https://SHOP.example"
        ));
        assert!(origin_matches(
            "http://127.0.0.1:*",
            "http://127.0.0.1:4173"
        ));
        assert!(origin_matches("http://localhost:*", "http://localhost"));
        assert!(!origin_matches(
            "http://localhost:*",
            "http://localhost.evil.example:80"
        ));
        assert!(!origin_matches(
            "http://localhost:*",
            "https://localhost:443"
        ));
        assert!(!origin_matches(
            "http://127.0.0.1:*",
            "http://127.0.0.1:80x"
        ));
        assert!(!origin_matches(
            "https://shop.example",
            "https://shop.example.evil"
        ));
        assert!(!origin_matches("https://shop.example", "null"));
    }

    #[test]
    fn origins_are_checked() {
        assert_eq!(origin_problem("https://shop.example"), None);
        assert_eq!(origin_problem("http://localhost:*"), None);
        assert_eq!(origin_problem("http://127.0.0.1:8080"), None);
        assert!(origin_problem("shop.example").is_some());
        assert!(origin_problem("ftp://shop.example").is_some());
        assert!(origin_problem("https://shop.example/path").is_some());
        assert!(origin_problem("https://shop.example:http").is_some());
        assert!(origin_problem("https://").is_some());
    }
}
