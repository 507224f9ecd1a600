//! The company's details and the product catalog.

use switchboard_protocol::{CompanyInfo, Money, Product, ProductId};

use super::sql::{self, params};
use crate::store::Conn;

/// Currency of a workspace whose details were never set.
pub const DEFAULT_CURRENCY: &str = "EUR";

/// The company's details (empty values and the default currency when never set).
pub async fn company(db: &mut Conn) -> sqlx::Result<CompanyInfo> {
    let query =
        "SELECT name, address, phone, opening_hours, website, currency FROM company WHERE id = 1";
    let row: Option<(String, String, String, String, String, String)> =
        sql::row(db, query, params![]).await?;
    Ok(match row {
        Some((name, address, phone, opening_hours, website, currency)) => CompanyInfo {
            name,
            address,
            phone,
            opening_hours,
            website,
            currency,
        },
        None => CompanyInfo {
            currency: DEFAULT_CURRENCY.into(),
            ..CompanyInfo::default()
        },
    })
}

/// Replaces the company's details.
pub async fn set_company(db: &mut Conn, company: &CompanyInfo, now: i64) -> sqlx::Result<()> {
    let query = "INSERT INTO company (id, name, address, phone, opening_hours, website, currency, updated_at) \
        VALUES (1, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, \
        address = excluded.address, phone = excluded.phone, opening_hours = excluded.opening_hours, \
        website = excluded.website, currency = excluded.currency, updated_at = excluded.updated_at";
    sql::run(
        db,
        query,
        params![
            &company.name,
            &company.address,
            &company.phone,
            &company.opening_hours,
            &company.website,
            &company.currency,
            now
        ],
    )
    .await
}

/// Path of the product images.
pub const IMAGE_PATH: &str = "/shop/images/";
/// Path of the public product pages.
pub const PRODUCT_PATH: &str = "/shop/products/";

#[derive(sqlx::FromRow)]
struct ProductRow {
    id: i64,
    name: String,
    description: String,
    price_minor: i64,
    currency: String,
    stock: i64,
    image: Option<String>,
    image_file: Option<String>,
    archived_at: Option<i64>,
}

impl ProductRow {
    fn into_product(self) -> Product {
        Product {
            id: ProductId(self.id),
            name: self.name,
            description: self.description,
            price: Money::from_minor(self.price_minor, &self.currency),
            stock: u32::try_from(self.stock).unwrap_or(0),
            image_url: match (self.image_file, self.image) {
                (Some(file), _) => {
                    Some(format!("{}/files/{file}", switchboard_protocol::API_PREFIX))
                }
                (None, Some(image)) => Some(format!("{IMAGE_PATH}{image}")),
                (None, None) => None,
            },
            url: format!("{PRODUCT_PATH}{}", self.id),
            archived: self.archived_at.is_some(),
        }
    }
}

const PRODUCT_SELECT: &str = "SELECT id, name, description, price_minor, currency, stock, image, \
    image_file, archived_at FROM products";

/// Products on offer (not archived) whose name or description contains
/// `q`, by name.
pub async fn products(db: &mut Conn, q: Option<&str>) -> sqlx::Result<Vec<Product>> {
    let rows: Vec<ProductRow> = match q {
        None => {
            let query = format!(
                "{PRODUCT_SELECT} WHERE archived_at IS NULL ORDER BY lower(name) LIMIT 500"
            );
            sql::rows(db, &query, params![]).await?
        }
        Some(q) => {
            let mut query = sqlx::QueryBuilder::<crate::store::Backend>::new(format!(
                "{PRODUCT_SELECT} WHERE archived_at IS NULL AND ("
            ));
            let dialect = crate::store::Dialect::of(db);
            sql::push_any_contains(&mut query, dialect, &["name", "description"], q);
            query.push(") ORDER BY lower(name) LIMIT 500");
            sql::built_rows(db, &mut query).await?
        }
    };
    Ok(rows.into_iter().map(ProductRow::into_product).collect())
}

/// Every product, archived ones included, by name (the catalog settings).
pub async fn all_products(db: &mut Conn) -> sqlx::Result<Vec<Product>> {
    let query = format!("{PRODUCT_SELECT} ORDER BY archived_at IS NOT NULL, lower(name)");
    let rows: Vec<ProductRow> = sql::rows(db, &query, params![]).await?;
    Ok(rows.into_iter().map(ProductRow::into_product).collect())
}

