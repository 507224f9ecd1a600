//! Tasks.

use sqlx::SqliteConnection;
use switchboard_protocol::{
    ConversationId, ConversationLink, MessageId, Task, TaskId, TaskScope, TaskStatus, UserId,
};

use super::names::Named;

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
pub async fn by_id(db: &mut SqliteConnection, id: TaskId) -> sqlx::Result<Option<Task>> {
    let row: Option<TaskRow> = sqlx::query_as(&format!("{SELECT} WHERE id = ?"))
        .bind(id.0)
        .fetch_optional(db)
        .await?;
    Ok(row.map(TaskRow::into_task))
}

/// Stores a new open task.
pub async fn insert(db: &mut SqliteConnection, task: &Task) -> sqlx::Result<TaskId> {
    let id = sqlx::query(
        "INSERT INTO tasks (title, description, assignee_id, creator_id, deadline, \
         link_conversation_id, link_message_id, status, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&task.title)
    .bind(&task.description)
    .bind(task.assignee.0)
    .bind(task.creator.0)
    .bind(task.deadline)
    .bind(task.link.map(|link| link.conversation_id.0))
    .bind(task.link.and_then(|link| link.message_id).map(|m| m.0))
    .bind(task.status.as_str())
    .bind(task.created_at)
    .bind(task.updated_at)
    .execute(db)
    .await?
    .last_insert_rowid();
    Ok(TaskId(id))
}

/// Writes the editable fields of a task and bumps its version.
pub async fn update(db: &mut SqliteConnection, task: &Task) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE tasks SET title = ?, description = ?, assignee_id = ?, deadline = ?, status = ?, \
         updated_at = ?, version = version + 1 WHERE id = ?",
    )
    .bind(&task.title)
    .bind(&task.description)
    .bind(task.assignee.0)
    .bind(task.deadline)
    .bind(task.status.as_str())
    .bind(task.updated_at)
    .bind(task.id.0)
    .execute(db)
    .await?;
    Ok(())
}

/// The tasks of an employee, open ones first, then by deadline and id.
pub async fn list(
    db: &mut SqliteConnection,
    user: UserId,
    scope: TaskScope,
    status: Option<TaskStatus>,
) -> sqlx::Result<Vec<Task>> {
    let column = match scope {
        TaskScope::AssignedToMe => "assignee_id",
        TaskScope::CreatedByMe => "creator_id",
    };
    let rows: Vec<TaskRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE {column} = ? AND (? IS NULL OR status = ?) \
         ORDER BY status = 'done', deadline IS NULL, deadline, id LIMIT 500"
    ))
    .bind(user.0)
    .bind(status.map(TaskStatus::as_str))
    .bind(status.map(TaskStatus::as_str))
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(TaskRow::into_task).collect())
}
