//! `/pay/{token}`: the simulated payment provider's page a customer opens
//! from a payment link. The order's lines and total, and two buttons of a
//! plain HTML form ("Pay", "Fail payment") posting to the same address: no
//! script, so it works under the strictest Content-Security-Policy.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form as FormBody;
use maud::{html, Markup};
use switchboard_protocol::PaymentStatus;

use super::html::Page;
use super::page_i18n::{Lang, Text};
use crate::error::ApiError;
use crate::services::payments::{self, Choice, PaymentPage};
use crate::state::AppState;

/// Styles only, posts only to itself, never framed.
/// How the payment pages are served (with the shop's stylesheet).
const PAY_PAGE: Page = Page {
    stylesheet: "/shop/shop.css",
    csp: PAY_CSP,
};

const PAY_CSP: &str = "default-src 'none'; style-src 'self'; form-action 'self'; \
    base-uri 'none'; frame-ancestors 'none'";

fn lines_table(view: &PaymentPage, lang: Lang) -> Markup {
    let text = lang.text();
    html! {
        table {
            caption class="muted" { ((text.order_number)(&view.order.id.to_string())) }
            thead {
                tr {
                    th scope="col" { (text.product) }
                    th scope="col" class="num" { (text.quantity) }
                    th scope="col" class="num" { (text.unit_price) }
                    th scope="col" class="num" { (text.amount) }
                }
            }
            tbody {
                @for line in &view.order.lines {
                    tr {
                        td { (line.name) }
                        td class="num" { (line.quantity) }
                        td class="num" { (lang.money(&line.unit_price)) }
                        td class="num" { (lang.money(&line.line_total)) }
                    }
                }
            }
            tfoot {
                tr {
                    td colspan="3" { (text.total) }
                    td class="num" { (lang.money(&view.payment.amount)) }
                }
            }
        }
    }
}

fn status_text(status: PaymentStatus, text: &Text) -> &'static str {
    match status {
        PaymentStatus::Pending => text.payment_pending,
        PaymentStatus::Paid => text.payment_paid,
        PaymentStatus::Failed => text.payment_failed,
        PaymentStatus::Expired => text.payment_expired,
    }
}

/// The page for a payment in its current state, in `lang`; `notice`
/// explains a submit that changed nothing.
pub fn render(view: &PaymentPage, notice: Option<&str>, lang: Lang) -> Markup {
    let text = lang.text();
    let payee = if view.company.name.is_empty() {
        text.payment.to_owned()
    } else {
        (text.pay_company)(&view.company.name)
    };
    let status = view.payment.status;
    let content = html! {
        h1 { (payee) }
        (lines_table(view, lang))
        @if let Some(notice) = notice {
            p class="status" role="alert" { (notice) }
        }
        @if status == PaymentStatus::Pending {
            form method="post" {
                p class="muted" { (text.simulated_provider) }
                div class="actions" {
                    button type="submit" name="outcome" value="pay" {
                        ((text.pay_amount)(&lang.money(&view.payment.amount)))
                    }
                    button type="submit" name="outcome" value="fail" class="secondary" {
                        (text.fail_payment)
                    }
                }
            }
        } @else {
            p class={ "status " (status.as_str()) } role="status" { (status_text(status, text)) }
        }
    };
    PAY_PAGE.document(lang, &payee, content)
}

/// The page of a submit that chose neither button.
fn no_choice(lang: Lang) -> Markup {
    let text = lang.text();
    let content = html! {
        h1 { (text.payment) }
        p role="alert" { ((text.choose_outcome)(text.pay, text.fail_payment)) }
    };
    PAY_PAGE.document(lang, text.payment, content)
}

/// `GET /pay/{token}`.
pub async fn show(
    State(state): State<AppState>,
    Path(token): Path<String>,
    lang: Lang,
) -> Response {
    match payments::page(&state, &token).await {
        Ok(view) => PAY_PAGE.response(lang, StatusCode::OK, render(&view, None, lang)),
        Err(error @ ApiError::NotFound(_)) => {
            PAY_PAGE.not_found(lang, lang.text().payment_not_found, &error)
        }
        Err(error) => error.into_response(),
    }
}

