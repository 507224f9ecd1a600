//! "Reports" as plain data: the measures a chart shows, how a duration
//! reads, the default range of days, and the bars of a chart. The view
//! turns them into words and SVG.

use switchboard_protocol::{ReportBucket, ReportMeasures};

/// A measure of the report, charted on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Conversations created.
    New,
    /// Answered by an employee.
    Answered,
    /// Closed without an answer.
    Missed,
    /// Median time to the first answer.
    FirstAnswerMedian,
    /// 90th percentile of the time to the first answer.
    FirstAnswerP90,
    /// Median time to close.
    TimeToClose,
    /// Average rating (1 to 5).
    Rating,
}

/// What the numbers of a measure are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A count of conversations.
    Count,
    /// A duration in seconds.
    Seconds,
    /// An average score out of 5.
    Score,
}

impl Measure {
    /// Every measure, in the order of the page.
    pub const ALL: [Self; 7] = [
        Self::New,
        Self::Answered,
        Self::Missed,
        Self::FirstAnswerMedian,
        Self::FirstAnswerP90,
        Self::TimeToClose,
        Self::Rating,
    ];

    /// Its unit.
    pub fn unit(self) -> Unit {
        match self {
            Self::New | Self::Answered | Self::Missed => Unit::Count,
            Self::FirstAnswerMedian | Self::FirstAnswerP90 | Self::TimeToClose => Unit::Seconds,
            Self::Rating => Unit::Score,
        }
    }

    /// Its value in `measures`; `None` when there is none (no answered,
    /// closed or rated conversation).
    pub fn value(self, measures: &ReportMeasures) -> Option<f64> {
        let seconds = |value: Option<u64>| value.map(|value| value as f64);
        match self {
            Self::New => Some(f64::from(measures.new)),
            Self::Answered => Some(f64::from(measures.answered)),
            Self::Missed => Some(f64::from(measures.missed)),
            Self::FirstAnswerMedian => seconds(measures.first_answer_median_seconds),
            Self::FirstAnswerP90 => seconds(measures.first_answer_p90_seconds),
            Self::TimeToClose => seconds(measures.time_to_close_median_seconds),
            Self::Rating => measures.rating.average,
        }
    }

    /// Its value in each period, oldest first.
    pub fn series(self, buckets: &[ReportBucket]) -> Vec<Option<f64>> {
        buckets
            .iter()
            .map(|bucket| self.value(&bucket.total))
            .collect()
    }
}

/// A duration as a person reads it: hours, minutes and seconds, the
/// largest two units that are not zero ("2 min 5 s", "1 h 3 min", "0 s").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duration {
    /// Whole hours.
    pub hours: u64,
    /// Minutes beyond the hours.
    pub minutes: u64,
    /// Seconds beyond the minutes.
    pub seconds: u64,
}

impl Duration {
    /// A duration of `seconds`.
    pub fn of(seconds: u64) -> Self {
        Self {
            hours: seconds / 3_600,
            minutes: seconds % 3_600 / 60,
            seconds: seconds % 60,
        }
    }

    /// The duration in words with the language's unit symbols (`h`,
    /// `min`, `s`): at most the two largest units that are not zero.
    pub fn words(self, units: [&str; 3]) -> String {
        let parts = [self.hours, self.minutes, self.seconds];
        let shown: Vec<String> = parts
            .iter()
            .zip(units)
            .skip_while(|(value, _)| **value == 0)
            .take(2)
            .filter(|(value, _)| **value > 0)
            .map(|(value, unit)| format!("{value} {unit}"))
            .collect();
        if shown.is_empty() {
            format!("0 {}", units[2])
        } else {
            shown.join(" ")
        }
    }
}

/// A calendar day as the number of days since 1970-01-01.
pub type DayNumber = i64;

