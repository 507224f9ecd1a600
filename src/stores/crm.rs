//! The CRM and sales store: "Save to CRM", the customer card of each open
//! conversation (contact, deals, form submissions, orders) kept live by
//! events, and the sales panel's calls (product cards, orders, payment
//! links, company info).

use std::collections::HashMap;

use leptos::prelude::*;
use switchboard_protocol::{
    ClientMessageId, ContactId, ConversationCrm, ConversationId, CreateOrderRequest, DealId, Event,
    OrderItemRequest, Product, ProductId, SavedToCrm, SendCardRequest, SendProductCardRequest,
    SentCard, UpdateContactRequest, UpdateDealRequest,
};

use super::{new_client_id, ConversationStore, SessionStore};

/// What the last "Save to CRM" of a conversation gave: what is linked, or
/// why it failed.
pub type SaveOutcome = Result<SavedToCrm, String>;

/// Customer cards and sales. `Copy`: pass it around freely.
#[derive(Clone, Copy)]
pub struct CrmStore {
    session: SessionStore,
    conversations: ConversationStore,
    /// Customer cards (CRM contact, deals, orders) of opened conversations.
    pub cards: RwSignal<HashMap<ConversationId, ConversationCrm>>,
    /// The outcome of the last "Save to CRM" per conversation, shown in its
    /// customer panel.
    pub saved: RwSignal<HashMap<ConversationId, SaveOutcome>>,
}

impl CrmStore {
    pub(super) fn new(session: SessionStore, conversations: ConversationStore) -> Self {
        Self {
            session,
            conversations,
            cards: RwSignal::new(HashMap::new()),
            saved: RwSignal::new(HashMap::new()),
        }
    }

    /// Loads the customer card of a conversation (again).
    pub fn load_crm(&self, id: ConversationId) {
        let this = *self;
        self.session.spawn(async move {
            match this.session.client().conversation_crm(id).await {
                Ok(card) => this.cards.update(|cards| {
                    cards.insert(id, card);
                }),
                Err(error) => this.session.failed(&error),
            }
        });
    }

    /// "Save to CRM": creates or reuses the contact and the deal; the
    /// outcome shows in the conversation's customer panel.
    pub fn save_to_crm(&self, id: ConversationId) {
        let this = *self;
        self.session.spawn(async move { this.save(id).await });
    }

    /// [`Self::save_to_crm`], resolved once the outcome is known.
    pub async fn save(&self, id: ConversationId) {
        let outcome = self
            .session
            .check(self.session.client().save_to_crm(id).await);
        if outcome.is_ok() {
            self.load_crm(id);
        }
        self.saved.update(|saved| {
            saved.insert(id, outcome);
        });
    }

    /// Changes a contact's fields; gives its new version.
    pub async fn update_contact(
        &self,
        id: ContactId,
        request: UpdateContactRequest,
    ) -> Result<i64, String> {
        let contact = self
            .session
            .check(self.session.client().update_contact(id, &request).await)?;
        let version = contact.version;
        self.apply_event(&Event::ContactUpdated { contact });
        Ok(version)
    }

    /// Changes a deal (its stage, for instance).
    pub async fn update_deal(&self, id: DealId, request: UpdateDealRequest) -> Result<(), String> {
        let deal = self
            .session
            .check(self.session.client().update_deal(id, &request).await)?;
        self.apply_event(&Event::DealUpdated { deal });
        Ok(())
    }

    /// The company's details.
    pub async fn company(&self) -> Result<switchboard_protocol::CompanyInfo, String> {
        self.session.check(self.session.client().company().await)
    }

    /// Changes the company's details (admins).
    pub async fn update_company(
        &self,
        company: switchboard_protocol::CompanyInfo,
    ) -> Result<(), String> {
        self.session
            .check(self.session.client().update_company(&company).await)
            .map(|_| ())
    }

    /// The catalog, searched.
    pub async fn products(&self, query: &str) -> Result<Vec<Product>, String> {
        self.session
            .check(self.session.client().products(query).await)
    }

    /// Sends a product's card to the customer.
    pub async fn send_product_card(
        &self,
        id: ConversationId,
        product_id: ProductId,
    ) -> Result<(), String> {
        let request = SendProductCardRequest {
            product_id,
            client_id: ClientMessageId(new_client_id()),
        };
        let sent = self.session.client().send_product_card(id, &request).await;
        self.sent_card(sent)
    }

    /// Creates an order of `items` and sends its payment link.
    pub async fn send_order(
        &self,
        id: ConversationId,
        items: Vec<(ProductId, u32)>,
    ) -> Result<(), String> {
        let request = CreateOrderRequest {
            client_id: ClientMessageId(new_client_id()),
            items: items
                .into_iter()
                .map(|(product_id, quantity)| OrderItemRequest {
                    product_id,
                    quantity,
                })
                .collect(),
        };
        let order = self
            .session
            .check(self.session.client().create_order(id, &request).await)?;
        let link = SendCardRequest {
            client_id: ClientMessageId(new_client_id()),
        };
        let sent = self
            .session
            .client()
            .send_payment_link(order.id, &link)
            .await;
        self.sent_card(sent)
    }

    /// Sends the company's details to the customer.
    pub async fn send_company_info(&self, id: ConversationId) -> Result<(), String> {
        let request = SendCardRequest {
            client_id: ClientMessageId(new_client_id()),
        };
        let sent = self.session.client().send_company_info(id, &request).await;
        self.sent_card(sent)
    }

    fn sent_card(&self, sent: Result<SentCard, crate::api::ApiError>) -> Result<(), String> {
        let sent = self.session.check(sent)?;
        self.conversations.apply_message(sent.message);
        if let Some(order) = sent.order {
            self.apply_event(&Event::OrderUpdated { order });
        }
        Ok(())
    }

    /// Applies the events of contacts, deals and orders to loaded cards.
    pub(super) fn apply_event(&self, event: &Event) {
        match event {
            Event::ContactUpdated { contact } => self.cards.update(|cards| {
                for card in cards.values_mut() {
                    if card.contact.as_ref().is_some_and(|known| {
                        known.id == contact.id && known.version <= contact.version
                    }) {
                        card.contact = Some(contact.clone());
                    }
                }
            }),
            Event::DealUpdated { deal } => self.cards.update(|cards| {
                for card in cards.values_mut() {
                    let of_contact = card
                        .contact
                        .as_ref()
                        .is_some_and(|c| c.id == deal.contact_id);
                    match card.deals.iter_mut().find(|known| known.id == deal.id) {
                        Some(known) if known.version <= deal.version => *known = deal.clone(),
                        Some(_) => {}
                        None if of_contact => card.deals.insert(0, deal.clone()),
                        None => {}
                    }
                    if deal.conversation_ids.contains(&card.conversation_id) {
                        card.deal_id = Some(deal.id);
                    }
                }
            }),
            Event::OrderUpdated { order } => self.cards.update(|cards| {
                for card in cards.values_mut() {
                    if card.customer_id != order.customer_id {
                        continue;
                    }
                    match card.orders.iter_mut().find(|known| known.id == order.id) {
                        Some(known) if known.version <= order.version => *known = order.clone(),
                        Some(_) => {}
                        None => card.orders.insert(0, order.clone()),
                    }
                }
            }),
            _ => {}
        }
    }
}
