//! "Start selling": the sales panel. Products (search, send a card, add to
//! an order), the order with its exact total turned into a payment link,
//! and the company's details.

use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_protocol::{Money, Product, ProductId};

use super::toolbar::ToolPanel;
use super::Compose;
use crate::components::kit::form::SearchBox;
use crate::format;
use crate::i18n::*;
use crate::projection::use_locale;

/// The order being built: products and quantities, in the order added.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Basket {
    lines: Vec<(Product, u32)>,
}

impl Basket {
    /// Adds one unit of `product` (or one more).
    pub fn add(&mut self, product: Product) {
        match self
            .lines
            .iter_mut()
            .find(|(known, _)| known.id == product.id)
        {
            Some((_, quantity)) => *quantity += 1,
            None => self.lines.push((product, 1)),
        }
    }

    /// Sets a quantity; zero removes the line.
    pub fn set(&mut self, id: ProductId, quantity: u32) {
        if quantity == 0 {
            self.lines.retain(|(known, _)| known.id != id);
        } else if let Some((_, known)) = self.lines.iter_mut().find(|(known, _)| known.id == id) {
            *known = quantity;
        }
    }

    /// The lines.
    pub fn lines(&self) -> &[(Product, u32)] {
        &self.lines
    }

    /// The exact total, in integer minor units; `None` when empty, when
    /// currencies differ or an amount is malformed.
    pub fn total(&self) -> Option<Money> {
        let currency = self.lines.first()?.0.price.currency.clone();
        let mut minor: i64 = 0;
        for (product, quantity) in &self.lines {
            if product.price.currency != currency {
                return None;
            }
            minor = minor.checked_add(product.price.minor()?.checked_mul(i64::from(*quantity))?)?;
        }
        Some(Money::from_minor(minor, &currency))
    }
}

