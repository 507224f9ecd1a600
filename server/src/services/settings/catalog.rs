//! "Catalog": the products operators sell in conversations. Adding,
//! editing (price, stock, picture) and archiving them; an archived product
//! is no longer offered, and past orders keep it.

use switchboard_protocol::{
    currency_decimals, parse_amount, AuditAction, Product, ProductId, ProductRequest,
};

use super::{audit, require_admin, require_reader};
use crate::error::{ApiError, OrVanished};
use crate::services::events::Change;
use crate::services::files::may_show_inline;
use crate::services::validation::TextField;
use crate::services::Viewer;
use crate::state::AppState;
use crate::store::catalog::{self, ProductValues};
use crate::store::files;

const NAME: TextField = TextField::required("name", 200);
const DESCRIPTION: TextField = TextField::optional("description", 2000);

/// Every product, archived ones last (supervisors and admins).
pub async fn list(state: &AppState, viewer: &Viewer) -> Result<Vec<Product>, ApiError> {
    require_reader(viewer)?;
    let mut db = state.pool.acquire().await?;
    Ok(catalog::all_products(&mut db).await?)
}

fn invalid(code: &'static str, field: &'static str, message: String) -> ApiError {
    ApiError::InvalidField {
        code,
        field,
        message,
    }
}

/// Checks a product's values; answers them with the company's currency.
async fn values<'a>(
    change: &mut Change,
    request: &'a ProductRequest,
    currency: &'a str,
    except: Option<ProductId>,
) -> Result<ProductValues<'a>, ApiError> {
    let name = NAME.check(request.name.trim())?;
    let description = DESCRIPTION.check(request.description.trim())?;
    if catalog::product_name_taken(&mut change.tx, name, except).await? {
        let message = format!("There is already a product named {name}");
        return Err(invalid("name_taken", "name", message));
    }
    let price_minor = parse_amount(request.price.trim(), currency_decimals(currency))
        .ok()
        .filter(|minor| *minor >= 0)
        .ok_or_else(|| {
            let message = format!("Enter a price such as 12.50 ({currency})");
            invalid("invalid_price", "price", message)
        })?;
    if let Some(file) = &request.image_file {
        let row = files::by_id(&mut change.tx, &file.0).await?;
        if !row.is_some_and(|row| may_show_inline(&row.content_type)) {
            let message = "Choose a PNG, JPEG, GIF or WebP picture".to_owned();
            return Err(invalid("invalid_picture", "image_file", message));
        }
    }
    Ok(ProductValues {
        name,
        description,
        price_minor,
        currency,
        stock: request.stock,
        image_file: request.image_file.as_ref().map(|file| file.0.as_str()),
    })
}

async fn written(change: &mut Change, id: ProductId) -> Result<Product, ApiError> {
    catalog::product(&mut change.tx, id)
        .await?
        .or_vanished("product")
}

/// Adds a product, priced in the company's currency.
pub async fn create(
    state: &AppState,
    viewer: &Viewer,
    request: ProductRequest,
) -> Result<Product, ApiError> {
    save(state, viewer, None, request).await
}

/// Changes a product (a picture left out stays).
pub async fn update(
    state: &AppState,
    viewer: &Viewer,
    id: ProductId,
    request: ProductRequest,
) -> Result<Product, ApiError> {
    save(state, viewer, Some(id), request).await
}

/// Adds (`id` none) or changes a product, with its audit entry.
async fn save(
    state: &AppState,
    viewer: &Viewer,
    id: Option<ProductId>,
    request: ProductRequest,
) -> Result<Product, ApiError> {
    require_admin(viewer)?;
    let mut change = Change::begin(state).await?;
    if let Some(id) = id {
        if catalog::product(&mut change.tx, id).await?.is_none() {
            return Err(ApiError::NotFound("No such product".into()));
        }
    }
    let currency = catalog::company(&mut change.tx).await?.currency;
    let values = values(&mut change, &request, &currency, id).await?;
    let (id, action) = match id {
        Some(id) => {
            catalog::update_product(&mut change.tx, id, &values).await?;
            (id, AuditAction::ProductUpdated)
        }
        None => {
            let id = catalog::insert_product(&mut change.tx, &values, change.now).await?;
            (id, AuditAction::ProductAdded)
        }
    };
    let price = request.price.trim();
    let details = format!("{price} {currency}, {} in stock", values.stock);
    let name = values.name.to_owned();
    audit(&mut change, viewer, action, &name, details).await?;
    let product = written(&mut change, id).await?;
    change.commit(state).await?;
    Ok(product)
}

/// Archives (`true`) or restores a product.
pub async fn set_archived(
    state: &AppState,
    viewer: &Viewer,
    id: ProductId,
    archived: bool,
) -> Result<Product, ApiError> {
    require_admin(viewer)?;
    let mut change = Change::begin(state).await?;
    let before = catalog::product(&mut change.tx, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such product".into()))?;
    if before.archived == archived {
        return Ok(before);
    }
    let at = archived.then_some(change.now);
    catalog::set_product_archived(&mut change.tx, id, at).await?;
    let (action, details) = if archived {
        (AuditAction::ProductArchived, String::new())
    } else {
        (AuditAction::ProductUpdated, "restored".to_owned())
    };
    audit(&mut change, viewer, action, &before.name, details).await?;
    let product = written(&mut change, id).await?;
    change.commit(state).await?;
    Ok(product)
}
