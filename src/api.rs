//! The only module that talks HTTP: it builds URLs, holds the bearer token and
//! maps failures to [`ApiError`]. Components never call `gloo_net` themselves.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use switchboard_protocol::{
    ErrorBody, EventSeq, Health, LoginRequest, LoginResponse, MessagesQuery, ResetPasswordRequest,
    SetupRequest, SetupStatus, API_PREFIX,
};

use crate::session::Token;

mod client;

pub use client::{AuditFilter, Client};

/// Why an API call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The request never got an answer: server down, network cut, CORS refused.
    #[error("the server cannot be reached")]
    Unreachable,
    /// The session is missing, expired or revoked (HTTP 401).
    #[error("unauthorized: {message}")]
    Unauthorized {
        /// Machine-readable code from the server.
        code: String,
        /// The server's explanation.
        message: String,
    },
    /// The server refused the request with a JSON error body.
    #[error("{status} {code}: {message}")]
    Server {
        /// HTTP status.
        status: u16,
        /// Machine-readable code, e.g. `invalid_credentials`.
        code: String,
        /// The server's explanation.
        message: String,
        /// The colleague whose action caused a conflict (`already_answered`).
        by: Option<String>,
        /// The field of the form that was refused (`422`), if the server said.
        field: Option<String>,
    },
    /// The answer could not be understood (not the protocol this app speaks).
    #[error("unexpected answer: {0}")]
    Decode(String),
}

impl ApiError {
    /// What to tell the operator: the server's explanation, or what went wrong.
    pub fn explanation(self) -> String {
        match self {
            Self::Server { message, .. } => message,
            other => other.to_string(),
        }
    }
}

/// No request body.
const NO_BODY: Option<&()> = None;

/// The header in which the server tells, on every `GET`, the latest event
/// its answer reflects.
pub const SEQ_HEADER: &str = switchboard_protocol::SEQ_HEADER;

/// A client for one backend. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Api {
    base: Arc<str>,
    /// The lowest [`SEQ_HEADER`] seen since [`Api::start_snapshot`]
    /// (`i64::MAX`: none yet).
    snapshot: Arc<AtomicI64>,
}

impl Api {
    /// A client for the backend at `base` (empty: same origin).
    pub fn new(base: impl Into<Arc<str>>) -> Self {
        Self {
            base: base.into(),
            snapshot: Arc::new(AtomicI64::new(i64::MAX)),
        }
    }

    /// Starts noting the oldest event that the answers from now on reflect:
    /// the workspace loads its first snapshots over REST, then opens the
    /// event stream after [`Api::snapshot_seq`], so that an event between a
    /// snapshot and the socket's opening is replayed rather than lost.
    pub fn start_snapshot(&self) {
        self.snapshot.store(i64::MAX, Ordering::Relaxed);
    }

    /// The oldest event reflected by the answers since [`Api::start_snapshot`],
    /// if any answer said.
    pub fn snapshot_seq(&self) -> Option<EventSeq> {
        let seq = self.snapshot.load(Ordering::Relaxed);
        (seq != i64::MAX).then_some(EventSeq(seq))
    }

    fn note_snapshot(&self, response: &Response) {
        if let Some(seq) = response
            .headers()
            .get(SEQ_HEADER)
            .and_then(|value| value.trim().parse::<i64>().ok())
        {
            self.snapshot.fetch_min(seq, Ordering::Relaxed);
        }
    }

