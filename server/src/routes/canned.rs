//! `/canned-responses`: saved replies of the composer.

use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::Json;
use switchboard_protocol::{
    CannedQuery, CannedResponse, CannedResponseId, CannedResponseRequest, ErrorBody,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::responses::{
    created, forward, json, no_content, secured, Answer, ApiResult, Created, Invalid, NotYours,
};
use crate::services::canned;
use crate::state::AppState;

/// The routes of canned responses.
pub(super) fn router() -> OpenApiRouter<AppState> {
    secured("composer", [routes!(list, create), routes!(update, delete)])
}

forward! {
    /// The caller's personal canned responses plus those of their lines (every
    /// line for admins and supervisors), personal first, matching `q`.
    #[utoipa::path(get, path = "/canned-responses", operation_id = "listCannedResponses",
        params(CannedQuery), responses((status = 200, body = Vec<CannedResponse>), Invalid))]
    list(Query(query): Query<CannedQuery>)
        -> Answer<Vec<CannedResponse>> = json(canned::list(query));

    /// Creates a canned response: personal for anyone, line-scoped for admins.
    #[utoipa::path(post, path = "/canned-responses", operation_id = "createCannedResponse",
        request_body = CannedResponseRequest,
        responses((status = 201, body = CannedResponse),
            (status = 403, description = "A line-scoped response by a non-admin", body = ErrorBody),
            Invalid))]
    create(Json(request): Json<CannedResponseRequest>)
        -> Created<CannedResponse> = created(canned::create(request));

    /// Replaces a canned response (own personal ones; line-scoped: admins).
    #[utoipa::path(put, path = "/canned-responses/{id}", operation_id = "updateCannedResponse",
        params(("id" = i64, Path, description = "Canned response id")),
        request_body = CannedResponseRequest,
        responses((status = 200, body = CannedResponse), NotYours, Invalid))]
    update(Path(id): Path<CannedResponseId>, Json(request): Json<CannedResponseRequest>)
        -> Answer<CannedResponse> = json(canned::update(id, request));

    /// Deletes a canned response (own personal ones; line-scoped: admins).
    #[utoipa::path(delete, path = "/canned-responses/{id}", operation_id = "deleteCannedResponse",
        params(("id" = i64, Path, description = "Canned response id")),
        responses((status = 204), NotYours))]
    delete(Path(id): Path<CannedResponseId>)
        -> ApiResult<StatusCode> = no_content(canned::delete(id));
}
