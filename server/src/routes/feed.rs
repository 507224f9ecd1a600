//! `/feed`: the company feed.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use switchboard_protocol::{CreateFeedPostRequest, ErrorBody, FeedPage, FeedPost, FeedQuery};

use super::extract::Authenticated;
use crate::error::ApiError;
use crate::services::feed;
use crate::state::AppState;

/// Posts, newest first; page with `before` = the previous `next_cursor`.
#[utoipa::path(get, path = "/api/v1/feed", tag = "feed", security(("bearer" = [])),
    params(FeedQuery),
    responses((status = 200, body = FeedPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn page(
    State(state): State<AppState>,
    _caller: Authenticated,
    Query(query): Query<FeedQuery>,
) -> Result<Json<FeedPage>, ApiError> {
    Ok(Json(feed::page(&state, query).await?))
}

/// Posts to the feed, optionally quoting a conversation message the caller may see.
#[utoipa::path(post, path = "/api/v1/feed", tag = "feed", security(("bearer" = [])),
    request_body = CreateFeedPostRequest,
    responses(
        (status = 201, body = FeedPost),
        (status = 200, description = "Repeat of an earlier create (same `client_id`)", body = FeedPost),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: Authenticated,
    Json(request): Json<CreateFeedPostRequest>,
) -> Result<(StatusCode, Json<FeedPost>), ApiError> {
    let (post, created) = feed::create(&state, &caller.viewer, request).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(post)))
}
