//! The length rules of the text a request carries, in one place: each field
//! states its limits once ([`TextField`]), and a value breaking them is a
//! `422` whose body names the field (`error.field`), so a form can mark it.

use crate::error::ApiError;

/// Longest client-generated id of any create (messages, tasks, calendar
/// events, team chats, feed posts, orders), in characters.
pub const MAX_CLIENT_ID_CHARS: usize = 100;

/// A client-generated id (a UUID is a good choice): 1 to
/// [`MAX_CLIENT_ID_CHARS`] characters.
pub const CLIENT_ID: TextField = TextField::required("client_id", MAX_CLIENT_ID_CHARS);

/// Longest search text of the list endpoints (`q`).
pub const MAX_SEARCH_CHARS: usize = 200;

/// A text field of a request and how many characters it may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextField {
    /// The field's name in the request, e.g. `title` (`error.field`).
    pub name: &'static str,
    /// The fewest characters it may have; from 1 on, white space alone is
    /// not enough.
    pub min: usize,
    /// The most characters it may have.
    pub max: usize,
}

impl TextField {
    /// A field that must not be blank, of at most `max` characters.
    pub const fn required(name: &'static str, max: usize) -> Self {
        Self { name, min: 1, max }
    }

    /// A field that may be empty, of at most `max` characters.
    pub const fn optional(name: &'static str, max: usize) -> Self {
        Self { name, min: 0, max }
    }

    /// A field of at least `min` characters and no upper bound.
    pub const fn at_least(name: &'static str, min: usize) -> Self {
        Self {
            name,
            min,
            max: usize::MAX,
        }
    }

    /// The same field with another limit (a channel's, for instance).
    pub const fn at_most(self, max: usize) -> Self {
        Self { max, ..self }
    }

    /// Whether `value` keeps to the rules.
    pub fn accepts(&self, value: &str) -> bool {
        let length = value.chars().count();
        !(self.min > 0 && value.trim().is_empty()) && length >= self.min && length <= self.max
    }

    /// `value` when it keeps to the rules, else the error naming the field.
    pub fn check<'a>(&self, value: &'a str) -> Result<&'a str, ApiError> {
        if self.accepts(value) {
            Ok(value)
        } else {
            Err(self.error())
        }
    }

    /// [`check`](Self::check) of a value the request may leave out.
    pub fn check_optional<'a>(&self, value: Option<&'a str>) -> Result<Option<&'a str>, ApiError> {
        value.map(|value| self.check(value)).transpose()
    }

    /// The `422` for a value that breaks the rules.
    pub fn error(&self) -> ApiError {
        let what = self.name.replace('_', " ");
        let message = match (self.min, self.max) {
            (0, max) => format!("The {what} is longer than {max} characters"),
            (min, usize::MAX) => format!("The {what} needs at least {min} characters"),
            (min, max) => format!("The {what} must have {min} to {max} characters"),
        };
        ApiError::InvalidField {
            code: "unprocessable",
            field: self.name,
            message,
        }
    }
}

/// The page size of a list query: `default` when absent, else clamped to
/// 1..=`max`.
pub fn page_size(limit: Option<u32>, default: u32, max: u32) -> u32 {
    limit.unwrap_or(default).clamp(1, max)
}

/// The search text of a list query: trimmed, `None` when blank, `422` when
/// longer than `max` characters.
pub fn search(q: Option<String>, max: usize) -> Result<Option<String>, ApiError> {
    let q = q.map(|q| q.trim().to_owned()).filter(|q| !q.is_empty());
    if q.as_ref().is_some_and(|q| q.chars().count() > max) {
        return Err(ApiError::Unprocessable("Search text is too long".into()));
    }
    Ok(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(error: ApiError) -> &'static str {
        match error {
            ApiError::InvalidField { code, field, .. } => {
                assert_eq!(code, "unprocessable");
                field
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn lengths_count_characters_and_blank_is_missing() {
        let title = TextField::required("title", 3);
        assert_eq!(title.check("été").unwrap(), "été");
        assert_eq!(field_of(title.check("four").unwrap_err()), "title");
        assert_eq!(field_of(title.check("  ").unwrap_err()), "title");
        let notes = TextField::optional("notes", 3);
        assert!(notes.accepts(""));
        assert!(!notes.accepts("four"));
        assert_eq!(notes.check_optional(None).unwrap(), None);
        assert!(!notes.at_most(2).accepts("abc"));
        let password = TextField::at_least("new_password", 8);
        assert!(!password.accepts("short"));
        assert!(password.accepts("long enough"));
    }

    #[test]
    fn the_error_names_the_field_and_the_limit() {
        let (status, body) = CLIENT_ID.error().into_parts();
        assert_eq!(status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body.error.field.as_deref(), Some("client_id"));
        assert_eq!(
            body.error.message,
            "The client id must have 1 to 100 characters"
        );
    }

    #[test]
    fn searches_are_trimmed_and_bounded() {
        assert_eq!(search(Some("  ".into()), 5).unwrap(), None);
        assert_eq!(
            search(Some(" ab ".into()), 5).unwrap().as_deref(),
            Some("ab")
        );
        assert!(search(Some("abcdef".into()), 5).is_err());
    }
}
