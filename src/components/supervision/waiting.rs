//! The "Waiting conversations" table: one group of rows per open channel,
//! headed by its summary ("VIP: 2 waiting, longest 3 min 05 s — over
//! target"), each wait ticking against the channel's first-answer target,
//! who holds the offer and for how long, and Take and Transfer.

use leptos::prelude::*;
use switchboard_protocol::{ConversationId, LineId, Timestamp, WaitLevel};

use super::duration;
use crate::components::conversation::transfer::TransferDialog;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::supervision::{channel_groups, summary_line, ChannelGroup, SummaryWords};
use crate::stores::{SessionStore, SupervisionStore};

/// The conversation a Transfer dialog is open for, and its open channel.
type TransferOf = (ConversationId, LineId);

/// The level's class (colour) and, besides the colour, its icon and words.
fn level_marks(
    locale: Locale,
    level: WaitLevel,
) -> (&'static str, Option<(&'static str, &'static str)>) {
    match level {
        WaitLevel::Normal => ("wait-normal", None),
        WaitLevel::Near => (
            "wait-near",
            Some(("◔", td_string!(locale, supervision.near))),
        ),
        WaitLevel::Over => (
            "wait-over",
            Some(("⚠", td_string!(locale, supervision.over))),
        ),
    }
}

/// The waiting conversations of the snapshot, `now` ticking their waits.
#[component]
pub fn WaitingTable(
    /// The current time (ms), ticking every second.
    now: Signal<Timestamp>,
) -> impl IntoView {
    let locale = use_locale();
    let session = expect_context::<SessionStore>();
    let supervision = expect_context::<SupervisionStore>();
    let groups = Memo::new(move |_| {
        let now = now.get();
        supervision
            .snapshot
            .with(|snapshot| {
                snapshot.as_ref().map(|snapshot| {
                    session
                        .lines
                        .with(|lines| channel_groups(&snapshot.waiting, lines, now))
                })
            })
            .unwrap_or_default()
    });
    let channels =
        move || groups.with(|groups| groups.iter().map(|group| group.line_id).collect::<Vec<_>>());
    // One dialog for the whole table.
    let transfer_of = RwSignal::new(None::<TransferOf>);
    let dialog = move || {
        transfer_of.get().map(|(id, line)| {
            let on_close = Callback::new(move |()| transfer_of.set(None));
            let on_transfer = Callback::new(move |(to, comment)| {
                supervision.transfer(id, to, comment);
            });
            view! {
                <TransferDialog id=id line=line on_close=on_close on_transfer=on_transfer />
            }
        })
    };
    view! {
        <table class="supervision-table supervision-waiting">
            <caption>{td!(locale, supervision.waiting_conversations)}</caption>
            <thead>
                <tr>
                    <th scope="col">{td!(locale, supervision.customer)}</th>
                    <th scope="col">{td!(locale, supervision.channel)}</th>
                    <th scope="col">{td!(locale, supervision.waiting)}</th>
                    <th scope="col">{td!(locale, supervision.offered_to)}</th>
                    <th scope="col">{td!(locale, supervision.actions)}</th>
                </tr>
            </thead>
            <Show when=move || groups.with(Vec::is_empty)>
                <tbody>
                    <tr>
                        <td colspan="5" class="empty-state">
                            {td!(locale, supervision.nobody_waiting)}
                        </td>
                    </tr>
                </tbody>
            </Show>
            <For each=channels key=|line| *line let:line>
                <ChannelRows line=line groups=groups transfer_of=transfer_of />
            </For>
        </table>
        {dialog}
    }
}

