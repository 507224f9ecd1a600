//! CRM contacts and deals, their links to customers, channel ids and
//! conversations.

use sqlx::SqliteConnection;
use switchboard_protocol::{
    ConnectorId, ConnectorKind, Contact, ContactExternalId, ContactId, ConversationId, CustomerId,
    Deal, DealId, DealStage, Money, UserId, UserRef,
};

use super::names::Named;

#[derive(sqlx::FromRow)]
struct ContactRow {
    id: i64,
    name: String,
    phone: Option<String>,
    email: Option<String>,
    created_at: i64,
    updated_at: i64,
    version: i64,
}

/// A contact by id.
pub async fn contact(db: &mut SqliteConnection, id: ContactId) -> sqlx::Result<Option<Contact>> {
    let row: Option<ContactRow> = sqlx::query_as(
        "SELECT id, name, phone, email, created_at, updated_at, version FROM crm_contacts WHERE id = ?",
    )
    .bind(id.0)
    .fetch_optional(&mut *db)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let external: Vec<(i64, Named<ConnectorKind>, String)> = sqlx::query_as(
        "SELECT e.connector_id, c.kind, e.external_id FROM crm_contact_external_ids e \
         JOIN connectors c ON c.id = e.connector_id WHERE e.contact_id = ? \
         ORDER BY e.connector_id, e.external_id",
    )
    .bind(id.0)
    .fetch_all(&mut *db)
    .await?;
    let customers = customers_of(db, id).await?;
    Ok(Some(Contact {
        id: ContactId(row.id),
        name: row.name,
        phone: row.phone,
        email: row.email,
        external_ids: external
            .into_iter()
            .map(|(connector, kind, external_id)| ContactExternalId {
                connector_id: ConnectorId(connector),
                channel: kind.0,
                external_id,
            })
            .collect(),
        customer_ids: customers,
        created_at: row.created_at,
        updated_at: row.updated_at,
        version: row.version,
    }))
}

/// The customers a contact stands for.
pub async fn customers_of(
    db: &mut SqliteConnection,
    contact: ContactId,
) -> sqlx::Result<Vec<CustomerId>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT customer_id FROM crm_contact_customers WHERE contact_id = ? ORDER BY customer_id",
    )
    .bind(contact.0)
    .fetch_all(db)
    .await?;
    Ok(ids.into_iter().map(CustomerId).collect())
}

/// The contact a customer is linked to.
pub async fn contact_of_customer(
    db: &mut SqliteConnection,
    customer: CustomerId,
) -> sqlx::Result<Option<ContactId>> {
    let id: Option<i64> =
        sqlx::query_scalar("SELECT contact_id FROM crm_contact_customers WHERE customer_id = ?")
            .bind(customer.0)
            .fetch_optional(db)
            .await?;
    Ok(id.map(ContactId))
}

/// The contact holding a channel id.
pub async fn contact_by_external_id(
    db: &mut SqliteConnection,
    connector: ConnectorId,
    external_id: &str,
) -> sqlx::Result<Option<ContactId>> {
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT contact_id FROM crm_contact_external_ids WHERE connector_id = ? AND external_id = ?",
    )
    .bind(connector.0)
    .bind(external_id)
    .fetch_optional(db)
    .await?;
    Ok(id.map(ContactId))
}

/// The oldest contact whose normalized e-mail (`email_key`) or phone
/// (`phone_key`) is `key`.
pub async fn contact_by_key(
    db: &mut SqliteConnection,
    column: KeyColumn,
    key: &str,
) -> sqlx::Result<Option<ContactId>> {
    let sql = match column {
        KeyColumn::Email => "SELECT id FROM crm_contacts WHERE email_key = ? ORDER BY id LIMIT 1",
        KeyColumn::Phone => "SELECT id FROM crm_contacts WHERE phone_key = ? ORDER BY id LIMIT 1",
    };
    let id: Option<i64> = sqlx::query_scalar(sql).bind(key).fetch_optional(db).await?;
    Ok(id.map(ContactId))
}

/// Which normalized column to match.
#[derive(Debug, Clone, Copy)]
pub enum KeyColumn {
    /// `email_key`.
    Email,
    /// `phone_key`.
    Phone,
}

/// The values of a contact, with their matching keys.
pub struct ContactFields<'a> {
    /// Name.
    pub name: &'a str,
    /// Phone as typed.
    pub phone: Option<&'a str>,
    /// Digits of the phone.
    pub phone_key: Option<String>,
    /// E-mail as typed.
    pub email: Option<&'a str>,
    /// Lower-cased e-mail.
    pub email_key: Option<String>,
}

