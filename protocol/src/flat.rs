//! How the internally tagged enums that every message may carry
//! ([`SystemEvent`], [`MessageCard`]) are decoded.
//!
//! Their wire form is an object with a `kind` tag and the variant's fields,
//! as serde's `#[serde(tag = "kind")]` writes it. serde's derive decodes such
//! an enum by buffering the object into a generic tree first, then decoding
//! the variant from the tree: a second decoder for every field type, in the
//! app's start module (messages arrive there with every event). Here the
//! object is read once into a flat struct holding every field any variant
//! has, then turned into the variant its tag names, checking that the
//! variant's fields are there. The result is the same as the derive's, and
//! it works with any serde format. The wire form and the OpenAPI schema do
//! not change.

use serde::Deserialize;

use crate::{
    FormAnswer, FormId, LineId, LineRef, MessageCard, Money, OrderId, OrderLine, PaymentId,
    ProductId, SystemEvent, Timestamp, UserId, UserRef,
};

/// `{id, name}`: a [`UserRef`] or a [`LineRef`], depending on the variant.
#[derive(Deserialize)]
pub(crate) struct NamedRef {
    id: i64,
    name: String,
}

impl NamedRef {
    fn user(self) -> UserRef {
        UserRef {
            id: UserId(self.id),
            name: self.name,
        }
    }

    fn line(self) -> LineRef {
        LineRef {
            id: LineId(self.id),
            name: self.name,
        }
    }
}

/// Takes a field the variant requires, or says which one is missing.
fn required<T>(field: Option<T>, name: &'static str, kind: &str) -> Result<T, String> {
    field.ok_or_else(|| format!("missing field `{name}` for kind `{kind}`"))
}

/// Every field of every [`SystemEvent`] variant.
#[derive(Deserialize)]
pub(crate) struct FlatSystemEvent {
    kind: String,
    by: Option<NamedRef>,
    to: Option<NamedRef>,
    from: Option<NamedRef>,
    users: Option<Vec<NamedRef>>,
    form_id: Option<FormId>,
    form_title: Option<String>,
    answers: Option<Vec<FormAnswer>>,
    order_id: Option<OrderId>,
    payment_id: Option<PaymentId>,
    total: Option<Money>,
    title: Option<String>,
    score: Option<u8>,
    comment: Option<String>,
}

impl TryFrom<FlatSystemEvent> for SystemEvent {
    type Error = String;

    fn try_from(flat: FlatSystemEvent) -> Result<Self, String> {
        let kind = flat.kind.as_str();
        let by = || required(flat.by, "by", kind).map(NamedRef::user);
        let payment = || -> Result<(OrderId, PaymentId, Money), String> {
            Ok((
                required(flat.order_id, "order_id", kind)?,
                required(flat.payment_id, "payment_id", kind)?,
                required(flat.total, "total", kind)?,
            ))
        };
        Ok(match kind {
            "transferred_to_user" => SystemEvent::TransferredToUser {
                to: required(flat.to, "to", kind)?.user(),
                by: by()?,
            },
            "transferred_to_line" => SystemEvent::TransferredToLine {
                from: required(flat.from, "from", kind)?.line(),
                to: required(flat.to, "to", kind)?.line(),
                by: by()?,
            },
            "closed" => SystemEvent::Closed { by: by()? },
            "marked_spam" => SystemEvent::MarkedSpam { by: by()? },
            "taken" => SystemEvent::Taken {
                from: flat.from.map(NamedRef::user),
                by: by()?,
            },
            "invited" => SystemEvent::Invited {
                users: required(flat.users, "users", kind)?
                    .into_iter()
                    .map(NamedRef::user)
                    .collect(),
                by: by()?,
            },
            "locked" => SystemEvent::Locked { by: by()? },
            "unlocked" => SystemEvent::Unlocked { by: by()? },
            "reopened" => SystemEvent::Reopened { by: by()? },
            "released" => SystemEvent::Released {
                from: required(flat.from, "from", kind)?.user(),
                by: by()?,
            },
            "form_submitted" => SystemEvent::FormSubmitted {
                form_id: required(flat.form_id, "form_id", kind)?,
                form_title: required(flat.form_title, "form_title", kind)?,
                answers: required(flat.answers, "answers", kind)?,
            },
            "payment_received" => {
                let (order_id, payment_id, total) = payment()?;
                SystemEvent::PaymentReceived {
                    order_id,
                    payment_id,
                    total,
                }
            }
            "payment_failed" => {
                let (order_id, payment_id, total) = payment()?;
                SystemEvent::PaymentFailed {
                    order_id,
                    payment_id,
                    total,
                }
            }
            "payment_expired" => {
                let (order_id, payment_id, total) = payment()?;
                SystemEvent::PaymentExpired {
                    order_id,
                    payment_id,
                    total,
                }
            }
            "rated" => SystemEvent::Rated {
                score: required(flat.score, "score", kind)?,
                comment: flat.comment,
            },
            "renamed" => SystemEvent::Renamed {
                title: flat.title,
                by: by()?,
            },
            other => return Err(format!("unknown variant `{other}` of `kind`")),
        })
    }
}

