//! "Reports": how the open channels and their operators did, per day or
//! per week — conversations new, answered and missed, first-answer times,
//! time to close and ratings — for supervisors and administrators.
//!
//! Every measure describes the conversations *created* in a period (a
//! cohort): a conversation created on Monday and answered on Tuesday counts
//! as new and answered on Monday. Conversations marked as spam are left out
//! of every measure.

use serde::{Deserialize, Serialize};

use crate::names::named_enum;
use crate::search::query_params;
use crate::{LineId, UserId};

named_enum! {
    /// How a report groups its conversations in time.
    pub enum ReportPeriod {
        /// One bucket per calendar day.
        Day = "day",
        /// One bucket per ISO week (Monday to Sunday).
        Week = "week",
    }
}

query_params! {
    /// Query of `GET /api/v1/reports` and `GET /api/v1/reports.csv`.
    pub struct ReportQuery {
        /// First day of the range, `YYYY-MM-DD` (in `tz`).
        pub from: Option<String>,
        /// Last day of the range, included, `YYYY-MM-DD` (in `tz`); at most
        /// 366 days after `from`.
        pub to: Option<String>,
        /// `day` (default) or `week`.
        pub period: Option<String>,
        /// IANA time zone of the days, e.g. `Europe/Paris` (default `UTC`).
        pub tz: Option<String>,
        /// Only this open channel.
        pub line_id: Option<LineId>,
    }
}

/// Longest range of a report, in days (`to` - `from` + 1).
pub const MAX_REPORT_DAYS: i64 = 366;

/// Ratings the customers gave (1 to 5).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingSummary {
    /// How many conversations were rated.
    pub count: u32,
    /// Their average score, `None` without any rating.
    pub average: Option<f64>,
    /// How many got each score: `distribution[0]` is the number of 1s,
    /// `distribution[4]` the number of 5s.
    pub distribution: [u32; 5],
}

/// The measures of a set of conversations (a period, a channel, an
/// operator). Durations are whole seconds, rounded; `None` when no
/// conversation has one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportMeasures {
    /// Conversations created.
    pub new: u32,
    /// Of those, the ones an employee answered (a message to the customer,
    /// not an internal note).
    pub answered: u32,
    /// Of those, the ones closed without any answer.
    pub missed: u32,
    /// Median time from creation to the first answer.
    pub first_answer_median_seconds: Option<u64>,
    /// 90th percentile (nearest rank) of the time to the first answer.
    pub first_answer_p90_seconds: Option<u64>,
    /// Median time from creation to closing, of the closed ones.
    pub time_to_close_median_seconds: Option<u64>,
    /// The ratings of the conversations.
    pub rating: RatingSummary,
}

/// The measures of one open channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineReport {
    /// The channel.
    pub line_id: LineId,
    /// Its name.
    pub name: String,
    /// Its measures.
    pub measures: ReportMeasures,
}

/// The measures of one operator: the conversations assigned to them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperatorReport {
    /// The operator.
    pub user_id: UserId,
    /// Their name.
    pub name: String,
    /// Their measures.
    pub measures: ReportMeasures,
}

/// The measures of one label: the conversations that carry it now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LabelReport {
    /// The label.
    pub label_id: crate::LabelId,
    /// Its name.
    pub name: String,
    /// Its measures.
    pub measures: ReportMeasures,
}

/// One period of a report, or the whole range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportBucket {
    /// First day of the period, `YYYY-MM-DD` (a week's Monday, which may
    /// come before the range's `from`).
    pub start: String,
    /// Every conversation of the period.
    pub total: ReportMeasures,
    /// Per open channel that had conversations, by name.
    pub lines: Vec<LineReport>,
    /// Per operator who had conversations assigned, by name.
    pub operators: Vec<OperatorReport>,
    /// Per label that conversations of the period carry, by name.
    #[serde(default)]
    pub labels: Vec<LabelReport>,
}

/// Answer of `GET /api/v1/reports`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    /// First day of the range, `YYYY-MM-DD`.
    pub from: String,
    /// Last day of the range (included), `YYYY-MM-DD`.
    pub to: String,
    /// How the buckets are cut.
    pub period: ReportPeriod,
    /// The time zone of the days.
    pub tz: String,
    /// Every period of the range, oldest first (empty ones included).
    pub buckets: Vec<ReportBucket>,
    /// The whole range as one period (its `start` is `from`).
    pub overall: ReportBucket,
}
