//! `/feed`: the company feed.

use axum::extract::Query;
use axum::Json;
use switchboard_protocol::{CreateFeedPostRequest, FeedPage, FeedPost, FeedQuery};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::Caller;
use super::responses::{forward, json, secured, upserted, Answer, Hidden, Invalid, Upsert};
use crate::services::feed;
use crate::state::AppState;

/// The routes of the feed.
pub(super) fn router() -> OpenApiRouter<AppState> {
    secured("feed", [routes!(page, create)])
}

/// Posts, newest first; page with `before` = the previous `next_cursor`.
#[utoipa::path(get, path = "/feed", operation_id = "listFeedPosts", params(FeedQuery),
    responses((status = 200, body = FeedPage)))]
async fn page(caller: Caller, Query(query): Query<FeedQuery>) -> Answer<FeedPage> {
    json(feed::page(&caller.state, query)).await
}

forward! {
    /// Posts to the feed, optionally quoting a conversation message the caller may see.
    #[utoipa::path(post, path = "/feed", operation_id = "createFeedPost",
        request_body = CreateFeedPostRequest,
        responses((status = 201, body = FeedPost),
            (status = 200, description = "Repeat of an earlier create (same `client_id`)", body = FeedPost),
            Hidden, Invalid))]
    create(Json(request): Json<CreateFeedPostRequest>)
        -> Upsert<FeedPost> = upserted(feed::create(request));
}
