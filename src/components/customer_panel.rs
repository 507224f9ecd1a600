//! The side panel: who the customer is and how they reached us.

use leptos::prelude::*;
use switchboard_protocol::ConversationId;

use crate::format::channel;
use crate::i18n::*;
use crate::projection::project;
use crate::stores::{ConversationStore, SessionStore};

/// Customer details of the open conversation.
#[component]
pub fn CustomerPanel(
    /// The open conversation.
    id: ConversationId,
) -> impl IntoView {
    // Drawn again for every conversation opened: projections only.
    crate::projection::follow_locale();
    let i18n = use_i18n();
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
    let unknown = move || t_string!(i18n, customer.unknown).to_owned();
    view! {
        <aside class="customer-panel" aria-labelledby="customer-panel-title">
            <h2 id="customer-panel-title" class="panel-title">{t!(i18n, customer.panel)}</h2>
            {move || {
                conversation
                    .get()
                    .map(|(conversation, line)| {
                        let kind = conversation.channel;
                        let email = conversation.customer.email.clone();
                        let phone = conversation.customer.phone.clone();

                        view! {
                            <p class="customer-name">{conversation.customer.name.clone()}</p>
                            <dl class="customer-details">
                                <dt>{t!(i18n, customer.channel)}</dt>
                                <dd>{move || channel(i18n.get_locale(), kind)}</dd>
                                <dt>{t!(i18n, customer.line)}</dt>
                                <dd>{line}</dd>
                                <dt>{t!(i18n, customer.email)}</dt>
                                <dd>{email.unwrap_or_else(unknown)}</dd>
                                <dt>{t!(i18n, customer.phone)}</dt>
                                <dd>{phone.unwrap_or_else(unknown)}</dd>
                                <dt>{t!(i18n, customer.earlier_sessions)}</dt>
                                <dd>{earlier}</dd>
                            </dl>
                        }
                    })
            }}
            <crate::components::crm::card::CrmCard id=id />
        </aside>
    }
}
