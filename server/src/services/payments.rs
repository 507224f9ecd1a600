//! Payment links and the simulated payment provider.
//!
//! Sending a link creates a payment (`pending`, expiring after
//! `--payment-link-ttl-secs`) behind an unguessable token (256 random bits,
//! stored hashed) and posts a payment card into the conversation. The public
//! page `/pay/{token}` lets the customer pay or fail. Each payment moves
//! from `pending` to `paid`, `failed` or `expired` exactly once: the
//! `UPDATE ... WHERE status = 'pending'` decides, so a repeated or
//! concurrent submit changes nothing and is told so. A final transition
//! writes a system message into the conversation, updates the order (and,
//! when paid, takes the stock and marks the deal won with its paid total),
//! all in one transaction with their events.
//!
//! Expiry is applied when a link is used or an order is read after its
//! deadline, and by a sweep every few seconds (`start_expiry_sweep`), so the
//! "expired" system message also arrives live.

use rand::RngCore;
use switchboard_protocol::{
    CompanyInfo, ConversationId, Event, Message, MessageCard, Order, OrderId, OrderStatus,
    PaymentId, PaymentStatus, SendCardRequest, SentCard, SystemEvent,
};

use super::conversations::{audience_of, visible};
use super::events::Change;
use super::{auth, cards, crm, events, system_messages, Viewer};
use crate::error::{ApiError, OrVanished};
use crate::services::instances::{exclusively, BackgroundTask};
use crate::state::AppState;
use crate::store::orders::{NewPayment, PaymentRow};
use crate::store::Conn;
use crate::store::{self, catalog, conversations, messages, orders};

/// Path of the payment pages.
pub const PAY_PATH: &str = "/pay/";

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

