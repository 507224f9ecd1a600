//! The customer card of a conversation: what the CRM knows, editable in
//! place, live as colleagues change it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_protocol::{
    ContactId, ConversationId, Deal, DealStage, OrderStatus, UpdateContactRequest,
    UpdateDealRequest,
};

use crate::format;
use crate::i18n::*;
use crate::projection::project;
use crate::projection::use_locale;
use crate::stores::CrmStore;

/// The translated name of a deal stage.
pub fn stage_label(locale: Locale, stage: DealStage) -> &'static str {
    match stage {
        DealStage::New => td_string!(locale, crm.stage_new),
        DealStage::InProgress => td_string!(locale, crm.stage_in_progress),
        DealStage::Proposal => td_string!(locale, crm.stage_proposal),
        DealStage::Won => td_string!(locale, crm.stage_won),
        DealStage::Lost => td_string!(locale, crm.stage_lost),
    }
}

/// The translated status of an order.
pub fn order_status(locale: Locale, status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::New => td_string!(locale, crm.order_new),
        OrderStatus::AwaitingPayment => td_string!(locale, crm.order_awaiting),
        OrderStatus::Paid => td_string!(locale, crm.order_paid),
        OrderStatus::PaymentFailed => td_string!(locale, crm.order_failed),
        OrderStatus::PaymentExpired => td_string!(locale, crm.order_expired),
    }
}

/// The CRM part of the side panel.
#[component]
pub fn CrmCard(id: ConversationId) -> impl IntoView {
    let locale = use_locale();
    let crm = expect_context::<CrmStore>();
    crm.load_crm(id);
    let card = project(move || crm.cards.with(|cards| cards.get(&id).cloned()));
    // Not loaded, loaded without a contact, or its contact.
    let shape = project(move || {
        crm.cards.with(|cards| {
            cards
                .get(&id)
                .map(|card| card.contact.as_ref().map(|contact| contact.id))
        })
    });
    let saving = RwSignal::new(false);
    let save = move |_| {
        saving.set(true);
        spawn_local(async move {
            crm.save(id).await;
            saving.set(false);
        });
    };
    let saved = project(move || crm.saved.with(|saved| saved.get(&id).cloned()));
    let outcome = move || {
        saved.with(|saved| match saved {
            Some(Ok(saved)) => {
                let text = match (saved.contact_created, saved.deal_created) {
                    (true, _) => td_string!(locale, crm.saved_new),
                    (false, true) => td_string!(locale, crm.saved_new_deal),
                    (false, false) => td_string!(locale, crm.saved_again),
                };
                Some(view! { <p class="crm-outcome" role="status">{text}</p> }.into_any())
            }
            Some(Err(error)) => {
                Some(view! { <p class="form-error" role="alert">{error.clone()}</p> }.into_any())
            }
            _ => None,
        })
    };
    view! {
        <section class="crm-card" aria-labelledby="crm-card-title">
            <h3 id="crm-card-title">{td!(locale, crm.title)}</h3>
            {outcome}
            {move || match shape.get() {
                None => view! { <p class="log-loading" role="status">{td!(locale, loading)}</p> }.into_any(),
                Some(None) => view! {
                    <p class="field-hint">{td!(locale, crm.not_saved)}</p>
                    <button type="button" disabled=move || saving.get() on:click=save>
                        {td!(locale, actions.save_to_crm)}
                    </button>
                }
                .into_any(),
                // Keyed by the contact only: the form keeps what the operator
                // typed and its notices while deals and orders change live.
                Some(Some(contact)) => view! {
                    <ContactForm id=id contact=contact />
                    <CardLists card=card />
                }
                .into_any(),
            }}
        </section>
    }
}