/// A product's editable values.
pub struct ProductValues<'a> {
    /// Name (unique).
    pub name: &'a str,
    /// Description.
    pub description: &'a str,
    /// Price in minor units.
    pub price_minor: i64,
    /// Currency.
    pub currency: &'a str,
    /// Units in stock.
    pub stock: u32,
    /// An uploaded picture (`None`: unchanged).
    pub image_file: Option<&'a str>,
}

/// Whether another product has this name.
pub async fn product_name_taken(
    db: &mut Conn,
    name: &str,
    except: Option<ProductId>,
) -> sqlx::Result<bool> {
    let query =
        "SELECT COUNT(*) FROM products WHERE lower(name) = lower(?) AND id IS DISTINCT FROM ?";
    let count: i64 = sql::one(db, query, params![name, except.map(|id| id.0)]).await?;
    Ok(count > 0)
}

/// Adds a product.
pub async fn insert_product(
    db: &mut Conn,
    values: &ProductValues<'_>,
    now: i64,
) -> sqlx::Result<ProductId> {
    let query = "INSERT INTO products (name, description, price_minor, currency, stock, \
        image_file, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    let id = sql::insert(
        db,
        query,
        params![
            values.name,
            values.description,
            values.price_minor,
            values.currency,
            i64::from(values.stock),
            values.image_file,
            now
        ],
    )
    .await?;
    Ok(ProductId(id))
}

/// Changes a product.
pub async fn update_product(
    db: &mut Conn,
    id: ProductId,
    values: &ProductValues<'_>,
) -> sqlx::Result<()> {
    let query = "UPDATE products SET name = ?, description = ?, price_minor = ?, currency = ?, \
        stock = ?, image_file = COALESCE(?, image_file) WHERE id = ?";
    sql::run(
        db,
        query,
        params![
            values.name,
            values.description,
            values.price_minor,
            values.currency,
            i64::from(values.stock),
            values.image_file,
            id.0
        ],
    )
    .await
}

/// Archives (`Some(now)`) or restores (`None`) a product.
pub async fn set_product_archived(
    db: &mut Conn,
    id: ProductId,
    at: Option<i64>,
) -> sqlx::Result<()> {
    let query = "UPDATE products SET archived_at = ? WHERE id = ?";
    sql::run(db, query, params![at, id.0]).await
}

/// One product.
pub async fn product(db: &mut Conn, id: ProductId) -> sqlx::Result<Option<Product>> {
    let row: Option<ProductRow> =
        sql::row(db, &format!("{PRODUCT_SELECT} WHERE id = ?"), params![id.0]).await?;
    Ok(row.map(ProductRow::into_product))
}

/// A product to add to the catalog.
pub struct NewProduct<'a> {
    /// Name (unique).
    pub name: &'a str,
    /// Description.
    pub description: &'a str,
    /// Price in minor units.
    pub price_minor: i64,
    /// Currency.
    pub currency: &'a str,
    /// Units in stock.
    pub stock: u32,
    /// Image file name under [`IMAGE_PATH`].
    pub image: Option<&'a str>,
}

/// Adds a product unless one with the same name exists.
pub async fn insert_product_if_missing(
    db: &mut Conn,
    product: &NewProduct<'_>,
    now: i64,
) -> sqlx::Result<()> {
    let query = "INSERT INTO products (name, description, price_minor, currency, stock, image, created_at) \
        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING";
    sql::run(
        db,
        query,
        params![
            product.name,
            product.description,
            product.price_minor,
            product.currency,
            i64::from(product.stock),
            product.image,
            now
        ],
    )
    .await
}

/// Takes sold units out of stock (never below zero).
pub async fn take_from_stock(db: &mut Conn, id: ProductId, quantity: u32) -> sqlx::Result<()> {
    let query = "UPDATE products SET stock = CASE WHEN stock > ?1 THEN stock - ?1 WHEN stock IS NOT NULL THEN 0 END \
        WHERE id = ?2";
    sql::run(db, query, params![i64::from(quantity), id.0]).await
}