/// One open channel's group: its summary row, then its conversations.
#[component]
fn ChannelRows(
    line: LineId,
    groups: Memo<Vec<ChannelGroup>>,
    transfer_of: RwSignal<Option<TransferOf>>,
) -> impl IntoView {
    let locale = use_locale();
    let group = Memo::new(move |_| {
        groups.with(|groups| groups.iter().find(|group| group.line_id == line).cloned())
    });
    let words = SummaryWords {
        colon: td_string!(locale, supervision.colon),
        waiting: td_string!(locale, supervision.waiting_count),
        longest: td_string!(locale, supervision.longest),
        near: td_string!(locale, supervision.near_lower),
        over: td_string!(locale, supervision.over_lower),
    };
    let summary = move || {
        group.with(|group| {
            group.as_ref().map(|group| {
                let longest = duration(locale, group.longest_ms());
                summary_line(group, &longest, words)
            })
        })
    };
    let marks = move || {
        let level = group.with(|group| {
            group
                .as_ref()
                .map_or(WaitLevel::Normal, ChannelGroup::level)
        });
        level_marks(locale, level)
    };
    let rows = move || {
        group.with(|group| {
            group
                .as_ref()
                .map(|group| group.rows.iter().map(|row| row.id).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    view! {
        <tbody class=move || format!("supervision-channel {}", marks().0)>
            <tr class="supervision-summary">
                <th scope="rowgroup" colspan="5">
                    {move || marks().1.map(|(icon, _)| view! { <span class="wait-icon" aria-hidden="true">{icon}</span> " " })}
                    {summary}
                </th>
            </tr>
            // Drawn once per conversation: what changes (the wait, the
            // offer's holder and time left) is updated in place, so a focused
            // button keeps the focus while offers pass on.
            <For each=rows key=|id| *id let:id>
                <WaitingLine id=id line=line group=group transfer_of=transfer_of />
            </For>
        </tbody>
    }
}

/// One waiting conversation's row.
#[component]
fn WaitingLine(
    id: ConversationId,
    line: LineId,
    group: Memo<Option<ChannelGroup>>,
    transfer_of: RwSignal<Option<TransferOf>>,
) -> impl IntoView {
    let locale = use_locale();
    let session = expect_context::<SessionStore>();
    let supervision = expect_context::<SupervisionStore>();
    let row = Memo::new(move |_| {
        group.with(|group| {
            group
                .as_ref()
                .and_then(|group| group.rows.iter().find(|row| row.id == id).cloned())
        })
    });
    let channel = move || group.with(|group| group.as_ref().map(|group| group.name.clone()));
    let customer = move || row.with(|row| row.as_ref().map(|row| row.customer.clone()));
    let customer_id = format!("supervision-customer-{id}");
    let level = move || row.with(|row| row.as_ref().map_or(WaitLevel::Normal, |row| row.level));
    let waited = move || row.with(|row| row.as_ref().map(|row| duration(locale, row.waited_ms)));
    let offer = move || {
        let offer = row.with(|row| row.as_ref().and_then(|row| row.offer))?;
        let (holder, left) = offer;
        let name = session
            .user_name(holder)
            .unwrap_or_else(|| format!("#{}", holder.0));
        Some(format!(
            "{name}, {}{}{}",
            td_string!(locale, supervision.offer_left_before),
            duration(locale, left),
            td_string!(locale, supervision.offer_left_after),
        ))
    };
    let busy = move || supervision.pending.with(|pending| pending.contains(&id));
    view! {
        <tr>
            <th scope="row" id=customer_id.clone() class="supervision-name">{customer}</th>
            <td class="supervision-name">{channel}</td>
            <td class=move || format!("supervision-wait {}", level_marks(locale, level()).0)>
                {waited}
                {move || {
                    level_marks(locale, level())
                        .1
                        .map(|(icon, words)| {
                            view! {
                                " "
                                <span class="wait-level">
                                    <span class="wait-icon" aria-hidden="true">{icon}</span>
                                    " "
                                    {words}
                                </span>
                            }
                        })
                }}
            </td>
            <td>
                {move || offer().unwrap_or_else(|| td_string!(locale, supervision.not_offered).to_owned())}
            </td>
            <td>
                <div class="supervision-actions">
                    <button
                        type="button"
                        aria-describedby=customer_id.clone()
                        disabled=busy
                        on:click=move |_| supervision.take(id)
                    >
                        {td!(locale, supervision.take)}
                    </button>
                    <button
                        type="button"
                        aria-describedby=customer_id
                        aria-haspopup="dialog"
                        disabled=busy
                        on:click=move |_| transfer_of.set(Some((id, line)))
                    >
                        {td!(locale, supervision.transfer)}
                    </button>
                </div>
            </td>
        </tr>
    }
}
