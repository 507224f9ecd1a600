//! Feed posts.

use switchboard_protocol::{ConversationId, FeedPost, FeedPostId, FeedQuote, MessageId, UserId};

use super::sql::{self, params};
use crate::store::Conn;

#[derive(sqlx::FromRow)]
struct PostRow {
    id: i64,
    author_user_id: i64,
    author_name: String,
    text: String,
    quote_conversation_id: Option<i64>,
    quote_message_id: Option<i64>,
    quote_customer_name: Option<String>,
    quote_author_name: Option<String>,
    quote_excerpt: Option<String>,
    created_at: i64,
}

impl PostRow {
    fn into_post(self) -> FeedPost {
        let quote = match (self.quote_conversation_id, self.quote_message_id) {
            (Some(conversation), Some(message)) => Some(FeedQuote {
                conversation_id: ConversationId(conversation),
                message_id: MessageId(message),
                customer_name: self.quote_customer_name.unwrap_or_default(),
                author_name: self.quote_author_name.unwrap_or_default(),
                excerpt: self.quote_excerpt.unwrap_or_default(),
            }),
            _ => None,
        };
        FeedPost {
            id: FeedPostId(self.id),
            author: UserId(self.author_user_id),
            author_name: self.author_name,
            text: self.text,
            quote,
            created_at: self.created_at,
        }
    }
}

const SELECT: &str = "SELECT id, author_user_id, author_name, text, quote_conversation_id, \
    quote_message_id, quote_customer_name, quote_author_name, quote_excerpt, created_at FROM feed_posts";

/// A post by id.
pub async fn by_id(db: &mut Conn, id: FeedPostId) -> sqlx::Result<Option<FeedPost>> {
    let row: Option<PostRow> =
        sql::row(db, &format!("{SELECT} WHERE id = ?"), params![id.0]).await?;
    Ok(row.map(PostRow::into_post))
}

/// Stores a post.
pub async fn insert(db: &mut Conn, post: &FeedPost) -> sqlx::Result<FeedPostId> {
    let quote = post.quote.as_ref();
    let query =
        "INSERT INTO feed_posts (author_user_id, author_name, text, quote_conversation_id, \
        quote_message_id, quote_customer_name, quote_author_name, quote_excerpt, created_at) \
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    let id = sql::insert(
        db,
        query,
        params![
            post.author.0,
            &post.author_name,
            &post.text,
            quote.map(|q| q.conversation_id.0),
            quote.map(|q| q.message_id.0),
            quote.map(|q| q.customer_name.as_str()),
            quote.map(|q| q.author_name.as_str()),
            quote.map(|q| q.excerpt.as_str()),
            post.created_at
        ],
    )
    .await?;
    Ok(FeedPostId(id))
}

/// Up to `limit` posts older than `before` (or the newest), newest first.
pub async fn page(
    db: &mut Conn,
    before: Option<FeedPostId>,
    limit: u32,
) -> sqlx::Result<Vec<FeedPost>> {
    let query = format!("{SELECT} WHERE id < ? ORDER BY id DESC LIMIT ?");
    let rows: Vec<PostRow> = sql::rows(
        db,
        &query,
        params![before.map_or(i64::MAX, |id| id.0), i64::from(limit)],
    )
    .await?;
    Ok(rows.into_iter().map(PostRow::into_post).collect())
}
