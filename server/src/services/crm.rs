//! The CRM: "Save to CRM" from a conversation, the customer card, and edits
//! of contacts and deals.
//!
//! Matching: a customer already linked to a contact keeps it; otherwise the
//! contact holding one of the customer's channel ids, then the one with the
//! same e-mail (case-insensitive), then the one with the same phone digits,
//! is reused; only when none matches is a contact created. A reused contact
//! is completed (a missing phone or e-mail is filled from the channel), never
//! overwritten: what an operator typed wins over what a channel says.
//!
//! A contact is visible to admins, supervisors and whoever may see one of
//! its customers' conversations; a deal is visible with its contact.

use switchboard_protocol::{
    Contact, ContactId, ConversationCrm, ConversationId, Deal, DealId, DealStage, Event,
    SaveToCrmRequest, SavedToCrm, UpdateContactRequest, UpdateDealRequest,
};

use super::conversations::visible;
use super::events::Change;
use super::forms::{is_email, is_phone};
use super::validation::TextField;
use super::{events, permissions, Viewer};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::crm::{self as crm_store, ContactFields, KeyColumn, NewDeal};
use crate::store::events::Audience;
use crate::store::Conn;
use crate::store::{catalog, conversations, forms, orders, users};

/// Longest name or title.
const MAX_NAME: usize = 200;
/// A contact's name.
const NAME: TextField = TextField::required("name", MAX_NAME);
/// A deal's title.
const TITLE: TextField = TextField::required("title", MAX_NAME);

/// The digits of a phone number (`+33 6 12-34` → `33612 34`), the key phones
/// are matched on; `None` with fewer than six digits.
pub fn phone_key(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 6).then_some(digits)
}

/// The key e-mail addresses are matched on: trimmed, lower case.
pub fn email_key(email: &str) -> Option<String> {
    let key = email.trim().to_lowercase();
    (!key.is_empty()).then_some(key)
}

fn fields<'a>(name: &'a str, phone: Option<&'a str>, email: Option<&'a str>) -> ContactFields<'a> {
    ContactFields {
        name,
        phone,
        phone_key: phone.and_then(phone_key),
        email,
        email_key: email.and_then(email_key),
    }
}

/// 404 unless the viewer may see the contact.
async fn check_contact_visible(
    db: &mut Conn,
    viewer: &Viewer,
    contact: ContactId,
) -> Result<(), ApiError> {
    if permissions::sees_everything(viewer.user.role) {
        return Ok(());
    }
    for id in crm_store::conversations_of_contact(db, contact).await? {
        if let Some(summary) = conversations::summary(db, id).await? {
            if permissions::can_see(viewer, &summary) {
                return Ok(());
            }
        }
    }
    Err(ApiError::NotFound("No such contact".into()))
}

/// Who receives the events of a contact and its deals (plus the viewer
/// who changed it, if any).
pub(crate) async fn audience(
    db: &mut Conn,
    viewer: Option<&Viewer>,
    contact: ContactId,
) -> Result<Audience, ApiError> {
    let users = crm_store::audience(db, contact).await?;
    let changed_by = viewer.map(|viewer| viewer.user.id);
    Ok(Audience::users(users.into_iter().chain(changed_by)))
}

