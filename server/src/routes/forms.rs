//! `/forms`, `/conversations/{id}/forms`, `/customers/{id}/form-submissions`:
//! CRM web forms as operators use them (the public page is `form_page`).

use axum::extract::{Path, Query};
use axum::Json;
use switchboard_protocol::{
    ConversationId, CustomerId, ErrorBody, Form, FormSubmission, FormsQuery, SendFormRequest,
    SentForm,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::{BaseUrl, Caller};
use super::responses::{
    forward, json, secured, upserted, Answer, Hidden, Invalid, SendConflict, Upsert,
};
use crate::services::forms;
use crate::state::AppState;

/// The routes of CRM forms.
pub(super) fn router() -> OpenApiRouter<AppState> {
    secured(
        "composer",
        [routes!(list), routes!(send), routes!(submissions)],
    )
}

/// The form definitions, matching `q` in title or description.
#[utoipa::path(get, path = "/forms", operation_id = "listForms", params(FormsQuery),
    responses((status = 200, body = Vec<Form>), Invalid))]
async fn list(caller: Caller, Query(query): Query<FormsQuery>) -> Answer<Vec<Form>> {
    json(forms::list(&caller.state, query)).await
}

forward! {
    /// Sends a form into a conversation: an operator message (delivered to the
    /// customer) with the link of a public page bound to this form, conversation
    /// and customer. 201 when sent, 200 for a repeat of the same `client_id`.
    #[utoipa::path(post, path = "/conversations/{id}/forms", operation_id = "sendForm",
        params(("id" = i64, Path, description = "Conversation id")), request_body = SendFormRequest,
        responses((status = 201, body = SentForm),
            (status = 200, description = "Repeat of an earlier send", body = SentForm), Hidden,
            SendConflict,
            (status = 422, description = "Unknown form, or the link does not fit the channel", body = ErrorBody)))]
    send(
        Path(id): Path<ConversationId>,
        BaseUrl(base): BaseUrl,
        Json(request): Json<SendFormRequest>,
    )
        -> Upsert<SentForm> = upserted(forms::send(id, request, &base));

    /// The forms a customer submitted, newest first (for the CRM card).
    #[utoipa::path(get, path = "/customers/{id}/form-submissions", operation_id = "listFormSubmissions",
        params(("id" = i64, Path, description = "Customer id")),
        responses((status = 200, body = Vec<FormSubmission>),
            (status = 404, description = "Unknown customer, or none of their conversations is visible", body = ErrorBody)))]
    submissions(Path(id): Path<CustomerId>)
        -> Answer<Vec<FormSubmission>> = json(forms::submissions(id));
}
