//! Orders, their lines and their payment links.

use switchboard_protocol::{
    ClientMessageId, ConversationId, CustomerId, DealId, Money, Order, OrderId, OrderLine,
    OrderStatus, Payment, PaymentId, PaymentStatus, ProductId, UserId, UserRef,
};

use super::names::Named;
use super::sql::{self, params};
use crate::store::Conn;

#[derive(sqlx::FromRow)]
struct OrderRow {
    id: i64,
    conversation_id: i64,
    customer_id: i64,
    deal_id: Option<i64>,
    status: Named<OrderStatus>,
    total_minor: i64,
    currency: String,
    created_by: i64,
    created_by_name: String,
    created_at: i64,
    updated_at: i64,
    version: i64,
}

const ORDER_SELECT: &str = "SELECT o.id, o.conversation_id, o.customer_id, o.deal_id, o.status, \
    o.total_minor, o.currency, o.created_by, u.name AS created_by_name, o.created_at, o.updated_at, \
    o.version FROM orders o JOIN users u ON u.id = o.created_by";

/// A payment row, as the payment page needs it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PaymentRow {
    /// Id.
    pub id: i64,
    /// Its order.
    pub order_id: i64,
    /// Status.
    pub status: Named<PaymentStatus>,
    /// Amount in minor units.
    pub amount_minor: i64,
    /// Currency.
    pub currency: String,
    /// Creation time.
    pub created_at: i64,
    /// Expiry time.
    pub expires_at: i64,
    /// When it became final.
    pub completed_at: Option<i64>,
}

impl PaymentRow {
    /// The wire form.
    pub fn to_payment(&self) -> Payment {
        Payment {
            id: PaymentId(self.id),
            status: self.status.0,
            amount: Money::from_minor(self.amount_minor, &self.currency),
            created_at: self.created_at,
            expires_at: self.expires_at,
            completed_at: self.completed_at,
        }
    }

    /// Its status.
    pub fn status(&self) -> PaymentStatus {
        self.status.0
    }
}

const PAYMENT_SELECT: &str = "SELECT id, order_id, status, amount_minor, currency, created_at, \
    expires_at, completed_at FROM payments";

async fn hydrate(db: &mut Conn, row: OrderRow) -> sqlx::Result<Order> {
    let query = "SELECT product_id, name, unit_price_minor, quantity FROM order_lines \
        WHERE order_id = ? ORDER BY position";
    let lines: Vec<(i64, String, i64, i64)> = sql::rows(db, query, params![row.id]).await?;
    let query = format!("{PAYMENT_SELECT} WHERE order_id = ? ORDER BY id DESC LIMIT 1");
    let payment: Option<PaymentRow> = sql::row(db, &query, params![row.id]).await?;
    let currency = row.currency;
    Ok(Order {
        id: OrderId(row.id),
        conversation_id: ConversationId(row.conversation_id),
        customer_id: CustomerId(row.customer_id),
        deal_id: row.deal_id.map(DealId),
        lines: lines
            .into_iter()
            .map(|(product, name, unit, quantity)| OrderLine {
                product_id: ProductId(product),
                name,
                unit_price: Money::from_minor(unit, &currency),
                quantity: u32::try_from(quantity).unwrap_or(0),
                line_total: Money::from_minor(unit.saturating_mul(quantity), &currency),
            })
            .collect(),
        total: Money::from_minor(row.total_minor, &currency),
        status: row.status.0,
        payment: payment.as_ref().map(PaymentRow::to_payment),
        created_by: UserRef {
            id: UserId(row.created_by),
            name: row.created_by_name,
        },
        created_at: row.created_at,
        updated_at: row.updated_at,
        version: row.version,
    })
}

/// An order by id.
pub async fn order(db: &mut Conn, id: OrderId) -> sqlx::Result<Option<Order>> {
    super::one_by_id(db, &format!("{ORDER_SELECT} WHERE o.id = ?"), id.0, hydrate).await
}

/// The order an employee created with a client id.
pub async fn by_client_id(
    db: &mut Conn,
    user: UserId,
    client_id: &ClientMessageId,
) -> sqlx::Result<Option<OrderId>> {
    let query = "SELECT id FROM orders WHERE created_by = ? AND client_id = ?";
    let id: Option<i64> = sql::value(db, query, params![user.0, &client_id.0]).await?;
    Ok(id.map(OrderId))
}

/// A customer's orders, newest first.
pub async fn of_customer(db: &mut Conn, customer: CustomerId) -> sqlx::Result<Vec<Order>> {
    let query = format!("{ORDER_SELECT} WHERE o.customer_id = ? ORDER BY o.id DESC LIMIT 200");
    super::all_by(db, &query, params![customer.0], hydrate).await
}

/// A new order's values.
pub struct NewOrder<'a> {
    /// Its conversation.
    pub conversation: ConversationId,
    /// Its customer.
    pub customer: CustomerId,
    /// Its deal.
    pub deal: Option<DealId>,
    /// Total in minor units.
    pub total_minor: i64,
    /// Currency.
    pub currency: &'a str,
    /// Creator.
    pub created_by: UserId,
    /// The creator's client id.
    pub client_id: &'a ClientMessageId,
}

/// A line of a new order.
pub struct NewLine<'a> {
    /// The product.
    pub product: ProductId,
    /// Its name.
    pub name: &'a str,
    /// Unit price in minor units.
    pub unit_price_minor: i64,
    /// Quantity.
    pub quantity: u32,
}

