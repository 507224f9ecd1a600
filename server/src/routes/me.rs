//! `/me`, `/me/password`, `/me/presence`, `/me/preferences`, `/users`.

use axum::extract::Query;
use axum::http::StatusCode;
use axum::Json;
use switchboard_protocol::{
    ChangePasswordRequest, ErrorBody, LoginResponse, OperatorPreferences, SessionInfo,
    SetPresenceRequest, User, UsersQuery,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::{Caller, Device};
use super::responses::{forward, json, secured, Answer, ApiResult, Invalid};
use crate::services::{auth, composer, preferences};
use crate::state::AppState;

/// The routes of the caller's account and the directory of employees.
pub(super) fn router() -> OpenApiRouter<AppState> {
    secured(
        "users",
        [
            routes!(me),
            routes!(change_password),
            routes!(logout_others),
            routes!(sessions),
            routes!(set_presence),
            routes!(get_preferences, put_preferences),
            routes!(users),
        ],
    )
}

/// The logged-in employee.
#[utoipa::path(get, path = "/me", operation_id = "getMe", responses((status = 200, body = User)))]
async fn me(caller: Caller) -> Json<User> {
    Json(caller.viewer.user)
}

/// Changes the password; revokes every token of the employee and returns a new one.
#[utoipa::path(put, path = "/me/password", operation_id = "changePassword",
    request_body = ChangePasswordRequest,
    responses((status = 200, body = LoginResponse),
        (status = 401, description = "Wrong current password or token", body = ErrorBody),
        (status = 422, description = "New password too short", body = ErrorBody)))]
async fn change_password(
    caller: Caller,
    Device(device): Device,
    Json(request): Json<ChangePasswordRequest>,
) -> Answer<LoginResponse> {
    let device = device.as_deref();
    json(auth::change_password(
        &caller.state,
        &caller.viewer,
        device,
        request,
    ))
    .await
}

/// The caller's sessions (browsers and devices logged in), most recently
/// seen first.
#[utoipa::path(get, path = "/me/sessions", operation_id = "listMySessions",
    responses((status = 200, body = Vec<SessionInfo>)))]
async fn sessions(caller: Caller) -> Answer<Vec<SessionInfo>> {
    json(auth::sessions(&caller.state, &caller.viewer, &caller.token)).await
}

forward! {

    /// Sets the caller's presence (emits `presence_changed`).
    #[utoipa::path(put, path = "/me/presence", operation_id = "setPresence",
        request_body = SetPresenceRequest, responses((status = 200, body = User)))]
    set_presence(Json(request): Json<SetPresenceRequest>)
        -> Answer<User> = json(auth::set_presence(request));

    /// The caller's own preferences (shortcuts, undo send): the defaults
    /// until they save some.
    #[utoipa::path(get, path = "/me/preferences", operation_id = "getMyPreferences",
        responses((status = 200, body = OperatorPreferences)))]
    get_preferences() -> Answer<OperatorPreferences> = json(preferences::get());

    /// Replaces the caller's preferences (emits `preferences_updated` to
    /// the caller only): `422` with `error.field` for an unknown action, a
    /// key combination that is not one or is taken, an undo window out of
    /// 0–30 seconds.
    #[utoipa::path(put, path = "/me/preferences", operation_id = "setMyPreferences",
        request_body = OperatorPreferences,
        responses((status = 200, body = OperatorPreferences), Invalid))]
    put_preferences(Json(request): Json<OperatorPreferences>)
        -> Answer<OperatorPreferences> = json(preferences::put(request));
}

/// Ends every other session of the caller (their other browsers and
/// devices must log in again); this one goes on.
#[utoipa::path(post, path = "/me/sessions/logout-others", operation_id = "logoutOtherSessions",
    responses((status = 204)))]
async fn logout_others(caller: Caller) -> ApiResult<StatusCode> {
    auth::logout_others(&caller.state, &caller.viewer, &caller.token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every employee with their presence; with `q`, those whose name or e-mail
/// contains it (the mention picker's search).
#[utoipa::path(get, path = "/users", operation_id = "listUsers", params(UsersQuery),
    responses((status = 200, body = Vec<User>), Invalid))]
async fn users(caller: Caller, Query(query): Query<UsersQuery>) -> Answer<Vec<User>> {
    json(composer::search_users(&caller.state, query)).await
}
