//! The queue, a conversation's details, answering and read markers.

use switchboard_protocol::{
    ConversationDetail, ConversationId, ConversationStatus, ConversationSummary, Event,
    MarkReadRequest, QueueItem, QueuePage, QueueQuery, UserId,
};

use super::events::Change;
use super::{permissions, validation, Viewer};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::Conn;
use crate::store::{conversations, events::Audience, users};

/// Default and largest page sizes.
const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 200;

/// The audience of an event about a conversation: its line, and the
/// employees involved (plus any extra, such as a previous assignee).
pub fn audience_of(conversation: &ConversationSummary, extra: &[UserId]) -> Audience {
    let involved = conversation
        .assignee
        .into_iter()
        .chain(conversation.participants.iter().copied())
        .chain(extra.iter().copied());
    Audience::conversation(conversation.line_id, involved)
}

/// Loads a conversation the viewer may see: 404 when it does not exist,
/// 403 when it belongs to a line they are not in.
pub async fn visible(
    db: &mut Conn,
    viewer: &Viewer,
    id: ConversationId,
) -> Result<ConversationSummary, ApiError> {
    let summary = conversations::summary(db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such conversation".into()))?;
    if !permissions::can_see(viewer, &summary) {
        return Err(ApiError::Forbidden(
            "This conversation belongs to a line you are not in".into(),
        ));
    }
    Ok(summary)
}

async fn queue_item(
    db: &mut Conn,
    viewer: &Viewer,
    conversation: ConversationSummary,
) -> Result<QueueItem, ApiError> {
    let (last_read_message_id, unread_count) =
        conversations::read_state(db, conversation.id, viewer.user.id).await?;
    Ok(QueueItem {
        conversation,
        unread_count,
        last_read_message_id,
    })
}

fn parse_cursor(cursor: &str) -> Result<(i64, i64), ApiError> {
    cursor
        .split_once(':')
        .and_then(|(at, id)| Some((at.parse().ok()?, id.parse().ok()?)))
        .ok_or_else(|| ApiError::BadRequest("Invalid cursor".into()))
}

/// One page of the queue as the viewer may see it.
pub async fn queue(
    state: &AppState,
    viewer: &Viewer,
    query: QueueQuery,
) -> Result<QueuePage, ApiError> {
    let limit = validation::page_size(query.limit, DEFAULT_LIMIT, MAX_LIMIT);
    let text = validation::search(query.q, validation::MAX_SEARCH_CHARS)?;
    let cursor = query.cursor.as_deref().map(parse_cursor).transpose()?;
    let filter = conversations::QueueFilter {
        operator: (!permissions::sees_everything(viewer.user.role))
            .then(|| (viewer.user.id, viewer.lines.clone())),
        status: query.status,
        line: query.line_id,
        assignee: query.assignee,
        label: query.label,
        text,
        snoozed: query.snoozed,
    };
    let mut db = state.pool.acquire().await?;
    let mut rows = conversations::queue_page(&mut db, &filter, cursor, limit + 1).await?;
    let has_more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_cursor = has_more
        .then(|| rows.last().map(|(id, at)| format!("{at}:{}", id.0)))
        .flatten();
    // The page's sessions and my read state of each, a few statements for
    // all of them.
    let ids: Vec<ConversationId> = rows.into_iter().map(|(id, _)| id).collect();
    let summaries = conversations::summaries(&mut db, &ids).await?;
    let reads = conversations::read_states(&mut db, &ids, viewer.user.id).await?;
    let items = summaries
        .into_iter()
        .zip(reads)
        .filter_map(|(summary, (last_read_message_id, unread_count))| {
            summary.map(|conversation| QueueItem {
                conversation,
                unread_count,
                last_read_message_id,
            })
        })
        .collect();
    let counts = conversations::queue_counts(&mut db, &filter, viewer.user.id).await?;
    Ok(QueuePage {
        items,
        next_cursor,
        counts,
    })
}

/// A conversation with what is personal to the viewer.
pub async fn detail(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
) -> Result<ConversationDetail, ApiError> {
    let mut db = state.pool.acquire().await?;
    let summary = visible(&mut db, viewer, id).await?;
    let earlier_sessions = conversations::earlier_sessions(&mut db, id).await?;
    Ok(ConversationDetail {
        item: queue_item(&mut db, viewer, summary).await?,
        earlier_sessions,
    })
}

/// Takes an unanswered conversation inside the caller's transaction.
/// Returns whether it changed; an in-progress conversation already assigned
/// to the viewer is left as is; one a colleague took gives `already_answered`.
pub async fn take_in(
    db: &mut Conn,
    viewer: &Viewer,
    id: ConversationId,
    now: i64,
) -> Result<bool, ApiError> {
    if conversations::take_unanswered(db, id, viewer.user.id, now).await? {
        return Ok(true);
    }
    let current = visible(db, viewer, id).await?;
    match (current.status, current.assignee) {
        (ConversationStatus::InProgress, Some(assignee)) if assignee == viewer.user.id => Ok(false),
        (ConversationStatus::InProgress, Some(assignee)) => {
            let colleague = users::by_id(db, assignee)
                .await?
                .ok_or_else(|| ApiError::Conflict("Already answered".into()))?;
            Err(ApiError::AlreadyAnswered(Box::new(colleague.to_user())))
        }
        (ConversationStatus::InProgress, None) => Err(ApiError::Conflict(
            "The conversation is in progress without an assignee".into(),
        )),
        _ => Err(ApiError::ConversationClosed),
    }
}

/// "Reply": the viewer takes an unanswered conversation and becomes its assignee.
pub async fn answer(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
) -> Result<ConversationSummary, ApiError> {
    let mut change = Change::begin(state).await?;
    let now = change.now;
    let before = visible(&mut change.tx, viewer, id).await?;
    let changed = take_in(&mut change.tx, viewer, id, now).await?;
    let after = visible(&mut change.tx, viewer, id).await?;
    if changed {
        let previous: Vec<UserId> = before.assignee.into_iter().collect();
        change
            .record(
                &audience_of(&after, &previous),
                Event::ConversationUpdated {
                    conversation: after.clone(),
                },
            )
            .await?;
    }
    change.commit(state).await?;
    Ok(after)
}

/// Moves the viewer's read marker; tells the viewer's other tabs.
pub async fn mark_read(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    request: MarkReadRequest,
) -> Result<(), ApiError> {
    let mut change = Change::begin(state).await?;
    let _now = change.now;
    visible(&mut change.tx, viewer, id).await?;
    let belongs =
        crate::store::messages::belongs_to(&mut change.tx, request.last_read_message_id, id)
            .await?;
    if !belongs {
        return Err(ApiError::Unprocessable(
            "The message is not part of this conversation".into(),
        ));
    }
    let marker = conversations::mark_read(
        &mut change.tx,
        id,
        viewer.user.id,
        request.last_read_message_id,
    )
    .await?;
    change
        .record(
            &Audience::Users(vec![viewer.user.id]),
            Event::ConversationRead {
                conversation_id: id,
                user_id: viewer.user.id,
                last_read_message_id: marker,
            },
        )
        .await?;
    change.commit(state).await?;
    Ok(())
}
