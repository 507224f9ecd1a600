//! `/canned-responses`: saved replies of the composer.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use switchboard_protocol::{
    CannedQuery, CannedResponse, CannedResponseId, CannedResponseRequest, ErrorBody,
};

use super::extract::Authenticated;
use crate::error::ApiError;
use crate::services::canned;
use crate::state::AppState;

/// The caller's personal canned responses plus those of their lines (every
/// line for admins and supervisors), personal first, matching `q`.
#[utoipa::path(get, path = "/api/v1/canned-responses", tag = "composer", security(("bearer" = [])),
    params(CannedQuery),
    responses((status = 200, body = Vec<CannedResponse>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Authenticated,
    Query(query): Query<CannedQuery>,
) -> Result<Json<Vec<CannedResponse>>, ApiError> {
    Ok(Json(canned::list(&state, &caller.viewer, query).await?))
}

/// Creates a canned response: personal for anyone, line-scoped for admins.
#[utoipa::path(post, path = "/api/v1/canned-responses", tag = "composer", security(("bearer" = [])),
    request_body = CannedResponseRequest,
    responses(
        (status = 201, body = CannedResponse),
        (status = 403, description = "A line-scoped response by a non-admin", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: Authenticated,
    Json(request): Json<CannedResponseRequest>,
) -> Result<(StatusCode, Json<CannedResponse>), ApiError> {
    let created = canned::create(&state, &caller.viewer, request).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Replaces a canned response (own personal ones; line-scoped: admins).
#[utoipa::path(put, path = "/api/v1/canned-responses/{id}", tag = "composer", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Canned response id")),
    request_body = CannedResponseRequest,
    responses(
        (status = 200, body = CannedResponse),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn update(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Json(request): Json<CannedResponseRequest>,
) -> Result<Json<CannedResponse>, ApiError> {
    Ok(Json(
        canned::update(&state, &caller.viewer, CannedResponseId(id), request).await?,
    ))
}

/// Deletes a canned response (own personal ones; line-scoped: admins).
#[utoipa::path(delete, path = "/api/v1/canned-responses/{id}", tag = "composer", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Canned response id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    canned::delete(&state, &caller.viewer, CannedResponseId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