/// Creates an order with its lines.
pub async fn insert(
    db: &mut Conn,
    order: &NewOrder<'_>,
    lines: &[NewLine<'_>],
    now: i64,
) -> sqlx::Result<OrderId> {
    let query = "INSERT INTO orders (conversation_id, customer_id, deal_id, status, total_minor, currency, \
        created_by, client_id, created_at, updated_at) VALUES (?, ?, ?, 'new', ?, ?, ?, ?, ?, ?)";
    let id = sql::insert(
        db,
        query,
        params![
            order.conversation.0,
            order.customer.0,
            order.deal.map(|deal| deal.0),
            order.total_minor,
            order.currency,
            order.created_by.0,
            &order.client_id.0,
            now,
            now
        ],
    )
    .await?;
    for (position, line) in lines.iter().enumerate() {
        let query = "INSERT INTO order_lines (order_id, position, product_id, name, unit_price_minor, quantity) \
            VALUES (?, ?, ?, ?, ?, ?)";
        sql::run(
            db,
            query,
            params![
                id,
                i64::try_from(position).unwrap_or(i64::MAX),
                line.product.0,
                line.name,
                line.unit_price_minor,
                i64::from(line.quantity)
            ],
        )
        .await?;
    }
    Ok(OrderId(id))
}

/// Sets an order's status and bumps its version.
pub async fn set_status(
    db: &mut Conn,
    id: OrderId,
    status: OrderStatus,
    now: i64,
) -> sqlx::Result<()> {
    let query = "UPDATE orders SET status = ?, updated_at = ?, version = version + 1 WHERE id = ?";
    sql::run(db, query, params![status.as_str(), now, id.0]).await
}

/// Sum of the paid orders of a deal, in minor units of `currency`.
pub async fn paid_total_of_deal(db: &mut Conn, deal: DealId, currency: &str) -> sqlx::Result<i64> {
    // PostgreSQL sums BIGINTs as NUMERIC: the cast reads it back as an integer.
    let query = "SELECT CAST(SUM(total_minor) AS BIGINT) FROM orders \
        WHERE deal_id = ? AND status = 'paid' AND currency = ?";
    let total: Option<i64> = sql::one(db, query, params![deal.0, currency]).await?;
    Ok(total.unwrap_or(0))
}

/// A new payment link.
pub struct NewPayment<'a> {
    /// The order.
    pub order: OrderId,
    /// SHA-256 of the page's token.
    pub token_hash: &'a str,
    /// Amount in minor units.
    pub amount_minor: i64,
    /// Currency.
    pub currency: &'a str,
    /// When it expires.
    pub expires_at: i64,
}

/// Stores a pending payment.
pub async fn insert_payment(
    db: &mut Conn,
    payment: &NewPayment<'_>,
    now: i64,
) -> sqlx::Result<PaymentId> {
    let query = "INSERT INTO payments (order_id, token_hash, status, amount_minor, currency, created_at, expires_at) \
        VALUES (?, ?, 'pending', ?, ?, ?, ?)";
    let id = sql::insert(
        db,
        query,
        params![
            payment.order.0,
            payment.token_hash,
            payment.amount_minor,
            payment.currency,
            now,
            payment.expires_at
        ],
    )
    .await?;
    Ok(PaymentId(id))
}

/// Forgets a payment whose message could not be sent.
pub async fn delete_payment(db: &mut Conn, id: PaymentId) -> sqlx::Result<()> {
    let query = "DELETE FROM payments WHERE id = ? AND status = 'pending'";
    sql::run(db, query, params![id.0]).await
}

/// The payment behind a page token.
pub async fn payment_by_token(db: &mut Conn, token_hash: &str) -> sqlx::Result<Option<PaymentRow>> {
    let query = format!("{PAYMENT_SELECT} WHERE token_hash = ?");
    sql::row(db, &query, params![token_hash]).await
}

/// A payment by id.
pub async fn payment(db: &mut Conn, id: PaymentId) -> sqlx::Result<Option<PaymentRow>> {
    sql::row(db, &format!("{PAYMENT_SELECT} WHERE id = ?"), params![id.0]).await
}

/// Moves a pending payment to a final status. Returns `false` (and changes
/// nothing) when it was no longer pending: each transition happens once.
pub async fn complete_payment(
    db: &mut Conn,
    id: PaymentId,
    status: PaymentStatus,
    now: i64,
) -> sqlx::Result<bool> {
    let query =
        "UPDATE payments SET status = ?, completed_at = ? WHERE id = ? AND status = 'pending'";
    sql::changed(db, query, params![status.as_str(), now, id.0]).await
}

/// Pending payments of an order (replaced when a new link is sent).
pub async fn pending_of_order(db: &mut Conn, order: OrderId) -> sqlx::Result<Vec<PaymentRow>> {
    let query = format!("{PAYMENT_SELECT} WHERE order_id = ? AND status = 'pending' ORDER BY id");
    sql::rows(db, &query, params![order.0]).await
}

/// Pending payments past their expiry.
pub async fn due_payments(db: &mut Conn, now: i64) -> sqlx::Result<Vec<PaymentRow>> {
    let query = format!(
        "{PAYMENT_SELECT} WHERE status = 'pending' AND expires_at <= ? ORDER BY id LIMIT 100"
    );
    sql::rows(db, &query, params![now]).await
}
