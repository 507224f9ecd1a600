//! `/me`, `/me/password`, `/me/presence`, `/users`.

use axum::extract::{Query, State};
use axum::Json;
use switchboard_protocol::{
    ChangePasswordRequest, ErrorBody, LoginResponse, SetPresenceRequest, User, UsersQuery,
};

use super::extract::Authenticated;
use crate::error::ApiError;
use crate::services::{auth, composer};
use crate::state::AppState;

/// The logged-in employee.
#[utoipa::path(get, path = "/api/v1/me", tag = "users", security(("bearer" = [])),
    responses((status = 200, body = User), (status = 401, body = ErrorBody)))]
pub async fn me(caller: Authenticated) -> Json<User> {
    Json(caller.viewer.user)
}

/// Changes the password; revokes every token of the employee and returns a new one.
#[utoipa::path(put, path = "/api/v1/me/password", tag = "users", security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = 200, body = LoginResponse),
        (status = 401, description = "Wrong current password or token", body = ErrorBody),
        (status = 422, description = "New password too short", body = ErrorBody),
    ))]
pub async fn change_password(
    State(state): State<AppState>,
    caller: Authenticated,
    Json(request): Json<ChangePasswordRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    Ok(Json(
        auth::change_password(&state, &caller.viewer, request).await?,
    ))
}

/// Sets the caller's presence (emits `presence_changed`).
#[utoipa::path(put, path = "/api/v1/me/presence", tag = "users", security(("bearer" = [])),
    request_body = SetPresenceRequest,
    responses((status = 200, body = User), (status = 401, body = ErrorBody)))]
pub async fn set_presence(
    State(state): State<AppState>,
    caller: Authenticated,
    Json(request): Json<SetPresenceRequest>,
) -> Result<Json<User>, ApiError> {
    Ok(Json(
        auth::set_presence(&state, &caller.viewer, request).await?,
    ))
}

/// Every employee with their presence; with `q`, those whose name or e-mail
/// contains it (the mention picker's search).
#[utoipa::path(get, path = "/api/v1/users", tag = "users", security(("bearer" = [])),
    params(UsersQuery),
    responses((status = 200, body = Vec<User>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn users(
    State(state): State<AppState>,
    _caller: Authenticated,
    Query(query): Query<UsersQuery>,
) -> Result<Json<Vec<User>>, ApiError> {
    Ok(Json(composer::search_users(&state, query).await?))
}