    /// Absolute or origin-relative URL of an API path such as `/health`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}{}", self.base, API_PREFIX, path)
    }

    /// Resolves a URL the server gave (e.g. an attachment's `/api/v1/files/…`)
    /// against the backend. Only server paths and http(s) URLs are accepted:
    /// anything else (`javascript:`, `data:`) gives `None`.
    pub fn resolve(&self, url: &str) -> Option<String> {
        if url.starts_with('/') && !url.starts_with("//") {
            Some(format!("{}{url}", self.base))
        } else if url.starts_with("https://") || url.starts_with("http://") {
            Some(url.to_owned())
        } else {
            None
        }
    }

    /// `GET /health`.
    pub async fn health(&self) -> Result<Health, ApiError> {
        self.json(Method::Get, "/health", &[], None, NO_BODY).await
    }

    /// `POST /auth/login`.
    pub async fn login(&self, request: &LoginRequest) -> Result<LoginResponse, ApiError> {
        self.json(Method::Post, "/auth/login", &[], None, Some(request))
            .await
    }

    /// `GET /setup`: whether the server waits for its first administrator.
    pub async fn setup_status(&self) -> Result<SetupStatus, ApiError> {
        self.json(Method::Get, "/setup", &[], None, NO_BODY).await
    }

    /// `POST /setup`: sets the server up with its setup link's token.
    pub async fn set_up(&self, request: &SetupRequest) -> Result<LoginResponse, ApiError> {
        self.json(Method::Post, "/setup", &[], None, Some(request))
            .await
    }

    /// `POST /auth/reset-password`: a new password with a reset link's token.
    pub async fn reset_password(
        &self,
        request: &ResetPasswordRequest,
    ) -> Result<LoginResponse, ApiError> {
        self.json(
            Method::Post,
            "/auth/reset-password",
            &[],
            None,
            Some(request),
        )
        .await
    }

    /// `POST /auth/accept-invitation`: an invitee's first password.
    pub async fn accept_invitation(
        &self,
        request: &switchboard_protocol::AcceptInvitationRequest,
    ) -> Result<LoginResponse, ApiError> {
        let path = "/auth/accept-invitation";
        self.json(Method::Post, path, &[], None, Some(request))
            .await
    }

    /// `POST /auth/logout`: revokes the token on the server.
    pub async fn logout(&self, token: &Token) -> Result<(), ApiError> {
        self.request(Method::Post, "/auth/logout", &[], Some(token), NO_BODY)
            .await
            .map(|_| ())
    }

    /// Every call to the API: `method` on `path` with `query`, authorized
    /// with `token` if given, `body` sent as JSON; the answer once it is a
    /// success (an error body becomes an [`ApiError`]), with the deadline
    /// that still covers reading it.
    async fn request(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        token: Option<&Token>,
        body: Option<&impl Serialize>,
    ) -> Result<(Response, Deadline), ApiError> {
        let deadline = Deadline::start();
        let url = self.url(path);
        let builder = match method {
            Method::Get => Request::get(&url),
            Method::Post => Request::post(&url),
            Method::Put => Request::put(&url),
            Method::Patch => Request::patch(&url),
            Method::Delete => Request::delete(&url),
        }
        .query(query.iter().map(|(key, value)| (*key, value.as_str())))
        .abort_signal(deadline.signal().as_ref());
        let builder = match token {
            Some(token) => builder.header("Authorization", &token.authorization()),
            None => builder,
        };
        let request = match body {
            Some(body) => builder.json(body),
            None => builder.build(),
        }
        .map_err(|error| ApiError::Decode(error.to_string()))?;
        let response = check(request.send().await.map_err(|_| ApiError::Unreachable)?).await?;
        self.note_snapshot(&response);
        Ok((response, deadline))
    }

    /// [`Self::request`], the answer's JSON decoded as `T`.
    async fn json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        token: Option<&Token>,
        body: Option<&impl Serialize>,
    ) -> Result<T, ApiError> {
        let (response, deadline) = self.request(method, path, query, token, body).await?;
        response
            .json::<T>()
            .await
            .map_err(|error| deadline.decode_error(error))
    }
}

/// The HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Reads.
    Get,
    /// Creates, and actions.
    Post,
    /// Replaces.
    Put,
    /// Changes some fields.
    Patch,
    /// Deletes.
    Delete,
}

