//! `/auth/login`, `/auth/logout`, `/auth/reset-password`, and `/setup`: the
//! first run.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::Json;
use switchboard_protocol::{
    AcceptInvitationRequest, ErrorBody, LoginRequest, LoginResponse, ResetPasswordRequest,
    SetupRequest, SetupStatus,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::{Caller, Device};
use super::responses::{json, public, secured, Answer, ApiResult, Unauthenticated};
use crate::services::settings::people;
use crate::services::{auth, setup};
use crate::state::AppState;

/// The routes of sessions.
pub(super) fn router() -> OpenApiRouter<AppState> {
    let open = [
        routes!(login),
        routes!(reset_password),
        routes!(accept_invitation),
        routes!(setup_status),
        routes!(set_up),
    ];
    let logout = [routes!(logout)];
    public("auth", open).merge(secured("auth", logout))
}

/// Logs in with e-mail and password.
#[utoipa::path(post, path = "/auth/login", operation_id = "login", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse),
        (status = 401, description = "Wrong e-mail or password (`invalid_credentials`), or nobody can log in before the server is set up (`not_set_up`)", body = ErrorBody),
        (status = 429, description = "Too many failed attempts", body = ErrorBody)))]
async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Device(device): Device,
    Json(request): Json<LoginRequest>,
) -> Answer<LoginResponse> {
    json(auth::login(&state, peer.ip(), device.as_deref(), request)).await
}

/// Revokes the token of the request.
#[utoipa::path(post, path = "/auth/logout", operation_id = "logout",
    responses((status = 204), Unauthenticated))]
async fn logout(caller: Caller) -> ApiResult<StatusCode> {
    auth::logout(&caller.state, &caller.token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Chooses a new password with a one-time reset link's token; every session
/// of the employee ends, and the answer logs them in.
#[utoipa::path(post, path = "/auth/reset-password", operation_id = "resetPassword",
    request_body = ResetPasswordRequest,
    responses((status = 200, body = LoginResponse),
        (status = 404, description = "The link was used, expired or replaced (`not_found`)", body = ErrorBody),
        (status = 422, description = "The new password is too short (`error.field`)", body = ErrorBody)))]
async fn reset_password(
    State(state): State<AppState>,
    Device(device): Device,
    Json(request): Json<ResetPasswordRequest>,
) -> Answer<LoginResponse> {
    json(setup::reset_password(&state, device.as_deref(), request)).await
}

/// Accepts an invitation with its link's token and the password the
/// invitee chose; the answer logs them in.
#[utoipa::path(post, path = "/auth/accept-invitation", operation_id = "acceptInvitation",
    request_body = AcceptInvitationRequest,
    responses((status = 200, body = LoginResponse),
        (status = 404, description = "The invitation was used, expired or replaced (`not_found`)", body = ErrorBody),
        (status = 422, description = "The password is too short (`error.field`)", body = ErrorBody)))]
async fn accept_invitation(
    State(state): State<AppState>,
    Device(device): Device,
    Json(request): Json<AcceptInvitationRequest>,
) -> Answer<LoginResponse> {
    json(people::accept_invitation(
        &state,
        device.as_deref(),
        request,
    ))
    .await
}

/// Whether the server still waits for its first administrator (nobody can
/// log in until the setup link it printed is used).
#[utoipa::path(get, path = "/setup", operation_id = "getSetupStatus",
    responses((status = 200, body = SetupStatus)))]
async fn setup_status(State(state): State<AppState>) -> Answer<SetupStatus> {
    json(setup::status(&state)).await
}

/// Sets the server up with the token of its setup link: the company, the
/// first administrator and the first open channel; logs the administrator in.
#[utoipa::path(post, path = "/setup", operation_id = "setUp", request_body = SetupRequest,
    responses((status = 200, body = LoginResponse),
        (status = 404, description = "The setup link was used, expired or replaced (`not_found`)", body = ErrorBody),
        (status = 409, description = "Already set up (`conflict`)", body = ErrorBody),
        (status = 422, description = "A field is invalid (`error.field` names it)", body = ErrorBody)))]
async fn set_up(
    State(state): State<AppState>,
    Device(device): Device,
    Json(request): Json<SetupRequest>,
) -> Answer<LoginResponse> {
    json(setup::set_up(&state, device.as_deref(), request)).await
}
