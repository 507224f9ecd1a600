//! Card messages: a product, the company's details (and, in `payments`, a
//! payment link) sent to the customer as a normal operator message whose
//! `card` holds the structured values and whose `text` is a plain English
//! rendering, so every channel and client shows something sensible.
//!
//! Cards carry absolute URLs (`http(s)://<Host>/shop/...`): the customer
//! opens them outside the workspace.

use switchboard_protocol::{
    ConversationId, MessageCard, SendCardRequest, SendMessageRequest, SendProductCardRequest,
    SentCard,
};

use super::{messages, Viewer};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::catalog;

/// The plain-text rendering of a card (the message's `text`).
pub fn english(card: &MessageCard) -> String {
    match card {
        MessageCard::Product {
            name, price, url, ..
        } => format!("{name}: {price}\n{url}"),
        MessageCard::PaymentLink {
            order_id,
            total,
            url,
            ..
        } => format!("Order #{order_id}: {total} to pay.\nPay securely here: {url}"),
        MessageCard::CompanyInfo {
            name,
            address,
            phone,
            opening_hours,
            website,
        } => {
            let mut lines = vec![name.clone()];
            let labelled = [
                ("Address", address),
                ("Phone", phone),
                ("Opening hours", opening_hours),
                ("Website", website),
            ];
            for (label, value) in labelled {
                if !value.is_empty() {
                    lines.push(format!("{label}: {value}"));
                }
            }
            lines.join("\n")
        }
    }
}

/// Sends a card as the viewer's message. Idempotent on `client_id`.
pub async fn send(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    client_id: switchboard_protocol::ClientMessageId,
    card: &MessageCard,
) -> Result<(switchboard_protocol::Message, bool), ApiError> {
    let request = SendMessageRequest {
        client_id,
        text: english(card),
        attachments: Vec::new(),
        quote: None,
        internal: false,
    };
    messages::send_with_card(state, viewer, id, request, Some(card)).await
}

/// [`send`] of a card that concerns no order.
async fn send_alone(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    client_id: switchboard_protocol::ClientMessageId,
    card: &MessageCard,
) -> Result<(SentCard, bool), ApiError> {
    let (message, created) = send(state, viewer, id, client_id, card).await?;
    let sent = SentCard {
        message,
        order: None,
    };
    Ok((sent, created))
}

/// Sends a product's card (name, description, price, picture, page).
pub async fn send_product(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    request: SendProductCardRequest,
    base_url: &str,
) -> Result<(SentCard, bool), ApiError> {
    let product = {
        let mut db = state.pool.acquire().await?;
        catalog::product(&mut db, request.product_id)
            .await?
            .filter(|product| !product.archived)
            .ok_or_else(|| ApiError::InvalidField {
                code: "unknown_product",
                field: "product_id",
                message: "No such product".into(),
            })?
    };
    let base = base_url.trim_end_matches('/');
    let card = MessageCard::Product {
        product_id: product.id,
        name: product.name,
        description: product.description,
        price: product.price,
        image_url: product.image_url.map(|path| format!("{base}{path}")),
        url: format!("{base}{}", product.url),
    };
    send_alone(state, viewer, id, request.client_id, &card).await
}

/// Sends the company's details. 422 while they are not set.
pub async fn send_company(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    request: SendCardRequest,
) -> Result<(SentCard, bool), ApiError> {
    let company = {
        let mut db = state.pool.acquire().await?;
        catalog::company(&mut db).await?
    };
    if company.name.is_empty() {
        return Err(ApiError::Unprocessable(
            "The company's details are not set yet; an administrator can set them in the settings"
                .into(),
        ));
    }
    let card = MessageCard::CompanyInfo {
        name: company.name,
        address: company.address,
        phone: company.phone,
        opening_hours: company.opening_hours,
        website: company.website,
    };
    send_alone(state, viewer, id, request.client_id, &card).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_protocol::{Money, ProductId};

    #[test]
    fn cards_read_well_as_plain_text() {
        let product = MessageCard::Product {
            product_id: ProductId(1),
            name: "Atlas desk lamp".into(),
            description: String::new(),
            price: Money::from_minor(1990, "EUR"),
            image_url: None,
            url: "http://shop.example/shop/products/1".into(),
        };
        assert_eq!(
            english(&product),
            "Atlas desk lamp: 19.90 EUR\nhttp://shop.example/shop/products/1"
        );
        let company = MessageCard::CompanyInfo {
            name: "Atelier".into(),
            address: String::new(),
            phone: "+33 1 23 45 67 89".into(),
            opening_hours: String::new(),
            website: String::new(),
        };
        assert_eq!(english(&company), "Atelier\nPhone: +33 1 23 45 67 89");
    }
}
