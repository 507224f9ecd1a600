//! `/conversations/{id}/crm`, `/crm/contacts/{id}`, `/crm/deals/{id}`: the
//! CRM as operators use it from a conversation.

use axum::extract::Path;
use axum::Json;
use switchboard_protocol::{
    Contact, ContactId, ConversationCrm, ConversationId, Deal, DealId, SaveToCrmRequest,
    SavedToCrm, UpdateContactRequest, UpdateDealRequest,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::Caller;
use super::responses::{
    forward, json, secured, Answer, Hidden, InvalidField, NotFound, RecordChanged, Upsert, Upserted,
};
use crate::services::crm;
use crate::state::AppState;

/// The routes of the CRM.
pub(super) fn router() -> OpenApiRouter<AppState> {
    secured(
        "crm",
        [
            routes!(card, save),
            routes!(contact, update_contact),
            routes!(deal, update_deal),
        ],
    )
}

/// "Save to CRM": creates or reuses the contact of the conversation's
/// customer (matched by channel id, e-mail or phone) and the deal of the
/// conversation. 201 when something was created, 200 when both were reused.
#[utoipa::path(post, path = "/conversations/{id}/crm", operation_id = "saveToCrm",
    params(("id" = i64, Path, description = "Conversation id")), request_body = SaveToCrmRequest,
    responses((status = 201, description = "A contact or a deal was created", body = SavedToCrm),
        (status = 200, description = "Both were already there", body = SavedToCrm), Hidden))]
async fn save(
    caller: Caller,
    Path(id): Path<ConversationId>,
    Json(request): Json<SaveToCrmRequest>,
) -> Upsert<SavedToCrm> {
    let saved = crm::save(&caller.state, &caller.viewer, id, request).await?;
    let created = saved.contact_created || saved.deal_created;
    Ok(Upserted(saved, created))
}

forward! {
    /// The customer card of a conversation: the linked contact, its deals, the
    /// customer's form submissions and orders.
    #[utoipa::path(get, path = "/conversations/{id}/crm", operation_id = "getConversationCrm",
        params(("id" = i64, Path, description = "Conversation id")),
        responses((status = 200, body = ConversationCrm), Hidden))]
    card(Path(id): Path<ConversationId>)
        -> Answer<ConversationCrm> = json(crm::of_conversation(id));

    /// A contact (404 unless the caller may see one of its customers' conversations).
    #[utoipa::path(get, path = "/crm/contacts/{id}", operation_id = "getContact",
        params(("id" = i64, Path, description = "Contact id")),
        responses((status = 200, body = Contact), NotFound))]
    contact(Path(id): Path<ContactId>) -> Answer<Contact> = json(crm::contact(id));

    /// Edits a contact. Invalid values: 422 with a specific `code`
    /// (`invalid_name`, `invalid_phone`, `invalid_email`) and `error.field`.
    #[utoipa::path(patch, path = "/crm/contacts/{id}", operation_id = "updateContact",
        params(("id" = i64, Path, description = "Contact id")), request_body = UpdateContactRequest,
        responses((status = 200, body = Contact), NotFound, RecordChanged, InvalidField))]
    update_contact(Path(id): Path<ContactId>, Json(request): Json<UpdateContactRequest>)
        -> Answer<Contact> = json(crm::update_contact(id, request));

    /// A deal (visible with its contact).
    #[utoipa::path(get, path = "/crm/deals/{id}", operation_id = "getDeal",
        params(("id" = i64, Path, description = "Deal id")),
        responses((status = 200, body = Deal), NotFound))]
    deal(Path(id): Path<DealId>) -> Answer<Deal> = json(crm::deal(id));

    /// Edits a deal: title, stage, amount, responsible. Invalid values: 422
    /// (`invalid_title`, `invalid_amount`, `unknown_user`) with `error.field`.
    #[utoipa::path(patch, path = "/crm/deals/{id}", operation_id = "updateDeal",
        params(("id" = i64, Path, description = "Deal id")), request_body = UpdateDealRequest,
        responses((status = 200, body = Deal), NotFound, RecordChanged, InvalidField))]
    update_deal(Path(id): Path<DealId>, Json(request): Json<UpdateDealRequest>)
        -> Answer<Deal> = json(crm::update_deal(id, request));
}
