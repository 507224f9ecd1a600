//! Actions on a conversation as a whole: transfer, close, spam, take,
//! invite, lock. Each one, in a single write transaction: checks the
//! permission and the current state, applies the change guarded by the
//! version it read (`UPDATE … WHERE version = ?`, so of two concurrent
//! actions exactly one wins and the other gets `conversation_changed`),
//! writes a system message, records the events, commits, then publishes.

use switchboard_protocol::{
    ActionRequest, AuthorKind, ConversationId, ConversationStatus, ConversationSummary, Event,
    InviteRequest, LineId, LineRef, LockRequest, SystemEvent, TransferRequest, TransferTarget,
    UserId, UserRef,
};

use super::conversations::{audience_of, visible};
use super::events::Change;
use super::messages::MAX_TEXT_CHARS;
use super::system_messages::{self, user_ref};
use super::validation::TextField;
use super::{permissions, Viewer};
use crate::error::{ApiError, OrVanished};
use crate::state::AppState;
use crate::store::conversation_actions::{self as actions, Transition};
use crate::store::Conn;
use crate::store::{self, conversations, messages, users};

/// Most colleagues invited at once.
const MAX_INVITED: usize = 50;

/// What an action changes.
enum Effect {
    /// A new state.
    State(Transition),
    /// New participants.
    Invite(Vec<UserId>),
}

/// One action, ready to be written.
struct Plan<'a> {
    before: ConversationSummary,
    effect: Effect,
    system: SystemEvent,
    /// An internal note by the caller (a transfer comment).
    note: Option<&'a str>,
    /// Who must hear of the new state besides its audience (a line the
    /// conversation left).
    also_told: Vec<UserId>,
}

impl Plan<'_> {
    /// A plain action: its effect and its system message, nothing more to
    /// write or tell.
    fn plain(before: ConversationSummary, effect: Effect, system: SystemEvent) -> Self {
        Plan {
            before,
            effect,
            system,
            note: None,
            also_told: Vec::new(),
        }
    }
}

/// Starts the change and loads the conversation, refusing when the client
/// acted on an older version.
async fn start(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    version: Option<i64>,
) -> Result<(Change, ConversationSummary), ApiError> {
    let mut change = Change::begin(state).await?;
    let before = visible(&mut change.tx, viewer, id).await?;
    if version.is_some_and(|version| version != before.version) {
        return Err(ApiError::ConversationChanged);
    }
    Ok((change, before))
}

/// Refuses actions on closed conversations, by colleagues a lock stops, and
/// by employees who may not manage the conversation.
pub(crate) async fn check_manage(
    db: &mut Conn,
    viewer: &Viewer,
    conversation: &ConversationSummary,
) -> Result<(), ApiError> {
    if !conversation.status.is_open() {
        return Err(ApiError::ConversationClosed);
    }
    check_lock(db, viewer, conversation).await?;
    if !permissions::may_manage(viewer, conversation) {
        return Err(ApiError::Forbidden(
            "Only the assignee, participants, supervisors and admins may do this".into(),
        ));
    }
    Ok(())
}

async fn check_lock(
    db: &mut Conn,
    viewer: &Viewer,
    conversation: &ConversationSummary,
) -> Result<(), ApiError> {
    if let (true, Some(locker)) = (
        permissions::stopped_by_lock(viewer, conversation),
        conversation.locked_by,
    ) {
        let locker = users::by_id(db, locker)
            .await?
            .ok_or_else(|| ApiError::Forbidden("This conversation is locked".into()))?;
        return Err(ApiError::Locked(Box::new(locker.to_user())));
    }
    Ok(())
}

/// Writes a planned action and its events, commits and publishes.
async fn execute(
    state: &AppState,
    mut change: Change,
    viewer: &Viewer,
    plan: Plan<'_>,
) -> Result<ConversationSummary, ApiError> {
    let now = change.now;
    let id = plan.before.id;
    let applied = match &plan.effect {
        Effect::State(transition) => {
            actions::apply(&mut change.tx, id, plan.before.version, transition).await?
        }
        Effect::Invite(invited) => {
            for user in invited {
                conversations::add_participant(&mut change.tx, id, *user).await?;
            }
            actions::touch(&mut change.tx, id, plan.before.version, now).await?
        }
    };
    if !applied {
        return Err(ApiError::ConversationChanged);
    }
    let mut written = vec![system_messages::write(&mut change.tx, id, &plan.system, now).await?];
    if let Some(text) = plan.note {
        written.push(write_note(&mut change.tx, viewer, id, text, now).await?);
    }
    // The caller may no longer see it (transferred away), so no `visible`.
    let after = conversations::summary(&mut change.tx, id)
        .await?
        .or_vanished("conversation")?;
    let previous: Vec<UserId> = plan.before.assignee.into_iter().collect();
    let audience = audience_of(&after, &previous);
    for message in written {
        change
            .record(&audience, Event::MessageCreated { message })
            .await?;
    }
    let mut told = previous;
    told.extend(plan.also_told);
    let conversation = after.clone();
    let audience = audience_of(&after, &told);
    change
        .record(&audience, Event::ConversationUpdated { conversation })
        .await?;
    change.commit(state).await?;
    Ok(after)
}