/// Creates a contact.
pub async fn insert_contact(
    db: &mut SqliteConnection,
    fields: &ContactFields<'_>,
    now: i64,
) -> sqlx::Result<ContactId> {
    let id = sqlx::query(
        "INSERT INTO crm_contacts (name, phone, phone_key, email, email_key, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(fields.name)
    .bind(fields.phone)
    .bind(&fields.phone_key)
    .bind(fields.email)
    .bind(&fields.email_key)
    .bind(now)
    .bind(now)
    .execute(db)
    .await?
    .last_insert_rowid();
    Ok(ContactId(id))
}

/// Replaces a contact's fields and bumps its version.
pub async fn update_contact(
    db: &mut SqliteConnection,
    id: ContactId,
    fields: &ContactFields<'_>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE crm_contacts SET name = ?, phone = ?, phone_key = ?, email = ?, email_key = ?, \
         updated_at = ?, version = version + 1 WHERE id = ?",
    )
    .bind(fields.name)
    .bind(fields.phone)
    .bind(&fields.phone_key)
    .bind(fields.email)
    .bind(&fields.email_key)
    .bind(now)
    .bind(id.0)
    .execute(db)
    .await?;
    Ok(())
}

/// Marks a contact changed (a new link) without changing its fields.
pub async fn touch_contact(db: &mut SqliteConnection, id: ContactId, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE crm_contacts SET updated_at = ?, version = version + 1 WHERE id = ?")
        .bind(now)
        .bind(id.0)
        .execute(db)
        .await?;
    Ok(())
}

/// Links a customer to a contact unless it already has one; whether it was linked now.
pub async fn link_customer(
    db: &mut SqliteConnection,
    contact: ContactId,
    customer: CustomerId,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO crm_contact_customers (customer_id, contact_id) VALUES (?, ?)",
    )
    .bind(customer.0)
    .bind(contact.0)
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Records a channel id of a contact unless another contact holds it;
/// whether it was added now.
pub async fn add_external_id(
    db: &mut SqliteConnection,
    contact: ContactId,
    connector: ConnectorId,
    external_id: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO crm_contact_external_ids (connector_id, external_id, contact_id) \
         VALUES (?, ?, ?)",
    )
    .bind(connector.0)
    .bind(external_id)
    .bind(contact.0)
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The channel ids of a customer: `(connector, external id)`.
pub async fn identities_of(
    db: &mut SqliteConnection,
    customer: CustomerId,
) -> sqlx::Result<Vec<(ConnectorId, String)>> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT connector_id, external_id FROM customer_identities WHERE customer_id = ? \
         ORDER BY connector_id, external_id",
    )
    .bind(customer.0)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(connector, id)| (ConnectorId(connector), id))
        .collect())
}

/// Who may see a contact: admins and supervisors, the queue members of the
/// lines of its customers' chats, and the employees involved in their
/// conversations (assignees, participants).
pub async fn audience(db: &mut SqliteConnection, contact: ContactId) -> sqlx::Result<Vec<UserId>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM users WHERE role IN ('admin', 'supervisor') \
         UNION SELECT lm.user_id FROM line_members lm JOIN chats ch ON ch.line_id = lm.line_id \
           JOIN crm_contact_customers cc ON cc.customer_id = ch.customer_id WHERE cc.contact_id = ?1 \
         UNION SELECT c.assignee_id FROM conversations c JOIN chats ch ON ch.id = c.chat_id \
           JOIN crm_contact_customers cc ON cc.customer_id = ch.customer_id \
           WHERE cc.contact_id = ?1 AND c.assignee_id IS NOT NULL \
         UNION SELECT p.user_id FROM conversation_participants p \
           JOIN conversations c ON c.id = p.conversation_id JOIN chats ch ON ch.id = c.chat_id \
           JOIN crm_contact_customers cc ON cc.customer_id = ch.customer_id WHERE cc.contact_id = ?1",
    )
    .bind(contact.0)
    .fetch_all(db)
    .await?;
    Ok(ids.into_iter().map(UserId).collect())
}

/// Every conversation of a contact's customers, newest first.
pub async fn conversations_of_contact(
    db: &mut SqliteConnection,
    contact: ContactId,
) -> sqlx::Result<Vec<ConversationId>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT c.id FROM conversations c JOIN chats ch ON ch.id = c.chat_id \
         JOIN crm_contact_customers cc ON cc.customer_id = ch.customer_id \
         WHERE cc.contact_id = ? ORDER BY c.id DESC",
    )
    .bind(contact.0)
    .fetch_all(db)
    .await?;
    Ok(ids.into_iter().map(ConversationId).collect())
}

#[derive(sqlx::FromRow)]
struct DealRow {
    id: i64,
    contact_id: i64,
    title: String,
    stage: Named<DealStage>,
    amount_minor: i64,
    currency: String,
    responsible_id: Option<i64>,
    responsible_name: Option<String>,
    created_at: i64,
    updated_at: i64,
    version: i64,
}

const DEAL_SELECT: &str =
    "SELECT d.id, d.contact_id, d.title, d.stage, d.amount_minor, d.currency, \
    d.responsible_id, u.name AS responsible_name, d.created_at, d.updated_at, d.version \
    FROM crm_deals d LEFT JOIN users u ON u.id = d.responsible_id";

