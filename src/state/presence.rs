//! Collision warnings: which colleagues are in a conversation right now
//! ("Marc is viewing", "Marc is replying"), and whether a colleague's reply
//! reached the customer while I was writing mine.

use switchboard_protocol::{AuthorKind, Message, Timestamp, UserId};

/// What the colleagues in a conversation are doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    /// They have it open.
    Viewing,
    /// They type in it (wins over viewing).
    Replying,
}

/// The colleagues to name in the header, and what they do: those typing
/// if any ("replying" wins), else those viewing; never `me`. `None` when
/// nobody else is there.
pub fn colleagues_here(
    viewers: &[UserId],
    typing: &[UserId],
    me: UserId,
) -> Option<(Vec<UserId>, Activity)> {
    let others = |users: &[UserId]| {
        let mut others: Vec<UserId> = users.iter().copied().filter(|user| *user != me).collect();
        others.dedup();
        others
    };
    let replying = others(typing);
    if !replying.is_empty() {
        return Some((replying, Activity::Replying));
    }
    let viewing = others(viewers);
    (!viewing.is_empty()).then_some((viewing, Activity::Viewing))
}

/// "Marc", "Marc and Alex", "Marc, Alex and Sophie" (`and` in the
/// operator's language).
pub fn join_names(names: &[String], and: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [first @ .., last] => format!("{} {and} {last}", first.join(", ")),
    }
}

/// The latest reply a colleague sent the customer in this log since
/// `since` (when I started my draft): an employee's public message, not
/// mine, not the bot's nor a system message. `None` when there is none.
pub fn replied_meanwhile(messages: &[Message], me: UserId, since: Timestamp) -> Option<&Message> {
    messages.iter().rev().find(|message| {
        message.created_at > since
            && message.author.kind == AuthorKind::Employee
            && message.author.user_id.is_some_and(|author| author != me)
            && !message.internal
            && message.system.is_none()
            && message.deleted_at.is_none()
    })
}

/// "10 s" under a minute; longer waits are the caller's to say in minutes.
pub fn seconds_ago(at: Timestamp, now: Timestamp) -> Option<i64> {
    let seconds = (now - at).max(0) / 1000;
    (seconds < 60).then_some(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::queue::tests::customer_message;

    const ME: UserId = UserId(1);
    const MARC: UserId = UserId(2);
    const ALEX: UserId = UserId(3);

    #[test]
    fn replying_wins_over_viewing_and_i_am_never_named() {
        assert_eq!(colleagues_here(&[ME], &[], ME), None);
        assert_eq!(
            colleagues_here(&[ME, MARC], &[], ME),
            Some((vec![MARC], Activity::Viewing))
        );
        assert_eq!(
            colleagues_here(&[ME, MARC, ALEX], &[ALEX], ME),
            Some((vec![ALEX], Activity::Replying))
        );
        assert_eq!(
            colleagues_here(&[MARC, ALEX], &[ME], ME),
            Some((vec![MARC, ALEX], Activity::Viewing))
        );
    }

    #[test]
    fn names_are_joined_in_the_operators_language() {
        let names = |list: &[&str]| {
            list.iter()
                .map(|name| (*name).to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(join_names(&names(&["Marc"]), "and"), "Marc");
        assert_eq!(
            join_names(&names(&["Marc", "Alex"]), "and"),
            "Marc and Alex"
        );
        assert_eq!(
            join_names(&names(&["Marc", "Alex", "Sophie"]), "et"),
            "Marc, Alex et Sophie"
        );
    }

    fn by(user: UserId, id: i64, at: Timestamp) -> Message {
        let mut message = customer_message(id, 7, &format!("reply {id}"));
        message.author.kind = AuthorKind::Employee;
        message.author.user_id = Some(user);
        message.author.customer_id = None;
        message.created_at = at;
        message
    }

    #[test]
    fn only_a_colleagues_public_reply_after_my_draft_started_counts() {
        let started = 10_000;
        let mut note = by(MARC, 4, 12_000);
        note.internal = true;
        let mut bot = by(MARC, 5, 12_000);
        bot.author.kind = AuthorKind::Bot;
        let mut system = by(MARC, 6, 12_000);
        system.author.kind = AuthorKind::System;
        let messages = vec![
            by(MARC, 1, 9_000),
            by(ME, 2, 11_000),
            customer_message(3, 7, "hello"),
            note,
            bot,
            system,
        ];
        assert!(replied_meanwhile(&messages, ME, started).is_none());
        let mut with_reply = messages.clone();
        with_reply.push(by(MARC, 7, 13_000));
        assert_eq!(
            replied_meanwhile(&with_reply, ME, started).map(|m| m.id.0),
            Some(7)
        );
        // Before my draft started: not news to me.
        assert!(replied_meanwhile(&with_reply, ME, 13_000).is_none());
    }

    #[test]
    fn how_long_ago_in_seconds_under_a_minute() {
        assert_eq!(seconds_ago(10_000, 20_400), Some(10));
        assert_eq!(seconds_ago(10_000, 5_000), Some(0));
        assert_eq!(seconds_ago(0, 60_000), None);
    }
}
