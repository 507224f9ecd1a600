//! "Reports" (supervisors and administrators): per day or week, per open
//! channel, per operator and per label, how many conversations came, were answered or
//! missed, how soon they were answered and closed, and how customers rated
//! them. The counts, averages and durations come from SQL over the stored
//! conversations and messages; the medians and percentiles are taken here
//! from the durations SQL selected, nothing is estimated.

mod csv;
mod range;

use std::collections::BTreeMap;

use switchboard_protocol::{
    LabelId, LabelReport, LineId, LineReport, OperatorReport, RatingSummary, Report, ReportBucket,
    ReportMeasures, ReportQuery, UserId,
};

use super::settings::require_supervisor;
use super::Viewer;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::reports::{self as store, Aggregate, Durations, Grouping, Span};

pub use csv::report_csv;
pub use range::ReportRange;

/// The report a query asks for (supervisors and admins; `422` naming the
/// field for a bad day, range, period or time zone).
pub async fn report(
    state: &AppState,
    viewer: &Viewer,
    query: ReportQuery,
) -> Result<Report, ApiError> {
    require_supervisor(viewer, "the reports")?;
    let range = ReportRange::parse(&query)?;
    let periods = range.periods()?;
    // The whole range is one more period, after the others.
    let mut spans: Vec<Span> = periods.iter().map(|period| period.span).collect();
    spans.push(range.span()?);
    let mut db = state.pool.acquire().await?;
    let mut groups = Groups::default();
    let groupings = [
        Grouping::Total,
        Grouping::Line,
        Grouping::Operator,
        Grouping::Label,
    ];
    for grouping in groupings {
        for row in store::aggregates(&mut db, &spans, range.line, grouping).await? {
            groups.count(grouping, row);
        }
    }
    for row in store::durations(&mut db, &spans, range.line).await? {
        groups.time(&row);
    }
    let buckets: Vec<ReportBucket> = periods
        .iter()
        .enumerate()
        .map(|(index, period)| groups.bucket(index, period.start.to_string()))
        .collect();
    let overall = groups.bucket(periods.len(), range.from.to_string());
    Ok(Report {
        from: range.from.to_string(),
        to: range.to.to_string(),
        period: range.period,
        tz: range.tz_name,
        buckets,
        overall,
    })
}

/// Which group of a period a row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Total,
    Line(i64),
    Operator(i64),
    Label(i64),
}

/// A group's counts, name and durations while the report is assembled.
#[derive(Default)]
struct Group {
    name: String,
    measures: ReportMeasures,
    first_answers: Vec<i64>,
    closings: Vec<i64>,
}

/// Every group of every period, by period index and key.
#[derive(Default)]
struct Groups(BTreeMap<(usize, Key), Group>);

impl Groups {
    fn group(&mut self, bucket: i64, key: Key) -> &mut Group {
        let bucket = usize::try_from(bucket).unwrap_or_default();
        self.0.entry((bucket, key)).or_default()
    }

    fn count(&mut self, grouping: Grouping, row: Aggregate) {
        let key = match (grouping, row.key) {
            (Grouping::Total, _) => Key::Total,
            (Grouping::Line, Some(id)) => Key::Line(id),
            (Grouping::Operator, Some(id)) => Key::Operator(id),
            (Grouping::Label, Some(id)) => Key::Label(id),
            (_, None) => return,
        };
        let count = |value: i64| u32::try_from(value).unwrap_or(u32::MAX);
        let group = self.group(row.bucket, key);
        group.name = row.name.unwrap_or_default();
        group.measures.new = count(row.new);
        group.measures.answered = count(row.answered);
        group.measures.missed = count(row.missed);
        group.measures.rating = RatingSummary {
            count: count(row.rated),
            average: row.rating_average,
            distribution: [
                row.rated_1,
                row.rated_2,
                row.rated_3,
                row.rated_4,
                row.rated_5,
            ]
            .map(count),
        };
    }

