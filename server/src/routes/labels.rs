//! `/labels` (conversation labels administrators define) and each
//! conversation's `/labels` and `/priority`.

use axum::extract::Path;
use axum::http::StatusCode;
use axum::Json;
use switchboard_protocol::{
    ConversationId, ConversationLabelsRequest, ConversationSummary, ErrorBody, Label, LabelId,
    LabelRequest, PriorityRequest,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::responses::{
    created, forward, json, no_content, secured, ActionRefused, AdminsOnly, Answer, ApiResult,
    Created, NotFound,
};
use crate::services::labels;
use crate::state::AppState;

/// The routes of labels and priority.
pub(super) fn router() -> OpenApiRouter<AppState> {
    secured(
        "labels",
        [
            routes!(list, create),
            routes!(update, delete),
            routes!(set_labels),
            routes!(set_priority),
        ],
    )
}

forward! {
    /// Every label, by name (any employee).
    #[utoipa::path(get, path = "/labels", operation_id = "listLabels",
        responses((status = 200, body = Vec<Label>)))]
    list() -> Answer<Vec<Label>> = json(labels::list());

    /// Creates a label (administrators; audited; every workspace follows).
    #[utoipa::path(post, path = "/labels", operation_id = "createLabel", request_body = LabelRequest,
        responses((status = 201, body = Label), AdminsOnly,
            (status = 422, description = "`name_taken` (regardless of case), an unknown colour, or the name's error (`error.field`)", body = ErrorBody)))]
    create(Json(request): Json<LabelRequest>) -> Created<Label> = created(labels::create(request));

    /// Renames or recolours a label (administrators; audited).
    #[utoipa::path(patch, path = "/labels/{id}", operation_id = "updateLabel",
        params(("id" = i64, Path, description = "Label id")), request_body = LabelRequest,
        responses((status = 200, body = Label), AdminsOnly, NotFound,
            (status = 422, description = "`name_taken` or the name's error (`error.field`)", body = ErrorBody)))]
    update(Path(id): Path<LabelId>, Json(request): Json<LabelRequest>)
        -> Answer<Label> = json(labels::update(id, request));

    /// Deletes a label (administrators; audited): it leaves every
    /// conversation that carried it.
    #[utoipa::path(delete, path = "/labels/{id}", operation_id = "deleteLabel",
        params(("id" = i64, Path, description = "Label id")),
        responses((status = 204, description = "Deleted"), AdminsOnly, NotFound))]
    delete(Path(id): Path<LabelId>) -> ApiResult<StatusCode> = no_content(labels::delete(id));

    /// Sets a conversation's labels (whoever may transfer or close it).
    #[utoipa::path(put, path = "/conversations/{id}/labels", operation_id = "setConversationLabels",
        params(("id" = i64, Path, description = "Conversation id")), request_body = ConversationLabelsRequest,
        responses((status = 200, body = ConversationSummary), ActionRefused, NotFound,
            (status = 422, description = "`unknown_label` or `too_many_labels` (`error.field`)", body = ErrorBody)))]
    set_labels(Path(id): Path<ConversationId>, Json(request): Json<ConversationLabelsRequest>)
        -> Answer<ConversationSummary> = json(labels::set_for_conversation(id, request));

    /// Sets a conversation's priority (whoever may transfer or close it).
    #[utoipa::path(put, path = "/conversations/{id}/priority", operation_id = "setConversationPriority",
        params(("id" = i64, Path, description = "Conversation id")), request_body = PriorityRequest,
        responses((status = 200, body = ConversationSummary), ActionRefused, NotFound,
            (status = 422, description = "An unknown priority", body = ErrorBody)))]
    set_priority(Path(id): Path<ConversationId>, Json(request): Json<PriorityRequest>)
        -> Answer<ConversationSummary> = json(labels::set_priority(id, request));
}