/// The panel of the "Start selling" button.
#[component]
pub fn SalesPanel() -> impl IntoView {
    let locale = use_locale();
    let compose = expect_context::<Compose>();
    let api = expect_context::<crate::api::Api>();
    let crm = expect_context::<crate::stores::CrmStore>();
    let id = compose.id;
    let query = RwSignal::new(String::new());
    let products = RwSignal::new(None::<Result<Vec<Product>, String>>);
    let basket = RwSignal::new(Basket::default());
    let busy = RwSignal::new(false);
    let search = move || {
        let text = query.get_untracked();
        spawn_local(async move {
            products.set(Some(crm.products(&text).await));
        });
    };
    search();
    // Sends something, then says so under the field (or why not).
    let run =
        move |job: std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>>>>,
              done: &'static str,
              after: Option<Box<dyn FnOnce()>>| {
            busy.set(true);
            spawn_local(async move {
                let result = job.await;
                busy.set(false);
                match result {
                    Ok(()) => {
                        compose.error.set(None);
                        compose.info.set(Some(done.to_owned()));
                        if let Some(after) = after {
                            after();
                        }
                    }
                    Err(reason) => compose.error.set(Some(reason)),
                }
            });
        };
    view! {
        <ToolPanel label=td_string!(locale, sales.title) class="sales-panel side">
            <header class="side-panel-head">
                <h2>{td!(locale, sales.title)}</h2>
                <button
                    type="button"
                    class="link-button"
                    on:click=move |_| {
                        compose.close_panel();
                        compose.focus();
                    }
                >
                    {td!(locale, sales.close)}
                </button>
            </header>
            <section aria-label=move || td_string!(locale, sales.products)>
                <h3>{td!(locale, sales.products)}</h3>
                <SearchBox label=td_string!(locale, sales.search) value=query on_input=move |_| search() />
                {move || match products.get() {
                    None => view! { <p role="status">{td!(locale, loading)}</p> }.into_any(),
                    Some(Err(error)) => view! { <p role="alert">{error}</p> }.into_any(),
                    Some(Ok(list)) if list.is_empty() => view! { <p class="empty-state">{td!(locale, sales.no_products)}</p> }.into_any(),
                    Some(Ok(list)) => view! {
                        <ul class="product-list">
                            {list.into_iter().map(|product| {
                                let image = product.image_url.as_deref().and_then(|url| api.resolve(url));
                                let price = product.price.clone();
                                let name = product.name.clone();
                                let stock = product.stock;
                                let product_id = product.id;
                                let for_basket = product.clone();
                                view! {
                                    <li class="product">
                                        {image.map(|src| view! { <img src=src alt="" width="48" height="48" loading="lazy" /> })}
                                        <span class="product-name">{name.clone()}</span>
                                        <span class="product-price">{move || format::money(locale, &price)}</span>
                                        <span class="product-stock">{move || format!("{} {stock}", td_string!(locale, sales.in_stock))}</span>
                                        <span class="product-actions">
                                            <button
                                                type="button"
                                                aria-label=format!("{} {name}", td_string!(locale, sales.send_card))
                                                disabled=move || busy.get()
                                                on:click=move |_| run(
                                                    Box::pin(async move { crm.send_product_card(id, product_id).await }),
                                                    td_string!(locale, sales.card_sent),
                                                    None,
                                                )
                                            >
                                                {td!(locale, sales.send_card)}
                                            </button>
                                            <button
                                                type="button"
                                                aria-label=format!("{} {}", td_string!(locale, sales.add_to_order), for_basket.name)
                                                disabled=stock == 0
                                                on:click=move |_| basket.update(|basket| basket.add(for_basket.clone()))
                                            >
                                                {td!(locale, sales.add_to_order)}
                                            </button>
                                        </span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                }}
            </section>
            <section aria-label=move || td_string!(locale, sales.order)>
                <h3>{td!(locale, sales.order)}</h3>
                {move || {
                    let lines = basket.with(|basket| basket.lines().to_vec());
                    if lines.is_empty() {
                        return view! { <p class="field-hint">{td!(locale, sales.order_empty)}</p> }.into_any();
                    }
                    view! {
                        <ul class="order-lines">
                            {lines.into_iter().map(|(product, quantity)| {
                                let product_id = product.id;
                                view! {
                                    <li>
                                        <span>{product.name.clone()}</span>
                                        <input
                                            type="number"
                                            min="0"
                                            max=product.stock.to_string()
                                            aria-label=format!("{} {}", td_string!(locale, sales.quantity), product.name)
                                            prop:value=quantity.to_string()
                                            on:change=move |event| {
                                                let value = event_target_value(&event).parse().unwrap_or(0);
                                                basket.update(|basket| basket.set(product_id, value));
                                            }
                                        />
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
                <p class="order-total">
                    {td!(locale, sales.total)}": "
                    <output>{move || basket.with(Basket::total).map(|total| format::money(locale, &total)).unwrap_or_default()}</output>
                </p>
                <button
                    type="button"
                    class="primary"
                    disabled=move || busy.get() || basket.with(|basket| basket.lines().is_empty())
                    on:click=move |_| {
                        let items: Vec<(ProductId, u32)> = basket.with_untracked(|basket| {
                            basket.lines().iter().map(|(product, quantity)| (product.id, *quantity)).collect()
                        });
                        run(
                            Box::pin(async move { crm.send_order(id, items).await }),
                            td_string!(locale, sales.link_sent),
                            Some(Box::new(move || basket.set(Basket::default()))),
                        );
                    }
                >
                    {td!(locale, sales.send_payment_link)}
                </button>
            </section>
            <section aria-label=move || td_string!(locale, sales.company)>
                <h3>{td!(locale, sales.company)}</h3>
                <button
                    type="button"
                    disabled=move || busy.get()
                    on:click=move |_| run(
                        Box::pin(async move { crm.send_company_info(id).await }),
                        td_string!(locale, sales.company_sent),
                        None,
                    )
                >
                    {td!(locale, sales.send_company)}
                </button>
            </section>
        </ToolPanel>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(id: i64, amount: &str) -> Product {
        Product {
            id: ProductId(id),
            name: format!("Product {id}"),
            description: String::new(),
            price: Money {
                amount: amount.into(),
                currency: "EUR".into(),
            },
            stock: 10,
            image_url: None,
            url: format!("/shop/products/{id}"),
            archived: false,
        }
    }

    #[test]
    fn the_total_is_exact_in_minor_units() {
        let mut basket = Basket::default();
        for _ in 0..3 {
            basket.add(product(1, "19.90"));
        }
        basket.add(product(2, "25.00"));
        assert_eq!(basket.total().unwrap().amount, "84.70");
        // 0.1 + 0.2 in floats is not 0.3; in cents it is.
        let mut cents = Basket::default();
        cents.add(product(3, "0.10"));
        cents.add(product(4, "0.20"));
        assert_eq!(cents.total().unwrap().amount, "0.30");
        basket.set(ProductId(1), 0);
        assert_eq!(basket.lines().len(), 1);
        assert_eq!(basket.total().unwrap().amount, "25.00");
    }

    #[test]
    fn mixed_currencies_have_no_total() {
        let mut basket = Basket::default();
        basket.add(product(1, "1.00"));
        let mut dollars = product(2, "1.00");
        dollars.price.currency = "USD".into();
        basket.add(dollars);
        assert_eq!(basket.total(), None);
    }
}
