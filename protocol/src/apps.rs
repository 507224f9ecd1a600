//! Market apps: small web pages embedded in the conversation view in a
//! sandboxed iframe (`sandbox="allow-scripts"`, no same origin), talking to
//! the app through `postMessage` (see `docs/apps.md`).

use serde::{Deserialize, Serialize};

use crate::{ConnectorKind, ConversationId};

/// Version of the `postMessage` protocol between the app and an embedded app.
pub const APP_PROTOCOL_VERSION: u32 = 1;

/// Identifier of an app of the catalog, e.g. `order-lookup`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct AppId(pub String);

/// An app of the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarketApp {
    /// Identifier.
    pub id: AppId,
    /// Display name.
    pub name: String,
    /// What it does.
    pub description: String,
    /// The page to load in the iframe (a path of this server or an https URL).
    pub url: String,
    /// Whether it is installed in the workspace.
    pub installed: bool,
}

/// Body of `POST /api/v1/apps/installed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstallAppRequest {
    /// The catalog entry to install.
    pub app_id: AppId,
}

/// What the host tells an embedded app about the open conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppContext {
    /// The conversation.
    pub conversation_id: ConversationId,
    /// The customer's name.
    pub customer_name: String,
    /// The customer's channel.
    pub channel: ConnectorKind,
    /// The line's name.
    pub line_name: String,
    /// The operator's name.
    pub operator_name: String,
    /// The operator's interface language, e.g. `fr`.
    pub locale: String,
    /// The text of the customer's latest message, if any.
    #[serde(default)]
    pub last_customer_message: Option<String>,
}

/// A message the host posts to the app's iframe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum HostToApp {
    /// Sent after the app's `ready`, and again whenever the context changes.
    Context {
        /// [`APP_PROTOCOL_VERSION`].
        version: u32,
        /// The context.
        context: AppContext,
    },
}

/// A message an app posts to its parent (the host).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum AppToHost {
    /// The app listens; the host answers with `context`.
    Ready {
        /// The protocol version the app speaks.
        version: u32,
    },
    /// Asks the host to insert text into the composer (never sent by itself:
    /// the operator reviews and sends).
    InsertText {
        /// The protocol version the app speaks.
        version: u32,
        /// Plain text to insert at the cursor.
        text: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_messages_have_a_kebab_case_type() {
        let insert: AppToHost = serde_json::from_value(
            serde_json::json!({"type": "insert-text", "version": 1, "text": "Bonjour"}),
        )
        .unwrap();
        assert_eq!(
            insert,
            AppToHost::InsertText {
                version: 1,
                text: "Bonjour".into()
            }
        );
        let ready: AppToHost =
            serde_json::from_value(serde_json::json!({"type": "ready", "version": 1})).unwrap();
        assert_eq!(ready, AppToHost::Ready { version: 1 });
    }
}