async fn write_note(
    db: &mut Conn,
    viewer: &Viewer,
    id: ConversationId,
    text: &str,
    now: i64,
) -> Result<switchboard_protocol::Message, ApiError> {
    let note = messages::NewMessage {
        internal: true,
        ..messages::NewMessage::by_employee(id, &viewer.user, text, now)
    };
    let note = messages::insert(db, &note).await?;
    conversations::touch_with_message(db, id, note, AuthorKind::Employee, true, now).await?;
    messages::by_id(db, note).await?.or_vanished("note")
}

async fn line_ref(db: &mut Conn, line: LineId) -> Result<Option<LineRef>, ApiError> {
    Ok(actions::line_name(db, line)
        .await?
        .map(|name| LineRef { id: line, name }))
}

async fn colleague(db: &mut Conn, id: UserId) -> Result<UserRef, ApiError> {
    users::by_id(db, id)
        .await?
        .map(|user| user_ref(&user.to_user()))
        .ok_or_else(|| ApiError::Unprocessable(format!("No such colleague: {}", id.0)))
}

fn comment_of(request: &TransferRequest) -> Result<Option<&str>, ApiError> {
    let comment = request
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty());
    TextField::optional("comment", MAX_TEXT_CHARS).check_optional(comment)
}

/// "Transfer": to a colleague (who becomes the assignee) or to another
/// line's Unanswered. The comment travels as an internal note.
pub async fn transfer(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    request: TransferRequest,
) -> Result<ConversationSummary, ApiError> {
    let note = comment_of(&request)?;
    let (mut change, before) = start(state, viewer, id, request.version).await?;
    check_manage(&mut change.tx, viewer, &before).await?;
    let by = user_ref(&viewer.user);
    let now = store::now_ms();
    let (transition, system, also_told) = match request.to {
        TransferTarget::User { user_id } => {
            let to = colleague(&mut change.tx, user_id).await?;
            if before.status == ConversationStatus::InProgress && before.assignee == Some(user_id) {
                return Err(ApiError::Unprocessable(format!(
                    "{} is already the assignee",
                    to.name
                )));
            }
            let transition = Transition::new(ConversationStatus::InProgress, Some(user_id), now);
            (
                transition,
                SystemEvent::TransferredToUser { by, to },
                Vec::new(),
            )
        }
        TransferTarget::Line { line_id } => {
            let missing = || ApiError::Unprocessable(format!("No such line: {line_id}"));
            let to = line_ref(&mut change.tx, line_id)
                .await?
                .ok_or_else(missing)?;
            let from = line_ref(&mut change.tx, before.line_id)
                .await?
                .or_vanished("line")?;
            if crate::store::lines::by_id(&mut change.tx, line_id)
                .await?
                .is_some_and(|line| line.archived)
            {
                return Err(ApiError::Unprocessable(format!("{} is archived", to.name)));
            }
            if line_id == before.line_id {
                return Err(ApiError::Unprocessable(
                    "The conversation is already in this line".into(),
                ));
            }
            let transition = Transition {
                line: Some(line_id),
                ..Transition::new(ConversationStatus::Unanswered, None, now)
            };
            // The line it leaves must hear of it, to drop it from its queues.
            let left = actions::line_members(&mut change.tx, before.line_id).await?;
            (
                transition,
                SystemEvent::TransferredToLine { by, from, to },
                left,
            )
        }
    };
    let plan = Plan {
        before,
        effect: Effect::State(transition),
        system,
        note,
        also_told,
    };
    execute(state, change, viewer, plan).await
}

/// "Accept and close" / "Finish conversation" (`spam` false) and "Mark as
/// spam" (`spam` true). A customer writing again later opens a new session.
pub async fn close(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    request: ActionRequest,
    spam: bool,
) -> Result<ConversationSummary, ApiError> {
    let (mut change, before) = start(state, viewer, id, request.version).await?;
    check_manage(&mut change.tx, viewer, &before).await?;
    let by = user_ref(&viewer.user);
    let (status, system) = if spam {
        (ConversationStatus::Spam, SystemEvent::MarkedSpam { by })
    } else {
        (ConversationStatus::Closed, SystemEvent::Closed { by })
    };
    let transition = Transition::new(status, before.assignee, store::now_ms());
    let plan = Plan::plain(before, Effect::State(transition), system);
    execute(state, change, viewer, plan).await
}