async fn load_contact(db: &mut Conn, id: ContactId) -> Result<Contact, ApiError> {
    crm_store::contact(db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such contact".into()))
}

async fn load_deal(db: &mut Conn, id: DealId) -> Result<Deal, ApiError> {
    crm_store::deal(db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such deal".into()))
}

/// Finds the contact of a customer (see the module docs for the order).
async fn matching_contact(
    db: &mut Conn,
    customer: &switchboard_protocol::Customer,
    identities: &[(switchboard_protocol::ConnectorId, String)],
) -> Result<Option<ContactId>, ApiError> {
    if let Some(id) = crm_store::contact_of_customer(db, customer.id).await? {
        return Ok(Some(id));
    }
    for (connector, external_id) in identities {
        if let Some(id) = crm_store::contact_by_external_id(db, *connector, external_id).await? {
            return Ok(Some(id));
        }
    }
    if let Some(key) = customer.email.as_deref().and_then(email_key) {
        if let Some(id) = crm_store::contact_by_key(db, KeyColumn::Email, &key).await? {
            return Ok(Some(id));
        }
    }
    if let Some(key) = customer.phone.as_deref().and_then(phone_key) {
        if let Some(id) = crm_store::contact_by_key(db, KeyColumn::Phone, &key).await? {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// Creates or completes the contact of a customer and links it; returns
/// the contact, whether it was created, and whether anything changed.
async fn save_contact(
    db: &mut Conn,
    customer: &switchboard_protocol::Customer,
    now: i64,
) -> Result<(ContactId, bool, bool), ApiError> {
    let identities = crm_store::identities_of(db, customer.id).await?;
    // Channel data is customer input: keep only what is well-formed.
    let phone = customer
        .phone
        .as_deref()
        .map(str::trim)
        .filter(|p| is_phone(p));
    let email = customer
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| is_email(e));
    let name: String = match customer.name.trim() {
        "" => "Customer".to_owned(),
        name => name.chars().take(MAX_NAME).collect(),
    };
    let (id, created, mut changed) = match matching_contact(db, customer, &identities).await? {
        Some(id) => {
            let existing = load_contact(db, id).await?;
            let new_phone = existing.phone.as_deref().or(phone);
            let new_email = existing.email.as_deref().or(email);
            let completed =
                new_phone != existing.phone.as_deref() || new_email != existing.email.as_deref();
            if completed {
                crm_store::update_contact(
                    db,
                    id,
                    &fields(&existing.name, new_phone, new_email),
                    now,
                )
                .await?;
            }
            (id, false, completed)
        }
        None => {
            let id = crm_store::insert_contact(db, &fields(&name, phone, email), now).await?;
            (id, true, true)
        }
    };
    let mut linked = crm_store::link_customer(db, id, customer.id).await?;
    for (connector, external_id) in &identities {
        linked |= crm_store::add_external_id(db, id, *connector, external_id).await?;
    }
    if linked && !changed {
        crm_store::touch_contact(db, id, now).await?;
        changed = true;
    }
    Ok((id, created, changed))
}

/// Reuses the conversation's deal (or an open deal of the same chat, then
/// linked to this conversation) or creates one; returns it, whether it was
/// created, and whether anything changed.
async fn save_deal(
    db: &mut Conn,
    viewer: &Viewer,
    summary: &switchboard_protocol::ConversationSummary,
    contact_id: ContactId,
    title: Option<&str>,
    now: i64,
) -> Result<(DealId, bool, bool), ApiError> {
    let id = summary.id;
    let existing = match crm_store::deal_of_conversation(db, id).await? {
        Some(deal) => Some(deal),
        None => crm_store::open_deal_of_chat(db, contact_id, id).await?,
    };
    Ok(match existing {
        Some(deal) => {
            let linked = crm_store::link_deal_conversation(db, deal, id).await?;
            if linked {
                let current = load_deal(db, deal).await?;
                let amount = current.amount.minor().unwrap_or(0);
                crm_store::update_deal(db, &current, amount, now).await?;
            }
            (deal, false, linked)
        }
        None => {
            let default_title = format!("{}: conversation {}", summary.customer.name.trim(), id);
            let title: String = title
                .map_or(default_title, str::to_owned)
                .chars()
                .take(MAX_NAME)
                .collect();
            let currency = catalog::company(db).await?.currency;
            let deal = crm_store::insert_deal(
                db,
                &NewDeal {
                    contact: contact_id,
                    title: &title,
                    stage: DealStage::New,
                    amount_minor: 0,
                    currency: &currency,
                    responsible: summary.assignee.or(Some(viewer.user.id)),
                },
                now,
            )
            .await?;
            crm_store::link_deal_conversation(db, deal, id).await?;
            (deal, true, true)
        }
    })
}

/// "Save to CRM": creates or reuses the contact of the conversation's
/// customer and the deal of the conversation. Returns what is linked and
/// whether anything was created.
pub async fn save(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    request: SaveToCrmRequest,
) -> Result<SavedToCrm, ApiError> {
    let title = request
        .deal_title
        .as_deref()
        .map(str::trim)
        .filter(|title| !title.is_empty());
    if title.is_some_and(|title| !TITLE.accepts(title)) {
        return Err(invalid_title());
    }
    let mut change = Change::begin(state).await?;
    let now = change.now;
    let summary = visible(&mut change.tx, viewer, id).await?;
    let (contact_id, contact_created, contact_changed) =
        save_contact(&mut change.tx, &summary.customer, now).await?;
    let (deal_id, deal_created, deal_changed) =
        save_deal(&mut change.tx, viewer, &summary, contact_id, title, now).await?;
    let contact = load_contact(&mut change.tx, contact_id).await?;
    let deal = load_deal(&mut change.tx, deal_id).await?;
    let audience = audience(&mut change.tx, Some(viewer), contact_id).await?;
    if contact_changed {
        let contact = contact.clone();
        change
            .record(&audience, Event::ContactUpdated { contact })
            .await?;
    }
    if deal_changed {
        let deal = deal.clone();
        change
            .record(&audience, Event::DealUpdated { deal })
            .await?;
    }
    change.commit(state).await?;
    Ok(SavedToCrm {
        contact,
        contact_created,
        deal,
        deal_created,
    })
}

/// The customer card of a conversation: its contact, deals, form
/// submissions and orders.
pub async fn of_conversation(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
) -> Result<ConversationCrm, ApiError> {
    super::payments::expire_due(state).await?;
    let mut db = state.pool.acquire().await?;
    let summary = visible(&mut db, viewer, id).await?;
    let customer = summary.customer.id;
    let contact = match crm_store::contact_of_customer(&mut db, customer).await? {
        Some(contact) => crm_store::contact(&mut db, contact).await?,
        None => None,
    };
    let deals = match &contact {
        Some(contact) => crm_store::deals_of_contact(&mut db, contact.id).await?,
        None => Vec::new(),
    };
    Ok(ConversationCrm {
        conversation_id: id,
        customer_id: customer,
        deal_id: crm_store::deal_of_conversation(&mut db, id).await?,
        contact,
        deals,
        form_submissions: forms::submissions_of(&mut db, customer).await?,
        orders: orders::of_customer(&mut db, customer).await?,
    })
}

/// A contact the viewer may see.
pub async fn contact(
    state: &AppState,
    viewer: &Viewer,
    id: ContactId,
) -> Result<Contact, ApiError> {
    let mut db = state.pool.acquire().await?;
    let contact = load_contact(&mut db, id).await?;
    check_contact_visible(&mut db, viewer, id).await?;
    Ok(contact)
}

fn invalid_title() -> ApiError {
    ApiError::InvalidField {
        code: "invalid_title",
        field: TITLE.name,
        message: format!("Enter a title of 1 to {} characters", TITLE.max),
    }
}

/// Checks the values of a contact edit; `None` for an optional field that
/// is absent, `Some(None)` for one that is cleared.
type ContactEdit = (
    Option<String>,
    Option<Option<String>>,
    Option<Option<String>>,
);

fn validate_contact(request: &UpdateContactRequest) -> Result<ContactEdit, ApiError> {
    let name = match request.name.as_deref().map(str::trim) {
        None => None,
        Some(name) if !NAME.accepts(name) => {
            return Err(ApiError::InvalidField {
                code: "invalid_name",
                field: NAME.name,
                message: format!("Enter a name of 1 to {} characters", NAME.max),
            })
        }
        Some(name) => Some(name.to_owned()),
    };
    let phone = match request.phone.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(phone) if is_phone(phone) => Some(Some(phone.to_owned())),
        Some(_) => {
            return Err(ApiError::InvalidField {
                code: "invalid_phone",
                field: "phone",
                message: "Enter a phone number with 6 to 20 digits (spaces and + - . ( ) allowed)"
                    .into(),
            })
        }
    };
    let email = match request.email.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(email) if is_email(email) => Some(Some(email.to_owned())),
        Some(_) => {
            return Err(ApiError::InvalidField {
                code: "invalid_email",
                field: "email",
                message: "Enter an e-mail address such as name@example.com".into(),
            })
        }
    };
    Ok((name, phone, email))
}

fn check_version(expected: Option<i64>, current: i64, what: &str) -> Result<(), ApiError> {
    match expected {
        Some(version) if version != current => Err(ApiError::RecordChanged(format!(
            "This {what} changed meanwhile; reload it and try again"
        ))),
        _ => Ok(()),
    }
}

/// Edits a contact's name, phone or e-mail.
pub async fn update_contact(
    state: &AppState,
    viewer: &Viewer,
    id: ContactId,
    request: UpdateContactRequest,
) -> Result<Contact, ApiError> {
    let mut change = Change::begin(state).await?;
    let now = change.now;
    let current = load_contact(&mut change.tx, id).await?;
    check_contact_visible(&mut change.tx, viewer, id).await?;
    let (name, phone, email) = validate_contact(&request)?;
    check_version(request.version, current.version, "contact")?;
    let name = name.unwrap_or_else(|| current.name.clone());
    let phone = phone.unwrap_or_else(|| current.phone.clone());
    let email = email.unwrap_or_else(|| current.email.clone());
    if name == current.name && phone == current.phone && email == current.email {
        return Ok(current);
    }
    crm_store::update_contact(
        &mut change.tx,
        id,
        &fields(&name, phone.as_deref(), email.as_deref()),
        now,
    )
    .await?;
    let contact = load_contact(&mut change.tx, id).await?;
    let audience = audience(&mut change.tx, Some(viewer), id).await?;
    let event = Event::ContactUpdated {
        contact: contact.clone(),
    };
    change.record(&audience, event).await?;
    change.commit(state).await?;
    Ok(contact)
}

/// A deal the viewer may see.
pub async fn deal(state: &AppState, viewer: &Viewer, id: DealId) -> Result<Deal, ApiError> {
    let mut db = state.pool.acquire().await?;
    let deal = load_deal(&mut db, id).await?;
    check_contact_visible(&mut db, viewer, deal.contact_id)
        .await
        .map_err(|_| ApiError::NotFound("No such deal".into()))?;
    Ok(deal)
}

/// Applies an edit to a deal in memory; returns the new amount in minor units.
async fn apply_deal_edit(
    db: &mut Conn,
    deal: &mut Deal,
    request: &UpdateDealRequest,
) -> Result<i64, ApiError> {
    if let Some(title) = request.title.as_deref().map(str::trim) {
        if !TITLE.accepts(title) {
            return Err(invalid_title());
        }
        deal.title = title.to_owned();
    }
    if let Some(stage) = request.stage {
        deal.stage = stage;
    }
    let mut amount = deal.amount.minor().unwrap_or(0);
    if let Some(text) = &request.amount {
        let decimals = switchboard_protocol::currency_decimals(&deal.amount.currency);
        amount = match switchboard_protocol::parse_amount(text, decimals) {
            Ok(minor) if minor >= 0 => minor,
            _ => {
                return Err(ApiError::InvalidField {
                    code: "invalid_amount",
                    field: "amount",
                    message: format!(
                        "Enter an amount such as 1250.00: digits, a dot and at most {decimals} decimals, not negative"
                    ),
                })
            }
        };
    }
    if let Some(user) = request.responsible_id {
        let row = users::by_id(db, user)
            .await?
            .ok_or_else(|| ApiError::InvalidField {
                code: "unknown_user",
                field: "responsible_id",
                message: "No such employee".into(),
            })?;
        deal.responsible = Some(switchboard_protocol::UserRef {
            id: user,
            name: row.name,
        });
    }
    Ok(amount)
}

/// Edits a deal's title, stage, amount or responsible employee.
pub async fn update_deal(
    state: &AppState,
    viewer: &Viewer,
    id: DealId,
    request: UpdateDealRequest,
) -> Result<Deal, ApiError> {
    let mut change = Change::begin(state).await?;
    let now = change.now;
    let mut deal = load_deal(&mut change.tx, id).await?;
    check_contact_visible(&mut change.tx, viewer, deal.contact_id)
        .await
        .map_err(|_| ApiError::NotFound("No such deal".into()))?;
    let before = deal.clone();
    let amount = apply_deal_edit(&mut change.tx, &mut deal, &request).await?;
    check_version(request.version, before.version, "deal")?;
    if deal == before && Some(amount) == before.amount.minor() {
        return Ok(before);
    }
    crm_store::update_deal(&mut change.tx, &deal, amount, now).await?;
    let deal = load_deal(&mut change.tx, id).await?;
    let audience = audience(&mut change.tx, Some(viewer), deal.contact_id).await?;
    let event = Event::DealUpdated { deal: deal.clone() };
    change.record(&audience, event).await?;
    change.commit(state).await?;
    Ok(deal)
}

/// Marks a deal won with the sum of its paid orders, inside the caller's
/// transaction (a payment arrived); records `deal_updated`.
pub async fn record_payment(db: &mut Conn, deal: DealId, now: i64) -> Result<(), ApiError> {
    let Some(mut current) = crm_store::deal(db, deal).await? else {
        return Ok(());
    };
    let currency = crm_store::deal_currency(db, deal)
        .await?
        .unwrap_or_else(|| current.amount.currency.clone());
    let paid = orders::paid_total_of_deal(db, deal, &currency).await?;
    current.stage = DealStage::Won;
    crm_store::update_deal(db, &current, paid, now).await?;
    let deal = load_deal(db, deal).await?;
    let audience = audience(db, None, deal.contact_id).await?;
    events::record(db, now, &audience, Event::DealUpdated { deal }).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_match_on_digits_and_emails_on_lower_case() {
        assert_eq!(
            phone_key("+44 20 7946 0958").as_deref(),
            Some("442079460958")
        );
        assert_eq!(phone_key("(020) 7946-0958").as_deref(), Some("02079460958"));
        assert_eq!(phone_key("12-34"), None);
        assert_eq!(
            email_key(" Marie.Dupont@Example.FR ").as_deref(),
            Some("marie.dupont@example.fr")
        );
        assert_eq!(email_key("  "), None);
    }

    #[test]
    fn contact_edits_are_checked_field_by_field() {
        let bad_email = UpdateContactRequest {
            email: Some("marie@".into()),
            ..Default::default()
        };
        assert!(matches!(
            validate_contact(&bad_email),
            Err(ApiError::InvalidField {
                code: "invalid_email",
                field: "email",
                ..
            })
        ));
        let clear = UpdateContactRequest {
            phone: Some(" ".into()),
            name: Some(" Marie ".into()),
            ..Default::default()
        };
        let (name, phone, email) = validate_contact(&clear).unwrap();
        assert_eq!(name.as_deref(), Some("Marie"));
        assert_eq!(phone, Some(None));
        assert_eq!(email, None);
    }
}
