//! "Transfer conversation": one search over colleagues (with presence) and
//! open channels, an optional comment for employees, then "Transfer".

use leptos::prelude::*;
use switchboard_protocol::{ConversationId, LineId, Presence, TransferTarget};

use crate::components::kit::form::{Choice, DialogFooter, SearchBox, TextArea};
use crate::components::kit::modal::Modal;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::text::name_matches;
use crate::stores::{ActionCall, ConversationStore, SessionStore};

/// The transfer dialog of a conversation.
#[component]
pub fn TransferDialog(
    /// The conversation.
    id: ConversationId,
    /// Closes the dialog.
    on_close: Callback<()>,
    /// The conversation's open channel (left out of the choices), for a
    /// screen whose conversations the queue may not hold.
    #[prop(optional)]
    line: Option<LineId>,
    /// Transfers instead of the conversation store, for a screen that shows
    /// the outcome itself: the target and the comment.
    #[prop(optional)]
    on_transfer: Option<Callback<(TransferTarget, Option<String>)>>,
) -> impl IntoView {
    let locale = use_locale();
    let store = expect_context::<SessionStore>();
    let conversations = expect_context::<ConversationStore>();
    let query = RwSignal::new(String::new());
    let chosen = RwSignal::new(None::<TransferTarget>);
    let comment = RwSignal::new(String::new());
    let me = store.my_id();
    let current_line = line.or_else(|| {
        conversations
            .queue
            .with_untracked(|queue| queue.get(id).map(|row| row.conversation.line_id))
    });

    let colleagues = move || query.with(|query| store.colleagues_matching(query, &[me]));
    let lines = move || {
        let query = query.get();
        store.lines.with(|lines| {
            lines
                .iter()
                .filter(|line| !line.archived && Some(line.id) != current_line)
                .filter(|line| name_matches(&line.name, &query))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let presence = move |presence: Presence| match presence {
        Presence::Online => td_string!(locale, transfer.online),
        Presence::Away => td_string!(locale, transfer.away),
        Presence::Offline => td_string!(locale, transfer.offline),
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if let Some(target) = chosen.get_untracked() {
            let note = comment.get_untracked();
            let note = (!note.trim().is_empty()).then_some(note);
            match on_transfer {
                Some(transfer) => transfer.run((target, note)),
                None => conversations.act(id, ActionCall::Transfer(target, note)),
            }
            on_close.run(());
        }
    };
    view! {
        <Modal title=td_string!(locale, transfer.title) on_close=on_close>
            <form class="dialog-form" on:submit=submit>
                <SearchBox label=td_string!(locale, transfer.search) value=query />
                <fieldset class="choice-list">
                    <legend>{td!(locale, transfer.colleagues)}</legend>
                    <For each=colleagues key=|user| user.id let:user>
                        <Choice
                            kind="radio"
                            group="transfer-target"
                            label=user.name.clone()
                            mark=format!("presence presence-{:?}", user.presence).to_lowercase()
                            detail=presence(user.presence)
                            on_change=Callback::new(move |_| chosen.set(Some(TransferTarget::User { user_id: user.id })))
                        />
                    </For>
                </fieldset>
                <fieldset class="choice-list">
                    <legend>{td!(locale, transfer.lines)}</legend>
                    <For each=lines key=|line| line.id let:line>
                        <Choice
                            kind="radio"
                            group="transfer-target"
                            label=line.name.clone()
                            on_change=Callback::new(move |_| chosen.set(Some(TransferTarget::Line { line_id: line.id })))
                        />
                    </For>
                </fieldset>
                <TextArea
                    label=td_string!(locale, transfer.comment)
                    value=comment
                    rows=2
                />
                <DialogFooter
                    on_cancel=on_close
                    submit=td_string!(locale, transfer.submit)
                    disabled=Signal::derive(move || chosen.with(Option::is_none))
                />
            </form>
        </Modal>
    }
}
