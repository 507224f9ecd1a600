//! The range of a report as the query gives it (days in a time zone), its
//! validation with field errors, and its periods as instants.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use switchboard_protocol::{LineId, ReportPeriod, ReportQuery, MAX_REPORT_DAYS};

use crate::error::ApiError;
use crate::store::reports::Span;

/// A validated report query.
#[derive(Debug, Clone)]
pub struct ReportRange {
    /// First day.
    pub from: Date,
    /// Last day (included).
    pub to: Date,
    /// How the days are grouped.
    pub period: ReportPeriod,
    /// The time zone's name, as given.
    pub tz_name: String,
    /// The time zone of the days.
    pub tz: TimeZone,
    /// Only this open channel.
    pub line: Option<LineId>,
}

/// One period of a range: the day it is named after (a week's Monday) and
/// its instants, cut by the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// Its first day (a week's Monday, which may precede the range).
    pub start: Date,
    /// Its instants within the range.
    pub span: Span,
}

fn invalid(field: &'static str, message: &str) -> ApiError {
    ApiError::InvalidField {
        code: "unprocessable",
        field,
        message: message.to_owned(),
    }
}

/// A day written `YYYY-MM-DD`, and nothing else.
fn parse_day(field: &'static str, value: Option<&str>) -> Result<Date, ApiError> {
    let value = value.map(str::trim).unwrap_or_default();
    if value.is_empty() {
        return Err(invalid(field, "Choose a day (YYYY-MM-DD)"));
    }
    let shaped = value.len() == 10
        && value.char_indices().all(|(index, c)| match index {
            4 | 7 => c == '-',
            _ => c.is_ascii_digit(),
        });
    shaped
        .then(|| value.parse::<Date>().ok())
        .flatten()
        .ok_or_else(|| invalid(field, "Not a day: write it YYYY-MM-DD"))
}

impl ReportRange {
    /// Validates a query: both days, `from` not after `to`, at most
    /// [`MAX_REPORT_DAYS`] days, a known period and time zone (422 naming
    /// the field otherwise).
    pub fn parse(query: &ReportQuery) -> Result<Self, ApiError> {
        let from = parse_day("from", query.from.as_deref())?;
        let to = parse_day("to", query.to.as_deref())?;
        if from > to {
            return Err(invalid("to", "The last day comes before the first one"));
        }
        let days = from
            .until(to)
            .map(|span| i64::from(span.get_days()) + 1)
            .map_err(|_| invalid("to", "Not a day"))?;
        if days > MAX_REPORT_DAYS {
            return Err(invalid(
                "to",
                &format!("A report covers at most {MAX_REPORT_DAYS} days"),
            ));
        }
        let period = match query.period.as_deref().map(str::trim) {
            None | Some("") => ReportPeriod::Day,
            Some(name) => ReportPeriod::parse(name)
                .ok_or_else(|| invalid("period", "Group by day or week"))?,
        };
        let tz_name = query
            .tz
            .as_deref()
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .unwrap_or("UTC")
            .to_owned();
        let tz = TimeZone::get(&tz_name).map_err(|_| invalid("tz", "Unknown time zone"))?;
        Ok(Self {
            from,
            to,
            period,
            tz_name,
            tz,
            line: query.line_id,
        })
    }

    /// The instant `day` starts in the range's time zone (ms).
    fn start_of(&self, day: Date) -> Result<i64, ApiError> {
        day.to_zoned(self.tz.clone())
            .map(|zoned| zoned.timestamp().as_millisecond())
            .map_err(|error| ApiError::Internal(format!("start of {day}: {error}")))
    }

    /// The day after `day`.
    fn next(day: Date) -> Result<Date, ApiError> {
        day.tomorrow()
            .map_err(|error| ApiError::Internal(format!("day after {day}: {error}")))
    }

    /// The whole range as instants.
    pub fn span(&self) -> Result<Span, ApiError> {
        Ok(Span {
            starts: self.start_of(self.from)?,
            ends: self.start_of(Self::next(self.to)?)?,
        })
    }

