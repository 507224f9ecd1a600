//! Tasks ("Create task"): any employee creates one for a colleague (or
//! themselves); its creator and its assignee may change it. Events go to
//! the creator and the assignee (and a previous assignee on reassignment).

use switchboard_protocol::{
    ConversationLink, CreateTaskRequest, Event, Task, TaskId, TaskStatus, TasksQuery,
    UpdateTaskRequest, UserId,
};

use super::conversations::visible;
use super::events::Change;
use super::validation::{TextField, CLIENT_ID};
use super::{client_ids, Viewer};
use crate::error::{ApiError, OrVanished};
use crate::state::AppState;
use crate::store::client_ids::Created;
use crate::store::events::Audience;
use crate::store::Conn;
use crate::store::{messages, tasks, users};

/// The title of a task or a calendar event.
pub const TITLE: TextField = TextField::required("title", 200);
/// The description of a task or a calendar event.
pub const DESCRIPTION: TextField = TextField::optional("description", 10_000);

/// Checks a title and a description; returns the trimmed title.
pub fn check_title_and_description(title: &str, description: &str) -> Result<String, ApiError> {
    let title = TITLE.check(title.trim())?;
    DESCRIPTION.check(description)?;
    Ok(title.to_owned())
}

/// Checks that the viewer may see the linked conversation and that the
/// message belongs to it.
pub async fn check_link(
    db: &mut Conn,
    viewer: &Viewer,
    link: Option<ConversationLink>,
) -> Result<(), ApiError> {
    let Some(link) = link else { return Ok(()) };
    visible(db, viewer, link.conversation_id).await?;
    if let Some(message) = link.message_id {
        if !messages::belongs_to(db, message, link.conversation_id).await? {
            return Err(ApiError::Unprocessable(
                "The message is not part of this conversation".into(),
            ));
        }
    }
    Ok(())
}

/// Refuses an id that is not an employee's.
pub async fn check_employee(db: &mut Conn, id: UserId) -> Result<(), ApiError> {
    if users::by_id(db, id).await?.is_none() {
        return Err(ApiError::Unprocessable(format!(
            "No such colleague: {}",
            id.0
        )));
    }
    Ok(())
}

fn audience(task: &Task, extra: Option<UserId>) -> Audience {
    Audience::users([task.creator, task.assignee].into_iter().chain(extra))
}

/// Creates a task; a repeat with the same `client_id` returns the first
/// task and `false`.
pub async fn create(
    state: &AppState,
    viewer: &Viewer,
    request: CreateTaskRequest,
) -> Result<(Task, bool), ApiError> {
    let title = check_title_and_description(&request.title, &request.description)?;
    let client_id = CLIENT_ID.check_optional(request.client_id.as_deref())?;
    let mut change = Change::begin(state).await?;
    let now = change.now;
    if let Some(id) = client_ids::existing(&mut change.tx, Created::Task, viewer, client_id).await?
    {
        let task = tasks::by_id(&mut change.tx, TaskId(id))
            .await?
            .or_vanished("task")?;
        return Ok((task, false));
    }
    check_employee(&mut change.tx, request.assignee).await?;
    check_link(&mut change.tx, viewer, request.link).await?;
    let mut task = Task {
        id: TaskId(0),
        title,
        description: request.description,
        assignee: request.assignee,
        creator: viewer.user.id,
        deadline: request.deadline,
        link: request.link,
        status: TaskStatus::Open,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    task.id = tasks::insert(&mut change.tx, &task).await?;
    client_ids::remember(&mut change.tx, Created::Task, task.id.0, client_id).await?;
    let task = tasks::by_id(&mut change.tx, task.id)
        .await?
        .or_vanished("task")?;
    change
        .record(
            &audience(&task, None),
            Event::TaskCreated { task: task.clone() },
        )
        .await?;
    change.commit(state).await?;
    Ok((task, true))
}

/// The viewer's tasks: assigned to them (default) or created by them.
pub async fn list(
    state: &AppState,
    viewer: &Viewer,
    query: TasksQuery,
) -> Result<Vec<Task>, ApiError> {
    let mut db = state.pool.acquire().await?;
    Ok(tasks::list(&mut db, viewer.user.id, query.scope, query.status).await?)
}

/// A task the viewer created or is assigned (404 for anyone else).
async fn involved(db: &mut Conn, viewer: &Viewer, id: TaskId) -> Result<Task, ApiError> {
    tasks::by_id(db, id)
        .await?
        .filter(|task| task.creator == viewer.user.id || task.assignee == viewer.user.id)
        .ok_or_else(|| ApiError::NotFound("No such task".into()))
}

/// One task.
pub async fn get(state: &AppState, viewer: &Viewer, id: TaskId) -> Result<Task, ApiError> {
    let mut db = state.pool.acquire().await?;
    involved(&mut db, viewer, id).await
}

/// Changes a task (status, fields): its creator or its assignee.
pub async fn update(
    state: &AppState,
    viewer: &Viewer,
    id: TaskId,
    request: UpdateTaskRequest,
) -> Result<Task, ApiError> {
    let mut change = Change::begin(state).await?;
    let now = change.now;
    let Some(before) = tasks::by_id(&mut change.tx, id).await? else {
        return Err(ApiError::NotFound("No such task".into()));
    };
    if before.creator != viewer.user.id && before.assignee != viewer.user.id {
        return Err(ApiError::Forbidden(
            "Only the task's creator and assignee may change it".into(),
        ));
    }
    let mut task = before.clone();
    if let Some(title) = request.title {
        task.title = title;
    }
    if let Some(description) = request.description {
        task.description = description;
    }
    task.title = check_title_and_description(&task.title, &task.description)?;
    if let Some(assignee) = request.assignee {
        check_employee(&mut change.tx, assignee).await?;
        task.assignee = assignee;
    }
    if request.clear_deadline {
        task.deadline = None;
    } else if let Some(deadline) = request.deadline {
        task.deadline = Some(deadline);
    }
    if let Some(status) = request.status {
        task.status = status;
    }
    if task == before {
        return Ok(before);
    }
    task.updated_at = now;
    tasks::update(&mut change.tx, &task).await?;
    let task = tasks::by_id(&mut change.tx, id)
        .await?
        .or_vanished("task")?;
    let previous = (before.assignee != task.assignee).then_some(before.assignee);
    change
        .record(
            &audience(&task, previous),
            Event::TaskUpdated { task: task.clone() },
        )
        .await?;
    change.commit(state).await?;
    Ok(task)
}
