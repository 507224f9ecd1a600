//! Tasks.

use switchboard_protocol::{
    ConversationId, ConversationLink, MessageId, Task, TaskId, TaskScope, TaskStatus, UserId,
};

use super::names::Named;
use super::sql::{self, params};
use crate::store::Conn;

#[derive(sqlx::FromRow)]
struct TaskRow {
    id: i64,
    title: String,
    description: String,
    assignee_id: i64,
    creator_id: i64,
    deadline: Option<i64>,
    link_conversation_id: Option<i64>,
    link_message_id: Option<i64>,
    status: Named<TaskStatus>,
    created_at: i64,
    updated_at: i64,
    version: i64,
}

impl TaskRow {
    fn into_task(self) -> Task {
        Task {
            id: TaskId(self.id),
            title: self.title,
            description: self.description,
            assignee: UserId(self.assignee_id),
            creator: UserId(self.creator_id),
            deadline: self.deadline,
            link: self
                .link_conversation_id
                .map(|conversation| ConversationLink {
                    conversation_id: ConversationId(conversation),
                    message_id: self.link_message_id.map(MessageId),
                }),
            status: self.status.0,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }
}

const SELECT: &str = "SELECT id, title, description, assignee_id, creator_id, deadline, \
    link_conversation_id, link_message_id, status, created_at, updated_at, version FROM tasks";

/// A task by id.
pub async fn by_id(db: &mut Conn, id: TaskId) -> sqlx::Result<Option<Task>> {
    let row: Option<TaskRow> =
        sql::row(db, &format!("{SELECT} WHERE id = ?"), params![id.0]).await?;
    Ok(row.map(TaskRow::into_task))
}

/// Stores a new open task.
pub async fn insert(db: &mut Conn, task: &Task) -> sqlx::Result<TaskId> {
    let query = "INSERT INTO tasks (title, description, assignee_id, creator_id, deadline, \
        link_conversation_id, link_message_id, status, created_at, updated_at) \
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    let id = sql::insert(
        db,
        query,
        params![
            &task.title,
            &task.description,
            task.assignee.0,
            task.creator.0,
            task.deadline,
            task.link.map(|link| link.conversation_id.0),
            task.link.and_then(|link| link.message_id).map(|m| m.0),
            task.status.as_str(),
            task.created_at,
            task.updated_at
        ],
    )
    .await?;
    Ok(TaskId(id))
}

/// Writes the editable fields of a task and bumps its version.
pub async fn update(db: &mut Conn, task: &Task) -> sqlx::Result<()> {
    let query =
        "UPDATE tasks SET title = ?, description = ?, assignee_id = ?, deadline = ?, status = ?, \
        updated_at = ?, version = version + 1 WHERE id = ?";
    sql::run(
        db,
        query,
        params![
            &task.title,
            &task.description,
            task.assignee.0,
            task.deadline,
            task.status.as_str(),
            task.updated_at,
            task.id.0
        ],
    )
    .await
}

/// The tasks of an employee, open ones first, then by deadline and id.
pub async fn list(
    db: &mut Conn,
    user: UserId,
    scope: TaskScope,
    status: Option<TaskStatus>,
) -> sqlx::Result<Vec<Task>> {
    let column = match scope {
        TaskScope::AssignedToMe => "assignee_id",
        TaskScope::CreatedByMe => "creator_id",
    };
    let query = format!(
        "{SELECT} WHERE {column} = ? AND (? IS NULL OR status = ?) \
         ORDER BY status = 'done', deadline IS NULL, deadline, id LIMIT 500"
    );
    let rows: Vec<TaskRow> = sql::rows(
        db,
        &query,
        params![
            user.0,
            status.map(TaskStatus::as_str),
            status.map(TaskStatus::as_str)
        ],
    )
    .await?;
    Ok(rows.into_iter().map(TaskRow::into_task).collect())
}