/// `POST /pay/{token}` (`outcome=pay` or `outcome=fail`): applied once.
/// 200 with the result; 409 when the payment was already paid, failed or
/// expired (nothing changes, the page says so).
pub async fn submit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    lang: Lang,
    FormBody(values): FormBody<Vec<(String, String)>>,
) -> Response {
    let outcome = values
        .iter()
        .find(|(key, _)| key == "outcome")
        .map(|(_, value)| value.as_str());
    let choice = match outcome {
        Some("pay") => Choice::Pay,
        Some("fail") => Choice::Fail,
        _ => return PAY_PAGE.response(lang, StatusCode::UNPROCESSABLE_ENTITY, no_choice(lang)),
    };
    let text = lang.text();
    match payments::submit(&state, &token, choice).await {
        Ok(done) if done.applied => {
            PAY_PAGE.response(lang, StatusCode::OK, render(&done.page, None, lang))
        }
        Ok(done) => {
            let notice = match done.page.payment.status {
                PaymentStatus::Paid => text.already_paid,
                PaymentStatus::Failed => text.already_failed,
                PaymentStatus::Expired | PaymentStatus::Pending => text.already_expired,
            };
            PAY_PAGE.response(
                lang,
                StatusCode::CONFLICT,
                render(&done.page, Some(notice), lang),
            )
        }
        Err(error @ ApiError::NotFound(_)) => {
            PAY_PAGE.not_found(lang, text.payment_not_found, &error)
        }
        Err(error) => error.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_protocol::{
        CompanyInfo, ConversationId, CustomerId, Money, Order, OrderId, OrderLine, OrderStatus,
        Payment, PaymentId, ProductId, UserId, UserRef,
    };

    fn view(company: &str, line: &str, status: PaymentStatus) -> PaymentPage {
        let price = Money::from_minor(4490, "EUR");
        PaymentPage {
            payment: Payment {
                id: PaymentId(3),
                status,
                amount: price.clone(),
                created_at: 0,
                expires_at: 1,
                completed_at: None,
            },
            order: Order {
                id: OrderId(7),
                conversation_id: ConversationId(1),
                customer_id: CustomerId(1),
                deal_id: None,
                lines: vec![OrderLine {
                    product_id: ProductId(1),
                    name: line.into(),
                    unit_price: price.clone(),
                    quantity: 1,
                    line_total: price.clone(),
                }],
                total: price,
                status: OrderStatus::AwaitingPayment,
                payment: None,
                created_by: UserRef {
                    id: UserId(1),
                    name: "Olivia".into(),
                },
                created_at: 0,
                updated_at: 0,
                version: 1,
            },
            company: CompanyInfo {
                name: company.into(),
                address: String::new(),
                phone: String::new(),
                opening_hours: String::new(),
                website: String::new(),
                currency: "EUR".into(),
            },
        }
    }

    #[test]
    fn payment_pages_escape_every_value() {
        let hostile = view(
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(2)>",
            PaymentStatus::Pending,
        );
        let html = render(&hostile, Some("<b>notice</b>"), Lang::En).into_string();
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"));
        assert!(!html.contains("<b>"));
        assert!(html.contains("<title>Pay &lt;script&gt;alert(1)&lt;/script&gt;</title>"));
        assert!(html.contains("<td>&quot;&gt;&lt;img src=x onerror=alert(2)&gt;</td>"));
        assert!(html.contains("&lt;b&gt;notice&lt;/b&gt;"));
    }

    #[test]
    fn a_pending_payment_offers_both_buttons_in_the_language() {
        let pending = view("Atlas", "Nova ceramic mug", PaymentStatus::Pending);
        let english = render(&pending, None, Lang::En).into_string();
        assert!(english.contains("<html lang=\"en\">"));
        assert!(english.contains("<caption class=\"muted\">Order #7</caption>"));
        assert!(english.contains(
            "<button type=\"submit\" name=\"outcome\" value=\"pay\">Pay 44.90 EUR</button>"
        ));
        assert!(english.contains(
            "<button type=\"submit\" name=\"outcome\" value=\"fail\" class=\"secondary\">Fail payment</button>"
        ));
        let french = render(&pending, None, Lang::Fr).into_string();
        assert!(french.contains("<html lang=\"fr\">"));
        assert!(french.contains("<h1>Payer Atlas</h1>"));
        assert!(french.contains("value=\"pay\">Payer 44,90\u{a0}EUR</button>"));
        assert!(french.contains(">Faire échouer le paiement</button>"));
        assert!(french.contains("Prix unitaire") && french.contains("Nova ceramic mug"));
    }

    #[test]
    fn a_settled_payment_says_so_without_buttons() {
        let paid = view("", "Mug", PaymentStatus::Paid);
        let html = render(&paid, None, Lang::En).into_string();
        assert!(html.contains("<h1>Payment</h1>"));
        assert!(html.contains("<p class=\"status paid\" role=\"status\">Payment received."));
        assert!(!html.contains("value=\"pay\""));
        let html = render(&paid, None, Lang::Fr).into_string();
        assert!(html.contains("<h1>Paiement</h1>") && html.contains("Paiement reçu."));
        let html = no_choice(Lang::Fr).into_string();
        assert!(html.contains(
            "Choisissez «\u{a0}Payer\u{a0}» ou «\u{a0}Faire échouer le paiement\u{a0}»."
        ));
        let html = no_choice(Lang::En).into_string();
        assert!(html.contains("Choose &quot;Pay&quot; or &quot;Fail payment&quot;."));
    }
}
