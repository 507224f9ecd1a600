//! A report as CSV (RFC 4180): a header row, then one row per period and
//! scope (the total, each open channel, each operator, each label), numbers written
//! plainly (durations in whole seconds, the average rating with two
//! decimals), an unknown value left empty.

use switchboard_protocol::{Report, ReportBucket, ReportMeasures};

/// The columns, in order.
const HEADER: [&str; 17] = [
    "period_start",
    "scope",
    "id",
    "name",
    "new",
    "answered",
    "missed",
    "first_answer_median_seconds",
    "first_answer_p90_seconds",
    "time_to_close_median_seconds",
    "rating_count",
    "rating_average",
    "rating_1",
    "rating_2",
    "rating_3",
    "rating_4",
    "rating_5",
];

/// The report's periods as CSV, lines ending with CRLF.
pub fn report_csv(report: &Report) -> String {
    let mut out = String::new();
    push_row(&mut out, HEADER.iter().map(|name| (*name).to_owned()));
    for bucket in &report.buckets {
        push_bucket(&mut out, bucket);
    }
    out
}

fn push_bucket(out: &mut String, bucket: &ReportBucket) {
    let start = bucket.start.as_str();
    push_measures(out, start, "total", None, "", &bucket.total);
    for line in &bucket.lines {
        let id = Some(line.line_id.0);
        push_measures(out, start, "channel", id, &line.name, &line.measures);
    }
    for operator in &bucket.operators {
        let id = Some(operator.user_id.0);
        push_measures(
            out,
            start,
            "operator",
            id,
            &operator.name,
            &operator.measures,
        );
    }
    for label in &bucket.labels {
        let id = Some(label.label_id.0);
        push_measures(out, start, "label", id, &label.name, &label.measures);
    }
}

fn push_measures(
    out: &mut String,
    start: &str,
    scope: &str,
    id: Option<i64>,
    name: &str,
    measures: &ReportMeasures,
) {
    let optional = |value: Option<u64>| value.map(|value| value.to_string()).unwrap_or_default();
    let mut cells = vec![
        start.to_owned(),
        scope.to_owned(),
        id.map(|id| id.to_string()).unwrap_or_default(),
        name.to_owned(),
        measures.new.to_string(),
        measures.answered.to_string(),
        measures.missed.to_string(),
        optional(measures.first_answer_median_seconds),
        optional(measures.first_answer_p90_seconds),
        optional(measures.time_to_close_median_seconds),
        measures.rating.count.to_string(),
        measures
            .rating
            .average
            .map(|average| format!("{average:.2}"))
            .unwrap_or_default(),
    ];
    cells.extend(measures.rating.distribution.iter().map(u32::to_string));
    push_row(out, cells);
}

fn push_row(out: &mut String, cells: impl IntoIterator<Item = String>) {
    for (index, cell) in cells.into_iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push_str(&cell_text(&cell));
    }
    out.push_str("\r\n");
}

/// A cell as written: quoted when it holds a comma, a quote or a line
/// break; a name a spreadsheet would run as a formula (`=`, `+`, `-`, `@`
/// first) starts with a `'` instead.
fn cell_text(cell: &str) -> String {
    let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    };
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_stay_one_cell_and_never_a_formula() {
        assert_eq!(cell_text("Sales"), "Sales");
        assert_eq!(cell_text("Dupont, \"VIP\""), "\"Dupont, \"\"VIP\"\"\"");
        assert_eq!(cell_text("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(cell_text("a\nb"), "\"a\nb\"");
    }
}
