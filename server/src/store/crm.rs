//! CRM contacts and deals, their links to customers, channel ids and
//! conversations.

use switchboard_protocol::{
    ConnectorId, ConnectorKind, Contact, ContactExternalId, ContactId, ConversationId, CustomerId,
    Deal, DealId, DealStage, Money, UserId, UserRef,
};

use super::names::Named;
use super::sql::{self, params};
use crate::store::Conn;

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
pub async fn contact(db: &mut Conn, id: ContactId) -> sqlx::Result<Option<Contact>> {
    let query = "SELECT id, name, phone, email, created_at, updated_at, version FROM crm_contacts \
        WHERE id = ?";
    let Some(row) = sql::row::<ContactRow>(db, query, params![id.0]).await? else {
        return Ok(None);
    };
    let query = "SELECT e.connector_id, c.kind, e.external_id FROM crm_contact_external_ids e \
        JOIN connectors c ON c.id = e.connector_id WHERE e.contact_id = ? \
        ORDER BY e.connector_id, e.external_id";
    let external: Vec<(i64, Named<ConnectorKind>, String)> =
        sql::rows(db, query, params![id.0]).await?;
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
pub async fn customers_of(db: &mut Conn, contact: ContactId) -> sqlx::Result<Vec<CustomerId>> {
    let query =
        "SELECT customer_id FROM crm_contact_customers WHERE contact_id = ? ORDER BY customer_id";
    let ids = sql::column(db, query, params![contact.0]).await?;
    Ok(ids.into_iter().map(CustomerId).collect())
}

/// The contact a customer is linked to.
pub async fn contact_of_customer(
    db: &mut Conn,
    customer: CustomerId,
) -> sqlx::Result<Option<ContactId>> {
    let query = "SELECT contact_id FROM crm_contact_customers WHERE customer_id = ?";
    Ok(sql::value(db, query, params![customer.0])
        .await?
        .map(ContactId))
}

/// The contact holding a channel id.
pub async fn contact_by_external_id(
    db: &mut Conn,
    connector: ConnectorId,
    external_id: &str,
) -> sqlx::Result<Option<ContactId>> {
    let query = "SELECT contact_id FROM crm_contact_external_ids \
        WHERE connector_id = ? AND external_id = ?";
    let id = sql::value(db, query, params![connector.0, external_id]).await?;
    Ok(id.map(ContactId))
}

/// The oldest contact whose normalized e-mail (`email_key`) or phone
/// (`phone_key`) is `key`.
pub async fn contact_by_key(
    db: &mut Conn,
    column: KeyColumn,
    key: &str,
) -> sqlx::Result<Option<ContactId>> {
    let query = match column {
        KeyColumn::Email => "SELECT id FROM crm_contacts WHERE email_key = ? ORDER BY id LIMIT 1",
        KeyColumn::Phone => "SELECT id FROM crm_contacts WHERE phone_key = ? ORDER BY id LIMIT 1",
    };
    Ok(sql::value(db, query, params![key]).await?.map(ContactId))
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
    db: &mut Conn,
    fields: &ContactFields<'_>,
    now: i64,
) -> sqlx::Result<ContactId> {
    let query = "INSERT INTO crm_contacts (name, phone, phone_key, email, email_key, created_at, \
        updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    let (name, phone, email) = (fields.name, fields.phone, fields.email);
    let (phone_key, email_key) = (&fields.phone_key, &fields.email_key);
    let values = params![name, phone, phone_key, email, email_key, now, now];
    Ok(ContactId(sql::insert(db, query, values).await?))
}

/// Replaces a contact's fields and bumps its version.
pub async fn update_contact(
    db: &mut Conn,
    id: ContactId,
    fields: &ContactFields<'_>,
    now: i64,
) -> sqlx::Result<()> {
    let query = "UPDATE crm_contacts SET name = ?, phone = ?, phone_key = ?, email = ?, \
        email_key = ?, updated_at = ?, version = version + 1 WHERE id = ?";
    let (name, phone, email) = (fields.name, fields.phone, fields.email);
    let (phone_key, email_key) = (&fields.phone_key, &fields.email_key);
    let values = params![name, phone, phone_key, email, email_key, now, id.0];
    sql::run(db, query, values).await
}

/// Marks a contact changed (a new link) without changing its fields.
pub async fn touch_contact(db: &mut Conn, id: ContactId, now: i64) -> sqlx::Result<()> {
    let query = "UPDATE crm_contacts SET updated_at = ?, version = version + 1 WHERE id = ?";
    sql::run(db, query, params![now, id.0]).await
}

/// Links a customer to a contact unless it already has one; whether it was linked now.
pub async fn link_customer(
    db: &mut Conn,
    contact: ContactId,
    customer: CustomerId,
) -> sqlx::Result<bool> {
    let query =
        "INSERT INTO crm_contact_customers (customer_id, contact_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
    sql::changed(db, query, params![customer.0, contact.0]).await
}

/// Records a channel id of a contact unless another contact holds it;
/// whether it was added now.
pub async fn add_external_id(
    db: &mut Conn,
    contact: ContactId,
    connector: ConnectorId,
    external_id: &str,
) -> sqlx::Result<bool> {
    let query = "INSERT INTO crm_contact_external_ids (connector_id, external_id, \
        contact_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
    sql::changed(db, query, params![connector.0, external_id, contact.0]).await
}

/// The channel ids of a customer: `(connector, external id)`.
pub async fn identities_of(
    db: &mut Conn,
    customer: CustomerId,
) -> sqlx::Result<Vec<(ConnectorId, String)>> {
    let query = "SELECT connector_id, external_id FROM customer_identities WHERE customer_id = ? \
        ORDER BY connector_id, external_id";
    let rows: Vec<(i64, String)> = sql::rows(db, query, params![customer.0]).await?;
    Ok(rows
        .into_iter()
        .map(|(connector, id)| (ConnectorId(connector), id))
        .collect())
}

/// Who may see a contact: admins and supervisors, the queue members of the
/// lines of its customers' chats, and the employees involved in their
/// conversations (assignees, participants).
pub async fn audience(db: &mut Conn, contact: ContactId) -> sqlx::Result<Vec<UserId>> {
    let query = "SELECT id FROM users WHERE role IN ('admin', 'supervisor') \
         UNION SELECT lm.user_id FROM line_members lm JOIN chats ch ON ch.line_id = lm.line_id \
           JOIN crm_contact_customers cc ON cc.customer_id = ch.customer_id WHERE cc.contact_id = ?1 \
         UNION SELECT c.assignee_id FROM conversations c JOIN chats ch ON ch.id = c.chat_id \
           JOIN crm_contact_customers cc ON cc.customer_id = ch.customer_id \
           WHERE cc.contact_id = ?1 AND c.assignee_id IS NOT NULL \
         UNION SELECT p.user_id FROM conversation_participants p \
           JOIN conversations c ON c.id = p.conversation_id JOIN chats ch ON ch.id = c.chat_id \
           JOIN crm_contact_customers cc ON cc.customer_id = ch.customer_id WHERE cc.contact_id = ?1";
    let ids = sql::column(db, query, params![contact.0]).await?;
    Ok(ids.into_iter().map(UserId).collect())
}

/// Every conversation of a contact's customers, newest first.
pub async fn conversations_of_contact(
    db: &mut Conn,
    contact: ContactId,
) -> sqlx::Result<Vec<ConversationId>> {
    let query = "SELECT c.id FROM conversations c JOIN chats ch ON ch.id = c.chat_id \
        JOIN crm_contact_customers cc ON cc.customer_id = ch.customer_id \
        WHERE cc.contact_id = ? ORDER BY c.id DESC";
    let ids = sql::column(db, query, params![contact.0]).await?;
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

async fn hydrate_deal(db: &mut Conn, row: DealRow) -> sqlx::Result<Deal> {
    let query = "SELECT conversation_id FROM crm_deal_conversations WHERE deal_id = ? \
        ORDER BY conversation_id";
    let conversations = sql::column(db, query, params![row.id]).await?;
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
pub async fn deal(db: &mut Conn, id: DealId) -> sqlx::Result<Option<Deal>> {
    super::one_by_id(
        db,
        &format!("{DEAL_SELECT} WHERE d.id = ?"),
        id.0,
        hydrate_deal,
    )
    .await
}

/// A deal's currency (to parse a new amount).
pub async fn deal_currency(db: &mut Conn, id: DealId) -> sqlx::Result<Option<String>> {
    let query = "SELECT currency FROM crm_deals WHERE id = ?";
    sql::value(db, query, params![id.0]).await
}

/// Every deal of a contact, newest first.
pub async fn deals_of_contact(db: &mut Conn, contact: ContactId) -> sqlx::Result<Vec<Deal>> {
    let query = format!("{DEAL_SELECT} WHERE d.contact_id = ? ORDER BY d.id DESC LIMIT 200");
    super::all_by(db, &query, params![contact.0], hydrate_deal).await
}

/// The newest deal linked to a conversation.
pub async fn deal_of_conversation(
    db: &mut Conn,
    conversation: ConversationId,
) -> sqlx::Result<Option<DealId>> {
    let query = "SELECT deal_id FROM crm_deal_conversations WHERE conversation_id = ? \
        ORDER BY deal_id DESC LIMIT 1";
    Ok(sql::value(db, query, params![conversation.0])
        .await?
        .map(DealId))
}

/// The newest open (not won, not lost) deal of a contact linked to another
/// session of the same chat: a customer coming back continues their deal.
pub async fn open_deal_of_chat(
    db: &mut Conn,
    contact: ContactId,
    conversation: ConversationId,
) -> sqlx::Result<Option<DealId>> {
    let query = "SELECT d.id FROM crm_deals d JOIN crm_deal_conversations dc ON dc.deal_id = d.id \
        JOIN conversations c ON c.id = dc.conversation_id \
        WHERE d.contact_id = ? AND d.stage NOT IN ('won', 'lost') \
          AND c.chat_id = (SELECT chat_id FROM conversations WHERE id = ?) \
        ORDER BY d.id DESC LIMIT 1";
    let id = sql::value(db, query, params![contact.0, conversation.0]).await?;
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
pub async fn insert_deal(db: &mut Conn, deal: &NewDeal<'_>, now: i64) -> sqlx::Result<DealId> {
    let query = "INSERT INTO crm_deals (contact_id, title, stage, amount_minor, currency, \
        responsible_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    let responsible = deal.responsible.map(|user| user.0);
    let values = params![
        deal.contact.0,
        deal.title,
        deal.stage.as_str(),
        deal.amount_minor,
        deal.currency,
        responsible,
        now,
        now,
    ];
    Ok(DealId(sql::insert(db, query, values).await?))
}

/// Links a conversation to a deal; whether it was linked now.
pub async fn link_deal_conversation(
    db: &mut Conn,
    deal: DealId,
    conversation: ConversationId,
) -> sqlx::Result<bool> {
    let query =
        "INSERT INTO crm_deal_conversations (deal_id, conversation_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
    sql::changed(db, query, params![deal.0, conversation.0]).await
}

/// Replaces a deal's editable values and bumps its version.
pub async fn update_deal(
    db: &mut Conn,
    deal: &Deal,
    amount_minor: i64,
    now: i64,
) -> sqlx::Result<()> {
    let query = "UPDATE crm_deals SET title = ?, stage = ?, amount_minor = ?, responsible_id = ?, \
        updated_at = ?, version = version + 1 WHERE id = ?";
    let responsible = deal.responsible.as_ref().map(|user| user.id.0);
    let values = params![
        &deal.title,
        deal.stage.as_str(),
        amount_minor,
        responsible,
        now,
        deal.id.0,
    ];
    sql::run(db, query, values).await
}
