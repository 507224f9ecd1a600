//! "Reports", a part of its own loaded when opened (supervisors and
//! administrators): per day or week, for every open channel or one, the
//! conversations new, answered and missed, the first-answer and closing
//! times and the ratings, each as a chart with its numbers in a table
//! under it, then per operator and per channel, and the CSV export.

pub mod chart;
pub mod page;
pub mod tables;

use switchboard_protocol::ReportPeriod;

use crate::i18n::*;
use crate::state::reports::{Duration, Measure, Unit};

/// A measure's name, in the view's language.
pub fn measure_name(locale: Locale, measure: Measure) -> &'static str {
    match measure {
        Measure::New => td_string!(locale, reports.new),
        Measure::Answered => td_string!(locale, reports.answered),
        Measure::Missed => td_string!(locale, reports.missed),
        Measure::FirstAnswerMedian => td_string!(locale, reports.first_answer_median),
        Measure::FirstAnswerP90 => td_string!(locale, reports.first_answer_p90),
        Measure::TimeToClose => td_string!(locale, reports.time_to_close),
        Measure::Rating => td_string!(locale, reports.rating),
    }
}

/// A value of a measure as read: a count, a duration in words ("2 min 5
/// s"), an average score ("4.5 / 5"), or a dash when there is none.
pub fn value_text(locale: Locale, unit: Unit, value: Option<f64>) -> String {
    let Some(value) = value else {
        return td_string!(locale, reports.no_value).to_owned();
    };
    match unit {
        Unit::Count => format!("{value:.0}"),
        Unit::Seconds => Duration::of(value.max(0.0).round() as u64).words([
            td_string!(locale, reports.hours),
            td_string!(locale, reports.minutes),
            td_string!(locale, reports.seconds),
        ]),
        Unit::Score => {
            let score = format!("{value:.1}");
            let score = if locale == Locale::fr {
                score.replace('.', ",")
            } else {
                score
            };
            format!("{score} {}", td_string!(locale, reports.out_of_5))
        }
    }
}

/// How a period is named in a table: its day, or "Week of" its Monday.
pub fn period_label(locale: Locale, period: ReportPeriod, start: &str) -> String {
    match period {
        ReportPeriod::Day => start.to_owned(),
        ReportPeriod::Week => format!("{} {start}", td_string!(locale, reports.week_of)),
    }
}
