//! Orders placed in a conversation: lines from the catalog, a total in
//! exact integer minor units, the conversation's deal.
//!
//! Stock is checked when the order is created and taken when it is paid
//! (never below zero), so an unpaid order holds nothing back.

use switchboard_protocol::{
    ClientMessageId, ConversationId, CreateOrderRequest, DealStage, Event, Order, OrderId,
    ProductId,
};

use super::conversations::{audience_of, visible};
use super::events::Change;
use super::validation::CLIENT_ID;
use super::{events, Viewer};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::orders::{NewLine, NewOrder};
use crate::store::{catalog, crm as crm_store, orders};

/// Most lines per order, and most units per line.
const MAX_LINES: usize = 50;
const MAX_QUANTITY: u32 = 999;

fn invalid_items(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::InvalidField {
        code,
        field: "items",
        message: message.into(),
    }
}

/// Checks the request and adds up lines of the same product, keeping the
/// order in which products first appear.
pub fn merged_items(request: &CreateOrderRequest) -> Result<Vec<(ProductId, u32)>, ApiError> {
    CLIENT_ID.check(&request.client_id.0)?;
    if request.items.is_empty() || request.items.len() > MAX_LINES {
        return Err(invalid_items(
            "invalid_items",
            format!("An order needs 1 to {MAX_LINES} products"),
        ));
    }
    let mut merged: Vec<(ProductId, u32)> = Vec::new();
    for item in &request.items {
        if item.quantity == 0 || item.quantity > MAX_QUANTITY {
            return Err(invalid_items(
                "invalid_quantity",
                format!("Each quantity must be between 1 and {MAX_QUANTITY}"),
            ));
        }
        match merged.iter_mut().find(|(id, _)| *id == item.product_id) {
            Some((_, quantity)) => *quantity += item.quantity,
            None => merged.push((item.product_id, item.quantity)),
        }
    }
    if merged.iter().any(|(_, quantity)| *quantity > MAX_QUANTITY) {
        return Err(invalid_items(
            "invalid_quantity",
            format!("Each quantity must be between 1 and {MAX_QUANTITY}"),
        ));
    }
    Ok(merged)
}

/// Sum of `unit × quantity` in minor units; `None` on overflow.
pub fn total_minor(lines: &[(i64, u32)]) -> Option<i64> {
    lines.iter().try_fold(0i64, |total, (unit, quantity)| {
        unit.checked_mul(i64::from(*quantity))
            .and_then(|line| total.checked_add(line))
    })
}

async fn existing(
    db: &mut crate::store::Conn,
    viewer: &Viewer,
    client_id: &ClientMessageId,
    conversation: ConversationId,
) -> Result<Option<Order>, ApiError> {
    let Some(id) = orders::by_client_id(db, viewer.user.id, client_id).await? else {
        return Ok(None);
    };
    let order = load(db, id).await?;
    if order.conversation_id != conversation {
        return Err(ApiError::ClientIdReused);
    }
    Ok(Some(order))
}

