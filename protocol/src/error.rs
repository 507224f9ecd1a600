//! The error body every endpoint answers with on failure.

use serde::{Deserialize, Serialize};

/// Body of every 4xx/5xx answer: `{"error":{"code":"...","message":"..."}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// The error itself.
    pub error: ErrorDetail,
}

/// A machine-readable code and a human-readable message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// Stable identifier clients can branch on, for example `invalid_credentials`.
    pub code: String,
    /// English explanation meant for logs and developers; apps translate by `code`.
    pub message: String,
    /// The employee whose earlier action caused the conflict, for example the
    /// colleague who answered first (`already_answered`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<crate::User>,
    /// The field of the request body that is invalid (`422` answers with a
    /// specific code such as `invalid_email`), for the form to mark it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ErrorBody {
    /// Builds an error body from a code and a message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            error: ErrorDetail {
                code: code.into(),
                message: message.into(),
                by: None,
                field: None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_has_the_documented_shape() {
        let body = ErrorBody::new("not_found", "No such conversation");
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"error": {"code": "not_found", "message": "No such conversation"}})
        );
    }
}
