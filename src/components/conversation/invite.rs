//! "Invite users": colleagues to add as participants.

use std::collections::BTreeSet;

use leptos::prelude::*;
use switchboard_protocol::{ConversationId, UserId};

use crate::components::kit::form::{Choice, DialogFooter, SearchBox};
use crate::components::kit::modal::Modal;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::stores::{ActionCall, ConversationStore, SessionStore};

/// The invite dialog of a conversation.
#[component]
pub fn InviteDialog(
    /// The conversation.
    id: ConversationId,
    /// Closes the dialog.
    on_close: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let conversations = expect_context::<ConversationStore>();
    let query = RwSignal::new(String::new());
    let chosen = RwSignal::new(BTreeSet::<UserId>::new());
    let already: Vec<UserId> = conversations.queue.with_untracked(|queue| {
        queue
            .get(id)
            .map(|row| {
                let mut ids = row.conversation.participants.clone();
                ids.extend(row.conversation.assignee);
                ids
            })
            .unwrap_or_default()
    });
    let candidates = move || query.with(|query| store.colleagues_matching(query, &already));
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let users: Vec<UserId> = chosen.get_untracked().into_iter().collect();
        if !users.is_empty() {
            conversations.act(id, ActionCall::Invite(users));
            on_close.run(());
        }
    };
    view! {
        <Modal title=td_string!(locale, invite.title) on_close=on_close>
            <form class="dialog-form" on:submit=submit>
                <SearchBox label=td_string!(locale, invite.search) value=query />
                <div class="choice-list">
                    <For each=candidates key=|user| user.id let:user>
                        <Choice
                            kind="checkbox"
                            label=user.name.clone()
                            checked=Signal::derive(move || chosen.with(|chosen| chosen.contains(&user.id)))
                            on_change=Callback::new(move |on| {
                                chosen.update(|chosen| {
                                    if on {
                                        chosen.insert(user.id);
                                    } else {
                                        chosen.remove(&user.id);
                                    }
                                });
                            })
                        />
                    </For>
                </div>
                <DialogFooter
                    on_cancel=on_close
                    submit=td_string!(locale, invite.submit)
                    disabled=Signal::derive(move || chosen.with(BTreeSet::is_empty))
                />
            </form>
        </Modal>
    }
}