/// Deals, orders and form submissions of the card, live.
#[component]
fn CardLists(card: Signal<Option<switchboard_protocol::ConversationCrm>>) -> impl IntoView {
    let locale = use_locale();
    move || {
        card.get().map(|card| {
            let current = card.deal_id;
            view! {
                <h4>{td!(locale, crm.deals)}</h4>
                <ul class="crm-list">
                    {card
                        .deals
                        .into_iter()
                        .map(|deal| {
                            let here = Some(deal.id) == current;
                            view! { <DealRow deal=deal current=here /> }
                        })
                        .collect_view()}
                </ul>
                {(!card.orders.is_empty()).then(|| view! {
                    <h4>{td!(locale, crm.orders)}</h4>
                    <ul class="crm-list" aria-label=move || td_string!(locale, crm.orders)>
                        {card.orders.iter().map(|order| {
                            let total = order.total.clone();
                            let status = order.status;
                            let number = order.id.0;
                            view! {
                                <li class="crm-order">
                                    {format!("#{number} · ")}
                                    {move || format::money(locale, &total)}
                                    " · "
                                    <span class=format!("order-status order-{}", status.as_str())>
                                        {move || order_status(locale, status)}
                                    </span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })}
                {(!card.form_submissions.is_empty()).then(|| view! {
                    <h4>{td!(locale, crm.forms)}</h4>
                    <ul class="crm-list">
                        {card.form_submissions.iter().map(|submission| {
                            let at = submission.submitted_at;
                            view! {
                                <li>
                                    {submission.form_title.clone()}" · "
                                    {move || format::date_time(locale, at)}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })}
            }
        })
    }
}

/// The contact's fields, saved together.
#[component]
fn ContactForm(id: ConversationId, contact: ContactId) -> impl IntoView {
    let locale = use_locale();
    let crm = expect_context::<CrmStore>();
    let Some(contact) = crm.cards.with_untracked(|cards| {
        cards
            .get(&id)
            .and_then(|card| card.contact.clone())
            .filter(|known| known.id == contact)
    }) else {
        return ().into_any();
    };
    let name = RwSignal::new(contact.name.clone());
    let phone = RwSignal::new(contact.phone.clone().unwrap_or_default());
    let email = RwSignal::new(contact.email.clone().unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let contact_id = contact.id;
    // The version edited moves on with each save of mine.
    let version = StoredValue::new(contact.version);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request = UpdateContactRequest {
            name: Some(name.get_untracked().trim().to_owned()),
            phone: Some(phone.get_untracked().trim().to_owned()),
            email: Some(email.get_untracked().trim().to_owned()),
            version: Some(version.get_value()),
        };
        saved.set(false);
        spawn_local(async move {
            match crm.update_contact(contact_id, request).await {
                Ok(next) => {
                    version.set_value(next);
                    error.set(None);
                    saved.set(true);
                }
                Err(reason) => error.set(Some(reason)),
            }
        });
    };
    view! {
        <form class="crm-contact" aria-label=move || td_string!(locale, crm.contact) on:submit=submit>
            <label>
                {td!(locale, crm.name)}
                <input type="text" required prop:value=name on:input=move |e| name.set(event_target_value(&e)) />
            </label>
            <label>
                {td!(locale, customer.phone)}
                <input type="tel" prop:value=phone on:input=move |e| phone.set(event_target_value(&e)) />
            </label>
            <label>
                {td!(locale, customer.email)}
                <input type="email" prop:value=email on:input=move |e| email.set(event_target_value(&e)) />
            </label>
            {move || error.get().map(|error| view! { <p class="form-error" role="alert">{error}</p> })}
            {move || saved.get().then(|| view! { <p class="crm-outcome" role="status">{td!(locale, crm.contact_saved)}</p> })}
            <button type="submit">{td!(locale, crm.save_contact)}</button>
        </form>
    }
    .into_any()
}

/// A deal with its stage, which the operator can move.
#[component]
fn DealRow(deal: Deal, current: bool) -> impl IntoView {
    let locale = use_locale();
    let crm = expect_context::<CrmStore>();
    let error = RwSignal::new(None::<String>);
    let id = deal.id;
    let version = deal.version;
    let amount = deal.amount.clone();
    let title = deal.title.clone();
    let stage = deal.stage;
    let change = move |event: leptos::ev::Event| {
        let Some(stage) = DealStage::parse(&event_target_value(&event)) else {
            return;
        };
        spawn_local(async move {
            let request = UpdateDealRequest {
                stage: Some(stage),
                version: Some(version),
                ..UpdateDealRequest::default()
            };
            match crm.update_deal(id, request).await {
                Ok(()) => error.set(None),
                Err(reason) => error.set(Some(reason)),
            }
        });
    };
    view! {
        <li class="crm-deal" class:current=current>
            <strong>{deal.title.clone()}</strong>
            <span class="page-meta">{move || format::money(locale, &amount)}</span>
            <select
                aria-label=move || format!("{} {}", td_string!(locale, crm.stage_of), title)
                on:change=change
            >
                    {DealStage::ALL
                        .into_iter()
                        .map(|option| view! {
                            <option value=option.as_str() selected=option == stage>
                                {move || stage_label(locale, option)}
                            </option>
                        })
                        .collect_view()}
            </select>
            {move || error.get().map(|error| view! { <p class="form-error" role="alert">{error}</p> })}
        </li>
    }
}
