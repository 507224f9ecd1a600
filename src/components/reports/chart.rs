//! One measure of a report: a bar chart (SVG, `role="img"` with a summary
//! of it as its name) and, under it, its numbers per period in a table.

use std::sync::Arc;

use leptos::prelude::*;
use switchboard_protocol::{Report, ReportPeriod};

use super::{measure_name, period_label, value_text};
use crate::i18n::*;
use crate::projection::use_locale;
use crate::state::reports::{bars, scale_top, Measure, CHART_HEIGHT, CHART_WIDTH};

/// What a screen reader hears of a chart: the measure, its lowest and
/// highest value over the periods, and its value over the whole range.
fn summary(locale: Locale, measure: Measure, report: &Report, values: &[Option<f64>]) -> String {
    let unit = measure.unit();
    let known = || values.iter().flatten().copied();
    let lowest = known().reduce(f64::min);
    let highest = known().reduce(f64::max);
    let per = match report.period {
        ReportPeriod::Day => td_string!(locale, reports.per_day),
        ReportPeriod::Week => td_string!(locale, reports.per_week),
    };
    format!(
        "{}, {per}: {} {}, {} {}; {}: {}",
        measure_name(locale, measure),
        td_string!(locale, reports.lowest),
        value_text(locale, unit, lowest),
        td_string!(locale, reports.highest),
        value_text(locale, unit, highest),
        td_string!(locale, reports.whole_range),
        value_text(locale, unit, measure.value(&report.overall.total)),
    )
}

/// The chart and the table of one measure.
#[component]
pub fn MeasureChart(
    /// The measure shown.
    measure: Measure,
    /// The report it is taken from.
    report: Arc<Report>,
) -> impl IntoView {
    let locale = use_locale();
    let unit = measure.unit();
    let values = measure.series(&report.buckets);
    let top = scale_top(&values);
    let name = measure_name(locale, measure);
    let label = summary(locale, measure, &report, &values);
    let period = report.period;
    let rects = bars(&values, top)
        .into_iter()
        .zip(report.buckets.iter().zip(&values))
        .map(|(bar, (bucket, value))| {
            let title = format!(
                "{}: {}",
                period_label(locale, period, &bucket.start),
                value_text(locale, unit, *value)
            );
            view! {
                <rect
                    class="report-bar"
                    x=format!("{:.1}", bar.x)
                    y=format!("{:.1}", bar.y)
                    width=format!("{:.1}", bar.width)
                    height=format!("{:.1}", bar.height)
                >
                    <title>{title}</title>
                </rect>
            }
        })
        .collect_view();
    let rating = measure == Measure::Rating;
    let rows = report
        .buckets
        .iter()
        .zip(&values)
        .map(|(bucket, value)| {
            let counts = rating.then(|| {
                let summary = &bucket.total.rating;
                let mut cells = vec![summary.count];
                cells.extend(summary.distribution);
                cells
                    .into_iter()
                    .map(|count| view! { <td>{count}</td> })
                    .collect_view()
            });
            view! {
                <tr>
                    <th scope="row">{period_label(locale, period, &bucket.start)}</th>
                    <td>{value_text(locale, unit, *value)}</td>
                    {counts}
                </tr>
            }
        })
        .collect_view();
    let rating_headers = rating.then(|| {
        let stars = (1..=5).map(|score| view! { <th scope="col">{format!("{score} ★")}</th> });
        view! {
            <th scope="col">{td!(locale, reports.rating_count)}</th>
            {stars.collect_view()}
        }
    });
    view! {
        <figure class="report-chart">
            <figcaption>{name}</figcaption>
            <div class="report-chart-drawing">
                <span class="report-scale" aria-hidden="true">{value_text(locale, unit, Some(top))}</span>
                <svg
                    role="img"
                    aria-label=label
                    viewBox=format!("0 0 {CHART_WIDTH} {CHART_HEIGHT}")
                    preserveAspectRatio="none"
                >
                    <line class="report-axis" x1="0" y1=CHART_HEIGHT.to_string() x2=CHART_WIDTH.to_string() y2=CHART_HEIGHT.to_string() />
                    {rects}
                </svg>
            </div>
            <table class="report-table">
                <caption>{name}</caption>
                <thead>
                    <tr>
                        <th scope="col">{td!(locale, reports.period)}</th>
                        <th scope="col">{td!(locale, reports.value)}</th>
                        {rating_headers}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </figure>
    }
}