/// "Take conversation": the caller becomes the assignee, even over a
/// colleague (who is told). A lock stops operators, not supervisors/admins.
pub async fn take(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    request: ActionRequest,
) -> Result<ConversationSummary, ApiError> {
    let (mut change, before) = start(state, viewer, id, request.version).await?;
    if !before.status.is_open() {
        return Err(ApiError::ConversationClosed);
    }
    check_lock(&mut change.tx, viewer, &before).await?;
    if before.status == ConversationStatus::InProgress && before.assignee == Some(viewer.user.id) {
        return Ok(before);
    }
    let from = match before.assignee {
        Some(previous) => Some(colleague(&mut change.tx, previous).await?),
        None => None,
    };
    let transition = Transition::new(
        ConversationStatus::InProgress,
        Some(viewer.user.id),
        store::now_ms(),
    );
    let by = user_ref(&viewer.user);
    let system = SystemEvent::Taken { by, from };
    let plan = Plan::plain(before, Effect::State(transition), system);
    execute(state, change, viewer, plan).await
}

/// "Invite users": adds participants, who then see the conversation, write
/// in it and read its internal notes. Inviting only people already in it
/// changes nothing.
pub async fn invite(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    request: InviteRequest,
) -> Result<ConversationSummary, ApiError> {
    if request.users.is_empty() || request.users.len() > MAX_INVITED {
        return Err(ApiError::Unprocessable(format!(
            "Invite 1 to {MAX_INVITED} colleagues"
        )));
    }
    let (mut change, before) = start(state, viewer, id, request.version).await?;
    check_manage(&mut change.tx, viewer, &before).await?;
    let mut invited = Vec::new();
    for user in request.users {
        let person = colleague(&mut change.tx, user).await?;
        let inside = before.assignee == Some(user) || before.participants.contains(&user);
        if !inside && !invited.iter().any(|known: &UserRef| known.id == user) {
            invited.push(person);
        }
    }
    if invited.is_empty() {
        return Ok(before);
    }
    let effect = Effect::Invite(invited.iter().map(|user| user.id).collect());
    let system = SystemEvent::Invited {
        by: user_ref(&viewer.user),
        users: invited,
    };
    let plan = Plan::plain(before, effect, system);
    execute(state, change, viewer, plan).await
}

/// "Lock as mine" / "Unlock": only the assignee, supervisors and admins, on
/// a conversation in progress. Asking for the current state changes nothing.
pub async fn set_lock(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    request: LockRequest,
) -> Result<ConversationSummary, ApiError> {
    let (change, before) = start(state, viewer, id, request.version).await?;
    if before.status != ConversationStatus::InProgress {
        return Err(ApiError::Conflict(
            "Only a conversation in progress can be locked".into(),
        ));
    }
    if !permissions::may_lock(viewer, &before) {
        return Err(ApiError::Forbidden(
            "Only the assignee, supervisors and admins may lock or unlock".into(),
        ));
    }
    if before.is_locked() == request.locked {
        return Ok(before);
    }
    let by = user_ref(&viewer.user);
    let (locked_by, system) = if request.locked {
        (Some(viewer.user.id), SystemEvent::Locked { by })
    } else {
        (None, SystemEvent::Unlocked { by })
    };
    let transition = Transition {
        locked_by,
        ..Transition::new(before.status, before.assignee, store::now_ms())
    };
    let plan = Plan::plain(before, Effect::State(transition), system);
    execute(state, change, viewer, plan).await
}

/// Reopens a closed (or spam) conversation inside the caller's transaction
/// (an employee writes to it): it goes back in progress, assigned to the
/// viewer, unlocked. Only the chat's latest session can be reopened: once the
/// customer started a newer one, that one is where the chat continues.
/// Returns the system message, whose event the caller records.
pub async fn reopen(
    db: &mut Conn,
    viewer: &Viewer,
    before: &ConversationSummary,
    now: i64,
) -> Result<switchboard_protocol::Message, ApiError> {
    let latest = conversations::latest_of_chat(db, before.chat_id).await?;
    if latest.map(|(latest, _, _)| latest) != Some(before.id) {
        return Err(ApiError::ConversationClosed);
    }
    let transition = Transition::new(ConversationStatus::InProgress, Some(viewer.user.id), now);
    if !actions::apply(db, before.id, before.version, &transition).await? {
        return Err(ApiError::ConversationChanged);
    }
    let by = user_ref(&viewer.user);
    system_messages::write(db, before.id, &SystemEvent::Reopened { by }, now).await
}
