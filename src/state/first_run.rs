//! What the first run's forms accept (setting a server up, choosing a new
//! password with a reset link) and how a refusal is told, next to the field
//! it concerns.

use switchboard_protocol::{ResetPasswordRequest, SetupRequest};

use crate::api::ApiError;
use crate::state::login::looks_like_email;

/// The shortest password the server accepts.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Why a form was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A field the form needs is empty.
    Missing,
    /// The e-mail address is not one.
    InvalidEmail,
    /// The password is shorter than [`MIN_PASSWORD_CHARS`].
    ShortPassword,
    /// The new password and its repetition differ.
    PasswordsDiffer,
    /// The one-time link was used, expired or replaced.
    LinkInvalid,
    /// The server is set up already.
    AlreadySetUp,
    /// No answer from the server.
    Unreachable,
    /// Anything else the server said, shown as is.
    Other(String),
}

/// A refusal: the field it concerns (the request's name for it), if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// `email`, `password`…; `None` for the form as a whole.
    pub field: Option<&'static str>,
    /// Why.
    pub problem: Problem,
}

impl Refusal {
    fn of(field: &'static str, problem: Problem) -> Self {
        Self {
            field: Some(field),
            problem,
        }
    }
}

/// The fields of the setup form, as typed.
#[derive(Debug, Clone, Default)]
pub struct SetupForm {
    /// The company's name.
    pub company_name: String,
    /// The administrator's name.
    pub name: String,
    /// Their e-mail address.
    pub email: String,
    /// Their password.
    pub password: String,
    /// The first open channel's name.
    pub line_name: String,
}

/// The fields of the setup form that the server names, in the form's order.
pub const SETUP_FIELDS: [&str; 5] = ["company_name", "name", "email", "password", "line_name"];

/// Checks the setup form before it is sent; the first problem, in the
/// form's order, is reported.
pub fn check_setup(token: &str, form: &SetupForm) -> Result<SetupRequest, Refusal> {
    let texts = [
        &form.company_name,
        &form.name,
        &form.email,
        &form.password,
        &form.line_name,
    ];
    for (field, text) in SETUP_FIELDS.into_iter().zip(texts) {
        if text.trim().is_empty() {
            return Err(Refusal::of(field, Problem::Missing));
        }
    }
    if !looks_like_email(form.email.trim()) {
        return Err(Refusal::of("email", Problem::InvalidEmail));
    }
    if form.password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Refusal::of("password", Problem::ShortPassword));
    }
    Ok(SetupRequest {
        token: token.to_owned(),
        company_name: form.company_name.trim().to_owned(),
        name: form.name.trim().to_owned(),
        email: form.email.trim().to_owned(),
        password: form.password.clone(),
        line_name: form.line_name.trim().to_owned(),
    })
}

/// Checks the reset form: a long enough password, typed twice the same.
pub fn check_reset(
    token: &str,
    password: &str,
    repeated: &str,
) -> Result<ResetPasswordRequest, Refusal> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Refusal::of("new_password", Problem::ShortPassword));
    }
    if password != repeated {
        return Err(Refusal::of("repeated", Problem::PasswordsDiffer));
    }
    Ok(ResetPasswordRequest {
        token: token.to_owned(),
        new_password: password.to_owned(),
    })
}

impl From<ApiError> for Refusal {
    fn from(error: ApiError) -> Self {
        let whole = |problem| Self {
            field: None,
            problem,
        };
        match error {
            ApiError::Unreachable => whole(Problem::Unreachable),
            ApiError::Server { status: 404, .. } => whole(Problem::LinkInvalid),
            ApiError::Server { status: 409, .. } => whole(Problem::AlreadySetUp),
            ApiError::Server {
                code,
                message,
                field: Some(field),
                ..
            } => {
                let known = SETUP_FIELDS
                    .into_iter()
                    .chain(["new_password"])
                    .find(|known| *known == field);
                let problem = match (code.as_str(), known) {
                    ("invalid_email", _) => Problem::InvalidEmail,
                    (_, Some("password" | "new_password")) => Problem::ShortPassword,
                    _ => Problem::Other(message),
                };
                Self {
                    field: known,
                    problem,
                }
            }
            other => whole(Problem::Other(other.explanation())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> SetupForm {
        SetupForm {
            company_name: " Acme ".into(),
            name: "Ada".into(),
            email: " ada@acme.example ".into(),
            password: "long enough".into(),
            line_name: "Care".into(),
        }
    }

    #[test]
    fn a_filled_setup_form_becomes_a_trimmed_request() {
        let request = check_setup("t0k", &filled()).unwrap();
        assert_eq!(
            (request.token.as_str(), request.company_name.as_str()),
            ("t0k", "Acme")
        );
        assert_eq!(request.email, "ada@acme.example");
        assert_eq!(request.password, "long enough");
    }

    #[test]
    fn the_first_problem_is_told_next_to_its_field() {
        let mut form = filled();
        form.name = "  ".into();
        form.email = "nope".into();
        assert_eq!(
            check_setup("t", &form).unwrap_err(),
            Refusal::of("name", Problem::Missing)
        );
        form.name = "Ada".into();
        assert_eq!(
            check_setup("t", &form).unwrap_err(),
            Refusal::of("email", Problem::InvalidEmail)
        );
        form.email = "ada@acme.example".into();
        form.password = "short".into();
        assert_eq!(
            check_setup("t", &form).unwrap_err(),
            Refusal::of("password", Problem::ShortPassword)
        );
    }

    #[test]
    fn a_new_password_is_long_enough_and_typed_twice_the_same() {
        assert_eq!(
            check_reset("t", "short", "short").unwrap_err().field,
            Some("new_password")
        );
        assert_eq!(
            check_reset("t", "long enough", "long enougH").unwrap_err(),
            Refusal::of("repeated", Problem::PasswordsDiffer)
        );
        assert_eq!(
            check_reset("t", "long enough", "long enough")
                .unwrap()
                .new_password,
            "long enough"
        );
    }

    #[test]
    fn server_refusals_are_told_where_they_belong() {
        let server = |status, code: &str, field: Option<&str>| ApiError::Server {
            status,
            code: code.into(),
            message: "said in English".into(),
            by: None,
            field: field.map(str::to_owned),
        };
        assert_eq!(
            Refusal::from(server(422, "invalid_email", Some("email"))),
            Refusal::of("email", Problem::InvalidEmail)
        );
        assert_eq!(
            Refusal::from(server(422, "unprocessable", Some("new_password"))),
            Refusal::of("new_password", Problem::ShortPassword)
        );
        assert_eq!(
            Refusal::from(server(404, "not_found", None)).problem,
            Problem::LinkInvalid
        );
        assert_eq!(
            Refusal::from(server(409, "conflict", None)).problem,
            Problem::AlreadySetUp
        );
        assert_eq!(
            Refusal::from(server(422, "unprocessable", Some("line_name"))),
            Refusal::of("line_name", Problem::Other("said in English".into()))
        );
        assert_eq!(
            Refusal::from(ApiError::Unreachable).problem,
            Problem::Unreachable
        );
    }
}
