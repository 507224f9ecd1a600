//! "Supervision" as plain data: each operator's load as the table reads it,
//! the waiting conversations grouped per open channel with their waits
//! against the channel's first-answer target, and which events make the
//! snapshot stale. The view only puts words around these values.

use switchboard_protocol::{
    ConversationId, ConversationSummary, Event, Line, LineId, OperatorLoad, Presence, Timestamp,
    UserId, WaitLevel,
};

/// Whether an event of the stream may change the supervision snapshot: a
/// conversation started or changed (status, offer, assignee), a presence, a
/// person or an open channel changed. Messages alone do not: the
/// conversation's own update follows them when they change its wait.
pub fn changes_supervision(event: &Event) -> bool {
    matches!(
        event,
        Event::ConversationCreated { .. }
            | Event::ConversationUpdated { .. }
            | Event::PresenceChanged { .. }
            | Event::UserUpdated { .. }
            | Event::LineUpdated { .. }
    )
}

/// "1 / 2": conversations in progress out of the capacity, or "1" when no
/// open channel of the operator limits it.
pub fn load_text(active: u32, capacity: Option<u32>) -> String {
    match capacity {
        Some(capacity) => format!("{active} / {capacity}"),
        None => active.to_string(),
    }
}

/// The units a duration is written with, in the view's language.
#[derive(Debug, Clone, Copy)]
pub struct DurationUnits<'a> {
    /// Hours ("h").
    pub hours: &'a str,
    /// Minutes ("min").
    pub minutes: &'a str,
    /// Seconds ("s").
    pub seconds: &'a str,
}

/// A live duration to the second while it is short: "42 s", "3 min 05 s",
/// then "1 h 02 min". A negative duration (clocks apart) is "0 s".
pub fn duration_text(ms: i64, units: DurationUnits<'_>) -> String {
    let seconds = ms.max(0) / 1000;
    let DurationUnits {
        hours: h,
        minutes: min,
        seconds: s,
    } = units;
    match seconds {
        0..60 => format!("{seconds} {s}"),
        60..3_600 => format!("{} {min} {:02} {s}", seconds / 60, seconds % 60),
        _ => format!("{} {h} {:02} {min}", seconds / 3_600, seconds / 60 % 60),
    }
}

/// One row of the "Operators" table.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OperatorRow {
    /// The employee.
    pub user_id: UserId,
    /// Their name ("#7" while the directory loads).
    pub name: String,
    /// Online, Away or Offline.
    pub presence: Presence,
    /// "1 / 2" or "1".
    pub load: String,
    /// Whether they are at (or past) their capacity.
    pub at_capacity: bool,
    /// Offers they hold.
    pub offers: u32,
    /// Since when their longest-waiting customer waits, if one does.
    pub longest_wait_since: Option<Timestamp>,
}

/// The rows of the "Operators" table, by name; `name` finds an employee's
/// name in the directory.
pub fn operator_rows(
    loads: &[OperatorLoad],
    name: impl Fn(UserId) -> Option<String>,
) -> Vec<OperatorRow> {
    let mut rows: Vec<OperatorRow> = loads
        .iter()
        .map(|load| OperatorRow {
            user_id: load.user_id,
            name: name(load.user_id).unwrap_or_else(|| format!("#{}", load.user_id.0)),
            presence: load.presence,
            load: load_text(load.active, load.capacity),
            at_capacity: load.at_capacity,
            offers: load.offers,
            longest_wait_since: load.longest_wait_since,
        })
        .collect();
    rows.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.user_id.0.cmp(&b.user_id.0))
    });
    rows
}

/// One waiting conversation, as of `now`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingRow {
    /// The conversation.
    pub id: ConversationId,
    /// The customer's name.
    pub customer: String,
    /// How long the customer has waited (ms).
    pub waited_ms: i64,
    /// That wait against the channel's first-answer target.
    pub level: WaitLevel,
    /// Who holds its offer, and how long they have left to take it (ms).
    pub offer: Option<(UserId, i64)>,
}

/// The waiting conversations of one open channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelGroup {
    /// The open channel.
    pub line_id: LineId,
    /// Its name (empty while the lines load).
    pub name: String,
    /// Its first-answer target, if it sets one (seconds).
    pub target_seconds: Option<u32>,
    /// Its waiting conversations, the longest waiting first.
    pub rows: Vec<WaitingRow>,
}

