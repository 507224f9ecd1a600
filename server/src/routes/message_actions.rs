//! `/messages/{id}`: edit, delete and "Move to new conversation" of a
//! conversation message.

use axum::extract::Path;
use axum::Json;
use switchboard_protocol::{EditMessageRequest, ErrorBody, Message, MessageId, SplitResult};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::responses::{
    forward, json, secured, ActionRefused, Answer, Invalid, NotFound, NotYours,
};
use crate::services::{delivery, message_actions, split};
use crate::state::AppState;

/// The routes of the actions on one conversation message.
pub(super) fn router() -> OpenApiRouter<AppState> {
    secured(
        "message actions",
        [
            routes!(edit, delete),
            routes!(split),
            routes!(retry_delivery),
        ],
    )
}

forward! {
    /// "Edit": replaces the text of one of the caller's messages. Internal notes
    /// always; messages the customer received only where the channel has
    /// `edit_on_customer_side`.
    #[utoipa::path(patch, path = "/messages/{id}", operation_id = "editMessage",
        params(("id" = i64, Path, description = "Message id")), request_body = EditMessageRequest,
        responses((status = 200, description = "The message after the edit", body = Message),
            (status = 403, description = "Not the caller's message, or a conversation they may not see", body = ErrorBody),
            NotFound,
            (status = 409, description = "`unsupported_by_channel` (the channel cannot edit what the customer received) or `conflict` (deleted)", body = ErrorBody),
            Invalid))]
    edit(Path(id): Path<MessageId>, Json(request): Json<EditMessageRequest>)
        -> Answer<Message> = json(message_actions::edit(id, request));

    /// "Delete": one of the caller's messages. Colleagues then see it with empty
    /// text and `deleted_at`; the customer loses it where the channel has
    /// `delete_on_customer_side`. Repeating it changes nothing.
    #[utoipa::path(delete, path = "/messages/{id}", operation_id = "deleteMessage",
        params(("id" = i64, Path, description = "Message id")),
        responses((status = 200, description = "The message after the deletion", body = Message), NotYours))]
    delete(Path(id): Path<MessageId>) -> Answer<Message> = json(message_actions::delete(id));

    /// "Move to new conversation": closes the message's session and starts a
    /// new session of the same chat with this customer message and every later
    /// message, assigned to the same operator.
    #[utoipa::path(post, path = "/messages/{id}/split", operation_id = "moveToNewConversation",
        params(("id" = i64, Path, description = "A customer message id")),
        responses((status = 200, body = SplitResult), ActionRefused, NotFound,
            (status = 422, description = "Not a customer message, or the first of its session", body = ErrorBody)))]
    split(Path(id): Path<MessageId>) -> Answer<SplitResult> = json(split::split(id));

    /// "Retry" on a message shown "Not delivered": its failed deliveries go
    /// again now, in their place in the chat's order.
    #[utoipa::path(post, path = "/messages/{id}/retry-delivery", operation_id = "retryDelivery",
        params(("id" = i64, Path, description = "Message id")),
        responses((status = 200, description = "The message, `sending` again", body = Message),
            (status = 403, description = "A conversation the caller may not see", body = ErrorBody),
            NotFound,
            (status = 409, description = "Nothing failed: delivered or on its way", body = ErrorBody)))]
    retry_delivery(Path(id): Path<MessageId>) -> Answer<Message> = json(delivery::retry(id));
}
