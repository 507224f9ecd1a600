//! The language of the public pages customers open (CRM forms, product
//! pages, payment pages) and every fixed string they show, in English and
//! French. What the company or the customer wrote (form titles, field
//! labels, product names) is shown as written, never translated.

use std::borrow::Cow;
use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::header::ACCEPT_LANGUAGE;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use switchboard_protocol::Money;

use crate::services::forms::FieldProblem;

/// The language a public page is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English, also for every language the pages do not speak.
    En,
    /// French.
    Fr,
}

impl Lang {
    /// The page's language: the `lang` query parameter when it names a
    /// language the pages speak (`?lang=fr`), else the first language of
    /// `Accept-Language` they speak (by q-value, then by order), else English.
    pub fn from_request(query_lang: Option<&str>, headers: &HeaderMap) -> Lang {
        query_lang
            .and_then(Self::from_tag)
            .or_else(|| Self::from_accept_language(headers))
            .unwrap_or(Lang::En)
    }

    /// The BCP 47 code, for `<html lang>` and `Content-Language`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// Every fixed string of the pages, in this language.
    pub fn text(self) -> &'static Text {
        match self {
            Lang::En => &EN,
            Lang::Fr => &FR,
        }
    }

    /// An amount as a reader of this language writes it: `49.90 EUR`, `49,90 EUR`.
    pub fn money(self, money: &Money) -> String {
        match self {
            Lang::En => money.to_string(),
            Lang::Fr => format!("{}\u{a0}{}", money.amount.replace('.', ","), money.currency),
        }
    }

    /// A message of the services shown on a page (a field's validation
    /// error, why a link does not open) in this language. The services write
    /// English; a message without a translation is shown as written.
    pub fn service_message(self, message: &str) -> Cow<'_, str> {
        if self == Lang::En {
            return Cow::Borrowed(message);
        }
        match FR_SERVICE_MESSAGES.iter().find(|(en, _)| *en == message) {
            Some((_, french)) => Cow::Borrowed(french),
            None => Cow::Borrowed(message),
        }
    }

    /// Why a form field's value was refused, in this language.
    pub fn field_problem(self, problem: FieldProblem) -> String {
        if self == Lang::En {
            return problem.english();
        }
        match problem {
            FieldProblem::Required => "Ce champ est obligatoire".into(),
            FieldProblem::Email => {
                "Saisissez une adresse e-mail, par exemple nom@example.com".into()
            }
            FieldProblem::Phone => {
                "Saisissez un numéro de téléphone (chiffres, espaces et + - . ( ) uniquement)"
                    .into()
            }
            FieldProblem::Number => "Saisissez un nombre".into(),
            FieldProblem::Option => "Choisissez l’une des options proposées".into(),
            FieldProblem::TooLong(max) => format!("{max}\u{a0}caractères au maximum"),
        }
    }

    /// The language of a tag such as `fr`, `fr-CA` or `en_GB` (its primary
    /// subtag), if the pages speak it.
    fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?;
        if primary.eq_ignore_ascii_case("fr") {
            Some(Lang::Fr)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The spoken language of highest q-value in `Accept-Language` (the
    /// first one listed among equals); `q=0` means "not this one".
    fn from_accept_language(headers: &HeaderMap) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        let ranges = headers
            .get_all(ACCEPT_LANGUAGE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','));
        for range in ranges {
            let mut parts = range.split(';');
            let Some(lang) = parts.next().and_then(Self::from_tag) else {
                continue;
            };
            let Some(q) = quality(parts) else {
                continue;
            };
            if q > 0.0 && best.is_none_or(|(best_q, _)| q > best_q) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, lang)| lang)
    }
}

/// The q-value among a range's parameters (1 when absent), or `None` when
/// it is malformed.
fn quality<'a>(mut params: impl Iterator<Item = &'a str>) -> Option<f32> {
    let q = params.find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("q")
            .then_some(value.trim())
    });
    match q {
        None => Some(1.0),
        Some(value) => value
            .parse::<f32>()
            .ok()
            .filter(|q| (0.0..=1.0).contains(q)),
    }
}

/// The page's language, from the request (see [`Lang::from_request`]);
/// never refuses a request.
impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query_lang = parts.uri.query().and_then(|query| {
            query
                .split('&')
                .filter_map(|pair| pair.split_once('='))
                .find_map(|(name, value)| (name == "lang").then_some(value))
        });
        Ok(Lang::from_request(query_lang, &parts.headers))
    }
}

/// The fixed strings of the public pages in one language.
pub struct Text {
    /// Above a form that failed to submit.
    pub form_correct_fields: &'static str,
    /// The submit button of a form.
    pub form_send: &'static str,
    /// After a form was submitted.
    pub form_thanks: &'static str,
    /// When a used form link is opened again.
    pub form_already_submitted: &'static str,
    /// The title of the page of an unknown form link.
    pub form_not_found: &'static str,

