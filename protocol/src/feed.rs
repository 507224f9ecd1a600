//! The company feed ("Discuss in Feed"): posts by employees, optionally
//! quoting a customer message, newest first.

use serde::{Deserialize, Serialize};

use crate::search::query_params;
use crate::{ConversationId, FeedPostId, MessageId, Timestamp, UserId};

/// A conversation message quoted in a post, as it was when posted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedQuote {
    /// The conversation (colleagues who may not see it get 403 opening it).
    pub conversation_id: ConversationId,
    /// The message.
    pub message_id: MessageId,
    /// The customer of the conversation.
    pub customer_name: String,
    /// The author of the message.
    pub author_name: String,
    /// The start of the message's text (plain text, mentions as names).
    pub excerpt: String,
}

/// A post of the feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedPost {
    /// Server identifier.
    pub id: FeedPostId,
    /// The employee who posted.
    pub author: UserId,
    /// Their name at the time.
    pub author_name: String,
    /// The text (may be empty when there is a quote).
    pub text: String,
    /// The quoted message, if any.
    pub quote: Option<FeedQuote>,
    /// When.
    pub created_at: Timestamp,
}

/// Body of `POST /api/v1/feed`: text, a quote, or both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateFeedPostRequest {
    /// Client-generated id (a UUID is a good choice), 1 to 100 characters:
    /// repeating the request with the same id returns the first result
    /// (`200` instead of `201`) instead of creating a second one.
    #[serde(default)]
    pub client_id: Option<String>,
    /// Text, up to 10 000 characters.
    #[serde(default)]
    pub text: String,
    /// A conversation message the caller may see.
    #[serde(default)]
    pub quote_message: Option<MessageId>,
}

query_params! {
    /// Query of `GET /api/v1/feed`.
    pub struct FeedQuery {
        /// Posts older than this one (the previous `next_cursor`).
        pub before: Option<FeedPostId>,
        /// Page size, 1 to 100 (default 20).
        pub limit: Option<u32>,
    }
}

/// A page of the feed, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedPage {
    /// The posts.
    pub items: Vec<FeedPost>,
    /// Pass as `before` for older posts; `None` on the last page.
    pub next_cursor: Option<FeedPostId>,
}
