//! Composer commands that are not messages: `/rename` (the employee-only
//! title), the typing indicator and the colleague search of the mention picker.

use switchboard_protocol::{
    ConversationId, ConversationSummary, Event, SetTitleRequest, SystemEvent, TypingNotice,
    TypingRequest, User, UsersQuery,
};

use super::conversations::{audience_of, visible};
use super::events::Change;
use super::system_messages::{self, user_ref};
use super::validation::{self, TextField};
use super::{auth, Viewer};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::composer;

/// The employee-only title.
const TITLE: TextField = TextField::optional("title", 200);
/// Longest colleague search.
const MAX_SEARCH_CHARS: usize = 100;

/// Sets or removes the employee-only title of a conversation the viewer may
/// see. Leaves a system message (employees only, like every system message)
/// and emits `message_created` then `conversation_updated`. Setting the same
/// title again changes nothing and emits nothing.
pub async fn rename(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    request: SetTitleRequest,
) -> Result<ConversationSummary, ApiError> {
    let title = request
        .title
        .map(|title| title.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|title| !title.is_empty());
    TITLE.check_optional(title.as_deref())?;
    let mut change = Change::begin(state).await?;
    let now = change.now;
    let before = visible(&mut change.tx, viewer, id).await?;
    if composer::custom_title(&mut change.tx, id).await? == title {
        return Ok(before);
    }
    composer::set_custom_title(&mut change.tx, id, title.as_deref()).await?;
    let message = system_messages::write(
        &mut change.tx,
        id,
        &SystemEvent::Renamed {
            by: user_ref(&viewer.user),
            title,
        },
        now,
    )
    .await?;
    let after = visible(&mut change.tx, viewer, id).await?;
    let conversation = after.clone();
    let events = [
        Event::MessageCreated { message },
        Event::ConversationUpdated { conversation },
    ];
    change.record_all(&audience_of(&after, &[]), events).await?;
    change.commit(state).await?;
    Ok(after)
}

/// Tells the colleagues who may see the conversation that the viewer types.
pub async fn typing(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    request: TypingRequest,
) -> Result<(), ApiError> {
    let mut db = state.pool.acquire().await?;
    let summary = visible(&mut db, viewer, id).await?;
    if !summary.status.is_open() {
        return Err(ApiError::ConversationClosed);
    }
    state.typing.publish(
        audience_of(&summary, &[]),
        TypingNotice {
            conversation_id: id,
            user: user_ref(&viewer.user),
            internal: request.internal,
        },
    );
    if !request.internal {
        super::delivery::queue_typing(state, id).await?;
    }
    Ok(())
}

/// Employees whose name or e-mail contains `q` (case-insensitive), or all.
pub async fn search_users(state: &AppState, query: UsersQuery) -> Result<Vec<User>, ApiError> {
    let q = validation::search(query.q, MAX_SEARCH_CHARS)?.map(|q| q.to_lowercase());
    let users = auth::list_users(state).await?;
    Ok(match q {
        None => users,
        Some(q) => users
            .into_iter()
            .filter(|user| {
                user.name.to_lowercase().contains(&q) || user.email.to_lowercase().contains(&q)
            })
            .collect(),
    })
}