/// Every field of every [`MessageCard`] variant.
#[derive(Deserialize)]
pub(crate) struct FlatMessageCard {
    kind: String,
    product_id: Option<ProductId>,
    name: Option<String>,
    description: Option<String>,
    price: Option<Money>,
    image_url: Option<String>,
    url: Option<String>,
    order_id: Option<OrderId>,
    payment_id: Option<PaymentId>,
    lines: Option<Vec<OrderLine>>,
    total: Option<Money>,
    expires_at: Option<Timestamp>,
    address: Option<String>,
    phone: Option<String>,
    opening_hours: Option<String>,
    website: Option<String>,
}

impl TryFrom<FlatMessageCard> for MessageCard {
    type Error = String;

    fn try_from(flat: FlatMessageCard) -> Result<Self, String> {
        let kind = flat.kind.as_str();
        Ok(match kind {
            "product" => MessageCard::Product {
                product_id: required(flat.product_id, "product_id", kind)?,
                name: required(flat.name, "name", kind)?,
                description: required(flat.description, "description", kind)?,
                price: required(flat.price, "price", kind)?,
                image_url: flat.image_url,
                url: required(flat.url, "url", kind)?,
            },
            "payment_link" => MessageCard::PaymentLink {
                order_id: required(flat.order_id, "order_id", kind)?,
                payment_id: required(flat.payment_id, "payment_id", kind)?,
                lines: required(flat.lines, "lines", kind)?,
                total: required(flat.total, "total", kind)?,
                url: required(flat.url, "url", kind)?,
                expires_at: required(flat.expires_at, "expires_at", kind)?,
            },
            "company_info" => MessageCard::CompanyInfo {
                name: required(flat.name, "name", kind)?,
                address: required(flat.address, "address", kind)?,
                phone: required(flat.phone, "phone", kind)?,
                opening_hours: required(flat.opening_hours, "opening_hours", kind)?,
                website: required(flat.website, "website", kind)?,
            },
            other => return Err(format!("unknown variant `{other}` of `kind`")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: i64) -> UserRef {
        UserRef {
            id: UserId(id),
            name: format!("User {id}"),
        }
    }

    fn line(id: i64) -> LineRef {
        LineRef {
            id: LineId(id),
            name: format!("Line {id}"),
        }
    }

    fn money(amount: &str) -> Money {
        Money {
            amount: amount.into(),
            currency: "EUR".into(),
        }
    }

    /// Every variant, so that a new one without a decoder fails here.
    fn system_events() -> Vec<SystemEvent> {
        let all = vec![
            SystemEvent::TransferredToUser {
                by: user(1),
                to: user(2),
            },
            SystemEvent::TransferredToLine {
                by: user(1),
                from: line(1),
                to: line(2),
            },
            SystemEvent::Closed { by: user(3) },
            SystemEvent::MarkedSpam { by: user(3) },
            SystemEvent::Taken {
                by: user(2),
                from: Some(user(1)),
            },
            SystemEvent::Taken {
                by: user(2),
                from: None,
            },
            SystemEvent::Invited {
                by: user(1),
                users: vec![user(2), user(4)],
            },
            SystemEvent::Locked { by: user(1) },
            SystemEvent::Unlocked { by: user(1) },
            SystemEvent::Reopened { by: user(1) },
            SystemEvent::FormSubmitted {
                form_id: FormId(3),
                form_title: "Callback".into(),
                answers: vec![FormAnswer {
                    name: "phone".into(),
                    label: "Phone".into(),
                    value: "<b>+33</b>".into(),
                }],
            },
            SystemEvent::PaymentReceived {
                order_id: OrderId(1),
                payment_id: PaymentId(2),
                total: money("59.70"),
            },
            SystemEvent::PaymentFailed {
                order_id: OrderId(1),
                payment_id: PaymentId(2),
                total: money("1.00"),
            },
            SystemEvent::PaymentExpired {
                order_id: OrderId(1),
                payment_id: PaymentId(2),
                total: money("0.50"),
            },
            SystemEvent::Renamed {
                by: user(1),
                title: Some("VIP".into()),
            },
            SystemEvent::Renamed {
                by: user(1),
                title: None,
            },
            SystemEvent::Released {
                by: user(1),
                from: user(2),
            },
            SystemEvent::Rated {
                score: 4,
                comment: Some("<i>Quick</i>".into()),
            },
            SystemEvent::Rated {
                score: 1,
                comment: None,
            },
        ];
        for event in &all {
            // Exhaustive: adding a variant fails to compile until it is listed above.
            match event {
                SystemEvent::TransferredToUser { .. }
                | SystemEvent::TransferredToLine { .. }
                | SystemEvent::Closed { .. }
                | SystemEvent::MarkedSpam { .. }
                | SystemEvent::Taken { .. }
                | SystemEvent::Invited { .. }
                | SystemEvent::Locked { .. }
                | SystemEvent::Unlocked { .. }
                | SystemEvent::Reopened { .. }
                | SystemEvent::Released { .. }
                | SystemEvent::FormSubmitted { .. }
                | SystemEvent::PaymentReceived { .. }
                | SystemEvent::PaymentFailed { .. }
                | SystemEvent::PaymentExpired { .. }
                | SystemEvent::Rated { .. }
                | SystemEvent::Renamed { .. } => {}
            }
        }
        all
    }

    fn cards() -> Vec<MessageCard> {
        vec![
            MessageCard::Product {
                product_id: ProductId(4),
                name: "Kettle".into(),
                description: "1.7 l".into(),
                price: money("29.90"),
                image_url: Some("https://shop.example/k.png".into()),
                url: "https://shop.example/k".into(),
            },
            MessageCard::Product {
                product_id: ProductId(5),
                name: "Mug".into(),
                description: String::new(),
                price: money("4.00"),
                image_url: None,
                url: "https://shop.example/m".into(),
            },
            MessageCard::PaymentLink {
                order_id: OrderId(7),
                payment_id: PaymentId(8),
                lines: vec![OrderLine {
                    product_id: ProductId(4),
                    name: "Kettle".into(),
                    unit_price: money("29.90"),
                    quantity: 2,
                    line_total: money("59.80"),
                }],
                total: money("59.80"),
                url: "http://127.0.0.1/pay/x".into(),
                expires_at: 1_700_000_000_000,
            },
            MessageCard::CompanyInfo {
                name: "Acme".into(),
                address: "1 rue de la Paix".into(),
                phone: "+33 1 23".into(),
                opening_hours: "9-18".into(),
                website: "https://acme.example".into(),
            },
        ]
    }

    #[test]
    fn every_variant_reads_back_as_written() {
        for event in system_events() {
            let text = serde_json::to_string(&event).unwrap();
            assert_eq!(
                serde_json::from_str::<SystemEvent>(&text).unwrap(),
                event,
                "{text}"
            );
        }
        for card in cards() {
            let text = serde_json::to_string(&card).unwrap();
            assert_eq!(
                serde_json::from_str::<MessageCard>(&text).unwrap(),
                card,
                "{text}"
            );
        }
    }

    #[test]
    fn the_tag_may_come_last_and_unknown_fields_are_skipped() {
        let text = r#"{"by":{"id":1,"name":"A"},"note":[1,2],"kind":"closed"}"#;
        assert_eq!(
            serde_json::from_str::<SystemEvent>(text).unwrap(),
            SystemEvent::Closed {
                by: UserRef {
                    id: UserId(1),
                    name: "A".into()
                }
            }
        );
    }

    #[test]
    fn a_missing_field_or_an_unknown_kind_is_an_error_that_names_it() {
        let missing = serde_json::from_str::<SystemEvent>(r#"{"kind":"closed"}"#).unwrap_err();
        assert!(missing.to_string().contains("`by`"), "{missing}");
        let unknown =
            serde_json::from_str::<SystemEvent>(r#"{"kind":"exploded","by":{"id":1,"name":"A"}}"#)
                .unwrap_err();
        assert!(unknown.to_string().contains("exploded"), "{unknown}");
        let card =
            serde_json::from_str::<MessageCard>(r#"{"kind":"product","name":"x"}"#).unwrap_err();
        assert!(card.to_string().contains("product_id"), "{card}");
        assert!(serde_json::from_str::<MessageCard>(r#"{"name":"x"}"#).is_err());
    }
}
