//! `/conversations/{id}/crm`, `/crm/contacts/{id}`, `/crm/deals/{id}`: the
//! CRM as operators use it from a conversation.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use switchboard_protocol::{
    Contact, ContactId, ConversationCrm, ConversationId, Deal, DealId, ErrorBody, SaveToCrmRequest,
    SavedToCrm, UpdateContactRequest, UpdateDealRequest,
};

use super::extract::Authenticated;
use crate::error::ApiError;
use crate::services::crm;
use crate::state::AppState;

/// "Save to CRM": creates or reuses the contact of the conversation's
/// customer (matched by channel id, e-mail or phone) and the deal of the
/// conversation. 201 when something was created, 200 when both were reused.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/crm", tag = "crm", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    request_body = SaveToCrmRequest,
    responses(
        (status = 201, description = "A contact or a deal was created", body = SavedToCrm),
        (status = 200, description = "Both were already there", body = SavedToCrm),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
pub async fn save(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Json(request): Json<SaveToCrmRequest>,
) -> Result<(StatusCode, Json<SavedToCrm>), ApiError> {
    let saved = crm::save(&state, &caller.viewer, ConversationId(id), request).await?;
    let status = if saved.contact_created || saved.deal_created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(saved)))
}

/// The customer card of a conversation: the linked contact, its deals, the
/// customer's form submissions and orders.
#[utoipa::path(get, path = "/api/v1/conversations/{id}/crm", tag = "crm", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Conversation id")),
    responses(
        (status = 200, body = ConversationCrm),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
pub async fn card(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
) -> Result<Json<ConversationCrm>, ApiError> {
    Ok(Json(
        crm::of_conversation(&state, &caller.viewer, ConversationId(id)).await?,
    ))
}

/// A contact (404 unless the caller may see one of its customers' conversations).
#[utoipa::path(get, path = "/api/v1/crm/contacts/{id}", tag = "crm", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Contact id")),
    responses((status = 200, body = Contact), (status = 404, body = ErrorBody)))]
pub async fn contact(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
) -> Result<Json<Contact>, ApiError> {
    Ok(Json(
        crm::contact(&state, &caller.viewer, ContactId(id)).await?,
    ))
}

/// Edits a contact. Invalid values: 422 with a specific `code`
/// (`invalid_name`, `invalid_phone`, `invalid_email`) and `error.field`.
#[utoipa::path(patch, path = "/api/v1/crm/contacts/{id}", tag = "crm", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Contact id")),
    request_body = UpdateContactRequest,
    responses(
        (status = 200, body = Contact),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`record_changed`: edited meanwhile", body = ErrorBody),
        (status = 422, description = "An invalid field", body = ErrorBody),
    ))]
pub async fn update_contact(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Json(request): Json<UpdateContactRequest>,
) -> Result<Json<Contact>, ApiError> {
    Ok(Json(
        crm::update_contact(&state, &caller.viewer, ContactId(id), request).await?,
    ))
}

/// A deal (visible with its contact).
#[utoipa::path(get, path = "/api/v1/crm/deals/{id}", tag = "crm", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Deal id")),
    responses((status = 200, body = Deal), (status = 404, body = ErrorBody)))]
pub async fn deal(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
) -> Result<Json<Deal>, ApiError> {
    Ok(Json(crm::deal(&state, &caller.viewer, DealId(id)).await?))
}

/// Edits a deal: title, stage, amount, responsible. Invalid values: 422
/// (`invalid_title`, `invalid_amount`, `unknown_user`) with `error.field`.
#[utoipa::path(patch, path = "/api/v1/crm/deals/{id}", tag = "crm", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Deal id")),
    request_body = UpdateDealRequest,
    responses(
        (status = 200, body = Deal),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`record_changed`: edited meanwhile", body = ErrorBody),
        (status = 422, description = "An invalid field", body = ErrorBody),
    ))]
pub async fn update_deal(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<i64>,
    Json(request): Json<UpdateDealRequest>,
) -> Result<Json<Deal>, ApiError> {
    Ok(Json(
        crm::update_deal(&state, &caller.viewer, DealId(id), request).await?,
    ))
}
