//! "Filter by label" and "Sort by", beside the queue's other filters. They
//! come with the conversation's part (the queue panel draws them once it
//! has arrived, which it does as soon as the queue is on screen): the start
//! module carries only what applies the choices, kept per browser.

use leptos::prelude::*;
use switchboard_protocol::LabelId;

use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::queue::QueueSort;
use crate::stores::{ConversationStore, SessionStore};

/// The label filter and the order of the queue.
#[component]
pub fn QueueTools() -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let conversations = expect_context::<ConversationStore>();
    let on_label = move |event: leptos::ev::Event| {
        let label = event_target_value(&event).parse::<i64>().ok().map(LabelId);
        conversations.filter_by_label(label);
    };
    let on_sort = move |event: leptos::ev::Event| {
        conversations.sort_by(QueueSort::parse(&event_target_value(&event)));
    };
    let sort_name = move |sort: QueueSort| match sort {
        QueueSort::Wait => td_string!(locale, labels.sort_wait),
        QueueSort::Priority => td_string!(locale, labels.sort_priority),
    };
    view! {
        <label>
            <span class="visually-hidden">{td!(locale, labels.filter)}</span>
            <select on:change=on_label>
                <option value="">{td!(locale, labels.all)}</option>
                {move || {
                    let chosen = conversations.filter.with(|filter| filter.label);
                    store
                        .labels
                        .get()
                        .into_iter()
                        .map(|label| {
                            view! {
                                <option value=label.id.to_string() selected=chosen == Some(label.id)>
                                    {label.name}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </label>
        <label>
            <span class="visually-hidden">{td!(locale, labels.sort)}</span>
            <select on:change=on_sort>
                {[QueueSort::Wait, QueueSort::Priority]
                    .into_iter()
                    .map(|sort| {
                        view! {
                            <option value=sort.as_str() selected=move || conversations.sort.get() == sort>
                                {sort_name(sort)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
