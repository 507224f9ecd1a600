//! When an idle operator becomes Away, and Online again (the rule of
//! [`auto_away`](crate::components::workspace::idle::auto_away), without
//! the browser).

use switchboard_protocol::Presence;

/// What the idle watcher remembers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Idle {
    /// When the operator last did something (ms).
    pub last_activity: i64,
    /// Whether the watcher made them Away (so it may make them Online again).
    pub made_away: bool,
}

impl Idle {
    /// Active at `now`.
    pub fn new(now: i64) -> Self {
        Self {
            last_activity: now,
            made_away: false,
        }
    }
}

/// The presence to set after activity (`active`) or a periodic check at
/// `now`, if any; `away_after` minutes of idleness make an Online operator
/// Away (0: never).
pub fn next_presence(
    idle: &mut Idle,
    presence: Presence,
    active: bool,
    now: i64,
    away_after: u32,
) -> Option<Presence> {
    if active {
        idle.last_activity = now;
        if idle.made_away {
            idle.made_away = false;
            return (presence == Presence::Away).then_some(Presence::Online);
        }
        return None;
    }
    let limit = i64::from(away_after) * 60_000;
    if away_after > 0 && presence == Presence::Online && now - idle.last_activity >= limit {
        idle.made_away = true;
        return Some(Presence::Away);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: i64 = 60_000;

    #[test]
    fn an_idle_online_operator_becomes_away_then_online_when_back() {
        let mut idle = Idle::new(0);
        let online = Presence::Online;
        assert_eq!(
            next_presence(&mut idle, online, false, 9 * MINUTE, 10),
            None
        );
        assert_eq!(
            next_presence(&mut idle, online, false, 10 * MINUTE, 10),
            Some(Presence::Away)
        );
        assert_eq!(
            next_presence(&mut idle, Presence::Away, true, 11 * MINUTE, 10),
            Some(Presence::Online)
        );
        // Moving again changes nothing more.
        assert_eq!(
            next_presence(&mut idle, online, true, 12 * MINUTE, 10),
            None
        );
    }

    #[test]
    fn a_status_chosen_by_hand_is_left_alone() {
        let mut idle = Idle::new(0);
        for chosen in [Presence::Away, Presence::Offline] {
            assert_eq!(
                next_presence(&mut idle, chosen, false, 60 * MINUTE, 5),
                None
            );
            assert_eq!(next_presence(&mut idle, chosen, true, 61 * MINUTE, 5), None);
        }
    }

    #[test]
    fn never_means_never_and_activity_restarts_the_clock() {
        let mut idle = Idle::new(0);
        assert_eq!(
            next_presence(&mut idle, Presence::Online, false, 600 * MINUTE, 0),
            None
        );
        let mut idle = Idle::new(0);
        next_presence(&mut idle, Presence::Online, true, 8 * MINUTE, 10);
        assert_eq!(
            next_presence(&mut idle, Presence::Online, false, 15 * MINUTE, 10),
            None
        );
    }
}
