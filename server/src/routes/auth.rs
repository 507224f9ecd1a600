//! `/auth/login`, `/auth/logout`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::Json;
use switchboard_protocol::{ErrorBody, LoginRequest, LoginResponse};

use super::extract::Authenticated;
use crate::error::ApiError;
use crate::services::auth;
use crate::state::AppState;

/// Logs in with e-mail and password.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, body = LoginResponse),
        (status = 401, description = "Wrong e-mail or password (`invalid_credentials`)", body = ErrorBody),
        (status = 429, description = "Too many failed attempts", body = ErrorBody),
    ))]
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Json(request): Json<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    Ok(Json(auth::login(&state, peer.ip(), request).await?))
}

/// Revokes the token of the request.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn logout(
    State(state): State<AppState>,
    caller: Authenticated,
) -> Result<StatusCode, ApiError> {
    auth::logout(&state, &caller.token).await?;
    Ok(StatusCode::NO_CONTENT)
}
