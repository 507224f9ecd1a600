//! What the login form accepts and how failures are explained to the operator.

use switchboard_protocol::LoginRequest;

use crate::api::ApiError;

/// A problem the operator must fix before or after submitting the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginProblem {
    /// The email field is empty.
    MissingEmail,
    /// The email has no `@` between two non-empty parts.
    InvalidEmail,
    /// The password field is empty.
    MissingPassword,
    /// The server rejected the email/password pair.
    WrongCredentials,
    /// Nobody can log in before the server is set up with its setup link.
    NotSetUp,
    /// An administrator deactivated the account.
    Deactivated,
    /// Too many failed attempts; the server asks to wait.
    RateLimited,
    /// No answer from the server.
    Unreachable,
    /// Anything else the server said, shown as is.
    Other(String),
}

/// Whether `email` has an `@` between two non-empty parts (the server
/// checks the rest).
pub fn looks_like_email(email: &str) -> bool {
    matches!(email.split_once('@'), Some((local, domain)) if !local.is_empty() && !domain.is_empty())
}

/// Checks the form before anything is sent. The email is trimmed; the
/// password is sent exactly as typed.
pub fn validate(email: &str, password: &str) -> Result<LoginRequest, LoginProblem> {
    let email = email.trim();
    if email.is_empty() {
        return Err(LoginProblem::MissingEmail);
    }
    if !looks_like_email(email) {
        return Err(LoginProblem::InvalidEmail);
    }
    if password.is_empty() {
        return Err(LoginProblem::MissingPassword);
    }
    Ok(LoginRequest {
        email: email.to_owned(),
        password: password.to_owned(),
    })
}

impl From<ApiError> for LoginProblem {
    fn from(error: ApiError) -> Self {
        match error {
            ApiError::Unreachable => Self::Unreachable,
            ApiError::Unauthorized { code, .. } if code == "not_set_up" => Self::NotSetUp,
            ApiError::Unauthorized { .. } => Self::WrongCredentials,
            ApiError::Server { status: 429, .. } => Self::RateLimited,
            ApiError::Server { code, .. } if code == "deactivated" => Self::Deactivated,
            // A backend without the login endpoint is not the server we need.
            ApiError::Server { status: 404, .. } => Self::Unreachable,
            ApiError::Server { message, .. } => Self::Other(message),
            ApiError::Decode(message) => Self::Other(message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_complete_form_becomes_a_trimmed_request() {
        let request = validate("  olivia@example.com ", " demo ").unwrap();
        assert_eq!(request.email, "olivia@example.com");
        assert_eq!(request.password, " demo ", "passwords are sent as typed");
    }

    #[test]
    fn incomplete_forms_say_what_is_missing() {
        assert_eq!(validate(" ", "demo"), Err(LoginProblem::MissingEmail));
        assert_eq!(validate("olivia", "demo"), Err(LoginProblem::InvalidEmail));
        assert_eq!(
            validate("@example.com", "demo"),
            Err(LoginProblem::InvalidEmail)
        );
        assert_eq!(
            validate("olivia@example.com", ""),
            Err(LoginProblem::MissingPassword)
        );
    }

    #[test]
    fn server_failures_map_to_what_the_operator_can_act_on() {
        assert_eq!(
            LoginProblem::from(ApiError::Unreachable),
            LoginProblem::Unreachable
        );
        assert_eq!(
            LoginProblem::from(ApiError::Unauthorized {
                code: "invalid_credentials".into(),
                message: "Wrong email or password".into()
            }),
            LoginProblem::WrongCredentials
        );
        assert_eq!(
            LoginProblem::from(ApiError::Unauthorized {
                code: "not_set_up".into(),
                message: "Switchboard is not set up yet".into()
            }),
            LoginProblem::NotSetUp
        );
        assert_eq!(
            LoginProblem::from(ApiError::Server {
                status: 429,
                code: "too_many_requests".into(),
                message: "wait".into(),
                by: None,
                field: None,
            }),
            LoginProblem::RateLimited
        );
    }
}
