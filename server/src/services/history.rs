//! "Message history": the earlier sessions of a conversation's chat (the
//! same customer on the same line), newest first, read-only.

use switchboard_protocol::{ConversationId, HistoryPage, HistoryQuery, HistorySession};

use super::conversations::visible;
use super::{validation, Viewer};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{conversation_actions, conversations, messages};

/// Default and largest number of sessions per page.
const DEFAULT_LIMIT: u32 = 5;
const MAX_LIMIT: u32 = 20;

/// One page of earlier sessions with all their messages. The cursor is the
/// session number of the last session of the previous page.
pub async fn history(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    query: HistoryQuery,
) -> Result<HistoryPage, ApiError> {
    let limit = validation::page_size(query.limit, DEFAULT_LIMIT, MAX_LIMIT);
    let text = validation::search(query.q, validation::MAX_SEARCH_CHARS)?;
    let cursor = query
        .cursor
        .as_deref()
        .map(|cursor| {
            cursor
                .parse::<i64>()
                .map_err(|_| ApiError::BadRequest("Invalid cursor".into()))
        })
        .transpose()?;
    let mut db = state.pool.acquire().await?;
    let current = visible(&mut db, viewer, id).await?;
    let before = cursor
        .unwrap_or(i64::from(current.session_number))
        .min(i64::from(current.session_number));
    let mut rows = conversation_actions::earlier_sessions(
        &mut db,
        current.chat_id,
        before,
        text.as_deref(),
        limit + 1,
    )
    .await?;
    let has_more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_cursor = has_more
        .then(|| rows.last().map(|(_, number)| number.to_string()))
        .flatten();
    let mut items = Vec::with_capacity(rows.len());
    for (session, _) in rows {
        if let Some(conversation) = conversations::summary(&mut db, session).await? {
            let messages = messages::all_of(&mut db, session).await?;
            let (split_from, split_into) =
                crate::store::message_actions::split_links(&mut db, session).await?;
            items.push(HistorySession {
                conversation,
                messages,
                split_from,
                split_into,
            });
        }
    }
    Ok(HistoryPage { items, next_cursor })
}
