//! The conversation's labels and priority in its header: chips (name and
//! colour), and for whoever may act on the conversation a "Labels" menu of
//! checkable labels and a "Priority" select. Others read them only.

use leptos::prelude::*;
use switchboard_protocol::{ConversationId, LabelId, Priority};

use crate::components::queue::row::LabelChip;
use crate::format;
use crate::i18n::*;
use crate::projection::{project, use_locale};
use crate::state::actions::may_label;
use crate::state::labels::{named, toggled};
use crate::stores::{ConversationStore, SessionStore};

/// Every priority, from none to urgent (the select's order).
const PRIORITIES: [Priority; 5] = [
    Priority::None,
    Priority::Low,
    Priority::Medium,
    Priority::High,
    Priority::Urgent,
];

/// Labels and priority of conversation `id`.
#[component]
pub fn ConversationLabels(
    /// The conversation.
    id: ConversationId,
) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let conversations = expect_context::<ConversationStore>();
    // Its labels, its priority and whether the employee may change them.
    let shown = project(move || {
        let actor = store.actor();
        conversations.queue.with(|queue| {
            queue.get(id).map(|row| {
                let conversation = &row.conversation;
                (
                    conversation.labels.clone(),
                    conversation.priority,
                    may_label(conversation, &actor),
                )
            })
        })
    });
    let current = move || shown.with(|shown| shown.as_ref().map(|(labels, ..)| labels.clone()));
    let chips = move || {
        let ids = current().unwrap_or_default();
        store.labels.with(|labels| {
            named(&ids, labels)
                .map(|label| view! { <li><LabelChip label=label.clone() /></li> })
                .collect_view()
        })
    };
    let toggle = move |label: LabelId| {
        let Some(labels) = current() else {
            return;
        };
        let labels = toggled(&labels, label);
        store.spawn(async move {
            let result = store.client().set_labels(id, labels).await;
            conversations.settle(id, result);
        });
    };
    let on_priority = move |event: leptos::ev::Event| {
        if let Ok(priority) = event_target_value(&event).parse::<Priority>() {
            store.spawn(async move {
                let result = store.client().set_priority(id, priority).await;
                conversations.settle(id, result);
            });
        }
    };
    let editable = move || shown.with(|shown| shown.as_ref().is_some_and(|(.., may)| *may));
    let priority = move || shown.with(|shown| shown.as_ref().map_or(Priority::None, |s| s.1));
    let menu_open = RwSignal::new(false);
    let menu_id = StoredValue::new(format!("labels-menu-{id}"));
    let close_on_escape = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" && menu_open.get_untracked() {
            event.stop_propagation();
            menu_open.set(false);
        }
    };
    view! {
        <div class="conversation-labels" on:keydown=close_on_escape>
            <ul class="label-chips" aria-label=move || td_string!(locale, labels.labels)>
                {chips}
            </ul>
            <Show
                when=editable
                fallback=move || {
                    (priority() != Priority::None)
                        .then(|| {
                            view! {
                                <p class=format!("row-priority priority-{}", priority().as_str())>
                                    {td!(locale, labels.priority)} ": " {format::priority(locale, priority())}
                                </p>
                            }
                        })
                }
            >
                <div class="menu-anchor">
                    <button
                        type="button"
                        aria-haspopup="menu"
                        aria-expanded=move || menu_open.get().to_string()
                        aria-controls=move || menu_id.get_value()
                        on:click=move |_| menu_open.update(|open| *open = !*open)
                    >
                        {td!(locale, labels.labels)}
                        <span aria-hidden="true">" ▾"</span>
                    </button>
                    <Show when=move || menu_open.get()>
                        <ul class="menu" role="menu" id=move || menu_id.get_value() aria-label=move || td_string!(locale, labels.labels)>
                            <For each=move || store.labels.get() key=|label| (label.id, label.name.clone(), label.colour) let:label>
                                <li role="none">
                                    <button
                                        type="button"
                                        role="menuitemcheckbox"
                                        aria-checked=move || {
                                            current().is_some_and(|labels| labels.contains(&label.id)).to_string()
                                        }
                                        on:click=move |_| toggle(label.id)
                                    >
                                        <span class="menu-check" aria-hidden="true">
                                            {move || if current().is_some_and(|labels| labels.contains(&label.id)) { "✓" } else { "" }}
                                        </span>
                                        <LabelChip label=label.clone() />
                                    </button>
                                </li>
                            </For>
                        </ul>
                    </Show>
                </div>
                <label class="priority-field">
                    <span>{td!(locale, labels.priority)}</span>
                    <select on:change=on_priority>
                        {PRIORITIES
                            .into_iter()
                            .map(|each| {
                                view! {
                                    <option value=each.as_str() selected=move || priority() == each>
                                        {format::priority(locale, each)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
            </Show>
        </div>
    }
}
