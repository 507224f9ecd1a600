//! The measures of the whole range per operator and per open channel, one
//! row each.

use leptos::prelude::*;
use switchboard_protocol::ReportMeasures;

use super::{measure_name, value_text};
use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::reports::Measure;

/// A table of named rows (operators or channels) with every measure.
#[component]
pub fn BreakdownTable(
    /// The table's caption.
    caption: &'static str,
    /// The header of the names' column.
    name_header: &'static str,
    /// Each row's name and measures.
    rows: Vec<(String, ReportMeasures)>,
) -> impl IntoView {
    let locale = use_locale();
    let headers = Measure::ALL
        .into_iter()
        .map(|measure| view! { <th scope="col">{measure_name(locale, measure)}</th> })
        .collect_view();
    let body = rows
        .into_iter()
        .map(|(name, measures)| {
            let cells = Measure::ALL
                .into_iter()
                .map(|measure| {
                    let mut text = value_text(locale, measure.unit(), measure.value(&measures));
                    if measure == Measure::Rating && measures.rating.count > 0 {
                        text = format!(
                            "{text} ({} {})",
                            measures.rating.count,
                            td_string!(locale, reports.ratings)
                        );
                    }
                    view! { <td>{text}</td> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="report-breakdown">
            <table class="report-table">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{name_header}</th>
                        {headers}
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}