async fn load_order(db: &mut Conn, id: OrderId) -> Result<Order, ApiError> {
    orders::order(db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such order".into()))
}

/// Sends a payment link for an order into its conversation. Idempotent on
/// `client_id`. A link sent earlier and still pending stops working
/// (`expired`): only the newest link can be paid. 409 once the order is paid.
pub async fn send_link(
    state: &AppState,
    viewer: &Viewer,
    order_id: OrderId,
    request: SendCardRequest,
    base_url: &str,
) -> Result<(SentCard, bool), ApiError> {
    let order = {
        let mut db = state.pool.acquire().await?;
        let order = load_order(&mut db, order_id).await?;
        visible(&mut db, viewer, order.conversation_id)
            .await
            .map_err(|_| ApiError::NotFound("No such order".into()))?;
        if let Some(message) =
            messages::by_client_id(&mut db, viewer.user.id, &request.client_id).await?
        {
            if message.conversation_id != order.conversation_id {
                return Err(ApiError::ClientIdReused);
            }
            return Ok((
                SentCard {
                    message,
                    order: Some(order),
                },
                false,
            ));
        }
        order
    };
    if order.status == OrderStatus::Paid {
        return Err(ApiError::Conflict("This order is already paid".into()));
    }
    let token = new_token();
    let now = store::now_ms();
    let ttl =
        i64::try_from(state.config.payment_link_ttl_secs.saturating_mul(1000)).unwrap_or(i64::MAX);
    let expires_at = now.saturating_add(ttl);
    let total_minor = order
        .total
        .minor()
        .ok_or_else(|| ApiError::Internal("order total".into()))?;
    let payment_id = {
        // The payment exists before its message, so the customer never
        // opens a link that is not there yet.
        let mut tx = store::begin_write(&state.pool).await?;
        let id = orders::insert_payment(
            &mut tx,
            &NewPayment {
                order: order_id,
                token_hash: &auth::token_hash(&token),
                amount_minor: total_minor,
                currency: &order.total.currency,
                expires_at,
            },
            now,
        )
        .await?;
        tx.commit().await?;
        id
    };
    let card = MessageCard::PaymentLink {
        order_id,
        payment_id,
        lines: order.lines.clone(),
        total: order.total.clone(),
        url: format!("{}{PAY_PATH}{token}", base_url.trim_end_matches('/')),
        expires_at,
    };
    let sent = cards::send(
        state,
        viewer,
        order.conversation_id,
        request.client_id,
        &card,
    )
    .await;
    let (message, created) = match sent {
        Ok(sent) => sent,
        Err(error) => {
            forget(state, payment_id).await;
            return Err(error);
        }
    };
    if !created {
        forget(state, payment_id).await;
        let mut db = state.pool.acquire().await?;
        let order = load_order(&mut db, order_id).await?;
        return Ok((
            SentCard {
                message,
                order: Some(order),
            },
            false,
        ));
    }
    let order = link_sent(state, order_id, payment_id, now).await?;
    Ok((
        SentCard {
            message,
            order: Some(order),
        },
        true,
    ))
}

async fn forget(state: &AppState, payment: PaymentId) {
    if let Ok(mut db) = state.pool.acquire().await {
        if let Err(error) = orders::delete_payment(&mut db, payment).await {
            tracing::warn!(%error, "unused payment link kept");
        }
    }
}

/// After the link's message: older pending links stop working, the order
/// awaits payment (`order_updated`).
async fn link_sent(
    state: &AppState,
    order_id: OrderId,
    payment_id: PaymentId,
    now: i64,
) -> Result<Order, ApiError> {
    let mut change = Change::begin(state).await?;
    for older in orders::pending_of_order(&mut change.tx, order_id).await? {
        if older.id != payment_id.0 {
            orders::complete_payment(
                &mut change.tx,
                PaymentId(older.id),
                PaymentStatus::Expired,
                now,
            )
            .await?;
        }
    }
    let current = load_order(&mut change.tx, order_id).await?;
    if current.status != OrderStatus::Paid {
        orders::set_status(&mut change.tx, order_id, OrderStatus::AwaitingPayment, now).await?;
    }
    let order = record_order(&mut change.tx, order_id, now).await?;
    change.commit(state).await?;
    Ok(order)
}

/// Records `order_updated` for the order's conversation audience.
async fn record_order(db: &mut Conn, order_id: OrderId, now: i64) -> Result<Order, ApiError> {
    let order = load_order(db, order_id).await?;
    let audience = conversation_audience(db, order.conversation_id).await?;
    let event = Event::OrderUpdated {
        order: order.clone(),
    };
    events::record(db, now, &audience, event).await?;
    Ok(order)
}

async fn conversation_audience(
    db: &mut Conn,
    id: ConversationId,
) -> Result<crate::store::events::Audience, ApiError> {
    let summary = conversations::summary(db, id)
        .await?
        .or_vanished("conversation")?;
    Ok(audience_of(&summary, &[]))
}

/// Applies a final status to a pending payment inside the caller's
/// transaction. Returns `false` (nothing written) when it was not pending.
async fn apply(
    db: &mut Conn,
    payment: &PaymentRow,
    status: PaymentStatus,
    now: i64,
) -> Result<bool, ApiError> {
    let payment_id = PaymentId(payment.id);
    if !orders::complete_payment(db, payment_id, status, now).await? {
        return Ok(false);
    }
    let order = load_order(db, OrderId(payment.order_id)).await?;
    // Only the newest link speaks for the order.
    let latest = order.payment.as_ref().is_some_and(|p| p.id == payment_id);
    if latest && order.status != OrderStatus::Paid {
        let (order_status, system) = match status {
            PaymentStatus::Paid => (
                OrderStatus::Paid,
                SystemEvent::PaymentReceived {
                    order_id: order.id,
                    payment_id,
                    total: order.total.clone(),
                },
            ),
            PaymentStatus::Failed => (
                OrderStatus::PaymentFailed,
                SystemEvent::PaymentFailed {
                    order_id: order.id,
                    payment_id,
                    total: order.total.clone(),
                },
            ),
            PaymentStatus::Expired | PaymentStatus::Pending => (
                OrderStatus::PaymentExpired,
                SystemEvent::PaymentExpired {
                    order_id: order.id,
                    payment_id,
                    total: order.total.clone(),
                },
            ),
        };
        orders::set_status(db, order.id, order_status, now).await?;
        if order_status == OrderStatus::Paid {
            for line in &order.lines {
                catalog::take_from_stock(db, line.product_id, line.quantity).await?;
            }
            if let Some(deal) = order.deal_id {
                crm::record_payment(db, deal, now).await?;
            }
        }
        let message: Message =
            system_messages::write(db, order.conversation_id, &system, now).await?;
        let audience = conversation_audience(db, order.conversation_id).await?;
        events::record(db, now, &audience, Event::MessageCreated { message }).await?;
    }
    record_order(db, order.id, now).await?;
    Ok(true)
}

/// Expires every pending payment past its deadline (system messages and
/// events included). Cheap when there is none.
pub async fn expire_due(state: &AppState) -> Result<(), ApiError> {
    let now = store::now_ms();
    let due = {
        let mut db = state.pool.acquire().await?;
        orders::due_payments(&mut db, now).await?
    };
    if due.is_empty() {
        return Ok(());
    }
    let mut change = Change::begin(state).await?;
    for payment in &due {
        apply(&mut change.tx, payment, PaymentStatus::Expired, now).await?;
    }
    change.commit(state).await?;
    Ok(())
}

/// Runs [`expire_due`] every `interval` until the server stops.
pub fn start_expiry_sweep(state: AppState, interval: std::time::Duration) {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(interval);
        loop {
            ticker.tick().await;
            if state.shutdown.is_stopping() {
                break;
            }
            // Another instance's sweep (`Ok(None)`) covers this tick.
            let task = BackgroundTask::PaymentExpiry;
            if let Err(error) = exclusively(&state, task, expire_due(&state)).await {
                tracing::warn!(%error, "expiring payment links failed");
            }
        }
    });
}