/// The day number of a civil date (proleptic Gregorian).
pub fn day_number(year: i64, month: u32, day: u32) -> DayNumber {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The civil date `YYYY-MM-DD` of a day number.
pub fn iso_date(number: DayNumber) -> String {
    let z = number + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The day number of `YYYY-MM-DD` (what a date input holds), if it is one.
pub fn parse_iso_date(text: &str) -> Option<DayNumber> {
    let mut parts = text.trim().splitn(3, '-');
    let year = parts.next()?.parse::<i64>().ok()?;
    let month = parts.next()?.parse::<u32>().ok()?;
    let day = parts.next()?.parse::<u32>().ok()?;
    let number = day_number(year, month, day);
    // 31 February is not a day: it would not read back the same.
    (iso_date(number) == format!("{year:04}-{month:02}-{day:02}")).then_some(number)
}

/// The range a report opens with: the 7 days ending `today`, or the 4
/// weeks ending today when grouped by week.
pub fn default_range(today: DayNumber, by_week: bool) -> (String, String) {
    let days = if by_week { 28 } else { 7 };
    (iso_date(today - days + 1), iso_date(today))
}

/// One bar of a chart, in the chart's own units (a `viewBox` of
/// [`CHART_WIDTH`] × [`CHART_HEIGHT`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height (0 for a zero or missing value).
    pub height: f64,
}

/// Width of a chart's drawing.
pub const CHART_WIDTH: f64 = 600.0;
/// Height of a chart's drawing.
pub const CHART_HEIGHT: f64 = 160.0;

/// The top of a chart's scale: the largest value rounded up to 1, 2 or 5
/// times a power of ten, at least 1.
pub fn scale_top(values: &[Option<f64>]) -> f64 {
    let largest = values.iter().flatten().copied().fold(0.0_f64, f64::max);
    if largest <= 1.0 {
        return 1.0;
    }
    let power = 10_f64.powf(largest.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|step| step * power)
        .find(|top| *top >= largest)
        .unwrap_or(largest)
}

/// The bars of `values`, side by side, scaled to `top`.
pub fn bars(values: &[Option<f64>], top: f64) -> Vec<Bar> {
    if values.is_empty() {
        return Vec::new();
    }
    let slot = CHART_WIDTH / values.len() as f64;
    let width = (slot * 0.7).max(1.0);
    values
        .iter()
        .enumerate()
        .map(|(index, value)| {
            let share = value.unwrap_or(0.0).max(0.0) / top.max(f64::MIN_POSITIVE);
            let height = share.min(1.0) * CHART_HEIGHT;
            Bar {
                x: index as f64 * slot + (slot - width) / 2.0,
                y: CHART_HEIGHT - height,
                width,
                height,
            }
        })
        .collect()
}

/// Whether a report has no conversation at all.
pub fn is_empty(overall: &ReportBucket) -> bool {
    overall.total.new == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNITS: [&str; 3] = ["h", "min", "s"];

    #[test]
    fn durations_read_with_their_two_largest_units() {
        assert_eq!(Duration::of(0).words(UNITS), "0 s");
        assert_eq!(Duration::of(45).words(UNITS), "45 s");
        assert_eq!(Duration::of(125).words(UNITS), "2 min 5 s");
        assert_eq!(Duration::of(120).words(UNITS), "2 min");
        assert_eq!(Duration::of(3_780).words(UNITS), "1 h 3 min");
        assert_eq!(Duration::of(3_605).words(UNITS), "1 h");
        assert_eq!(Duration::of(90_000).words(UNITS), "25 h");
    }

    #[test]
    fn days_round_trip_through_their_numbers() {
        assert_eq!(day_number(1970, 1, 1), 0);
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(parse_iso_date("2024-03-04"), Some(day_number(2024, 3, 4)));
        assert_eq!(iso_date(day_number(2024, 2, 29)), "2024-02-29");
        assert_eq!(parse_iso_date("2023-02-29"), None);
        assert_eq!(parse_iso_date("soon"), None);
        assert_eq!(
            day_number(2024, 3, 1) - day_number(2024, 2, 28),
            2,
            "leap day"
        );
    }

    #[test]
    fn the_default_range_ends_today() {
        let today = day_number(2024, 3, 10);
        assert_eq!(
            default_range(today, false),
            ("2024-03-04".to_owned(), "2024-03-10".to_owned())
        );
        assert_eq!(default_range(today, true).0, "2024-02-12");
    }

    #[test]
    fn charts_scale_to_a_round_top() {
        assert_eq!(scale_top(&[]), 1.0);
        assert_eq!(scale_top(&[Some(0.0), None]), 1.0);
        assert_eq!(scale_top(&[Some(3.0), Some(7.0)]), 10.0);
        assert_eq!(scale_top(&[Some(130.0)]), 200.0);
        assert_eq!(scale_top(&[Some(4.2)]), 5.0);
    }

    #[test]
    fn bars_share_the_width_and_rise_with_their_value() {
        let bars = bars(&[Some(5.0), None, Some(10.0)], 10.0);
        assert_eq!(bars.len(), 3);
        assert_eq!(bars[0].height, CHART_HEIGHT / 2.0);
        assert_eq!(bars[1].height, 0.0);
        assert_eq!(bars[2].y, 0.0);
        assert!(bars[0].x + bars[0].width <= bars[1].x);
    }

    #[test]
    fn measures_read_their_value() {
        let mut measures = ReportMeasures {
            new: 4,
            first_answer_median_seconds: Some(150),
            ..ReportMeasures::default()
        };
        measures.rating.average = Some(4.5);
        assert_eq!(Measure::New.value(&measures), Some(4.0));
        assert_eq!(Measure::FirstAnswerMedian.value(&measures), Some(150.0));
        assert_eq!(Measure::TimeToClose.value(&measures), None);
        assert_eq!(Measure::Rating.value(&measures), Some(4.5));
        assert_eq!(Measure::ALL.len(), 7);
    }
}