/// How long a call may take, answer included, before it counts as failed
/// (a stalled connection would otherwise hold a reply forever; repeating a
/// send is harmless since it carries its client id).
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// Aborts a call that outlives [`REQUEST_TIMEOUT`]; dropping it disarms it.
struct Deadline {
    controller: Option<web_sys::AbortController>,
    timer: Option<leptos::prelude::TimeoutHandle>,
}

impl Deadline {
    fn start() -> Self {
        let controller = web_sys::AbortController::new().ok();
        let timer = controller.clone().and_then(|controller| {
            leptos::prelude::set_timeout_with_handle(move || controller.abort(), REQUEST_TIMEOUT)
                .ok()
        });
        Self { controller, timer }
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.controller
            .as_ref()
            .map(web_sys::AbortController::signal)
    }

    fn expired(&self) -> bool {
        self.signal().is_some_and(|signal| signal.aborted())
    }

    /// A body that could not be read: cut by the deadline (the server is as
    /// good as unreachable), or not what this app understands.
    fn decode_error(&self, error: gloo_net::Error) -> ApiError {
        if self.expired() {
            ApiError::Unreachable
        } else {
            ApiError::Decode(error.to_string())
        }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(timer) = self.timer.take() {
            timer.clear();
        }
    }
}

/// Turns a non-2xx answer into the matching [`ApiError`].
/// The query string of a page of messages.
fn page_query(query: &MessagesQuery) -> Vec<(&'static str, String)> {
    let mut params = Vec::new();
    if let Some(before) = query.before {
        params.push(("before", before.0.to_string()));
    }
    if let Some(after) = query.after {
        params.push(("after", after.0.to_string()));
    }
    if let Some(limit) = query.limit {
        params.push(("limit", limit.to_string()));
    }
    params
}

async fn check(response: Response) -> Result<Response, ApiError> {
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let body = match response.json::<ErrorBody>().await {
        Ok(body) => body,
        Err(_) => ErrorBody::new(format!("http_{status}"), response.status_text()),
    };
    Err(classify(status, body))
}

/// Maps a status and the server's error body to an [`ApiError`].
pub fn classify(status: u16, body: ErrorBody) -> ApiError {
    let ErrorBody { error } = body;
    match status {
        401 => ApiError::Unauthorized {
            code: error.code,
            message: error.message,
        },
        // A proxy or static host answering "bad gateway" means the API is not there.
        502..=504 => ApiError::Unreachable,
        _ => ApiError::Server {
            status,
            code: error.code,
            message: error.message,
            by: error.by.map(|user| user.name),
            field: error.field,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_built_on_the_configured_base() {
        assert_eq!(Api::new("").url("/health"), "/api/v1/health");
        assert_eq!(
            Api::new("https://api.example.com").url("/auth/login"),
            "https://api.example.com/api/v1/auth/login"
        );
    }

    #[test]
    fn only_server_paths_and_web_urls_resolve() {
        let api = Api::new("https://api.example.com");
        assert_eq!(
            api.resolve("/api/v1/files/ab12").as_deref(),
            Some("https://api.example.com/api/v1/files/ab12")
        );
        assert_eq!(api.resolve("javascript:alert(1)"), None);
        assert_eq!(api.resolve("data:text/html,x"), None);
        assert_eq!(api.resolve("//evil.example.com/x"), None);
    }

    #[test]
    fn statuses_map_to_the_errors_the_ui_distinguishes() {
        assert!(matches!(
            classify(401, ErrorBody::new("invalid_credentials", "no")),
            ApiError::Unauthorized { .. }
        ));
        assert_eq!(
            classify(502, ErrorBody::new("x", "y")),
            ApiError::Unreachable
        );
        let mut body = ErrorBody::new("invalid_email", "bad email");
        body.error.field = Some("email".into());
        assert_eq!(
            classify(422, body),
            ApiError::Server {
                status: 422,
                code: "invalid_email".into(),
                message: "bad email".into(),
                by: None,
                field: Some("email".into()),
            }
        );
    }
}
