//! Request extractors shared by the handlers.

use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts, HeaderMap};

use crate::error::ApiError;
use crate::services::{auth, Viewer};
use crate::state::AppState;

/// The caller, authenticated by `Authorization: Bearer <token>`, with the
/// application state the services need (cheap to clone: `Arc`s).
pub struct Caller {
    /// The application state.
    pub state: AppState,
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

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer_token(&parts.headers)
            .ok_or_else(|| ApiError::Unauthorized("Missing bearer token".into()))?;
        let viewer = auth::authenticate(state, &token).await?;
        Ok(Self {
            state: state.clone(),
            viewer,
            token,
        })
    }
}

/// The caller's browser, from its `User-Agent` header (the list of
/// sessions names it).
pub struct Device(pub Option<String>);

impl<S: Sync> FromRequestParts<S> for Device {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .headers
                .get(header::USER_AGENT)
                .and_then(|agent| agent.to_str().ok())
                .filter(|agent| !agent.trim().is_empty())
                .map(str::to_owned),
        ))
    }
}

/// The address customers reach this server at, for the links sent to them
/// (forms, product pages, payment links): from the `Host` header, and
/// `X-Forwarded-Proto` behind a TLS proxy.
pub struct BaseUrl(pub String);

impl<S: Sync> FromRequestParts<S> for BaseUrl {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        base_url(&parts.headers).map(Self)
    }
}

fn base_url(headers: &HeaderMap) -> Result<String, ApiError> {
    let host = headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .filter(|host| {
            !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .ok_or_else(|| ApiError::BadRequest("Missing or invalid Host header".into()))?;
    let scheme = match headers
        .get("x-forwarded-proto")
        .and_then(|proto| proto.to_str().ok())
    {
        Some("https") => "https",
        _ => "http",
    };
    Ok(format!("{scheme}://{host}"))
}
