//! `/tasks`: tasks assigned to or created by the caller.

use axum::extract::{Path, Query};
use axum::Json;
use switchboard_protocol::{
    CreateTaskRequest, ErrorBody, Task, TaskId, TasksQuery, UpdateTaskRequest,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::responses::{forward, json, secured, upserted, Answer, Invalid, NotFound, Upsert};
use crate::services::tasks;
use crate::state::AppState;

/// The routes of tasks.
pub(super) fn router() -> OpenApiRouter<AppState> {
    secured("tasks", [routes!(list, create), routes!(get, update)])
}

forward! {
    /// The caller's tasks: `scope=assigned_to_me` (default) or `created_by_me`;
    /// open first, then by deadline.
    #[utoipa::path(get, path = "/tasks", operation_id = "listTasks", params(TasksQuery),
        responses((status = 200, body = Vec<Task>)))]
    list(Query(query): Query<TasksQuery>) -> Answer<Vec<Task>> = json(tasks::list(query));

    /// Creates a task (any employee, for any colleague).
    #[utoipa::path(post, path = "/tasks", operation_id = "createTask", request_body = CreateTaskRequest,
        responses((status = 201, body = Task),
            (status = 200, description = "Repeat of an earlier create (same `client_id`)", body = Task),
            (status = 403, description = "The linked conversation is not visible to the caller", body = ErrorBody),
            NotFound,
            (status = 422, description = "Invalid title, unknown assignee, message outside the conversation", body = ErrorBody)))]
    create(Json(request): Json<CreateTaskRequest>)
        -> Upsert<Task> = upserted(tasks::create(request));

    /// One task of the caller (creator or assignee).
    #[utoipa::path(get, path = "/tasks/{id}", operation_id = "getTask",
        params(("id" = i64, Path, description = "Task id")),
        responses((status = 200, body = Task), NotFound))]
    get(Path(id): Path<TaskId>) -> Answer<Task> = json(tasks::get(id));

    /// Changes a task (status, title, description, assignee, deadline): its
    /// creator or its assignee.
    #[utoipa::path(patch, path = "/tasks/{id}", operation_id = "updateTask",
        params(("id" = i64, Path, description = "Task id")), request_body = UpdateTaskRequest,
        responses((status = 200, body = Task),
            (status = 403, description = "Neither creator nor assignee", body = ErrorBody), NotFound,
            Invalid))]
    update(Path(id): Path<TaskId>, Json(request): Json<UpdateTaskRequest>)
        -> Answer<Task> = json(tasks::update(id, request));
}