impl ChannelGroup {
    /// The longest wait of the channel (ms).
    pub fn longest_ms(&self) -> i64 {
        self.rows.iter().map(|row| row.waited_ms).max().unwrap_or(0)
    }

    /// The channel's worst level: a channel past its target stands out.
    pub fn level(&self) -> WaitLevel {
        self.rows
            .iter()
            .map(|row| row.level)
            .max_by_key(|level| level_rank(*level))
            .unwrap_or(WaitLevel::Normal)
    }
}

fn level_rank(level: WaitLevel) -> u8 {
    match level {
        WaitLevel::Normal => 0,
        WaitLevel::Near => 1,
        WaitLevel::Over => 2,
    }
}

/// A waiting conversation as of `now`, against its channel's first-answer
/// target. A conversation without `waiting_since` counts as waiting since
/// it started.
pub fn waiting_row(
    conversation: &ConversationSummary,
    target_seconds: Option<u32>,
    now: Timestamp,
) -> WaitingRow {
    let since = conversation
        .waiting_since
        .unwrap_or(conversation.created_at);
    let waited_ms = (now - since).max(0);
    WaitingRow {
        id: conversation.id,
        customer: conversation.customer.name.clone(),
        waited_ms,
        level: WaitLevel::of(waited_ms, target_seconds),
        offer: conversation.offered_to().map(|holder| {
            let left = conversation.offer_expires_at.unwrap_or(now) - now;
            (holder, left.max(0))
        }),
    }
}

/// The waiting conversations per open channel as of `now`: channels past
/// their target first, then near it, each by its longest wait; inside a
/// channel, the longest waiting first.
pub fn channel_groups(
    waiting: &[ConversationSummary],
    lines: &[Line],
    now: Timestamp,
) -> Vec<ChannelGroup> {
    let mut groups: Vec<ChannelGroup> = Vec::new();
    for conversation in waiting {
        let line = lines.iter().find(|line| line.id == conversation.line_id);
        let target_seconds = line.and_then(|line| line.routing.first_answer_target_seconds);
        let row = waiting_row(conversation, target_seconds, now);
        match groups
            .iter_mut()
            .find(|group| group.line_id == conversation.line_id)
        {
            Some(group) => group.rows.push(row),
            None => groups.push(ChannelGroup {
                line_id: conversation.line_id,
                name: line.map(|line| line.name.clone()).unwrap_or_default(),
                target_seconds,
                rows: vec![row],
            }),
        }
    }
    for group in &mut groups {
        group
            .rows
            .sort_by(|a, b| b.waited_ms.cmp(&a.waited_ms).then(a.id.0.cmp(&b.id.0)));
    }
    groups.sort_by(|a, b| {
        level_rank(b.level())
            .cmp(&level_rank(a.level()))
            .then(b.longest_ms().cmp(&a.longest_ms()))
            .then(a.name.cmp(&b.name))
            .then(a.line_id.0.cmp(&b.line_id.0))
    });
    groups
}

/// The words of a channel's summary line, in the view's language.
#[derive(Debug, Clone, Copy)]
pub struct SummaryWords<'a> {
    /// Between the channel's name and the rest (": ", or " : " in French).
    pub colon: &'a str,
    /// After the count ("waiting").
    pub waiting: &'a str,
    /// Before the longest wait ("longest").
    pub longest: &'a str,
    /// The level when near the target ("near target").
    pub near: &'a str,
    /// The level when past the target ("over target").
    pub over: &'a str,
}

