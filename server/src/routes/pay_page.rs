//! `/pay/{token}`: the simulated payment provider's page a customer opens
//! from a payment link. The order's lines and total, and two buttons of a
//! plain HTML form ("Pay", "Fail payment") posting to the same address: no
//! script, so it works under the strictest Content-Security-Policy.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form as FormBody;
use switchboard_protocol::PaymentStatus;

use super::html::{escape, Page};
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

fn lines_table(view: &PaymentPage) -> String {
    let rows: String = view
        .order
        .lines
        .iter()
        .map(|line| {
            format!(
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&line.name),
                line.quantity,
                escape(&line.unit_price.to_string()),
                escape(&line.line_total.to_string())
            )
        })
        .collect();
    format!(
        "<table><caption class=\"muted\">Order #{}</caption><thead><tr><th scope=\"col\">Product</th>\
         <th scope=\"col\" class=\"num\">Quantity</th><th scope=\"col\" class=\"num\">Unit price</th>\
         <th scope=\"col\" class=\"num\">Amount</th></tr></thead><tbody>{rows}</tbody>\
         <tfoot><tr><td colspan=\"3\">Total</td><td class=\"num\">{}</td></tr></tfoot></table>",
        view.order.id,
        escape(&view.payment.amount.to_string())
    )
}

fn status_text(status: PaymentStatus) -> &'static str {
    match status {
        PaymentStatus::Pending => "Waiting for your payment.",
        PaymentStatus::Paid => "Payment received. Thank you! You can return to the chat.",
        PaymentStatus::Failed => {
            "The payment failed and nothing was charged. Ask us for a new link in the chat."
        }
        PaymentStatus::Expired => {
            "This payment link has expired and nothing was charged. Ask us for a new link in the chat."
        }
    }
}

/// The page for a payment in its current state; `notice` explains a submit
/// that changed nothing.
pub fn render(view: &PaymentPage, notice: Option<&str>) -> String {
    let payee = if view.company.name.is_empty() {
        "Payment".to_owned()
    } else {
        format!("Pay {}", view.company.name)
    };
    let mut content = format!("<h1>{}</h1>{}", escape(&payee), lines_table(view));
    if let Some(notice) = notice {
        content.push_str(&format!(
            "<p class=\"status\" role=\"alert\">{}</p>",
            escape(notice)
        ));
    }
    let status = view.payment.status;
    if status == PaymentStatus::Pending {
        content.push_str(&format!(
            "<form method=\"post\"><p class=\"muted\">This is a simulated payment provider: \
             no real money moves.</p><div class=\"actions\">\
             <button type=\"submit\" name=\"outcome\" value=\"pay\">Pay {}</button>\
             <button type=\"submit\" name=\"outcome\" value=\"fail\" class=\"secondary\">Fail payment</button>\
             </div></form>",
            escape(&view.payment.amount.to_string())
        ));
    } else {
        content.push_str(&format!(
            "<p class=\"status {}\" role=\"status\">{}</p>",
            status.as_str(),
            status_text(status)
        ));
    }
    PAY_PAGE.document(&payee, &content)
}

/// `GET /pay/{token}`.
pub async fn show(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    match payments::page(&state, &token).await {
        Ok(view) => PAY_PAGE.response(StatusCode::OK, render(&view, None)),
        Err(error @ ApiError::NotFound(_)) => PAY_PAGE.not_found("Payment link not found", &error),
        Err(error) => error.into_response(),
    }
}

/// `POST /pay/{token}` (`outcome=pay` or `outcome=fail`): applied once.
/// 200 with the result; 409 when the payment was already paid, failed or
/// expired (nothing changes, the page says so).
pub async fn submit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    FormBody(values): FormBody<Vec<(String, String)>>,
) -> Response {
    let outcome = values
        .iter()
        .find(|(key, _)| key == "outcome")
        .map(|(_, value)| value.as_str());
    let choice = match outcome {
        Some("pay") => Choice::Pay,
        Some("fail") => Choice::Fail,
        _ => {
            return PAY_PAGE.response(
                StatusCode::UNPROCESSABLE_ENTITY,
                PAY_PAGE.document(
                    "Payment",
                    "<h1>Payment</h1><p role=\"alert\">Choose \"Pay\" or \"Fail payment\".</p>",
                ),
            )
        }
    };
    match payments::submit(&state, &token, choice).await {
        Ok(done) if done.applied => PAY_PAGE.response(StatusCode::OK, render(&done.page, None)),
        Ok(done) => {
            let notice = match done.page.payment.status {
                PaymentStatus::Paid => "This order was already paid; nothing more was charged.",
                PaymentStatus::Failed => "This payment already failed; nothing was charged.",
                PaymentStatus::Expired | PaymentStatus::Pending => {
                    "This payment link has expired; nothing was charged."
                }
            };
            PAY_PAGE.response(StatusCode::CONFLICT, render(&done.page, Some(notice)))
        }
        Err(error @ ApiError::NotFound(_)) => PAY_PAGE.not_found("Payment link not found", &error),
        Err(error) => error.into_response(),
    }
}
