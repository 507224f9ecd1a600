//! An open channel's working hours and automatic messages as its settings
//! form edits them: the texts typed, read into the request the server
//! checks.

use switchboard_protocol::{LineAutomation, OpeningHours, WorkingHours};

/// What the form holds: one opening and one closing time per weekday
/// (Monday first; both empty: closed that day), the closed dates as typed
/// (separated by commas, spaces or lines), the automatic close in hours.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AutomationFields {
    /// IANA time zone.
    pub time_zone: String,
    /// Welcome message.
    pub welcome: String,
    /// Offline message.
    pub offline: String,
    /// Hours of customer silence before an automatic close; empty: never.
    pub auto_close: String,
    /// Closing message.
    pub closing: String,
    /// Ask for a rating.
    pub rating: bool,
    /// Opens and closes, Monday to Sunday.
    pub days: [(String, String); 7],
    /// Closed dates, "YYYY-MM-DD".
    pub closed_dates: String,
}

impl AutomationFields {
    /// The form filled with a channel's settings (the first opening hours
    /// of each weekday).
    pub fn of(automation: &LineAutomation) -> Self {
        let mut days: [(String, String); 7] = Default::default();
        let mut closed_dates = String::new();
        if let Some(hours) = &automation.working_hours {
            for opening in hours.days.iter().rev() {
                if let Some(day) = usize::from(opening.weekday)
                    .checked_sub(1)
                    .and_then(|index| days.get_mut(index))
                {
                    *day = (opening.opens.clone(), opening.closes.clone());
                }
            }
            closed_dates = hours.closed_dates.join(", ");
        }
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        Self {
            time_zone: automation.time_zone.clone(),
            welcome: text(&automation.welcome_message),
            offline: text(&automation.offline_message),
            auto_close: automation
                .auto_close_hours
                .map(|hours| hours.to_string())
                .unwrap_or_default(),
            closing: text(&automation.closing_message),
            rating: automation.rating_request,
            days,
            closed_dates,
        }
    }
}

/// The request of the form: no hours on any day and no closed date is
/// "always open"; empty texts are none. Answers the field that cannot be
/// read (an automatic close that is not a whole number, a day with only
/// one of its times), by its request name, instead.
pub fn automation_request(fields: &AutomationFields) -> Result<LineAutomation, &'static str> {
    let text = |value: &str| Some(value.trim().to_owned()).filter(|value| !value.is_empty());
    let auto_close = fields.auto_close.trim();
    let auto_close_hours = if auto_close.is_empty() {
        None
    } else {
        Some(auto_close.parse().map_err(|_| "auto_close_hours")?)
    };
    let mut days = Vec::new();
    for (weekday, (opens, closes)) in (1u8..).zip(&fields.days) {
        match (opens.trim(), closes.trim()) {
            ("", "") => {}
            ("", _) | (_, "") => return Err("working_hours"),
            (opens, closes) => days.push(OpeningHours {
                weekday,
                opens: opens.to_owned(),
                closes: closes.to_owned(),
            }),
        }
    }
    let closed_dates: Vec<String> = fields
        .closed_dates
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|date| !date.is_empty())
        .map(str::to_owned)
        .collect();
    let working_hours = (!days.is_empty() || !closed_dates.is_empty())
        .then_some(WorkingHours { days, closed_dates });
    Ok(LineAutomation {
        time_zone: fields.time_zone.trim().to_owned(),
        working_hours,
        offline_message: text(&fields.offline),
        welcome_message: text(&fields.welcome),
        auto_close_hours,
        closing_message: text(&fields.closing),
        rating_request: fields.rating,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weekdays() -> AutomationFields {
        let mut fields = AutomationFields {
            time_zone: " Europe/Paris ".into(),
            welcome: "Hello".into(),
            auto_close: " 24 ".into(),
            rating: true,
            closed_dates: "2026-12-25, 2026-12-26\n2027-01-01".into(),
            ..AutomationFields::default()
        };
        for day in &mut fields.days[..5] {
            *day = ("09:00".into(), "18:00".into());
        }
        fields
    }

    #[test]
    fn days_with_both_times_are_open_and_the_others_closed() {
        let request = automation_request(&weekdays()).unwrap();
        assert_eq!(request.time_zone, "Europe/Paris");
        assert_eq!(request.welcome_message.as_deref(), Some("Hello"));
        assert_eq!(request.offline_message, None);
        assert_eq!(request.auto_close_hours, Some(24));
        assert!(request.rating_request);
        let hours = request.working_hours.clone().unwrap();
        let open: Vec<u8> = hours.days.iter().map(|day| day.weekday).collect();
        assert_eq!(open, vec![1, 2, 3, 4, 5]);
        assert_eq!(
            hours.closed_dates,
            vec!["2026-12-25", "2026-12-26", "2027-01-01"]
        );
        assert_eq!(AutomationFields::of(&request).days, weekdays().days);
    }

    #[test]
    fn no_hours_and_no_closed_dates_is_always_open() {
        let fields = AutomationFields {
            time_zone: "UTC".into(),
            ..AutomationFields::default()
        };
        let request = automation_request(&fields).unwrap();
        assert_eq!(request.working_hours, None);
        assert_eq!(request.auto_close_hours, None);
    }

    #[test]
    fn a_field_that_cannot_be_read_is_named() {
        let mut fields = weekdays();
        fields.auto_close = "a day".into();
        assert_eq!(automation_request(&fields), Err("auto_close_hours"));
        let mut fields = weekdays();
        fields.days[6] = ("10:00".into(), String::new());
        assert_eq!(automation_request(&fields), Err("working_hours"));
    }
}