/// "VIP: 2 waiting, longest 3 min 05 s — over target"; the level is said
/// only when the channel is near or past its target.
pub fn summary_line(group: &ChannelGroup, longest: &str, words: SummaryWords<'_>) -> String {
    let mut line = format!(
        "{}{}{} {}, {} {longest}",
        group.name,
        words.colon,
        group.rows.len(),
        words.waiting,
        words.longest,
    );
    match group.level() {
        WaitLevel::Normal => {}
        WaitLevel::Near => {
            line.push_str(" — ");
            line.push_str(words.near);
        }
        WaitLevel::Over => {
            line.push_str(" — ");
            line.push_str(words.over);
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_protocol::{
        ChatId, ConnectorId, ConnectorKind, ConversationStatus, Customer, CustomerId,
        DistributionMode, LineRouting, MessageId, User,
    };

    const UNITS: DurationUnits<'static> = DurationUnits {
        hours: "h",
        minutes: "min",
        seconds: "s",
    };

    const WORDS: SummaryWords<'static> = SummaryWords {
        colon: ": ",
        waiting: "waiting",
        longest: "longest",
        near: "near target",
        over: "over target",
    };

    fn line(id: i64, name: &str, target: Option<u32>) -> Line {
        Line {
            id: LineId(id),
            name: name.into(),
            mode: DistributionMode::Evenly,
            members: vec![],
            connectors: vec![],
            archived: false,
            forms: vec![],
            routing: LineRouting {
                first_answer_target_seconds: target,
                ..LineRouting::default()
            },
            automation: Default::default(),
        }
    }

    fn waiting(id: i64, line: i64, since: Timestamp) -> ConversationSummary {
        ConversationSummary {
            id: ConversationId(id),
            chat_id: ChatId(id),
            session_number: 1,
            line_id: LineId(line),
            connector_id: ConnectorId(1),
            channel: ConnectorKind::Webhook,
            title: None,
            customer: Customer {
                id: CustomerId(id),
                name: format!("Customer {id}"),
                email: None,
                phone: None,
            },
            status: ConversationStatus::Unanswered,
            assignee: None,
            participants: vec![],
            last_message: None,
            waiting_since: Some(since),
            last_activity_at: since,
            created_at: since,
            closed_at: None,
            version: id * 10,
            locked_by: None,
            offer_expires_at: None,
            rating: None,
            labels: vec![],
            priority: Default::default(),
            snoozed_until: None,
        }
    }

    fn load(user: i64, active: u32, offers: u32, capacity: Option<u32>) -> OperatorLoad {
        OperatorLoad {
            user_id: UserId(user),
            presence: Presence::Online,
            active,
            offers,
            capacity,
            at_capacity: capacity.is_some_and(|capacity| active + offers >= capacity),
            longest_wait_since: None,
        }
    }

    #[test]
    fn the_load_reads_active_out_of_capacity_or_alone() {
        assert_eq!(load_text(1, Some(2)), "1 / 2");
        assert_eq!(load_text(0, Some(3)), "0 / 3");
        assert_eq!(load_text(4, None), "4");
    }

    #[test]
    fn durations_tick_by_the_second_then_read_in_hours() {
        assert_eq!(duration_text(0, UNITS), "0 s");
        assert_eq!(duration_text(-5_000, UNITS), "0 s");
        assert_eq!(duration_text(42_999, UNITS), "42 s");
        assert_eq!(duration_text(185_000, UNITS), "3 min 05 s");
        assert_eq!(duration_text(3_720_000, UNITS), "1 h 02 min");
    }

    #[test]
    fn operators_read_by_name_with_their_load_and_capacity_reached() {
        let names = |id: UserId| match id.0 {
            2 => Some("Olivia".to_owned()),
            3 => Some("marc".to_owned()),
            _ => None,
        };
        let rows = operator_rows(
            &[
                load(2, 1, 1, Some(2)),
                load(9, 0, 0, None),
                load(3, 1, 0, Some(2)),
            ],
            names,
        );
        let order: Vec<&str> = rows.iter().map(|row| row.name.as_str()).collect();
        assert_eq!(order, ["#9", "marc", "Olivia"]);
        assert_eq!(rows[2].load, "1 / 2");
        assert!(rows[2].at_capacity, "as the server says");
        assert!(!rows[1].at_capacity);
        assert_eq!(rows[0].load, "0");
        assert!(!rows[0].at_capacity, "no capacity: never full");
    }

    #[test]
    fn waiting_conversations_are_grouped_per_channel_the_late_channel_first() {
        let lines = [line(1, "Support", Some(600)), line(2, "VIP", Some(120))];
        let now = 1_000_000;
        // Support: 5 and 2 minutes (target 10 min); VIP: 3 minutes (target 2).
        let waiting = [
            waiting(1, 1, now - 300_000),
            waiting(2, 2, now - 180_000),
            waiting(3, 1, now - 120_000),
        ];
        let groups = channel_groups(&waiting, &lines, now);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].name, "VIP");
        assert_eq!(groups[0].level(), WaitLevel::Over);
        assert_eq!(groups[1].name, "Support");
        assert_eq!(groups[1].level(), WaitLevel::Normal);
        let ids: Vec<i64> = groups[1].rows.iter().map(|row| row.id.0).collect();
        assert_eq!(ids, [1, 3], "the longest waiting first");
        assert_eq!(groups[1].longest_ms(), 300_000);
    }

    #[test]
    fn a_wait_is_measured_against_its_channels_target() {
        let lines = [line(1, "VIP", Some(120)), line(2, "Sales", None)];
        let now = 500_000;
        let waiting = [
            waiting(1, 1, now - 90_000),
            waiting(2, 1, now - 30_000),
            waiting(3, 2, now - 400_000),
        ];
        let groups = channel_groups(&waiting, &lines, now);
        let vip = groups.iter().find(|group| group.name == "VIP").unwrap();
        assert_eq!(vip.rows[0].level, WaitLevel::Near);
        assert_eq!(vip.rows[1].level, WaitLevel::Normal);
        assert_eq!(vip.level(), WaitLevel::Near);
        let sales = groups.iter().find(|group| group.name == "Sales").unwrap();
        assert_eq!(sales.rows[0].level, WaitLevel::Normal, "no target");
        assert_eq!(
            groups[0].name, "VIP",
            "near its target: before a calm channel"
        );
    }

    #[test]
    fn an_offer_shows_its_holder_and_the_time_left() {
        let now = 100_000;
        let mut offered = waiting(1, 1, now - 10_000);
        offered.assignee = Some(UserId(2));
        offered.offer_expires_at = Some(now + 20_000);
        let mut lapsed = waiting(2, 1, now - 5_000);
        lapsed.assignee = Some(UserId(3));
        lapsed.offer_expires_at = Some(now - 1_000);
        let groups = channel_groups(&[offered, lapsed, waiting(3, 1, now)], &[], now);
        let rows = &groups[0].rows;
        assert_eq!(rows[0].offer, Some((UserId(2), 20_000)));
        assert_eq!(rows[1].offer, Some((UserId(3), 0)), "never a negative time");
        assert_eq!(rows[2].offer, None);
        assert_eq!(groups[0].name, "", "lines not loaded yet");
    }

    #[test]
    fn the_summary_line_says_when_a_channel_is_past_its_target() {
        let lines = [line(2, "VIP", Some(120))];
        let now = 1_000_000;
        let over = channel_groups(
            &[waiting(1, 2, now - 180_000), waiting(2, 2, now - 10_000)],
            &lines,
            now,
        );
        assert_eq!(
            summary_line(&over[0], "3 min 00 s", WORDS),
            "VIP: 2 waiting, longest 3 min 00 s — over target"
        );
        let near = channel_groups(&[waiting(1, 2, now - 100_000)], &lines, now);
        assert_eq!(
            summary_line(&near[0], "1 min 40 s", WORDS),
            "VIP: 1 waiting, longest 1 min 40 s — near target"
        );
        let calm = channel_groups(&[waiting(1, 2, now - 10_000)], &lines, now);
        assert_eq!(
            summary_line(&calm[0], "10 s", WORDS),
            "VIP: 1 waiting, longest 10 s"
        );
    }

    #[test]
    fn only_changes_of_conversations_people_and_channels_make_the_snapshot_stale() {
        let conversation = waiting(1, 1, 0);
        assert!(changes_supervision(&Event::ConversationUpdated {
            conversation: conversation.clone()
        }));
        assert!(changes_supervision(&Event::ConversationCreated {
            conversation
        }));
        assert!(changes_supervision(&Event::PresenceChanged {
            user_id: UserId(2),
            presence: Presence::Away,
        }));
        assert!(changes_supervision(&Event::LineUpdated {
            line: line(1, "VIP", None)
        }));
        let user = User {
            id: UserId(2),
            name: "Olivia".into(),
            email: "olivia@example.com".into(),
            avatar_url: None,
            role: switchboard_protocol::Role::Operator,
            presence: Presence::Online,
            active: true,
        };
        assert!(changes_supervision(&Event::UserUpdated { user }));
        assert!(!changes_supervision(&Event::ConversationRead {
            conversation_id: ConversationId(1),
            user_id: UserId(2),
            last_read_message_id: MessageId(5),
        }));
    }
}
