//! Selling in the chat: the company's details, the product catalog, orders,
//! payment links and the structured cards sent to customers.
//!
//! Every amount is a [`Money`] (exact decimal string + currency code).
//! Paths such as `image_url` or `Product::url` are paths of the server
//! (`/shop/...`): resolve them against the API's origin. Cards sent to a
//! customer carry absolute URLs instead, since the customer opens them
//! outside the workspace.

use serde::{Deserialize, Serialize};

use crate::names::named_enum;
use crate::{
    ClientMessageId, ConversationId, CustomerId, DealId, Message, Money, OrderId, PaymentId,
    ProductId, Timestamp, UserRef,
};

/// The company's details, sent to customers as a card and shown on the
/// payment page. Empty strings mean "not set".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyInfo {
    /// Company name.
    pub name: String,
    /// Postal address (may span several lines).
    pub address: String,
    /// Phone number.
    pub phone: String,
    /// Opening hours, free text (may span several lines).
    pub opening_hours: String,
    /// Website: an `http(s)` URL, or empty.
    pub website: String,
    /// The store's currency (ISO 4217), used for new products and deals.
    pub currency: String,
}

/// A product of the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Product {
    /// Server identifier.
    pub id: ProductId,
    /// Name.
    pub name: String,
    /// Short description.
    pub description: String,
    /// Unit price.
    pub price: Money,
    /// Units in stock (an order may not ask for more).
    pub stock: u32,
    /// Picture: a path of the server (`/shop/images/...`), if any.
    pub image_url: Option<String>,
    /// The public product page: a path of the server (`/shop/products/{id}`).
    pub url: String,
    /// Archived: no longer offered (past orders keep it).
    #[serde(default)]
    pub archived: bool,
}

/// Body of `POST /api/v1/products` and `PUT /api/v1/products/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductRequest {
    /// Name (unique).
    pub name: String,
    /// Short description.
    #[serde(default)]
    pub description: String,
    /// Unit price in the company's currency, e.g. `"59.70"`.
    pub price: String,
    /// Units in stock.
    pub stock: u32,
    /// A picture uploaded with `POST /api/v1/files` (PNG, JPEG, GIF or
    /// WebP); `None` keeps the current one.
    #[serde(default)]
    pub image_file: Option<crate::FileId>,
}

/// Query of `GET /api/v1/products`: `q` searches names and descriptions.
pub type ProductsQuery = crate::SearchQuery;

named_enum! {
    /// Where an order is.
    pub enum OrderStatus {
        /// Created; no payment link yet.
        New = "new",
        /// A payment link was sent and is pending.
        AwaitingPayment = "awaiting_payment",
        /// Paid (final).
        Paid = "paid",
        /// The last payment attempt failed; a new link may be sent.
        PaymentFailed = "payment_failed",
        /// The last payment link expired unpaid; a new link may be sent.
        PaymentExpired = "payment_expired",
    }
}

named_enum! {
    /// Where a payment (one payment link) is: `pending`, then once and for all
    /// `paid`, `failed` or `expired`.
    pub enum PaymentStatus {
        /// Waiting for the customer.
        Pending = "pending",
        /// The customer paid.
        Paid = "paid",
        /// The payment failed.
        Failed = "failed",
        /// Not paid before `expires_at` (or replaced by a newer link).
        Expired = "expired",
    }
}

/// One line of an order (name and price as they were when ordered).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderLine {
    /// The product.
    pub product_id: ProductId,
    /// Its name.
    pub name: String,
    /// Its unit price.
    pub unit_price: Money,
    /// How many.
    pub quantity: u32,
    /// `unit_price × quantity`.
    pub line_total: Money,
}

/// A payment link of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Payment {
    /// Server identifier.
    pub id: PaymentId,
    /// Status.
    pub status: PaymentStatus,
    /// Amount asked.
    pub amount: Money,
    /// When the link was created.
    pub created_at: Timestamp,
    /// After this moment an unpaid link is `expired`.
    pub expires_at: Timestamp,
    /// When it became paid, failed or expired.
    pub completed_at: Option<Timestamp>,
}

/// An order placed in a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Order {
    /// Server identifier.
    pub id: OrderId,
    /// The conversation it was made in.
    pub conversation_id: ConversationId,
    /// The customer.
    pub customer_id: CustomerId,
    /// The deal it belongs to (the conversation's deal when it was created).
    pub deal_id: Option<DealId>,
    /// The lines, in the order given.
    pub lines: Vec<OrderLine>,
    /// Sum of the lines.
    pub total: Money,
    /// Status.
    pub status: OrderStatus,
    /// The latest payment link, if one was sent.
    pub payment: Option<Payment>,
    /// Who created it.
    pub created_by: UserRef,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Increases with every change: ignore an older copy.
    pub version: i64,
}

/// A product and quantity asked for in [`CreateOrderRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderItemRequest {
    /// The product.
    pub product_id: ProductId,
    /// How many, 1 to 999 (and no more than in stock). Lines of the same
    /// product are added together.
    pub quantity: u32,
}

/// Body of `POST /api/v1/conversations/{id}/orders`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateOrderRequest {
    /// Client-generated id; a repeat returns the first order (`200`).
    pub client_id: ClientMessageId,
    /// 1 to 50 lines.
    pub items: Vec<OrderItemRequest>,
}

/// What a card message shows the customer. The message's `text` is a plain
/// English rendering for clients that do not know cards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
// Decoded without buffering: see `flat.rs`.
#[serde(try_from = "crate::flat::FlatMessageCard")]
pub enum MessageCard {
    /// A product.
    Product {
        /// The product.
        product_id: ProductId,
        /// Its name.
        name: String,
        /// Short description.
        description: String,
        /// Unit price when sent.
        price: Money,
        /// Picture (absolute `http(s)` URL), if any.
        image_url: Option<String>,
        /// Its public page (absolute `http(s)` URL).
        url: String,
    },
    /// A link to pay an order.
    PaymentLink {
        /// The order.
        order_id: OrderId,
        /// The payment the link is for.
        payment_id: PaymentId,
        /// The lines of the order.
        lines: Vec<OrderLine>,
        /// Amount to pay.
        total: Money,
        /// The payment page (absolute `http(s)` URL).
        url: String,
        /// After this moment the link no longer works.
        expires_at: Timestamp,
    },
    /// The company's details.
    CompanyInfo {
        /// Company name.
        name: String,
        /// Postal address.
        address: String,
        /// Phone number.
        phone: String,
        /// Opening hours.
        opening_hours: String,
        /// Website (`http(s)` URL) or empty.
        website: String,
    },
}

/// Body of `POST /api/v1/conversations/{id}/product-cards`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SendProductCardRequest {
    /// The product to show.
    pub product_id: ProductId,
    /// Client-generated id of the message (idempotency).
    pub client_id: ClientMessageId,
}

/// Body of `POST /api/v1/orders/{id}/payment-link` and
/// `POST /api/v1/conversations/{id}/company-info`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SendCardRequest {
    /// Client-generated id of the message (idempotency).
    pub client_id: ClientMessageId,
}

/// Answer of the endpoints that send a card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SentCard {
    /// The message delivered to the customer (with its `card`).
    pub message: Message,
    /// The order after the change (payment links only).
    #[serde(default)]
    pub order: Option<Order>,
}
