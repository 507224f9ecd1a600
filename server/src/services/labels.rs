//! Conversation labels and priority. Administrators define the labels
//! (audited like every settings change); whoever may act on a conversation
//! (the same rule as transfer or close) sets its labels and priority. Every
//! change is told to every open workspace at once: the label list as
//! `labels_changed`, a conversation's new labels or priority as
//! `conversation_updated`.

use switchboard_protocol::{
    AuditAction, ConversationId, ConversationLabelsRequest, ConversationSummary, Event, Label,
    LabelId, LabelRequest, PriorityRequest,
};

use super::actions::check_manage;
use super::conversations::{audience_of, visible};
use super::events::Change;
use super::settings::{audit, require_admin};
use super::validation::TextField;
use super::Viewer;
use crate::error::{ApiError, OrVanished};
use crate::state::AppState;
use crate::store::conversations;
use crate::store::events::Audience;
use crate::store::labels;

/// A label's name: short enough for a chip.
const NAME: TextField = TextField::required("name", 50);
/// Most labels one conversation carries.
const MAX_PER_CONVERSATION: usize = 20;

/// Every label, by name (any employee: the queue filters by them).
pub async fn list(state: &AppState, _viewer: &Viewer) -> Result<Vec<Label>, ApiError> {
    let mut db = state.pool.acquire().await?;
    Ok(labels::all(&mut db).await?)
}

/// Checks a label's name: not blank, not too long, and no other label has
/// it regardless of case.
async fn checked_name<'a>(
    change: &mut Change,
    request: &'a LabelRequest,
    except: Option<LabelId>,
) -> Result<&'a str, ApiError> {
    let name = NAME.check(request.name.trim())?;
    let folded = name.to_lowercase();
    let taken = labels::all(&mut change.tx)
        .await?
        .into_iter()
        .any(|label| Some(label.id) != except && label.name.to_lowercase() == folded);
    if taken {
        return Err(ApiError::InvalidField {
            code: "name_taken",
            field: "name",
            message: format!("There is already a label named {name}"),
        });
    }
    Ok(name)
}

/// Tells every workspace the labels as they are now.
async fn record_labels(change: &mut Change) -> Result<(), ApiError> {
    let labels = labels::all(&mut change.tx).await?;
    change
        .record(&Audience::All, Event::LabelsChanged { labels })
        .await?;
    Ok(())
}

async fn written(change: &mut Change, id: LabelId) -> Result<Label, ApiError> {
    labels::by_id(&mut change.tx, id)
        .await?
        .or_vanished("label")
}

/// Creates a label (administrators).
pub async fn create(
    state: &AppState,
    viewer: &Viewer,
    request: LabelRequest,
) -> Result<Label, ApiError> {
    require_admin(viewer)?;
    let mut change = Change::begin(state).await?;
    let name = checked_name(&mut change, &request, None).await?;
    let id = labels::insert(&mut change.tx, name, request.colour, change.now).await?;
    let details = request.colour.as_str().to_owned();
    audit(
        &mut change,
        viewer,
        AuditAction::LabelCreated,
        name,
        details,
    )
    .await?;
    record_labels(&mut change).await?;
    let label = written(&mut change, id).await?;
    change.commit(state).await?;
    Ok(label)
}

/// Renames or recolours a label (administrators).
pub async fn update(
    state: &AppState,
    viewer: &Viewer,
    id: LabelId,
    request: LabelRequest,
) -> Result<Label, ApiError> {
    require_admin(viewer)?;
    let mut change = Change::begin(state).await?;
    let before = labels::by_id(&mut change.tx, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such label".into()))?;
    let name = checked_name(&mut change, &request, Some(id)).await?;
    if before.name == name && before.colour == request.colour {
        return Ok(before);
    }
    labels::update(&mut change.tx, id, name, request.colour).await?;
    let details = format!(
        "{} ({}) → {name} ({})",
        before.name,
        before.colour.as_str(),
        request.colour.as_str()
    );
    audit(
        &mut change,
        viewer,
        AuditAction::LabelUpdated,
        name,
        details,
    )
    .await?;
    record_labels(&mut change).await?;
    let label = written(&mut change, id).await?;
    change.commit(state).await?;
    Ok(label)
}

/// Deletes a label (administrators): it leaves every conversation that
/// carried it, and their queues follow.
pub async fn delete(state: &AppState, viewer: &Viewer, id: LabelId) -> Result<(), ApiError> {
    require_admin(viewer)?;
    let mut change = Change::begin(state).await?;
    let before = labels::by_id(&mut change.tx, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such label".into()))?;
    let carried = labels::delete(&mut change.tx, id).await?;
    let details = format!("{} conversations", carried.len());
    audit(
        &mut change,
        viewer,
        AuditAction::LabelDeleted,
        &before.name,
        details,
    )
    .await?;
    record_labels(&mut change).await?;
    for conversation in carried {
        if let Some(after) = conversations::summary(&mut change.tx, conversation).await? {
            let audience = audience_of(&after, &[]);
            change
                .record(
                    &audience,
                    Event::ConversationUpdated {
                        conversation: after,
                    },
                )
                .await?;
        }
    }
    change.commit(state).await?;
    Ok(())
}

/// Loads a conversation the viewer may act on, in a change.
async fn acting_on(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
) -> Result<(Change, ConversationSummary), ApiError> {
    let mut change = Change::begin(state).await?;
    let before = visible(&mut change.tx, viewer, id).await?;
    check_manage(&mut change.tx, viewer, &before).await?;
    Ok((change, before))
}

/// Records and publishes a conversation's new state.
async fn finish(
    state: &AppState,
    mut change: Change,
    id: ConversationId,
) -> Result<ConversationSummary, ApiError> {
    let after = conversations::summary(&mut change.tx, id)
        .await?
        .or_vanished("conversation")?;
    let conversation = after.clone();
    change
        .record(
            &audience_of(&after, &[]),
            Event::ConversationUpdated { conversation },
        )
        .await?;
    change.commit(state).await?;
    Ok(after)
}

/// Sets a conversation's labels (whoever may act on it). Repeated ids
/// count once; an unknown one is refused.
pub async fn set_for_conversation(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    request: ConversationLabelsRequest,
) -> Result<ConversationSummary, ApiError> {
    let mut wanted = request.labels;
    wanted.sort();
    wanted.dedup();
    if wanted.len() > MAX_PER_CONVERSATION {
        return Err(ApiError::InvalidField {
            code: "too_many_labels",
            field: "labels",
            message: format!("A conversation carries at most {MAX_PER_CONVERSATION} labels"),
        });
    }
    let (mut change, before) = acting_on(state, viewer, id).await?;
    for label in &wanted {
        if labels::by_id(&mut change.tx, *label).await?.is_none() {
            return Err(ApiError::InvalidField {
                code: "unknown_label",
                field: "labels",
                message: format!("No such label: {label}"),
            });
        }
    }
    let mut current = before.labels.clone();
    current.sort();
    if current == wanted {
        return Ok(before);
    }
    labels::set_for_conversation(&mut change.tx, id, &wanted).await?;
    finish(state, change, id).await
}

/// Sets a conversation's priority (whoever may act on it).
pub async fn set_priority(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    request: PriorityRequest,
) -> Result<ConversationSummary, ApiError> {
    let (mut change, before) = acting_on(state, viewer, id).await?;
    if before.priority == request.priority {
        return Ok(before);
    }
    labels::set_priority(&mut change.tx, id, request.priority).await?;
    finish(state, change, id).await
}
