//! The side panel: who the customer is and how they reached us.

use leptos::prelude::*;
use switchboard_protocol::{ConnectorKind, ConversationId};

use crate::format::channel;
use crate::i18n::*;
use crate::projection::project;
use crate::projection::use_locale;
use crate::stores::{ConversationStore, SessionStore};

/// Customer details of the open conversation.
#[component]
pub fn CustomerPanel(
    /// The open conversation.
    id: ConversationId,
) -> impl IntoView {
    // Drawn again for every conversation opened: projections only.
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let conversations = expect_context::<ConversationStore>();
    let conversation = project(move || {
        let conversation = conversations
            .queue
            .with(|queue| queue.get(id).map(|row| row.conversation.clone()))?;
        let line = store.line_name(conversation.line_id);
        Some((conversation, line))
    });
    let earlier = project(move || {
        conversations
            .earlier_sessions
            .with(|map| map.get(&id).copied().unwrap_or(0))
    });
    let unknown = move || td_string!(locale, customer.unknown).to_owned();
    view! {
        <aside class="customer-panel" aria-labelledby="customer-panel-title">
            <h2 id="customer-panel-title" class="panel-title">{td!(locale, customer.panel)}</h2>
            {move || {
                conversation
                    .get()
                    .map(|(conversation, line)| {
                        let kind = conversation.channel;
                        let email = conversation.customer.email.clone();
                        let phone = conversation.customer.phone.clone();

                        // A website's visitor is named by the site (or not at
                        // all): nothing proves it.
                        let unverified = kind == ConnectorKind::Livechat;
                        view! {
                            <p class="customer-name">{conversation.customer.name.clone()}</p>
                            {unverified.then(|| view! {
                                <p class="customer-unverified">{td!(locale, customer.unverified)}</p>
                            })}
                            <dl class="customer-details">
                                <dt>{td!(locale, customer.channel)}</dt>
                                <dd>{move || channel(locale, kind)}</dd>
                                <dt>{td!(locale, customer.line)}</dt>
                                <dd>{line}</dd>
                                <dt>{td!(locale, customer.email)}</dt>
                                <dd>{email.unwrap_or_else(unknown)}</dd>
                                <dt>{td!(locale, customer.phone)}</dt>
                                <dd>{phone.unwrap_or_else(unknown)}</dd>
                                <dt>{td!(locale, customer.earlier_sessions)}</dt>
                                <dd>{earlier}</dd>
                            </dl>
                        }
                    })
            }}
            <crate::components::crm::card::CrmCard id=id />
        </aside>
    }
}
