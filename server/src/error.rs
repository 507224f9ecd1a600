//! The server's error type and how it becomes an HTTP answer.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use switchboard_protocol::{ErrorBody, User};

/// Everything a request can fail with. Each variant maps to one status code
/// and a stable `code` string in the JSON error body.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is malformed (400).
    #[error("{0}")]
    BadRequest(String),
    /// No valid credentials (401).
    #[error("{0}")]
    Unauthorized(String),
    /// Authenticated but not allowed (403).
    #[error("{0}")]
    Forbidden(String),
    /// The resource does not exist or is not visible to the caller (404).
    #[error("{0}")]
    NotFound(String),
    /// The request conflicts with the current state (409).
    #[error("{0}")]
    Conflict(String),
    /// The body is larger than allowed (413).
    #[error("{0}")]
    PayloadTooLarge(String),
    /// The body is well-formed but its values are invalid (422).
    #[error("{0}")]
    Unprocessable(String),
    /// Too many attempts (429).
    #[error("{0}")]
    TooManyRequests(String),
    /// Wrong e-mail or password (401, `invalid_credentials`).
    #[error("Wrong e-mail or password")]
    InvalidCredentials,
    /// Nobody can log in yet: the server waits for its setup link to be
    /// used (401, `not_set_up`).
    #[error(
        "Switchboard is not set up yet: open the setup link the server printed when it started"
    )]
    NotSetUp,
    /// An open channel still has open conversations (409, `open_conversations`).
    #[error("{line} has {count} open conversations: choose where to move them first")]
    OpenConversations {
        /// How many.
        count: usize,
        /// The channel's name.
        line: String,
    },
    /// The account was deactivated by an administrator (403, `deactivated`).
    #[error("This account was deactivated by an administrator")]
    Deactivated,
    /// A colleague answered the conversation first (409, `already_answered`).
    #[error("{} already answered this conversation", .0.name)]
    AlreadyAnswered(Box<User>),
    /// The conversation is closed (409, `conversation_closed`).
    #[error("This conversation is closed")]
    ConversationClosed,
    /// The conversation is locked to its assignee and the caller is neither
    /// them nor a supervisor or admin (403, `locked`, with `by`: who locked it).
    #[error("{} locked this conversation", .0.name)]
    Locked(Box<User>),
    /// The conversation changed since the version the client acted on, or a
    /// concurrent action won (409, `conversation_changed`): refetch it.
    #[error("The conversation changed meanwhile; reload it and try again")]
    ConversationChanged,
    /// A client id was already used for another message (409, `client_id_reused`).
    #[error("This client id was already used for another message")]
    ClientIdReused,
    /// The customer's channel cannot do this, for example edit a message the
    /// customer already received (409, `unsupported_by_channel`).
    #[error("{0}")]
    UnsupportedByChannel(String),
    /// One field of the body has an invalid value (422 with a specific
    /// `code` such as `invalid_email`, and `error.field` naming the field).
    #[error("{message}")]
    InvalidField {
        /// Stable code, e.g. `invalid_email`.
        code: &'static str,
        /// The body field, e.g. `email`.
        field: &'static str,
        /// An English sentence for the person who typed it.
        message: String,
    },
    /// A CRM record or order changed since the `version` the client edited
    /// (409, `record_changed`): reload it and try again.
    #[error("{0}")]
    RecordChanged(String),
    /// Something this request's transaction just wrote could not be read
    /// back (500): a bug or a corrupted row, never the client's fault.
    #[error("internal error: {0} vanished")]
    Vanished(&'static str),
    /// A failure on our side (500). The details go to the log, not the client.
    #[error("internal error: {0}")]
    Internal(String),
}

/// Reading back what a transaction just wrote (`tasks::by_id(...)` right
/// after inserting the task): not finding it is [`ApiError::Vanished`].
pub trait OrVanished<T> {
    /// The value, or the error naming what vanished.
    fn or_vanished(self, what: &'static str) -> Result<T, ApiError>;
}

impl<T> OrVanished<T> for Option<T> {
    fn or_vanished(self, what: &'static str) -> Result<T, ApiError> {
        self.ok_or(ApiError::Vanished(what))
    }
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            Self::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            Self::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            Self::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            Self::Unprocessable(_) => (StatusCode::UNPROCESSABLE_ENTITY, "unprocessable"),
            Self::TooManyRequests(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"),
            Self::InvalidCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials"),
            Self::NotSetUp => (StatusCode::UNAUTHORIZED, "not_set_up"),
            Self::Deactivated => (StatusCode::FORBIDDEN, "deactivated"),
            Self::OpenConversations { .. } => (StatusCode::CONFLICT, "open_conversations"),
            Self::AlreadyAnswered(_) => (StatusCode::CONFLICT, "already_answered"),
            Self::ConversationClosed => (StatusCode::CONFLICT, "conversation_closed"),
            Self::Locked(_) => (StatusCode::FORBIDDEN, "locked"),
            Self::ConversationChanged => (StatusCode::CONFLICT, "conversation_changed"),
            Self::ClientIdReused => (StatusCode::CONFLICT, "client_id_reused"),
            Self::UnsupportedByChannel(_) => (StatusCode::CONFLICT, "unsupported_by_channel"),
            Self::InvalidField { code, .. } => (StatusCode::UNPROCESSABLE_ENTITY, code),
            Self::RecordChanged(_) => (StatusCode::CONFLICT, "record_changed"),
            Self::Vanished(_) | Self::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        }
    }
}

impl ApiError {
    /// The status and the JSON body this error answers with. Internal
    /// details go to the log, not to the client.
    pub fn into_parts(self) -> (StatusCode, ErrorBody) {
        let (status, code) = self.status_and_code();
        let message = if status.is_server_error() {
            tracing::error!(detail = %self, "internal error");
            "Something went wrong on the server".to_owned()
        } else {
            self.to_string()
        };
        let mut body = ErrorBody::new(code, message);
        match self {
            Self::AlreadyAnswered(user) | Self::Locked(user) => body.error.by = Some(*user),
            Self::InvalidField { field, .. } => body.error.field = Some(field.to_owned()),
            _ => {}
        }
        (status, body)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = self.into_parts();
        (status, Json(body)).into_response()
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(error: crate::store::StoreError) -> Self {
        Self::Internal(error.to_string())
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(error.to_string())
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Internal(error.to_string())
    }
}

impl From<crate::store::inbound::WriteError> for ApiError {
    fn from(error: crate::store::inbound::WriteError) -> Self {
        Self::Internal(error.to_string())
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(error: serde_json::Error) -> Self {
        Self::Internal(format!("json: {error}"))
    }
}

impl From<std::io::Error> for ApiError {
    fn from(error: std::io::Error) -> Self {
        Self::Internal(format!("io: {error}"))
    }
}
