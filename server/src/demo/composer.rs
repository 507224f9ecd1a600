//! Demo data of the composer tools: canned responses (personal and per
//! line, some with placeholders), CRM forms, and two installed market apps.

use switchboard_protocol::{FormField, FormFieldKind, LineId, UserId};

use crate::error::ApiError;
use crate::store::Conn;
use crate::store::{canned, forms};

/// Who a demo canned response belongs to.
enum Owner {
    User(UserId),
    Line(LineId),
}

fn field(name: &str, label: &str, kind: FormFieldKind, required: bool) -> FormField {
    FormField {
        name: name.into(),
        label: label.into(),
        kind,
        required,
    }
}

fn options(values: &[&str]) -> FormFieldKind {
    FormFieldKind::Select {
        options: values.iter().map(|value| (*value).to_owned()).collect(),
    }
}

/// Seeds the composer's demo data inside the demo transaction.
pub async fn seed(
    db: &mut Conn,
    (sales, support): (LineId, LineId),
    (olivia, marc): (UserId, UserId),
    now: i64,
) -> Result<(), ApiError> {
    let responses = [
        (
            Owner::User(olivia),
            "Greeting",
            "hello",
            "Bonjour {customer_name}, je suis {operator_name} du service {line_name}. Comment puis-je vous aider ?",
        ),
        (
            Owner::User(olivia),
            "Signature",
            "sig",
            "Belle journée à vous,\n{operator_name}",
        ),
        (
            Owner::User(marc),
            "Callback",
            "rappel",
            "Je vous rappelle cet après-midi, {customer_name}.",
        ),
        (
            Owner::Line(sales),
            "Delivery times",
            "delivery",
            "La livraison prend 48 h en France métropolitaine, 4 à 6 jours ailleurs en Europe.",
        ),
        (
            Owner::Line(sales),
            "Welcome discount",
            "promo",
            "Avec le code BIENVENUE10, {customer_name}, profitez de 10 % sur votre première commande.",
        ),
        (
            Owner::Line(support),
            "Order number",
            "order",
            "Pourriez-vous m'indiquer votre numéro de commande (par exemple A-1001) ?",
        ),
        (
            Owner::Line(support),
            "Refund",
            "refund",
            "Votre remboursement sera effectué sous 5 jours ouvrés. L'équipe {line_name} reste à votre disposition.",
        ),
    ];
    for (owner, title, shortcut, text) in responses {
        let (owner, line) = match owner {
            Owner::User(user) => (Some(user), None),
            Owner::Line(line) => (None, Some(line)),
        };
        canned::insert(
            db,
            &canned::CannedValues {
                title,
                text,
                shortcut: Some(shortcut),
                owner,
                line,
            },
            now,
        )
        .await?;
    }
    forms::insert_if_missing(
        db,
        "Callback request",
        Some("Leave your number and we will call you back."),
        &[
            field("name", "Your name", FormFieldKind::Text, true),
            field("phone", "Phone number", FormFieldKind::Phone, true),
            field(
                "slot",
                "Best time to call",
                options(&["Morning", "Afternoon", "Evening"]),
                false,
            ),
            field("topic", "What is it about?", FormFieldKind::Textarea, false),
        ],
        now,
    )
    .await?;
    forms::insert_if_missing(
        db,
        "Delivery address",
        Some("Where should we deliver your order?"),
        &[
            field("full_name", "Full name", FormFieldKind::Text, true),
            field("street", "Street and number", FormFieldKind::Text, true),
            field("postcode", "Postcode", FormFieldKind::Text, true),
            field("city", "City", FormFieldKind::Text, true),
            field(
                "email",
                "E-mail for delivery updates",
                FormFieldKind::Email,
                false,
            ),
            field("floor", "Floor", FormFieldKind::Number, false),
            field(
                "neighbour",
                "A neighbour may receive the parcel",
                FormFieldKind::Checkbox,
                false,
            ),
        ],
        now,
    )
    .await?;
    forms::insert_if_missing(
        db,
        "Return request",
        Some("Tell us what you would like to return."),
        &[
            field("order", "Order number", FormFieldKind::Text, true),
            field(
                "reason",
                "Reason",
                options(&["Wrong size", "Damaged", "Not as described", "Other"]),
                true,
            ),
            field("quantity", "Quantity", FormFieldKind::Number, true),
            field("email", "E-mail", FormFieldKind::Email, true),
            field(
                "conditions",
                "I have read the return conditions",
                FormFieldKind::Checkbox,
                true,
            ),
        ],
        now,
    )
    .await?;
    crate::services::apps::install_demo(db).await?;
    Ok(())
}