async fn load(db: &mut crate::store::Conn, id: OrderId) -> Result<Order, ApiError> {
    orders::order(db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such order".into()))
}

/// The products of the lines with their unit prices in minor units, and
/// the order's currency; checks existence, stock and a single currency.
async fn priced_lines(
    db: &mut crate::store::Conn,
    items: &[(ProductId, u32)],
) -> Result<(Vec<(switchboard_protocol::Product, i64, u32)>, String), ApiError> {
    let mut lines = Vec::with_capacity(items.len());
    let mut currency: Option<String> = None;
    for (product_id, quantity) in items {
        let product = catalog::product(db, *product_id).await?;
        let product = product.filter(|product| !product.archived).ok_or_else(|| {
            invalid_items("unknown_product", format!("No such product: {product_id}"))
        })?;
        if *quantity > product.stock {
            return Err(invalid_items(
                "out_of_stock",
                format!(
                    "Only {} of \"{}\" left in stock",
                    product.stock, product.name
                ),
            ));
        }
        match &currency {
            None => currency = Some(product.price.currency.clone()),
            Some(first) if *first != product.price.currency => {
                return Err(invalid_items(
                    "mixed_currencies",
                    "Products priced in different currencies cannot be in one order",
                ))
            }
            Some(_) => {}
        }
        let unit = product
            .price
            .minor()
            .ok_or_else(|| ApiError::Internal(format!("price of product {product_id}")))?;
        lines.push((product, unit, *quantity));
    }
    let currency = currency.unwrap_or_else(|| catalog::DEFAULT_CURRENCY.to_owned());
    Ok((lines, currency))
}

/// Creates an order in a conversation, linked to its deal (which moves to
/// `proposal` if it was `new` or `in_progress`). Idempotent on `client_id`:
/// a repeat returns the first order and `false`.
pub async fn create(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    request: CreateOrderRequest,
) -> Result<(Order, bool), ApiError> {
    let items = merged_items(&request)?;
    let mut change = Change::begin(state).await?;
    let now = change.now;
    if let Some(order) = existing(&mut change.tx, viewer, &request.client_id, id).await? {
        return Ok((order, false));
    }
    let summary = visible(&mut change.tx, viewer, id).await?;
    let (lines, currency) = priced_lines(&mut change.tx, &items).await?;
    let amounts: Vec<(i64, u32)> = lines.iter().map(|(_, unit, q)| (*unit, *q)).collect();
    let total = total_minor(&amounts)
        .ok_or_else(|| invalid_items("invalid_quantity", "The order total is too large"))?;
    let deal = crm_store::deal_of_conversation(&mut change.tx, id).await?;
    let new_lines: Vec<NewLine<'_>> = lines
        .iter()
        .map(|(product, unit, quantity)| NewLine {
            product: product.id,
            name: &product.name,
            unit_price_minor: *unit,
            quantity: *quantity,
        })
        .collect();
    let order_id = orders::insert(
        &mut change.tx,
        &NewOrder {
            conversation: id,
            customer: summary.customer.id,
            deal,
            total_minor: total,
            currency: &currency,
            created_by: viewer.user.id,
            client_id: &request.client_id,
        },
        &new_lines,
        now,
    )
    .await?;
    if let Some(deal) = deal {
        advance_to_proposal(&mut change.tx, viewer, deal, now).await?;
    }
    let order = load(&mut change.tx, order_id).await?;
    let event = Event::OrderUpdated {
        order: order.clone(),
    };
    change.record(&audience_of(&summary, &[]), event).await?;
    change.commit(state).await?;
    Ok((order, true))
}

/// An order is an offer: a deal still `new` or `in_progress` becomes a `proposal`.
async fn advance_to_proposal(
    db: &mut crate::store::Conn,
    viewer: &Viewer,
    deal: switchboard_protocol::DealId,
    now: i64,
) -> Result<(), ApiError> {
    let Some(mut current) = crm_store::deal(db, deal).await? else {
        return Ok(());
    };
    if !matches!(current.stage, DealStage::New | DealStage::InProgress) {
        return Ok(());
    }
    current.stage = DealStage::Proposal;
    let amount = current.amount.minor().unwrap_or(0);
    crm_store::update_deal(db, &current, amount, now).await?;
    if let Some(deal) = crm_store::deal(db, deal).await? {
        let audience = super::crm::audience(db, Some(viewer), deal.contact_id).await?;
        events::record(db, now, &audience, Event::DealUpdated { deal }).await?;
    }
    Ok(())
}

/// An order the viewer may see (through its conversation).
pub async fn get(state: &AppState, viewer: &Viewer, id: OrderId) -> Result<Order, ApiError> {
    super::payments::expire_due(state).await?;
    let mut db = state.pool.acquire().await?;
    let order = load(&mut db, id).await?;
    visible(&mut db, viewer, order.conversation_id)
        .await
        .map_err(|_| ApiError::NotFound("No such order".into()))?;
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_protocol::OrderItemRequest;

    fn request(items: &[(i64, u32)]) -> CreateOrderRequest {
        CreateOrderRequest {
            client_id: ClientMessageId("c-1".into()),
            items: items
                .iter()
                .map(|(id, quantity)| OrderItemRequest {
                    product_id: ProductId(*id),
                    quantity: *quantity,
                })
                .collect(),
        }
    }

    #[test]
    fn totals_are_exact() {
        // 3 × 19.90 + 2 × 0.10 = 59.90, with no float rounding anywhere.
        assert_eq!(total_minor(&[(1990, 3), (10, 2)]), Some(5990));
        assert_eq!(total_minor(&[(i64::MAX, 2)]), None);
    }

    #[test]
    fn lines_of_one_product_are_added_up_and_quantities_checked() {
        assert_eq!(
            merged_items(&request(&[(2, 1), (5, 2), (2, 3)])).unwrap(),
            [(ProductId(2), 4), (ProductId(5), 2)]
        );
        assert!(merged_items(&request(&[(2, 0)])).is_err());
        assert!(merged_items(&request(&[])).is_err());
        assert!(merged_items(&request(&[(2, 600), (2, 600)])).is_err());
    }
}
