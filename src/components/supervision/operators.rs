//! The "Operators" table: each queue member's status, load, offers held
//! and the longest current wait among their customers.

use leptos::prelude::*;
use switchboard_protocol::{Presence, Timestamp};

use super::duration;
use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::supervision::{operator_rows, OperatorRow};
use crate::stores::{SessionStore, SupervisionStore};

/// "Online", "Away", "Offline".
fn presence_name(locale: Locale, presence: Presence) -> &'static str {
    match presence {
        Presence::Online => td_string!(locale, supervision.online),
        Presence::Away => td_string!(locale, supervision.away),
        Presence::Offline => td_string!(locale, supervision.offline),
    }
}

/// The operators of the snapshot, `now` ticking their longest waits.
#[component]
pub fn OperatorsTable(
    /// The current time (ms), ticking every second.
    now: Signal<Timestamp>,
) -> impl IntoView {
    let locale = use_locale();
    let session = expect_context::<SessionStore>();
    let supervision = expect_context::<SupervisionStore>();
    let rows = Memo::new(move |_| {
        supervision
            .snapshot
            .with(|snapshot| {
                snapshot
                    .as_ref()
                    .map(|snapshot| operator_rows(&snapshot.operators, |id| session.user_name(id)))
            })
            .unwrap_or_default()
    });
    view! {
        <table class="supervision-table">
            <caption>{td!(locale, supervision.operators)}</caption>
            <thead>
                <tr>
                    <th scope="col">{td!(locale, supervision.operator)}</th>
                    <th scope="col">{td!(locale, supervision.status)}</th>
                    <th scope="col">{td!(locale, supervision.load)}</th>
                    <th scope="col">{td!(locale, supervision.offers)}</th>
                    <th scope="col">{td!(locale, supervision.longest_wait)}</th>
                </tr>
            </thead>
            <tbody>
                <Show when=move || rows.with(Vec::is_empty)>
                    <tr>
                        <td colspan="5" class="empty-state">
                            {td!(locale, supervision.no_operators)}
                        </td>
                    </tr>
                </Show>
                // A row is drawn again when its operator's figures change;
                // only the wait ticks in place.
                <For each=move || rows.get() key=|row| row.clone() let:row>
                    <OperatorLine row=row now=now />
                </For>
            </tbody>
        </table>
    }
}

/// One operator's row.
#[component]
fn OperatorLine(row: OperatorRow, now: Signal<Timestamp>) -> impl IntoView {
    let locale = use_locale();
    let mark = format!("presence presence-{}", row.presence.as_str());
    let since = row.longest_wait_since;
    let wait = move || match since {
        Some(since) => duration(locale, now.get() - since),
        None => td_string!(locale, supervision.no_wait).to_owned(),
    };
    view! {
        <tr class:at-capacity=row.at_capacity>
            <th scope="row" class="supervision-name">{row.name}</th>
            <td>
                <span class=mark aria-hidden="true"></span>
                " "
                {presence_name(locale, row.presence)}
            </td>
            <td>
                {row.load}
                {row
                    .at_capacity
                    .then(|| {
                        view! {
                            " "
                            <span class="page-meta">{td!(locale, supervision.at_capacity)}</span>
                        }
                    })}
            </td>
            <td>{row.offers}</td>
            <td class="supervision-wait">{wait}</td>
        </tr>
    }
}
