//! `/auth/login`, `/auth/logout`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::Json;
use switchboard_protocol::{ErrorBody, LoginRequest, LoginResponse};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::Caller;
use super::responses::{json, public, secured, Answer, ApiResult, Unauthenticated};
use crate::services::auth;
use crate::state::AppState;

/// The routes of sessions.
pub(super) fn router() -> OpenApiRouter<AppState> {
    let login = [routes!(login)];
    let logout = [routes!(logout)];
    public("auth", login).merge(secured("auth", logout))
}

/// Logs in with e-mail and password.
#[utoipa::path(post, path = "/auth/login", operation_id = "login", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse),
        (status = 401, description = "Wrong e-mail or password (`invalid_credentials`)", body = ErrorBody),
        (status = 429, description = "Too many failed attempts", body = ErrorBody)))]
async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Json(request): Json<LoginRequest>,
) -> Answer<LoginResponse> {
    json(auth::login(&state, peer.ip(), request)).await
}

/// Revokes the token of the request.
#[utoipa::path(post, path = "/auth/logout", operation_id = "logout",
    responses((status = 204), Unauthenticated))]
async fn logout(caller: Caller) -> ApiResult<StatusCode> {
    auth::logout(&caller.state, &caller.token).await?;
    Ok(StatusCode::NO_CONTENT)
}
