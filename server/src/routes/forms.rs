//! `/forms`, `/conversations/{id}/forms`, `/customers/{id}/form-submissions`:
//! CRM web forms as operators use them (the public page is `form_page`).

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use switchboard_protocol::{
    ConversationId, CustomerId, ErrorBody, Form, FormSubmission, FormsQuery, SendFormRequest,
    SentForm,
};

use super::extract::Authenticated;
use crate::error::ApiError;
use crate::services::forms;
use crate::state::AppState;

/// The form definitions, matching `q` in title or description.
#[utoipa::path(get, path = "/api/v1/forms", tag = "composer", security(("bearer" = [])),
    params(FormsQuery),
    responses((status = 200, body = Vec<Form>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    _caller: Authenticated,
    Query(query): Query<FormsQuery>,
) -> Result<Json<Vec<Form>>, ApiError> {
    Ok(Json(forms::list(&state, query).await?))
}

/// The address customers reach this server at, from the request: the
/// `Host` header (and `X-Forwarded-Proto` behind a TLS proxy).
pub(crate) fn base_url(headers: &HeaderMap) -> Result<String, ApiError> {
    let host = headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .filter(|host| {
            !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .ok_or_else(|| ApiError::BadRequest("Missing or invalid Host header".into()))?;
    let scheme = match headers
        .get("x-forwarded-proto")
        .and_then(|proto| proto.to_str().ok())
    {
        Some("https") => "https",
        _ => "http",
    };
    Ok(format!("{scheme}://{host}"))
}

/// Sends a form into a conversation: an operator message (delivered to the
/// customer) with the link of a public page bound to this form, conversation
/// and customer. 201 when sent, 200 for a repeat of the same `client_id`.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/forms", tag = "composer", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    request_body = SendFormRequest,
    responses(
        (status = 201, body = SentForm),
        (status = 200, description = "Repeat of an earlier send", body = SentForm),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "As for sending a message", body = ErrorBody),
        (status = 422, description = "Unknown form, or the link does not fit the channel", body = ErrorBody),
    ))]
pub async fn send(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(request): Json<SendFormRequest>,
) -> Result<(StatusCode, Json<SentForm>), ApiError> {
    let base = base_url(&headers)?;
    let (sent, created) =
        forms::send(&state, &caller.viewer, ConversationId(id), request, &base).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(sent)))
}

/// The forms a customer submitted, newest first (for the CRM card).
#[utoipa::path(get, path = "/api/v1/customers/{id}/form-submissions", tag = "composer", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Customer id")),
    responses(
        (status = 200, body = Vec<FormSubmission>),
        (status = 404, description = "Unknown customer, or none of their conversations is visible", body = ErrorBody),
    ))]
pub async fn submissions(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
) -> Result<Json<Vec<FormSubmission>>, ApiError> {
    Ok(Json(
        forms::submissions(&state, &caller.viewer, CustomerId(id)).await?,
    ))
}
