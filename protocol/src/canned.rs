//! Canned responses: saved replies an operator inserts from the composer
//! (`#shortcut`), personal or shared by every member of a line, with
//! placeholders such as `{customer_name}` filled at insertion.

use serde::{Deserialize, Serialize};

use crate::{CannedResponseId, LineId, UserId};

/// Who a canned response belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CannedScope {
    /// Only its owner sees and manages it.
    Personal,
    /// Every member of the line sees it; admins manage it.
    Line {
        /// The line.
        line_id: LineId,
    },
}

/// A saved reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CannedResponse {
    /// Server identifier.
    pub id: CannedResponseId,
    /// Short name shown in the picker.
    pub title: String,
    /// The text inserted; may contain placeholders (see [`fill_placeholders`]).
    pub text: String,
    /// Typed as `#shortcut` in the composer (letters, digits, `-`, `_`).
    pub shortcut: Option<String>,
    /// Personal or shared with a line.
    pub scope: CannedScope,
    /// The owner of a personal response.
    pub owner: Option<UserId>,
    /// Whether the caller may edit and delete it.
    pub editable: bool,
}

/// Body of `POST /api/v1/canned-responses` and `PUT /api/v1/canned-responses/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CannedResponseRequest {
    /// 1 to 100 characters.
    pub title: String,
    /// 1 to 5000 characters.
    pub text: String,
    /// Optional; 1 to 32 letters, digits, `-` or `_`, without the `#`.
    #[serde(default)]
    pub shortcut: Option<String>,
    /// Personal (anyone) or line-scoped (admins only).
    pub scope: CannedScope,
}

/// Query of `GET /api/v1/canned-responses`: `q` searches titles, texts and shortcuts.
pub type CannedQuery = crate::SearchQuery;

/// Values of the placeholders a canned response may contain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlaceholderValues {
    /// `{customer_name}`.
    pub customer_name: String,
    /// `{operator_name}`.
    pub operator_name: String,
    /// `{line_name}`.
    pub line_name: String,
}

/// The placeholders [`fill_placeholders`] knows, as typed in a text.
pub const PLACEHOLDERS: [&str; 3] = ["{customer_name}", "{operator_name}", "{line_name}"];

/// Replaces `{customer_name}`, `{operator_name}` and `{line_name}` with their
/// values. Anything else between braces (a typo, an unknown name, a lone
/// brace) is left exactly as typed, so the operator sees and fixes it.
/// Values are inserted verbatim and never re-scanned: a customer named
/// `{operator_name}` stays that.
pub fn fill_placeholders(text: &str, values: &PlaceholderValues) -> String {
    let mut filled = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        filled.push_str(&rest[..start]);
        let candidate = &rest[start..];
        let known = [
            ("{customer_name}", values.customer_name.as_str()),
            ("{operator_name}", values.operator_name.as_str()),
            ("{line_name}", values.line_name.as_str()),
        ]
        .into_iter()
        .find(|(name, _)| candidate.starts_with(name));
        match known {
            Some((name, value)) => {
                filled.push_str(value);
                rest = &candidate[name.len()..];
            }
            None => {
                filled.push('{');
                rest = &candidate[1..];
            }
        }
    }
    filled.push_str(rest);
    filled
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> PlaceholderValues {
        PlaceholderValues {
            customer_name: "Marie Dupont".into(),
            operator_name: "Olivia".into(),
            line_name: "Sales".into(),
        }
    }

    #[test]
    fn fills_every_known_placeholder_each_time_it_appears() {
        assert_eq!(
            fill_placeholders(
                "Bonjour {customer_name}, {operator_name} ({line_name}). Merci {customer_name} !",
                &values()
            ),
            "Bonjour Marie Dupont, Olivia (Sales). Merci Marie Dupont !"
        );
    }

    #[test]
    fn leaves_unknown_placeholders_and_stray_braces_as_typed() {
        assert_eq!(
            fill_placeholders("{order_id} {customer_nam} { {} {customer_name", &values()),
            "{order_id} {customer_nam} { {} {customer_name"
        );
    }

    #[test]
    fn values_are_not_scanned_again() {
        let mut tricky = values();
        tricky.customer_name = "{operator_name}".into();
        assert_eq!(
            fill_placeholders("Hi {customer_name}", &tricky),
            "Hi {operator_name}"
        );
    }

    #[test]
    fn scopes_have_a_tagged_wire_form() {
        let json = serde_json::to_value(CannedScope::Line { line_id: LineId(2) }).unwrap();
        assert_eq!(json, serde_json::json!({"kind": "line", "line_id": 2}));
        let personal: CannedScope =
            serde_json::from_value(serde_json::json!({"kind": "personal"})).unwrap();
        assert_eq!(personal, CannedScope::Personal);
    }
}
