//! Tasks: to-dos an employee creates for a colleague (or themselves),
//! optionally linked to a conversation message ("Create task").

use serde::{Deserialize, Serialize};

use crate::names::named_enum;
use crate::search::query_params;
use crate::{ConversationId, MessageId, TaskId, Timestamp, UserId};

named_enum! {
    /// Where a task is.
    pub enum TaskStatus {
        /// To do.
        Open = "open",
        /// Done.
        Done = "done",
    }
}

/// A conversation message an entity (task, calendar event) refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationLink {
    /// The conversation (open it with `/conversations/{id}`).
    pub conversation_id: ConversationId,
    /// The message within it, if any.
    pub message_id: Option<MessageId>,
}

/// A task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Task {
    /// Server identifier.
    pub id: TaskId,
    /// Short title.
    pub title: String,
    /// Longer description (plain text, may be empty).
    pub description: String,
    /// Who must do it.
    pub assignee: UserId,
    /// Who created it.
    pub creator: UserId,
    /// When it is due, if ever.
    pub deadline: Option<Timestamp>,
    /// The conversation (and message) it came from.
    pub link: Option<ConversationLink>,
    /// Open or done.
    pub status: TaskStatus,
    /// Creation time.
    pub created_at: Timestamp,
    /// Last change.
    pub updated_at: Timestamp,
    /// Increases with every change, so clients can ignore stale copies.
    pub version: i64,
}

/// Body of `POST /api/v1/tasks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateTaskRequest {
    /// Client-generated id (a UUID is a good choice), 1 to 100 characters:
    /// repeating the request with the same id returns the first result
    /// (`200` instead of `201`) instead of creating a second one.
    #[serde(default)]
    pub client_id: Option<String>,
    /// Title, 1 to 200 characters.
    pub title: String,
    /// Description, up to 10 000 characters.
    #[serde(default)]
    pub description: String,
    /// An employee.
    pub assignee: UserId,
    /// Due date.
    #[serde(default)]
    pub deadline: Option<Timestamp>,
    /// A conversation the caller may see, and optionally one of its messages.
    #[serde(default)]
    pub link: Option<ConversationLink>,
}

/// Body of `PATCH /api/v1/tasks/{id}`: every field optional; absent fields
/// are left as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateTaskRequest {
    /// New status.
    #[serde(default)]
    pub status: Option<TaskStatus>,
    /// New title.
    #[serde(default)]
    pub title: Option<String>,
    /// New description.
    #[serde(default)]
    pub description: Option<String>,
    /// New assignee (an employee).
    #[serde(default)]
    pub assignee: Option<UserId>,
    /// New deadline; `clear_deadline` removes it.
    #[serde(default)]
    pub deadline: Option<Timestamp>,
    /// Removes the deadline.
    #[serde(default)]
    pub clear_deadline: bool,
}

/// Which tasks `GET /api/v1/tasks` lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaskScope {
    /// Tasks assigned to me.
    #[default]
    AssignedToMe,
    /// Tasks I created.
    CreatedByMe,
}

query_params! {
    /// Query of `GET /api/v1/tasks`.
    pub struct TasksQuery {
        /// `assigned_to_me` (default) or `created_by_me`.
        #[serde(default)]
        #[cfg_attr(feature = "openapi", param(inline))]
        pub scope: TaskScope,
        /// Only this status.
        #[serde(default)]
        pub status: Option<TaskStatus>,
    }
}