    /// Every period of the range, oldest first: each day, or each ISO week
    /// (from its Monday), the first and last cut by the range.
    pub fn periods(&self) -> Result<Vec<Period>, ApiError> {
        let mut periods = Vec::new();
        let mut day = self.from;
        while day <= self.to {
            let start = match self.period {
                ReportPeriod::Day => day,
                ReportPeriod::Week => {
                    let back = i64::from(day.weekday().to_monday_zero_offset());
                    day.checked_sub(jiff::Span::new().days(back))
                        .map_err(|error| ApiError::Internal(error.to_string()))?
                }
            };
            let mut end = Self::next(day)?;
            if self.period == ReportPeriod::Week {
                while end <= self.to && end.weekday() != jiff::civil::Weekday::Monday {
                    end = Self::next(end)?;
                }
            }
            periods.push(Period {
                start,
                span: Span {
                    starts: self.start_of(day)?,
                    ends: self.start_of(end)?,
                },
            });
            day = end;
        }
        Ok(periods)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(from: &str, to: &str, period: Option<&str>, tz: Option<&str>) -> ReportQuery {
        ReportQuery {
            from: Some(from.into()),
            to: Some(to.into()),
            period: period.map(Into::into),
            tz: tz.map(Into::into),
            line_id: None,
        }
    }

    fn field(error: ApiError) -> &'static str {
        match error {
            ApiError::InvalidField { field, .. } => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_queries_name_their_field() {
        let bad = |q: ReportQuery| field(ReportRange::parse(&q).unwrap_err());
        assert_eq!(bad(query("2024-13-01", "2024-12-01", None, None)), "from");
        assert_eq!(bad(query("2024-1-01", "2024-12-01", None, None)), "from");
        assert_eq!(bad(query("2024-01-01", "tomorrow", None, None)), "to");
        assert_eq!(bad(query("2024-03-02", "2024-03-01", None, None)), "to");
        assert_eq!(bad(query("2024-01-01", "2025-01-01", None, None)), "to");
        assert_eq!(
            bad(query("2024-01-01", "2024-01-02", Some("month"), None)),
            "period"
        );
        assert_eq!(
            bad(query(
                "2024-01-01",
                "2024-01-02",
                None,
                Some("Mars/Olympus")
            )),
            "tz"
        );
        let mut missing = query("2024-01-01", "2024-01-02", None, None);
        missing.from = None;
        assert_eq!(bad(missing), "from");
        // 2024 is a leap year: 366 days are allowed.
        assert!(ReportRange::parse(&query("2024-01-01", "2024-12-31", None, None)).is_ok());
    }

    #[test]
    fn days_start_at_midnight_in_the_time_zone_across_daylight_saving() {
        let range = ReportRange::parse(&query(
            "2024-03-30",
            "2024-04-01",
            None,
            Some("Europe/Paris"),
        ))
        .unwrap();
        let periods = range.periods().unwrap();
        let hours: Vec<i64> = periods
            .iter()
            .map(|period| (period.span.ends - period.span.starts) / 3_600_000)
            .collect();
        // The night of 30 to 31 March 2024 is one hour short in Paris.
        assert_eq!(hours, [24, 23, 24]);
        // Midnight in Paris on 30 March is 23:00 UTC the day before.
        assert_eq!(periods[0].span.starts, 1_711_753_200_000);
        assert_eq!(range.span().unwrap().starts, periods[0].span.starts);
        assert_eq!(range.span().unwrap().ends, periods[2].span.ends);
    }

    #[test]
    fn weeks_start_on_monday_and_are_cut_by_the_range() {
        // Thursday 7 March to Tuesday 19 March 2024.
        let range =
            ReportRange::parse(&query("2024-03-07", "2024-03-19", Some("week"), None)).unwrap();
        let periods = range.periods().unwrap();
        let starts: Vec<String> = periods.iter().map(|p| p.start.to_string()).collect();
        assert_eq!(starts, ["2024-03-04", "2024-03-11", "2024-03-18"]);
        let days: Vec<i64> = periods
            .iter()
            .map(|period| (period.span.ends - period.span.starts) / 86_400_000)
            .collect();
        assert_eq!(days, [4, 7, 2]);
    }
}
