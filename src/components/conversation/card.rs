//! What a card message shows colleagues: the product, the payment link with
//! its lines and total, or the company's details, as the customer got them.

use leptos::prelude::*;
use switchboard_protocol::MessageCard;

use crate::api::Api;
use crate::format;
use crate::i18n::*;
use crate::projection::use_locale;

/// A card message's content.
#[component]
pub fn CardView(card: MessageCard) -> impl IntoView {
    // Read once: the log draws its lines again when the language changes.
    let locale = use_locale();
    let api = use_context::<Api>();
    // Only http(s) URLs become links or images (see `Api::resolve`).
    let safe = |url: &str| api.as_ref().and_then(|api| api.resolve(url));
    match card {
        MessageCard::Product {
            name,
            description,
            price,
            image_url,
            url,
            ..
        } => {
            let image = image_url.as_deref().and_then(&safe);
            let link = safe(&url);
            view! {
                <div class="card card-product">
                    {image.map(|src| view! { <img src=src alt="" width="72" height="72" loading="lazy" /> })}
                    <div>
                        <strong>{name}</strong>
                        <p class="card-price">{format::money(locale, &price)}</p>
                        <p class="card-text">{description}</p>
                        {link.map(|href| view! {
                            <a href=href target="_blank" rel="noopener noreferrer">{td_string!(locale, sales.view_product)}</a>
                        })}
                    </div>
                </div>
            }
            .into_any()
        }
        MessageCard::PaymentLink {
            lines, total, url, ..
        } => {
            let link = safe(&url);
            view! {
                <div class="card card-payment">
                    <strong>{td_string!(locale, sales.payment_link)}</strong>
                    <ul>
                        {lines.into_iter().map(|line| {
                            let amount = line.line_total.clone();
                            view! {
                                <li>
                                    {format!("{} × {}", line.quantity, line.name)}" · "
                                    {format::money(locale, &amount)}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <p class="card-price">{td_string!(locale, sales.total)}": "{format::money(locale, &total)}</p>
                    {link.map(|href| view! {
                        <a href=href target="_blank" rel="noopener noreferrer">{td_string!(locale, sales.pay_link)}</a>
                    })}
                </div>
            }
            .into_any()
        }
        MessageCard::CompanyInfo {
            name,
            address,
            phone,
            opening_hours,
            website,
        } => {
            let site = safe(&website);
            view! {
                <div class="card card-company">
                    <strong>{name}</strong>
                    <p class="card-text">{address}</p>
                    <p class="card-text">{phone}</p>
                    <p class="card-text">{opening_hours}</p>
                    {site.map(|href| view! {
                        <a href=href.clone() target="_blank" rel="noopener noreferrer">{website}</a>
                    })}
                </div>
            }
            .into_any()
        }
    }
}
