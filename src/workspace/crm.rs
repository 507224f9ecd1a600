//! The CRM and sales in a conversation: "Save to CRM", the customer card
//! (contact, deals, form submissions, orders) kept live by events, and the
//! sales panel's calls (product cards, orders, payment links, company info).

use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_protocol::{
    ClientMessageId, ContactId, ConversationId, CreateOrderRequest, DealId, Event,
    OrderItemRequest, Product, ProductId, SavedToCrm, SendCardRequest, SendProductCardRequest,
    SentCard, UpdateContactRequest, UpdateDealRequest,
};

use super::{actions::message_of, new_client_id, Workspace};

impl Workspace {
    /// Loads the customer card of a conversation (again).
    pub fn load_crm(&self, id: ConversationId) {
        let this = *self;
        spawn_local(async move {
            match this.client().conversation_crm(id).await {
                Ok(card) => this.crm.update(|crm| {
                    crm.insert(id, card);
                }),
                Err(error) => this.failed(&error),
            }
        });
    }

    /// "Save to CRM": creates or reuses the contact and the deal.
    pub async fn save_to_crm(&self, id: ConversationId) -> Result<SavedToCrm, String> {
        let saved = self.client().save_to_crm(id).await.map_err(|error| {
            self.failed(&error);
            message_of(error)
        })?;
        self.load_crm(id);
        Ok(saved)
    }

    /// Changes a contact's fields; gives its new version.
    pub async fn update_contact(
        &self,
        id: ContactId,
        request: UpdateContactRequest,
    ) -> Result<i64, String> {
        let contact = self
            .client()
            .update_contact(id, &request)
            .await
            .map_err(|error| {
                self.failed(&error);
                message_of(error)
            })?;
        let version = contact.version;
        self.apply_crm_event(&Event::ContactUpdated { contact });
        Ok(version)
    }

    /// Changes a deal (its stage, for instance).
    pub async fn update_deal(&self, id: DealId, request: UpdateDealRequest) -> Result<(), String> {
        let deal = self
            .client()
            .update_deal(id, &request)
            .await
            .map_err(|error| {
                self.failed(&error);
                message_of(error)
            })?;
        self.apply_crm_event(&Event::DealUpdated { deal });
        Ok(())
    }

    /// The company's details.
    pub async fn company(&self) -> Result<switchboard_protocol::CompanyInfo, String> {
        self.client().company().await.map_err(|error| {
            self.failed(&error);
            message_of(error)
        })
    }

    /// Changes the company's details (admins).
    pub async fn update_company(
        &self,
        company: switchboard_protocol::CompanyInfo,
    ) -> Result<(), String> {
        self.client()
            .update_company(&company)
            .await
            .map(|_| ())
            .map_err(|error| {
                self.failed(&error);
                message_of(error)
            })
    }

    /// The catalog, searched.
    pub async fn products(&self, query: &str) -> Result<Vec<Product>, String> {
        self.client().products(query).await.map_err(|error| {
            self.failed(&error);
            message_of(error)
        })
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
        let sent = self.client().send_product_card(id, &request).await;
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
            .client()
            .create_order(id, &request)
            .await
            .map_err(|error| {
                self.failed(&error);
                message_of(error)
            })?;
        let link = SendCardRequest {
            client_id: ClientMessageId(new_client_id()),
        };
        let sent = self.client().send_payment_link(order.id, &link).await;
        self.sent_card(sent)
    }

    /// Sends the company's details to the customer.
    pub async fn send_company_info(&self, id: ConversationId) -> Result<(), String> {
        let request = SendCardRequest {
            client_id: ClientMessageId(new_client_id()),
        };
        let sent = self.client().send_company_info(id, &request).await;
        self.sent_card(sent)
    }

    fn sent_card(&self, sent: Result<SentCard, crate::api::ApiError>) -> Result<(), String> {
        let sent = sent.map_err(|error| {
            self.failed(&error);
            message_of(error)
        })?;
        let id = sent.message.conversation_id;
        self.logs.update(|logs| {
            if let Some(log) = logs.get_mut(&id) {
                log.apply_message(sent.message);
            }
        });
        if let Some(order) = sent.order {
            self.apply_crm_event(&Event::OrderUpdated { order });
        }
        Ok(())
    }

    /// Applies the events of contacts, deals and orders to loaded cards.
    pub(super) fn apply_crm_event(&self, event: &Event) {
        match event {
            Event::ContactUpdated { contact } => self.crm.update(|crm| {
                for card in crm.values_mut() {
                    if card.contact.as_ref().is_some_and(|known| {
                        known.id == contact.id && known.version <= contact.version
                    }) {
                        card.contact = Some(contact.clone());
                    }
                }
            }),
            Event::DealUpdated { deal } => self.crm.update(|crm| {
                for card in crm.values_mut() {
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
            Event::OrderUpdated { order } => self.crm.update(|crm| {
                for card in crm.values_mut() {
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