    fn time(&mut self, row: &Durations) {
        let mut keys = vec![Key::Total, Key::Line(row.line_id)];
        keys.extend(row.assignee_id.map(Key::Operator));
        let labels = row.label_ids.as_deref().unwrap_or_default().split(',');
        keys.extend(
            labels
                .filter_map(|id| id.trim().parse().ok())
                .map(Key::Label),
        );
        for key in keys {
            let group = self.group(row.bucket, key);
            group.first_answers.extend(row.first_answer_ms);
            group.closings.extend(row.to_close_ms);
        }
    }

    /// The period at `index`, named `start`, with its groups' measures.
    fn bucket(&mut self, index: usize, start: String) -> ReportBucket {
        let mut bucket = ReportBucket {
            start,
            total: ReportMeasures::default(),
            lines: Vec::new(),
            operators: Vec::new(),
            labels: Vec::new(),
        };
        let keys: Vec<Key> = self
            .0
            .range((index, Key::Total)..)
            .take_while(|((at, _), _)| *at == index)
            .map(|((_, key), _)| *key)
            .collect();
        for key in keys {
            let Some(mut group) = self.0.remove(&(index, key)) else {
                continue;
            };
            group.first_answers.sort_unstable();
            group.closings.sort_unstable();
            let mut measures = group.measures;
            measures.first_answer_median_seconds = median(&group.first_answers).map(seconds);
            measures.first_answer_p90_seconds = percentile(&group.first_answers, 90).map(seconds);
            measures.time_to_close_median_seconds = median(&group.closings).map(seconds);
            match key {
                Key::Total => bucket.total = measures,
                Key::Line(id) => bucket.lines.push(LineReport {
                    line_id: LineId(id),
                    name: group.name,
                    measures,
                }),
                Key::Operator(id) => bucket.operators.push(OperatorReport {
                    user_id: UserId(id),
                    name: group.name,
                    measures,
                }),
                Key::Label(id) => bucket.labels.push(LabelReport {
                    label_id: LabelId(id),
                    name: group.name,
                    measures,
                }),
            }
        }
        bucket.lines.sort_by(|a, b| a.name.cmp(&b.name));
        bucket.operators.sort_by(|a, b| a.name.cmp(&b.name));
        bucket.labels.sort_by_key(|label| label.name.to_lowercase());
        bucket
    }
}

/// Whole seconds of a duration in ms, rounded.
fn seconds(ms: i64) -> u64 {
    u64::try_from(ms.max(0).saturating_add(500) / 1000).unwrap_or_default()
}

/// The median of sorted values: the middle one, or the mean of the two
/// middle ones (rounded down).
fn median(sorted: &[i64]) -> Option<i64> {
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        length if length % 2 == 1 => sorted.get(middle).copied(),
        _ => Some((sorted[middle - 1] + sorted[middle]) / 2),
    }
}

/// The `percent`th percentile of sorted values, by nearest rank: the
/// smallest value at least `percent` % of them do not exceed.
fn percentile(sorted: &[i64], percent: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (sorted.len() * percent).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_take_the_middle_or_the_mean_of_the_two_middles() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[7]), Some(7));
        assert_eq!(median(&[1, 5, 9]), Some(5));
        assert_eq!(median(&[1, 5, 9, 11]), Some(7));
    }

    #[test]
    fn percentiles_are_by_nearest_rank() {
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&ten, 90), Some(9));
        assert_eq!(percentile(&[4, 8, 15], 90), Some(15));
        assert_eq!(percentile(&[3], 90), Some(3));
        assert_eq!(percentile(&[], 90), None);
    }

    #[test]
    fn durations_are_rounded_to_whole_seconds() {
        assert_eq!(seconds(1_499), 1);
        assert_eq!(seconds(1_500), 2);
        assert_eq!(seconds(-20), 0);
    }
}
