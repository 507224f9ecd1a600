//! The queue's filters: line, label ("Filter by label"), order ("Sort by")
//! and channel. They come with the conversation's part, soon after the
//! queue's first rows: the start module carries none of their views (the
//! filter and the order chosen are in the store from the start).

use leptos::prelude::*;
use switchboard_protocol::{LabelId, LineId};

use crate::format::{channel, channel_key, CHANNELS};
use crate::i18n::*;
use crate::state::queue::{QueueFilter, QueueSort};
use crate::stores::{ConversationStore, SessionStore};

/// The selects of the queue's filters and order.
#[component]
pub fn QueueFilters() -> impl IntoView {
    let i18n = use_i18n();
    let store = expect_context::<SessionStore>();
    let conversations = expect_context::<ConversationStore>();

    let on_line = move |event: leptos::ev::Event| {
        let line = event_target_value(&event).parse::<i64>().ok().map(LineId);
        let filter = QueueFilter {
            line,
            ..conversations.filter.get_untracked()
        };
        conversations.set_filter(filter);
    };
    let on_channel = move |event: leptos::ev::Event| {
        let key = event_target_value(&event);
        let channel = CHANNELS.into_iter().find(|kind| channel_key(*kind) == key);
        let filter = QueueFilter {
            channel,
            ..conversations.filter.get_untracked()
        };
        conversations.filter.set(filter);
    };

    let on_label = move |event: leptos::ev::Event| {
        let label = event_target_value(&event).parse::<i64>().ok().map(LabelId);
        conversations.filter_by_label(label);
    };
    let on_sort = move |event: leptos::ev::Event| {
        conversations.sort_by(QueueSort::parse(&event_target_value(&event)));
    };

    view! {
            <label>
                <span class="visually-hidden">{t!(i18n, queue.line)}</span>
                <select on:change=on_line>
                    <option value="">{t!(i18n, queue.all_lines)}</option>
                    {move || {
                        let chosen = conversations.filter.with(|filter| filter.line);
                        store.lines.with(|lines| {
                            lines
                                .iter()
                                .map(|line| {
                                    view! {
                                        <option value=line.id.to_string() selected=chosen == Some(line.id)>
                                            {line.name.clone()}
                                        </option>
                                    }
                                })
                                .collect_view()
                        })
                    }}
                </select>
            </label>
            <label>
                <span class="visually-hidden">{t!(i18n, labels.filter)}</span>
                <select on:change=on_label>
                    <option value="">{t!(i18n, labels.all)}</option>
                    {move || {
                        let chosen = conversations.filter.with(|filter| filter.label);
                        store.labels.with(|labels| {
                            labels
                                .iter()
                                .map(|label| {
                                    view! {
                                        <option value=label.id.to_string() selected=chosen == Some(label.id)>
                                            {label.name.clone()}
                                        </option>
                                    }
                                })
                                .collect_view()
                        })
                    }}
                </select>
            </label>
            <label>
                <span class="visually-hidden">{t!(i18n, labels.sort)}</span>
                <select on:change=on_sort>
                    {[QueueSort::Wait, QueueSort::Priority]
                        .into_iter()
                        .map(|sort| {
                            view! {
                                <option value=sort.as_str() selected=move || conversations.sort.get() == sort>
                                    {move || match sort {
                                        QueueSort::Wait => t_string!(i18n, labels.sort_wait),
                                        QueueSort::Priority => t_string!(i18n, labels.sort_priority),
                                    }}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                <span class="visually-hidden">{t!(i18n, queue.channel)}</span>
                <select on:change=on_channel>
                    <option value="">{t!(i18n, queue.all_channels)}</option>
                    {CHANNELS
                        .into_iter()
                        .map(|kind| {
                            view! {
                                <option value=channel_key(kind)>
                                    {move || channel(i18n.get_locale(), kind)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
    }
}
