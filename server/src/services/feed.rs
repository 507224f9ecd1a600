//! The company feed ("Discuss in Feed"): every employee reads it; a post
//! may quote a conversation message the author may see. The quote is a
//! snapshot (plain text, mentions as names) taken when posting, since
//! colleagues who read the feed may not see the conversation.

use switchboard_protocol::mentions::plain_text;
use switchboard_protocol::{
    CreateFeedPostRequest, Event, FeedPage, FeedPost, FeedPostId, FeedQuery, FeedQuote,
};

use super::conversations::visible;
use super::events::Change;
use super::validation::{self, CLIENT_ID};
use super::{client_ids, Viewer};
use crate::error::{ApiError, OrVanished};
use crate::state::AppState;
use crate::store::client_ids::Created;
use crate::store::events::Audience;
use crate::store::{feed, messages};

const DEFAULT_LIMIT: u32 = 20;
const MAX_LIMIT: u32 = 100;
/// Longest quoted excerpt, in characters.
const EXCERPT_CHARS: usize = 500;

/// Posts newest first, `limit` at a time.
pub async fn page(state: &AppState, query: FeedQuery) -> Result<FeedPage, ApiError> {
    let limit = validation::page_size(query.limit, DEFAULT_LIMIT, MAX_LIMIT);
    let mut db = state.pool.acquire().await?;
    let mut items = feed::page(&mut db, query.before, limit + 1).await?;
    let has_more = items.len() > limit as usize;
    items.truncate(limit as usize);
    let next_cursor = if has_more {
        items.last().map(|post| post.id)
    } else {
        None
    };
    Ok(FeedPage { items, next_cursor })
}

/// Posts to the feed; tells everyone. A repeat with the same `client_id`
/// returns the first post and `false`.
pub async fn create(
    state: &AppState,
    viewer: &Viewer,
    request: CreateFeedPostRequest,
) -> Result<(FeedPost, bool), ApiError> {
    let client_id = CLIENT_ID.check_optional(request.client_id.as_deref())?;
    let text = super::messages::TEXT.check(request.text.trim())?.to_owned();
    if text.is_empty() && request.quote_message.is_none() {
        return Err(ApiError::Unprocessable(
            "A post needs text or a quoted message".into(),
        ));
    }
    let mut change = Change::begin(state).await?;
    let now = change.now;
    if let Some(id) =
        client_ids::existing(&mut change.tx, Created::FeedPost, viewer, client_id).await?
    {
        let post = feed::by_id(&mut change.tx, FeedPostId(id))
            .await?
            .or_vanished("post")?;
        return Ok((post, false));
    }
    let quote = match request.quote_message {
        None => None,
        Some(id) => {
            let message = messages::by_id(&mut change.tx, id)
                .await?
                .ok_or_else(|| ApiError::NotFound("No such message".into()))?;
            let conversation = visible(&mut change.tx, viewer, message.conversation_id).await?;
            if message.internal || message.deleted_at.is_some() {
                return Err(ApiError::Unprocessable(
                    "Internal notes and deleted messages cannot be posted to the feed".into(),
                ));
            }
            Some(FeedQuote {
                conversation_id: conversation.id,
                message_id: id,
                customer_name: conversation.customer.name.clone(),
                author_name: message.author.name.clone(),
                excerpt: plain_text(&message.text, &message.mentions, &message.chat_mentions)
                    .chars()
                    .take(EXCERPT_CHARS)
                    .collect(),
            })
        }
    };
    let mut post = FeedPost {
        id: FeedPostId(0),
        author: viewer.user.id,
        author_name: viewer.user.name.clone(),
        text,
        quote,
        created_at: now,
    };
    post.id = feed::insert(&mut change.tx, &post).await?;
    client_ids::remember(&mut change.tx, Created::FeedPost, post.id.0, client_id).await?;
    let post = feed::by_id(&mut change.tx, post.id)
        .await?
        .or_vanished("post")?;
    change
        .record(
            &Audience::All,
            Event::FeedPostCreated { post: post.clone() },
        )
        .await?;
    change.commit(state).await?;
    Ok((post, true))
}