    /// The payment page's title when the company has no name.
    pub payment: &'static str,
    /// The payment page's title: "Pay {company}".
    pub pay_company: fn(&str) -> String,
    /// The caption of the order's lines: "Order #{id}".
    pub order_number: fn(&str) -> String,
    /// Column headers of the order's lines.
    pub product: &'static str,
    /// Column header.
    pub quantity: &'static str,
    /// Column header.
    pub unit_price: &'static str,
    /// Column header.
    pub amount: &'static str,
    /// The order's total.
    pub total: &'static str,
    /// The warning above the buttons.
    pub simulated_provider: &'static str,
    /// The button paying, as named in [`choose_outcome`](Self::choose_outcome).
    pub pay: &'static str,
    /// The button paying: "Pay {amount}".
    pub pay_amount: fn(&str) -> String,
    /// The button refusing the payment.
    pub fail_payment: &'static str,
    /// A submit that chose neither button: "Choose "{pay}" or "{fail}".".
    pub choose_outcome: fn(&str, &str) -> String,
    /// The payment's state: pending.
    pub payment_pending: &'static str,
    /// The payment's state: paid.
    pub payment_paid: &'static str,
    /// The payment's state: failed.
    pub payment_failed: &'static str,
    /// The payment's state: expired.
    pub payment_expired: &'static str,
    /// A second submit on a paid payment.
    pub already_paid: &'static str,
    /// A second submit on a failed payment.
    pub already_failed: &'static str,
    /// A submit on an expired payment.
    pub already_expired: &'static str,
    /// The title of the page of an unknown payment link.
    pub payment_not_found: &'static str,

    /// A product of which none is left.
    pub out_of_stock: &'static str,
    /// "In stock: {count}".
    pub in_stock: fn(u32) -> String,
    /// How to order from a product page.
    pub how_to_order: &'static str,
    /// The title of the page of an unknown product.
    pub product_not_found: &'static str,
    /// Why a product page is not found.
    pub product_gone: &'static str,
}

/// English.
static EN: Text = Text {
    form_correct_fields: "Please correct the fields marked below.",
    form_send: "Send",
    form_thanks: "Thank you! Your answers were sent; you can close this page and return to the chat.",
    form_already_submitted: "This form was already submitted. Thank you! If something changed, just tell us in the chat.",
    form_not_found: "Form not found",

    payment: "Payment",
    pay_company: |company| format!("Pay {company}"),
    order_number: |id| format!("Order #{id}"),
    product: "Product",
    quantity: "Quantity",
    unit_price: "Unit price",
    amount: "Amount",
    total: "Total",
    simulated_provider: "This is a simulated payment provider: no real money moves.",
    pay: "Pay",
    pay_amount: |amount| format!("Pay {amount}"),
    fail_payment: "Fail payment",
    choose_outcome: |pay, fail| format!("Choose \"{pay}\" or \"{fail}\"."),
    payment_pending: "Waiting for your payment.",
    payment_paid: "Payment received. Thank you! You can return to the chat.",
    payment_failed: "The payment failed and nothing was charged. Ask us for a new link in the chat.",
    payment_expired: "This payment link has expired and nothing was charged. Ask us for a new link in the chat.",
    already_paid: "This order was already paid; nothing more was charged.",
    already_failed: "This payment already failed; nothing was charged.",
    already_expired: "This payment link has expired; nothing was charged.",
    payment_not_found: "Payment link not found",

    out_of_stock: "Out of stock",
    in_stock: |count| format!("In stock: {count}"),
    how_to_order: "To order, just tell us in the chat.",
    product_not_found: "Product not found",
    product_gone: "This product is no longer in our catalog.",
};

// French typography: a no-break space (U+00A0) before `:` `;` `!` `?` and
// inside « », so that they never start a line.

/// French.
static FR: Text = Text {
    form_correct_fields: "Veuillez corriger les champs signalés ci-dessous.",
    form_send: "Envoyer",
    form_thanks: "Merci\u{a0}! Vos réponses ont bien été envoyées\u{a0}; vous pouvez fermer cette page et revenir à la conversation.",
    form_already_submitted: "Ce formulaire a déjà été envoyé. Merci\u{a0}! Si quelque chose a changé, dites-le-nous simplement dans la conversation.",
    form_not_found: "Formulaire introuvable",

    payment: "Paiement",
    pay_company: |company| format!("Payer {company}"),
    order_number: |id| format!("Commande n°\u{a0}{id}"),
    product: "Produit",
    quantity: "Quantité",
    unit_price: "Prix unitaire",
    amount: "Montant",
    total: "Total",
    simulated_provider: "Ceci est un prestataire de paiement simulé\u{a0}: aucun argent réel n’est débité.",
    pay: "Payer",
    pay_amount: |amount| format!("Payer {amount}"),
    fail_payment: "Faire échouer le paiement",
    choose_outcome: |pay, fail| format!("Choisissez «\u{a0}{pay}\u{a0}» ou «\u{a0}{fail}\u{a0}»."),
    payment_pending: "En attente de votre paiement.",
    payment_paid: "Paiement reçu. Merci\u{a0}! Vous pouvez revenir à la conversation.",
    payment_failed: "Le paiement a échoué et rien n’a été débité. Demandez-nous un nouveau lien dans la conversation.",
    payment_expired: "Ce lien de paiement a expiré et rien n’a été débité. Demandez-nous un nouveau lien dans la conversation.",
    already_paid: "Cette commande a déjà été payée\u{a0}; rien de plus n’a été débité.",
    already_failed: "Ce paiement a déjà échoué\u{a0}; rien n’a été débité.",
    already_expired: "Ce lien de paiement a expiré\u{a0}; rien n’a été débité.",
    payment_not_found: "Lien de paiement introuvable",

    out_of_stock: "En rupture de stock",
    in_stock: |count| format!("En stock\u{a0}: {count}"),
    how_to_order: "Pour commander, dites-le-nous simplement dans la conversation.",
    product_not_found: "Produit introuvable",
    product_gone: "Ce produit ne figure plus dans notre catalogue.",
};

