//! Demo data of the CRM and sales tools: the company's details, a catalog
//! of eight products with pictures (one out of stock), and two CRM
//! contacts with deals that no conversation is linked to yet: Camille
//! Moreau's matches the demo customer's e-mail, so "Save to CRM" from her
//! conversation reuses it; Lucie Fontaine's holds the WhatsApp id
//! `demo-lucie`, so a WhatsApp customer writing with that id is matched.

use switchboard_protocol::{CompanyInfo, ConnectorId, DealStage, UserId};

use crate::error::ApiError;
use crate::services::crm::{email_key, phone_key};
use crate::store::catalog::{self, NewProduct};
use crate::store::crm::{self as crm_store, ContactFields, NewDeal};
use crate::store::Conn;

/// The demo catalog: name, description, price in cents, stock, picture.
const PRODUCTS: &[(&str, &str, i64, u32, &str)] = &[
    (
        "Atlas desk lamp",
        "Adjustable steel desk lamp with a warm LED, 40 cm arm.",
        4990,
        25,
        "atlas-lamp.svg",
    ),
    (
        "Atlas Pro desk lamp",
        "The Atlas with a dimmer, a longer arm and a USB-C port in the base.",
        8900,
        10,
        "atlas-pro-lamp.svg",
    ),
    (
        "Nova ceramic mug",
        "Hand-glazed stoneware mug, 350 ml, dishwasher safe.",
        1250,
        120,
        "nova-mug.svg",
    ),
    (
        "Linen notebook A5",
        "Linen-bound notebook, 192 dotted pages of 100 g paper.",
        1990,
        60,
        "linen-notebook.svg",
    ),
    (
        "Oak phone stand",
        "Solid oak stand for phones and small tablets.",
        2400,
        35,
        "oak-stand.svg",
    ),
    (
        "Wool throw blanket",
        "Merino wool throw, 130 × 170 cm.",
        7900,
        8,
        "wool-throw.svg",
    ),
    (
        "Brass pen",
        "Solid brass ballpoint pen that ages beautifully.",
        3490,
        40,
        "brass-pen.svg",
    ),
    (
        "Travel tote bag",
        "Waxed canvas tote with a laptop sleeve. Back in stock soon.",
        3900,
        0,
        "travel-tote.svg",
    ),
];

/// The demo company.
pub fn company() -> CompanyInfo {
    CompanyInfo {
        name: "Atelier Lumière".into(),
        address: "12 rue des Lilas\n75011 Paris, France".into(),
        phone: "+33 1 23 45 67 89".into(),
        opening_hours: "Monday to Friday 9:00-18:00\nSaturday 10:00-16:00".into(),
        website: "https://atelier-lumiere.example".into(),
        currency: "EUR".into(),
    }
}

/// Seeds the sales demo data inside the demo transaction.
pub async fn seed(
    db: &mut Conn,
    (alex, olivia): (UserId, UserId),
    whatsapp: ConnectorId,
    now: i64,
) -> Result<(), ApiError> {
    let company = company();
    catalog::set_company(db, &company, now).await?;
    for (name, description, price_minor, stock, image) in PRODUCTS {
        let product = NewProduct {
            name,
            description,
            price_minor: *price_minor,
            currency: &company.currency,
            stock: *stock,
            image: Some(image),
        };
        catalog::insert_product_if_missing(db, &product, now).await?;
    }
    let contacts = [
        (
            None,
            "Camille Moreau",
            Some("+33 6 98 76 54 32"),
            "camille@example.fr",
            "Atlas Pro for Camille's studio",
            DealStage::InProgress,
            17800,
            olivia,
        ),
        (
            Some("demo-lucie"),
            "Lucie Fontaine",
            None,
            "lucie.fontaine@example.com",
            "Office lighting for 12 desks",
            DealStage::Proposal,
            106_800,
            alex,
        ),
    ];
    for (whatsapp_id, name, phone, email, title, stage, amount_minor, responsible) in contacts {
        let fields = ContactFields {
            name,
            phone,
            phone_key: phone.and_then(phone_key),
            email: Some(email),
            email_key: email_key(email),
        };
        let contact = crm_store::insert_contact(db, &fields, now).await?;
        if let Some(external_id) = whatsapp_id {
            crm_store::add_external_id(db, contact, whatsapp, external_id).await?;
        }
        let deal = NewDeal {
            contact,
            title,
            stage,
            amount_minor,
            currency: &company.currency,
            responsible: Some(responsible),
        };
        crm_store::insert_deal(db, &deal, now).await?;
    }
    Ok(())
}
