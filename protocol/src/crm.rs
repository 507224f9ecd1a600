//! The CRM: contacts (who the customer is, across channels) and deals
//! (what is being sold to them), linked to conversations.
//!
//! "Save to CRM" (`POST /api/v1/conversations/{id}/crm`) creates or reuses
//! the contact and the deal of a conversation; `GET` on the same path is
//! everything the customer card shows. Changes arrive live as
//! [`Event::ContactUpdated`](crate::Event) and [`Event::DealUpdated`](crate::Event).

use serde::{Deserialize, Serialize};

use crate::names::named_enum;
use crate::{
    ConnectorId, ConnectorKind, ContactId, ConversationId, CustomerId, DealId, FormSubmission,
    Money, Order, Timestamp, UserId, UserRef,
};

/// Who a contact is on a channel: the channel's own customer id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactExternalId {
    /// The connector the id comes from.
    pub connector_id: ConnectorId,
    /// Its channel.
    pub channel: ConnectorKind,
    /// The channel's id of the customer.
    pub external_id: String,
}

/// A CRM contact. Text fields are customer data: render them as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    /// Server identifier.
    pub id: ContactId,
    /// Full name.
    pub name: String,
    /// Phone number, when known.
    pub phone: Option<String>,
    /// E-mail address, when known.
    pub email: Option<String>,
    /// The channels' ids of this person.
    pub external_ids: Vec<ContactExternalId>,
    /// The workspace customers linked to this contact (one per channel
    /// identity that was saved to the CRM).
    pub customer_ids: Vec<CustomerId>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Increases with every change: ignore an older copy.
    pub version: i64,
}

named_enum! {
    /// Where a deal is, in the order the pipeline shows them.
    pub enum DealStage {
        /// Just recorded.
        New = "new",
        /// Someone works on it.
        InProgress = "in_progress",
        /// An offer (an order, a payment link) was made.
        Proposal = "proposal",
        /// Sold: the customer paid.
        Won = "won",
        /// Lost.
        Lost = "lost",
    }
}

impl DealStage {
    /// Whether the deal is finished (won or lost).
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Won | Self::Lost)
    }
}

/// A CRM deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deal {
    /// Server identifier.
    pub id: DealId,
    /// The contact it is with.
    pub contact_id: ContactId,
    /// Title.
    pub title: String,
    /// Stage.
    pub stage: DealStage,
    /// Expected (or, once won, actual) amount.
    pub amount: Money,
    /// The employee responsible for it, if any.
    pub responsible: Option<UserRef>,
    /// Conversations linked to it, oldest first.
    pub conversation_ids: Vec<ConversationId>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Increases with every change: ignore an older copy.
    pub version: i64,
}

/// Body of `POST /api/v1/conversations/{id}/crm` ("Save to CRM"); `{}` is enough.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveToCrmRequest {
    /// Title of the deal when one is created (default: "<customer name>:
    /// conversation <id>"). Ignored when a deal is reused.
    #[serde(default)]
    pub deal_title: Option<String>,
}

/// Answer of `POST /api/v1/conversations/{id}/crm`: what is linked now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedToCrm {
    /// The contact (created, or an existing one matching the customer's
    /// phone, e-mail or channel id, completed with what was missing).
    pub contact: Contact,
    /// Whether the contact was created by this call (`false`: reused).
    pub contact_created: bool,
    /// The deal linked to the conversation.
    pub deal: Deal,
    /// Whether the deal was created by this call (`false`: reused).
    pub deal_created: bool,
}

/// Answer of `GET /api/v1/conversations/{id}/crm`: the customer card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationCrm {
    /// The conversation.
    pub conversation_id: ConversationId,
    /// The customer of the conversation.
    pub customer_id: CustomerId,
    /// The contact linked to that customer (`None`: not saved to the CRM yet).
    pub contact: Option<Contact>,
    /// The deal linked to this conversation, if any (also in `deals`).
    pub deal_id: Option<DealId>,
    /// Every deal of the contact, newest first.
    pub deals: Vec<Deal>,
    /// CRM forms the customer submitted, newest first.
    pub form_submissions: Vec<FormSubmission>,
    /// The customer's orders, newest first.
    pub orders: Vec<Order>,
}

/// Body of `PATCH /api/v1/crm/contacts/{id}`. Absent fields stay as they
/// are; an empty `phone` or `email` removes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateContactRequest {
    /// Full name (1 to 200 characters).
    #[serde(default)]
    pub name: Option<String>,
    /// Phone number: digits, spaces, `+ - . ( )`, 6 to 20 digits.
    #[serde(default)]
    pub phone: Option<String>,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// The `version` the client edited; a newer one on the server gives
    /// `409 record_changed` and changes nothing.
    #[serde(default)]
    pub version: Option<i64>,
}

/// Body of `PATCH /api/v1/crm/deals/{id}`. Absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateDealRequest {
    /// Title (1 to 200 characters).
    #[serde(default)]
    pub title: Option<String>,
    /// New stage (any stage may follow any other).
    #[serde(default)]
    pub stage: Option<DealStage>,
    /// New amount in the deal's currency, an exact decimal such as `"1250.00"`
    /// (`.` separator, at most the currency's decimals, not negative).
    #[serde(default)]
    pub amount: Option<String>,
    /// New responsible employee.
    #[serde(default)]
    pub responsible_id: Option<UserId>,
    /// The `version` the client edited (see [`UpdateContactRequest::version`]).
    #[serde(default)]
    pub version: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_ordered_and_named() {
        let names: Vec<&str> = DealStage::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(names, ["new", "in_progress", "proposal", "won", "lost"]);
        for stage in DealStage::ALL {
            assert_eq!(DealStage::parse(stage.as_str()), Some(stage));
            assert_eq!(
                serde_json::to_value(stage).unwrap(),
                serde_json::json!(stage.as_str())
            );
        }
        assert!(DealStage::Won.is_closed());
        assert!(!DealStage::Proposal.is_closed());
    }
}
