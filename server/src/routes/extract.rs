//! Request extractors shared by the handlers.

use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts, HeaderMap};

use crate::error::ApiError;
use crate::services::{auth, Viewer};
use crate::state::AppState;

/// The caller, authenticated by `Authorization: Bearer <token>`.
pub struct Authenticated {
    /// Who is calling.
    pub viewer: Viewer,
    /// The token they used (to revoke it on logout).
    pub token: String,
}

/// Reads the bearer token of a request, if any.
pub fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty())
        .then(|| token.trim().to_owned())
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer_token(&parts.headers)
            .ok_or_else(|| ApiError::Unauthorized("Missing bearer token".into()))?;
        let viewer = auth::authenticate(state, &token).await?;
        Ok(Self { viewer, token })
    }
}
