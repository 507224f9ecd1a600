//! Durations and calendar days, computed in plain Rust; the view turns them
//! into localized words.

use switchboard_protocol::Timestamp;

/// An elapsed time, rounded the way a person says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Elapsed {
    /// Under a minute.
    JustNow,
    /// Minutes (1-59).
    Minutes(i64),
    /// Hours (1-23).
    Hours(i64),
    /// Days.
    Days(i64),
}

/// How long ago `since` was at `now` (both in ms since the epoch).
pub fn elapsed(since: Timestamp, now: Timestamp) -> Elapsed {
    let seconds = (now - since).max(0) / 1000;
    match seconds {
        0..60 => Elapsed::JustNow,
        60..3_600 => Elapsed::Minutes(seconds / 60),
        3_600..86_400 => Elapsed::Hours(seconds / 3_600),
        _ => Elapsed::Days(seconds / 86_400),
    }
}

/// The local calendar day of a timestamp, as a day number, given the
/// offset of local time from UTC in minutes (east positive).
pub fn local_day(at: Timestamp, utc_offset_minutes: i64) -> i64 {
    (at + utc_offset_minutes * 60_000).div_euclid(86_400_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elapsed_rounds_down_to_the_largest_unit() {
        assert_eq!(elapsed(0, 59_999), Elapsed::JustNow);
        assert_eq!(elapsed(0, 60_000), Elapsed::Minutes(1));
        assert_eq!(elapsed(0, 3_599_000), Elapsed::Minutes(59));
        assert_eq!(elapsed(0, 7_200_000), Elapsed::Hours(2));
        assert_eq!(elapsed(0, 3 * 86_400_000 + 5), Elapsed::Days(3));
        assert_eq!(
            elapsed(10_000, 0),
            Elapsed::JustNow,
            "clock skew is not negative time"
        );
    }

    #[test]
    fn days_follow_the_local_midnight() {
        let utc_23h = 23 * 3_600_000;
        assert_eq!(local_day(utc_23h, 0), 0);
        assert_eq!(
            local_day(utc_23h, 120),
            1,
            "already tomorrow in Paris summer time"
        );
        assert_eq!(local_day(-1, 0), -1);
    }
}
