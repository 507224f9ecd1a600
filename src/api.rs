//! The only module that talks HTTP: it builds URLs, holds the bearer token and
//! maps failures to [`ApiError`]. Components never call `gloo_net` themselves.

use std::sync::Arc;

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use switchboard_protocol::{ErrorBody, Health, LoginRequest, LoginResponse, API_PREFIX};

use crate::session::Token;

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
    },
    /// The answer could not be understood (not the protocol this app speaks).
    #[error("unexpected answer: {0}")]
    Decode(String),
}

/// A client for one backend. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Api {
    base: Arc<str>,
}

impl Api {
    /// A client for the backend at `base` (empty: same origin).
    pub fn new(base: impl Into<Arc<str>>) -> Self {
        Self { base: base.into() }
    }

    /// Absolute or origin-relative URL of an API path such as `/health`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}{}", self.base, API_PREFIX, path)
    }

    /// `GET /health`.
    pub async fn health(&self) -> Result<Health, ApiError> {
        self.call(Request::get(&self.url("/health")), None, None::<&()>)
            .await
    }

    /// `POST /auth/login`.
    pub async fn login(&self, request: &LoginRequest) -> Result<LoginResponse, ApiError> {
        self.call(Request::post(&self.url("/auth/login")), None, Some(request))
            .await
    }

    /// `POST /auth/logout`: revokes the token on the server.
    pub async fn logout(&self, token: &Token) -> Result<(), ApiError> {
        let response = self
            .send(
                Request::post(&self.url("/auth/logout")),
                Some(token),
                None::<&()>,
            )
            .await?;
        check(response).await.map(|_| ())
    }

    async fn call<T: DeserializeOwned>(
        &self,
        builder: RequestBuilder,
        token: Option<&Token>,
        body: Option<&impl Serialize>,
    ) -> Result<T, ApiError> {
        let response = check(self.send(builder, token, body).await?).await?;
        response
            .json::<T>()
            .await
            .map_err(|error| ApiError::Decode(error.to_string()))
    }

    async fn send(
        &self,
        builder: RequestBuilder,
        token: Option<&Token>,
        body: Option<&impl Serialize>,
    ) -> Result<Response, ApiError> {
        let builder = match token {
            Some(token) => builder.header("Authorization", &token.authorization()),
            None => builder,
        };
        let request = match body {
            Some(body) => builder
                .json(body)
                .map_err(|error| ApiError::Decode(error.to_string()))?,
            None => builder
                .build()
                .map_err(|error| ApiError::Decode(error.to_string()))?,
        };
        request.send().await.map_err(|_| ApiError::Unreachable)
    }
}

/// Turns a non-2xx answer into the matching [`ApiError`].
async fn check(response: Response) -> Result<Response, ApiError> {
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let (code, message) = match response.json::<ErrorBody>().await {
        Ok(body) => (body.error.code, body.error.message),
        Err(_) => (format!("http_{status}"), response.status_text()),
    };
    Err(classify(status, code, message))
}

/// Maps a status and the server's error body to an [`ApiError`].
pub fn classify(status: u16, code: String, message: String) -> ApiError {
    match status {
        401 => ApiError::Unauthorized { code, message },
        // A proxy or static host answering "bad gateway" means the API is not there.
        502..=504 => ApiError::Unreachable,
        _ => ApiError::Server {
            status,
            code,
            message,
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
    fn statuses_map_to_the_errors_the_ui_distinguishes() {
        assert!(matches!(
            classify(401, "invalid_credentials".into(), "no".into()),
            ApiError::Unauthorized { .. }
        ));
        assert_eq!(classify(502, "x".into(), "y".into()), ApiError::Unreachable);
        assert_eq!(
            classify(422, "unprocessable".into(), "bad email".into()),
            ApiError::Server {
                status: 422,
                code: "unprocessable".into(),
                message: "bad email".into()
            }
        );
    }
}