async fn hydrate_deal(db: &mut SqliteConnection, row: DealRow) -> sqlx::Result<Deal> {
    let conversations: Vec<i64> = sqlx::query_scalar(
        "SELECT conversation_id FROM crm_deal_conversations WHERE deal_id = ? ORDER BY conversation_id",
    )
    .bind(row.id)
    .fetch_all(db)
    .await?;
    Ok(Deal {
        id: DealId(row.id),
        contact_id: ContactId(row.contact_id),
        title: row.title,
        stage: row.stage.0,
        amount: Money::from_minor(row.amount_minor, &row.currency),
        responsible: row
            .responsible_id
            .zip(row.responsible_name)
            .map(|(id, name)| UserRef {
                id: UserId(id),
                name,
            }),
        conversation_ids: conversations.into_iter().map(ConversationId).collect(),
        created_at: row.created_at,
        updated_at: row.updated_at,
        version: row.version,
    })
}

/// A deal by id.
pub async fn deal(db: &mut SqliteConnection, id: DealId) -> sqlx::Result<Option<Deal>> {
    super::one_by_id(
        db,
        &format!("{DEAL_SELECT} WHERE d.id = ?"),
        id.0,
        hydrate_deal,
    )
    .await
}

/// A deal's currency (to parse a new amount).
pub async fn deal_currency(db: &mut SqliteConnection, id: DealId) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT currency FROM crm_deals WHERE id = ?")
        .bind(id.0)
        .fetch_optional(db)
        .await
}

/// Every deal of a contact, newest first.
pub async fn deals_of_contact(
    db: &mut SqliteConnection,
    contact: ContactId,
) -> sqlx::Result<Vec<Deal>> {
    let rows: Vec<DealRow> = sqlx::query_as(&format!(
        "{DEAL_SELECT} WHERE d.contact_id = ? ORDER BY d.id DESC LIMIT 200"
    ))
    .bind(contact.0)
    .fetch_all(&mut *db)
    .await?;
    super::hydrate_all(db, rows, hydrate_deal).await
}

/// The newest deal linked to a conversation.
pub async fn deal_of_conversation(
    db: &mut SqliteConnection,
    conversation: ConversationId,
) -> sqlx::Result<Option<DealId>> {
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT deal_id FROM crm_deal_conversations WHERE conversation_id = ? \
         ORDER BY deal_id DESC LIMIT 1",
    )
    .bind(conversation.0)
    .fetch_optional(db)
    .await?;
    Ok(id.map(DealId))
}

/// The newest open (not won, not lost) deal of a contact linked to another
/// session of the same chat: a customer coming back continues their deal.
pub async fn open_deal_of_chat(
    db: &mut SqliteConnection,
    contact: ContactId,
    conversation: ConversationId,
) -> sqlx::Result<Option<DealId>> {
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT d.id FROM crm_deals d JOIN crm_deal_conversations dc ON dc.deal_id = d.id \
         JOIN conversations c ON c.id = dc.conversation_id \
         WHERE d.contact_id = ? AND d.stage NOT IN ('won', 'lost') \
           AND c.chat_id = (SELECT chat_id FROM conversations WHERE id = ?) \
         ORDER BY d.id DESC LIMIT 1",
    )
    .bind(contact.0)
    .bind(conversation.0)
    .fetch_optional(db)
    .await?;
    Ok(id.map(DealId))
}

/// A new deal's values.
pub struct NewDeal<'a> {
    /// The contact.
    pub contact: ContactId,
    /// Title.
    pub title: &'a str,
    /// Stage.
    pub stage: DealStage,
    /// Amount in minor units.
    pub amount_minor: i64,
    /// Currency.
    pub currency: &'a str,
    /// Responsible employee.
    pub responsible: Option<UserId>,
}

/// Creates a deal.
pub async fn insert_deal(
    db: &mut SqliteConnection,
    deal: &NewDeal<'_>,
    now: i64,
) -> sqlx::Result<DealId> {
    let id = sqlx::query(
        "INSERT INTO crm_deals (contact_id, title, stage, amount_minor, currency, responsible_id, \
         created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(deal.contact.0)
    .bind(deal.title)
    .bind(deal.stage.as_str())
    .bind(deal.amount_minor)
    .bind(deal.currency)
    .bind(deal.responsible.map(|user| user.0))
    .bind(now)
    .bind(now)
    .execute(db)
    .await?
    .last_insert_rowid();
    Ok(DealId(id))
}

/// Links a conversation to a deal; whether it was linked now.
pub async fn link_deal_conversation(
    db: &mut SqliteConnection,
    deal: DealId,
    conversation: ConversationId,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO crm_deal_conversations (deal_id, conversation_id) VALUES (?, ?)",
    )
    .bind(deal.0)
    .bind(conversation.0)
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Replaces a deal's editable values and bumps its version.
pub async fn update_deal(
    db: &mut SqliteConnection,
    deal: &Deal,
    amount_minor: i64,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE crm_deals SET title = ?, stage = ?, amount_minor = ?, responsible_id = ?, \
         updated_at = ?, version = version + 1 WHERE id = ?",
    )
    .bind(&deal.title)
    .bind(deal.stage.as_str())
    .bind(amount_minor)
    .bind(deal.responsible.as_ref().map(|user| user.id.0))
    .bind(now)
    .bind(deal.id.0)
    .execute(db)
    .await?;
    Ok(())
}
