//! `/tasks`: tasks assigned to or created by the caller.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use switchboard_protocol::{
    CreateTaskRequest, ErrorBody, Task, TaskId, TasksQuery, UpdateTaskRequest,
};

use super::extract::Authenticated;
use crate::error::ApiError;
use crate::services::tasks;
use crate::state::AppState;

/// The caller's tasks: `scope=assigned_to_me` (default) or `created_by_me`;
/// open first, then by deadline.
#[utoipa::path(get, path = "/api/v1/tasks", tag = "tasks", security(("bearer" = [])),
    params(TasksQuery),
    responses((status = 200, body = Vec<Task>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Authenticated,
    Query(query): Query<TasksQuery>,
) -> Result<Json<Vec<Task>>, ApiError> {
    Ok(Json(tasks::list(&state, &caller.viewer, query).await?))
}

/// Creates a task (any employee, for any colleague).
#[utoipa::path(post, path = "/api/v1/tasks", tag = "tasks", security(("bearer" = [])),
    request_body = CreateTaskRequest,
    responses(
        (status = 201, body = Task),
        (status = 200, description = "Repeat of an earlier create (same `client_id`)", body = Task),
        (status = 403, description = "The linked conversation is not visible to the caller", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, description = "Invalid title, unknown assignee, message outside the conversation", body = ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: Authenticated,
    Json(request): Json<CreateTaskRequest>,
) -> Result<(StatusCode, Json<Task>), ApiError> {
    let (task, created) = tasks::create(&state, &caller.viewer, request).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(task)))
}

/// One task of the caller (creator or assignee).
#[utoipa::path(get, path = "/api/v1/tasks/{id}", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Task id")),
    responses((status = 200, body = Task), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
) -> Result<Json<Task>, ApiError> {
    Ok(Json(tasks::get(&state, &caller.viewer, TaskId(id)).await?))
}

/// Changes a task (status, title, description, assignee, deadline): its
/// creator or its assignee.
#[utoipa::path(patch, path = "/api/v1/tasks/{id}", tag = "tasks", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Task id")),
    request_body = UpdateTaskRequest,
    responses(
        (status = 200, body = Task),
        (status = 403, description = "Neither creator nor assignee", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn update(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Json(request): Json<UpdateTaskRequest>,
) -> Result<Json<Task>, ApiError> {
    Ok(Json(
        tasks::update(&state, &caller.viewer, TaskId(id), request).await?,
    ))
}