/// The not-found messages of the services the pages show, as the services
/// write them (English), with their French.
const FR_SERVICE_MESSAGES: &[(&str, &str)] = &[
    (
        "This form link is not valid",
        "Ce lien de formulaire n’est pas valide",
    ),
    ("This form no longer exists", "Ce formulaire n’existe plus"),
    (
        "This payment link is not valid",
        "Ce lien de paiement n’est pas valide",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use switchboard_protocol::{FormField, FormFieldKind};

    fn accepting(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_static(value));
        headers
    }

    fn from_header(value: &'static str) -> Lang {
        Lang::from_request(None, &accepting(value))
    }

    #[test]
    fn accept_language_is_read_by_q_value_then_by_order() {
        assert_eq!(from_header("fr-FR,fr;q=0.9"), Lang::Fr);
        assert_eq!(from_header("fr-CA"), Lang::Fr);
        assert_eq!(from_header("en-US,en;q=0.9,fr;q=0.8"), Lang::En);
        assert_eq!(from_header("en;q=0.5, fr;q=0.9"), Lang::Fr);
        assert_eq!(from_header("de-DE, fr;q=0.7, en;q=0.6"), Lang::Fr);
        assert_eq!(from_header("en;q=0.8, fr;q=0.8"), Lang::En);
        assert_eq!(from_header("FR;Q=1, en;q=0.9"), Lang::Fr);
        // q=0 excludes; a malformed q-value drops its range.
        assert_eq!(from_header("fr;q=0, en;q=0.1"), Lang::En);
        assert_eq!(from_header("fr;q=high, de"), Lang::En);
        assert_eq!(from_header("fr;q=2"), Lang::En);
        // Nothing spoken, or no header: English.
        assert_eq!(from_header("de-DE, ja;q=0.9, *;q=0.1"), Lang::En);
        assert_eq!(from_header("fy, frr"), Lang::En);
        assert_eq!(Lang::from_request(None, &HeaderMap::new()), Lang::En);
    }

    #[test]
    fn the_query_parameter_wins_when_it_names_a_spoken_language() {
        let french = accepting("fr-FR,fr;q=0.9");
        assert_eq!(Lang::from_request(Some("en"), &french), Lang::En);
        assert_eq!(Lang::from_request(Some("fr"), &HeaderMap::new()), Lang::Fr);
        assert_eq!(Lang::from_request(Some("de"), &french), Lang::Fr);
        assert_eq!(Lang::from_request(Some(""), &french), Lang::Fr);
        assert_eq!(Lang::Fr.code(), "fr");
        assert_eq!(Lang::En.code(), "en");
    }

    #[test]
    fn amounts_follow_the_language() {
        let price = Money::from_minor(4990, "EUR");
        assert_eq!(Lang::En.money(&price), "49.90 EUR");
        assert_eq!(Lang::Fr.money(&price), "49,90\u{a0}EUR");
    }

    /// Every reason the forms service gives has its French.
    #[test]
    fn every_validation_error_is_translated() {
        let field = |name: &str, kind| FormField {
            name: name.into(),
            label: name.into(),
            kind,
            required: true,
        };
        let fields = [
            field("text", FormFieldKind::Text),
            field("email", FormFieldKind::Email),
            field("phone", FormFieldKind::Phone),
            field("number", FormFieldKind::Number),
            field(
                "select",
                FormFieldKind::Select {
                    options: vec!["a".into()],
                },
            ),
            field("long", FormFieldKind::Text),
        ];
        let long = "x".repeat(100_000);
        let values: Vec<(String, String)> = [
            ("email", "nope"),
            ("phone", "call me"),
            ("number", "many"),
            ("select", "b"),
            ("long", long.as_str()),
        ]
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
        let errors = crate::services::forms::validate(&fields, &values).unwrap_err();
        assert_eq!(errors.len(), fields.len());
        for (name, problem) in errors {
            assert_eq!(Lang::En.field_problem(problem), problem.english());
            assert_ne!(
                Lang::Fr.field_problem(problem),
                problem.english(),
                "no French for the error of {name}"
            );
        }
        assert_eq!(
            Lang::Fr.field_problem(FieldProblem::TooLong(500)),
            "500\u{a0}caractères au maximum"
        );
        assert_eq!(Lang::Fr.service_message("Something new"), "Something new");
        assert_eq!(
            Lang::Fr.service_message("This form no longer exists"),
            "Ce formulaire n’existe plus"
        );
    }
}
