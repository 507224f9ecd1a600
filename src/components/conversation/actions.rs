//! The conversation's action buttons and its "More actions" menu. Which
//! actions appear is decided by `state::actions::available`.

use leptos::prelude::*;
use switchboard_protocol::ConversationId;

use crate::i18n::*;
use crate::projection::project;
use crate::projection::use_locale;
use crate::state::actions::{available, ConversationAction};
use crate::stores::{ActionCall, ConversationStore, CrmStore, SessionStore};

/// A dialog an action opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionDialog {
    /// "Transfer conversation".
    Transfer,
    /// "Invite users".
    Invite,
    /// "Message history".
    History,
    /// "Snooze".
    Snooze,
}

/// The accessible (and visible) name of an action.
pub fn action_label(locale: Locale, action: ConversationAction) -> &'static str {
    match action {
        ConversationAction::Transfer => td_string!(locale, actions.transfer),
        ConversationAction::AcceptAndClose => td_string!(locale, actions.accept_and_close),
        ConversationAction::MarkSpam => td_string!(locale, actions.mark_spam),
        ConversationAction::History => td_string!(locale, actions.history),
        ConversationAction::Take => td_string!(locale, actions.take),
        ConversationAction::Invite => td_string!(locale, actions.invite),
        ConversationAction::Finish => td_string!(locale, actions.finish),
        ConversationAction::Lock => td_string!(locale, actions.lock),
        ConversationAction::Unlock => td_string!(locale, actions.unlock),
        ConversationAction::SaveToCrm => td_string!(locale, actions.save_to_crm),
        ConversationAction::Snooze => td_string!(locale, snooze.action),
    }
}

fn run(
    conversations: ConversationStore,
    crm: CrmStore,
    id: ConversationId,
    action: ConversationAction,
    dialog: RwSignal<Option<ActionDialog>>,
) {
    match action {
        ConversationAction::Transfer => dialog.set(Some(ActionDialog::Transfer)),
        ConversationAction::Invite => dialog.set(Some(ActionDialog::Invite)),
        ConversationAction::History => dialog.set(Some(ActionDialog::History)),
        ConversationAction::Snooze => dialog.set(Some(ActionDialog::Snooze)),
        ConversationAction::AcceptAndClose | ConversationAction::Finish => {
            conversations.act(id, ActionCall::Close)
        }
        ConversationAction::MarkSpam => conversations.act(id, ActionCall::Spam),
        ConversationAction::Take => conversations.act(id, ActionCall::Take),
        ConversationAction::Lock => conversations.act(id, ActionCall::Lock(true)),
        ConversationAction::Unlock => conversations.act(id, ActionCall::Lock(false)),
        ConversationAction::SaveToCrm => crm.save_to_crm(id),
    }
}

/// "Linked: contact · deal" when the conversation is already in the CRM.
fn linked(crm: CrmStore, id: ConversationId) -> Option<String> {
    crm.cards.with(|cards| {
        let card = cards.get(&id)?;
        let contact = card.contact.as_ref()?;
        let deal = card
            .deal_id
            .and_then(|deal| card.deals.iter().find(|known| known.id == deal))
            .map(|deal| format!(" · {}", deal.title))
            .unwrap_or_default();
        Some(format!("{}{deal}", contact.name))
    })
}

/// The buttons and the "More actions" menu of a conversation.
#[component]
pub fn ActionsBar(
    /// The conversation.
    id: ConversationId,
    /// Which dialog is open; actions that need one set it.
    dialog: RwSignal<Option<ActionDialog>>,
) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let conversations = expect_context::<ConversationStore>();
    let crm = expect_context::<CrmStore>();
    let actions = project(move || {
        let actor = store.actor();
        conversations.queue.with(|queue| {
            queue
                .get(id)
                .map(|row| available(&row.conversation, &actor))
                .unwrap_or_default()
        })
    });
    let linked = project(move || linked(crm, id));
    let menu_open = RwSignal::new(false);
    let menu_id = format!("more-actions-{id}");
    let close_menu_on_escape = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" {
            menu_open.set(false);
        }
    };
    view! {
        <div class="actions-bar" on:keydown=close_menu_on_escape>
            <For each=move || actions.get().primary key=|action| *action let:action>
                <button type="button" on:click=move |_| run(conversations, crm, id, action, dialog)>
                    {move || action_label(locale, action)}
                </button>
            </For>
            <div class="menu-anchor">
                <button
                    type="button"
                    aria-haspopup="menu"
                    aria-expanded=move || menu_open.get().to_string()
                    aria-controls=menu_id.clone()
                    on:click=move |_| menu_open.update(|open| *open = !*open)
                >
                    {td!(locale, actions.more)}
                    <span aria-hidden="true">" ⋯"</span>
                </button>
                <Show when=move || menu_open.get()>
                    <ul class="menu" role="menu" id=format!("more-actions-{id}") aria-label=move || td_string!(locale, actions.more)>
                        <For each=move || actions.get().more key=|action| *action let:action>
                            <li role="none">
                                <button
                                    type="button"
                                    role="menuitem"
                                    on:click=move |_| {
                                        menu_open.set(false);
                                        run(conversations, crm, id, action, dialog);
                                    }
                                >
                                    {move || action_label(locale, action)}
                                    {move || (action == ConversationAction::SaveToCrm).then(|| linked.get()).flatten().map(|linked| {
                                        view! {
                                            <span class="menu-item-reason">
                                                {td!(locale, crm.linked)} " " {linked}
                                            </span>
                                        }
                                    })}
                                </button>
                            </li>
                        </For>
                    </ul>
                </Show>
            </div>
        </div>
    }
}