/// What the payment page shows.
pub struct PaymentPage {
    /// The payment, after any expiry.
    pub payment: switchboard_protocol::Payment,
    /// Its order.
    pub order: Order,
    /// Who is paid.
    pub company: CompanyInfo,
}

async fn page_of(db: &mut Conn, token_hash: &str) -> Result<PaymentPage, ApiError> {
    let payment = orders::payment_by_token(db, token_hash)
        .await?
        .ok_or_else(|| ApiError::NotFound("This payment link is not valid".into()))?;
    let order = load_order(db, OrderId(payment.order_id)).await?;
    Ok(PaymentPage {
        payment: payment.to_payment(),
        order,
        company: catalog::company(db).await?,
    })
}

/// Expires the payment behind a token if its deadline passed.
async fn expire_if_due(state: &AppState, token_hash: &str) -> Result<(), ApiError> {
    let mut change = Change::begin(state).await?;
    let now = change.now;
    let payment = orders::payment_by_token(&mut change.tx, token_hash).await?;
    if let Some(payment) = payment.filter(|p| p.status() == PaymentStatus::Pending) {
        if payment.expires_at <= now
            && apply(&mut change.tx, &payment, PaymentStatus::Expired, now).await?
        {
            change.commit(state).await?;
        }
    }
    Ok(())
}

/// The page behind a token (404 for an unknown one).
pub async fn page(state: &AppState, token: &str) -> Result<PaymentPage, ApiError> {
    let token_hash = auth::token_hash(token);
    expire_if_due(state, &token_hash).await?;
    let mut db = state.pool.acquire().await?;
    page_of(&mut db, &token_hash).await
}

/// What the customer chose on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// "Pay".
    Pay,
    /// "Fail payment" (the simulated provider refuses the card).
    Fail,
}

/// The outcome of a submit.
pub struct Submitted {
    /// Whether this submit changed the payment (`false`: it was already
    /// paid, failed or expired, and nothing happened).
    pub applied: bool,
    /// The page after it.
    pub page: PaymentPage,
}

/// Applies the customer's choice once.
pub async fn submit(state: &AppState, token: &str, choice: Choice) -> Result<Submitted, ApiError> {
    let token_hash = auth::token_hash(token);
    expire_if_due(state, &token_hash).await?;
    let mut change = Change::begin(state).await?;
    let now = change.now;
    let payment = orders::payment_by_token(&mut change.tx, &token_hash)
        .await?
        .ok_or_else(|| ApiError::NotFound("This payment link is not valid".into()))?;
    let status = match choice {
        Choice::Pay => PaymentStatus::Paid,
        Choice::Fail => PaymentStatus::Failed,
    };
    let applied = apply(&mut change.tx, &payment, status, now).await?;
    let page = page_of(&mut change.tx, &token_hash).await?;
    change.commit(state).await?;
    Ok(Submitted { applied, page })
}
