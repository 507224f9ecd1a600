//! The company's details (read by everyone, edited by admins) and the
//! product catalog.

use switchboard_protocol::{CompanyInfo, Event, Product, ProductId, ProductsQuery, Role};

use super::events::Change;
use super::forms::is_phone;
use super::validation::{self, TextField};
use super::Viewer;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::catalog;
use crate::store::events::Audience;

/// The company's name; its web address has the same limit.
const NAME: TextField = TextField::required("name", 200);
/// The address and the opening hours: several lines.
const BLOCK: usize = 1000;

/// The company's details.
pub async fn company(state: &AppState) -> Result<CompanyInfo, ApiError> {
    let mut db = state.pool.acquire().await?;
    Ok(catalog::company(&mut db).await?)
}

fn invalid(code: &'static str, field: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::InvalidField {
        code,
        field,
        message: message.into(),
    }
}

/// Trims every value and checks it; the first invalid field is reported.
pub fn validate_company(company: &CompanyInfo) -> Result<CompanyInfo, ApiError> {
    let clean = CompanyInfo {
        name: company.name.trim().to_owned(),
        address: company.address.trim().to_owned(),
        phone: company.phone.trim().to_owned(),
        opening_hours: company.opening_hours.trim().to_owned(),
        website: company.website.trim().to_owned(),
        currency: company.currency.trim().to_owned(),
    };
    if !NAME.accepts(&clean.name) {
        return Err(invalid(
            "invalid_name",
            NAME.name,
            format!("Enter the company name (1 to {} characters)", NAME.max),
        ));
    }
    for (field, value) in [
        ("address", &clean.address),
        ("opening_hours", &clean.opening_hours),
    ] {
        if !TextField::optional(field, BLOCK).accepts(value) {
            return Err(invalid(
                "too_long",
                field,
                format!("At most {BLOCK} characters"),
            ));
        }
    }
    if !clean.phone.is_empty() && !is_phone(&clean.phone) {
        return Err(invalid(
            "invalid_phone",
            "phone",
            "Enter a phone number with 6 to 20 digits (spaces and + - . ( ) allowed)",
        ));
    }
    let website_ok = clean.website.is_empty()
        || ((clean.website.starts_with("https://") || clean.website.starts_with("http://"))
            && clean.website.len() > "https://".len()
            && NAME.accepts(&clean.website)
            && !clean.website.chars().any(char::is_whitespace));
    if !website_ok {
        return Err(invalid(
            "invalid_url",
            "website",
            "Enter a web address starting with https:// (or leave it empty)",
        ));
    }
    if !switchboard_protocol::is_currency_code(&clean.currency) {
        return Err(invalid(
            "invalid_currency",
            "currency",
            "Enter a currency code of three capital letters, such as EUR",
        ));
    }
    Ok(clean)
}

/// Replaces the company's details (admins only); `company_updated` to everyone.
pub async fn set_company(
    state: &AppState,
    viewer: &Viewer,
    company: CompanyInfo,
) -> Result<CompanyInfo, ApiError> {
    if viewer.user.role != Role::Admin {
        return Err(ApiError::Forbidden(
            "Only administrators can change the company's details".into(),
        ));
    }
    let company = validate_company(&company)?;
    let mut change = Change::begin(state).await?;
    let now = change.now;
    catalog::set_company(&mut change.tx, &company, now).await?;
    let action = switchboard_protocol::AuditAction::CompanyUpdated;
    super::settings::audit(&mut change, viewer, action, &company.name, String::new()).await?;
    let event = Event::CompanyUpdated {
        company: company.clone(),
    };
    change.record(&Audience::All, event).await?;
    change.commit(state).await?;
    Ok(company)
}

/// Products whose name or description contains `q`.
pub async fn products(state: &AppState, query: ProductsQuery) -> Result<Vec<Product>, ApiError> {
    let q = validation::search(query.q, validation::MAX_SEARCH_CHARS)?;
    let mut db = state.pool.acquire().await?;
    Ok(catalog::products(&mut db, q.as_deref()).await?)
}

/// One product.
pub async fn product(state: &AppState, id: ProductId) -> Result<Product, ApiError> {
    let mut db = state.pool.acquire().await?;
    catalog::product(&mut db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such product".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn company() -> CompanyInfo {
        CompanyInfo {
            name: " Atelier Lumière ".into(),
            address: "12 rue des Lilas\n75011 Paris".into(),
            phone: "+33 1 23 45 67 89".into(),
            opening_hours: "Mon-Fri 9:00-18:00".into(),
            website: "https://atelier.example.com".into(),
            currency: "EUR".into(),
        }
    }

    #[test]
    fn company_details_are_trimmed_and_checked() {
        assert_eq!(
            validate_company(&company()).unwrap().name,
            "Atelier Lumière"
        );
        type Spoil = fn(&mut CompanyInfo);
        let cases: [(Spoil, &str); 4] = [
            (|c| c.website = "javascript:alert(1)".into(), "website"),
            (|c| c.currency = "euro".into(), "currency"),
            (|c| c.phone = "call us".into(), "phone"),
            (|c| c.name = "  ".into(), "name"),
        ];
        for (spoil, expected) in cases {
            let mut bad = company();
            spoil(&mut bad);
            match validate_company(&bad) {
                Err(ApiError::InvalidField { field, .. }) => assert_eq!(field, expected),
                other => panic!("{expected}: {other:?}"),
            }
        }
    }
}
