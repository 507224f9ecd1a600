//! "Invite users": colleagues to add as participants.

use std::collections::BTreeSet;

use leptos::prelude::*;
use switchboard_protocol::{ConversationId, UserId};

use crate::components::modal::{Modal, SearchBox};
use crate::i18n::*;
use crate::workspace::{ActionCall, Workspace};

/// The invite dialog of a conversation.
#[component]
pub fn InviteDialog(
    /// The conversation.
    id: ConversationId,
    /// Closes the dialog.
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = expect_context::<Workspace>();
    let query = RwSignal::new(String::new());
    let chosen = RwSignal::new(BTreeSet::<UserId>::new());
    let already: Vec<UserId> = workspace.queue.with_untracked(|queue| {
        queue
            .get(id)
            .map(|row| {
                let mut ids = row.conversation.participants.clone();
                ids.extend(row.conversation.assignee);
                ids
            })
            .unwrap_or_default()
    });
    let candidates = move || query.with(|query| workspace.colleagues_matching(query, &already));
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let users: Vec<UserId> = chosen.get_untracked().into_iter().collect();
        if !users.is_empty() {
            workspace.act(id, ActionCall::Invite(users));
            on_close.run(());
        }
    };
    view! {
        <Modal title=Signal::derive(move || t_string!(i18n, invite.title).to_owned()) on_close=on_close>
            <form class="dialog-form" on:submit=submit>
                <SearchBox label=Signal::derive(move || t_string!(i18n, invite.search)) value=query />
                <div class="choice-list">
                    <For each=candidates key=|user| user.id let:user>
                        <label class="choice">
                            <input
                                type="checkbox"
                                prop:checked=move || chosen.with(|chosen| chosen.contains(&user.id))
                                on:change=move |event| {
                                    let on = event_target_checked(&event);
                                    chosen.update(|chosen| {
                                        if on {
                                            chosen.insert(user.id);
                                        } else {
                                            chosen.remove(&user.id);
                                        }
                                    });
                                }
                            />
                            <span class="choice-name">{user.name.clone()}</span>
                        </label>
                    </For>
                </div>
                <div class="dialog-buttons">
                    <button type="button" on:click=move |_| on_close.run(())>{t!(i18n, transfer.cancel)}</button>
                    <button type="submit" class="primary" disabled=move || chosen.with(BTreeSet::is_empty)>
                        {t!(i18n, invite.submit)}
                    </button>
                </div>
            </form>
        </Modal>
    }
}
