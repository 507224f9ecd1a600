//! Routing: how the open channels that distribute "Evenly" or "Strictly in
//! order" offer their unanswered conversations to their queues.
//!
//! Everything routing knows is in the database: an offer is the assignee of
//! an unanswered conversation with `offer_expires_at` set, a member who let
//! an offer pass is a row of `offer_passes`. So a restart loses nothing: the
//! first pass after it ends the offers that ran out meanwhile and offers
//! what waits. A pass ([`pass`]) takes the time as an argument, so the tests
//! drive it with a clock of their own; the server's task ([`start`]) runs
//! one whenever something that may change an offer happened (a conversation
//! created or changed, a presence, a queue, a person) and when the next
//! offer runs out.
//!
//! The rules of one pass, at `now`:
//! 1. An offer that ran out passes on: its holder joins the conversation's
//!    passes. An offer whose holder can no longer take it (not Online,
//!    deactivated, out of the queue, or the channel no longer distributes)
//!    is withdrawn, and comes back to them later like any waiting one.
//! 2. The unanswered conversations without an assignee, the longest waiting
//!    first, are each offered to the best available member of their
//!    channel's queue ([`choose`]): Online, active, below the channel's
//!    capacity (its conversations in progress assigned to them plus the
//!    offers they hold), and not among the conversation's passes. With nobody
//!    available the conversation waits, visible to the whole queue, until
//!    the next pass finds someone.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use switchboard_protocol::{
    ActionRequest, ConversationId, ConversationStatus, ConversationSummary, DistributionMode,
    Event, LineId, OperatorLoad, Supervision, UserId,
};

use crate::error::{ApiError, OrVanished};
use crate::services::conversations::{audience_of, visible};
use crate::services::events::{self, Change, Follower};
use crate::services::instances::{exclusively, BackgroundTask, BUSY_RETRY_MS};
use crate::services::Viewer;
use crate::state::AppState;
use crate::store::Conn;
use crate::store::{self, routing as db};

/// A queue member as a pass weighs them for one conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// The employee.
    pub user: UserId,
    /// Online and active.
    pub available: bool,
    /// Their place in the queue (0 first).
    pub position: i64,
    /// When they were last offered a conversation of this channel.
    pub last_offered_at: i64,
    /// The channel's conversations in progress assigned to them plus the
    /// offers of it they hold.
    pub load: u32,
    /// They let this conversation pass already.
    pub passed: bool,
}

/// Who gets the offer among `candidates`, following `mode` and `capacity`:
/// "Evenly" the fewest active conversations, then the one offered least
/// recently, then queue order; "Strictly in order" the first in the queue.
/// `None` under "All at once", or when nobody is available.
pub fn choose(
    mode: DistributionMode,
    capacity: Option<u32>,
    candidates: &[Candidate],
) -> Option<UserId> {
    let eligible = candidates.iter().filter(|candidate| {
        candidate.available
            && !candidate.passed
            && capacity.is_none_or(|capacity| candidate.load < capacity)
    });
    let chosen = match mode {
        DistributionMode::All => None,
        DistributionMode::Evenly => eligible.min_by_key(|candidate| {
            (
                candidate.load,
                candidate.last_offered_at,
                candidate.position,
            )
        }),
        DistributionMode::Strict => eligible.min_by_key(|candidate| candidate.position),
    };
    chosen.map(|candidate| candidate.user)
}

/// What a pass did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pass {
    /// Offers that ran out and passed on.
    pub expired: Vec<ConversationId>,
    /// Offers withdrawn from a member who can no longer take them.
    pub withdrawn: Vec<ConversationId>,
    /// New offers, in the order they were made.
    pub offered: Vec<(ConversationId, UserId)>,
    /// When the earliest offer still held runs out.
    pub next_deadline: Option<i64>,
}

impl Pass {
    fn changed(&self) -> bool {
        !(self.expired.is_empty() && self.withdrawn.is_empty() && self.offered.is_empty())
    }
}

/// One pass of the rules at `now`, inside the caller's write transaction;
/// records a `conversation_updated` event for every conversation it changed.
pub async fn pass(db: &mut Conn, now: i64) -> Result<Pass, ApiError> {
    let plan = plan(db, now).await?;
    let mut previous: HashMap<ConversationId, UserId> = HashMap::new();
    for offer in &plan.ending {
        if offer.expired {
            db::add_pass(db, offer.conversation, offer.holder).await?;
        }
        db::end_offer(db, offer.conversation).await?;
        previous.insert(offer.conversation, offer.holder);
    }
    for (conversation, user, line, expires_at) in &plan.offers {
        db::offer(db, *conversation, *user, *expires_at).await?;
        db::mark_offered(db, *line, *user, now).await?;
    }
    let mut told: HashSet<ConversationId> = HashSet::new();
    let changed = plan
        .ending
        .iter()
        .map(|offer| offer.conversation)
        .chain(plan.offers.iter().map(|(conversation, ..)| *conversation));
    for conversation in changed {
        if told.insert(conversation) {
            let summary = store::conversations::summary(db, conversation)
                .await?
                .or_vanished("conversation")?;
            let earlier: Vec<UserId> = previous.get(&conversation).copied().into_iter().collect();
            let audience = audience_of(&summary, &earlier);
            let event = Event::ConversationUpdated {
                conversation: summary,
            };
            events::record(db, now, &audience, event).await?;
        }
    }
    Ok(Pass {
        expired: plan
            .ending
            .iter()
            .filter(|o| o.expired)
            .map(|o| o.conversation)
            .collect(),
        withdrawn: plan
            .ending
            .iter()
            .filter(|o| !o.expired)
            .map(|o| o.conversation)
            .collect(),
        offered: plan.offers.iter().map(|(c, u, ..)| (*c, *u)).collect(),
        next_deadline: db::next_deadline(db).await?,
    })
}

/// An offer that ends in this pass.
struct Ending {
    conversation: ConversationId,
    holder: UserId,
    /// Ran out (the holder let it pass), rather than withdrawn.
    expired: bool,
}

/// What a pass would do, read without writing.
struct Plan {
    ending: Vec<Ending>,
    /// Conversation, member, line, when the offer runs out.
    offers: Vec<(ConversationId, UserId, LineId, i64)>,
}

impl Plan {
    fn is_empty(&self) -> bool {
        self.ending.is_empty() && self.offers.is_empty()
    }
}

async fn plan(db: &mut Conn, now: i64) -> Result<Plan, ApiError> {
    let lines = db::routed_lines(db).await?;
    let members = db::members(db).await?;
    let mut load = db::loads(db).await?;
    let available = |line: LineId, user: UserId| {
        members
            .iter()
            .any(|m| m.line == line && m.user == user && m.available())
    };
    let mut ending = Vec::new();
    let mut waiting = db::waiting(db).await?;
    for offer in db::offers(db).await? {
        let routed = lines.iter().any(|line| line.id == offer.waiting.line);
        let expired = offer.expires_at <= now;
        if expired || !routed || !available(offer.waiting.line, offer.holder) {
            ending.push(Ending {
                conversation: offer.waiting.conversation,
                holder: offer.holder,
                expired,
            });
            if let Some(count) = load.get_mut(&(offer.waiting.line, offer.holder)) {
                *count = count.saturating_sub(1);
            }
            // It waits again, in its place by waiting time.
            waiting.push(offer.waiting);
        }
    }
    waiting.sort_by_key(|waiting| (waiting.since, waiting.conversation.0));
    let passes = db::passes(db).await?;
    let mut offered_at: HashMap<(LineId, UserId), i64> = members
        .iter()
        .map(|m| ((m.line, m.user), m.last_offered_at))
        .collect();
    let mut offers = Vec::new();
    for waiting in waiting {
        let Some(line) = lines.iter().find(|line| line.id == waiting.line) else {
            continue;
        };
        let expired_now = |user: UserId| {
            ending.iter().any(|offer| {
                offer.expired && offer.conversation == waiting.conversation && offer.holder == user
            })
        };
        let candidates: Vec<Candidate> = members
            .iter()
            .filter(|m| m.line == waiting.line)
            .map(|m| Candidate {
                user: m.user,
                available: m.available(),
                position: m.position,
                last_offered_at: offered_at.get(&(m.line, m.user)).copied().unwrap_or(0),
                load: load.get(&(m.line, m.user)).copied().unwrap_or(0),
                passed: passes.contains(&(waiting.conversation, m.user)) || expired_now(m.user),
            })
            .collect();
        if let Some(user) = choose(line.mode, line.capacity, &candidates) {
            let expires_at = now + i64::from(line.time_to_take_seconds) * 1000;
            offers.push((waiting.conversation, user, waiting.line, expires_at));
            *load.entry((waiting.line, user)).or_default() += 1;
            offered_at.insert((waiting.line, user), now);
        }
    }
    Ok(Plan { ending, offers })
}

/// "Skip": the member holding the offer lets it pass now; it goes to the
/// next available member.
pub async fn skip(
    state: &AppState,
    viewer: &Viewer,
    id: ConversationId,
    request: ActionRequest,
) -> Result<ConversationSummary, ApiError> {
    let mut change = Change::begin(state).await?;
    let before = visible(&mut change.tx, viewer, id).await?;
    if request
        .version
        .is_some_and(|version| version != before.version)
    {
        return Err(ApiError::ConversationChanged);
    }
    if before.status != ConversationStatus::Unanswered
        || before.offered_to() != Some(viewer.user.id)
    {
        return Err(ApiError::Conflict(
            "This conversation is not offered to you".into(),
        ));
    }
    db::add_pass(&mut change.tx, id, viewer.user.id).await?;
    db::end_offer(&mut change.tx, id).await?;
    let after = store::conversations::summary(&mut change.tx, id)
        .await?
        .or_vanished("conversation")?;
    let audience = audience_of(&after, &[viewer.user.id]);
    let event = Event::ConversationUpdated {
        conversation: after.clone(),
    };
    change.record(&audience, event).await?;
    change.commit(state).await?;
    state.routing.wake();
    Ok(after)
}

/// "Supervision": every queue member's load and the conversations that
/// wait (supervisors and admins).
pub async fn supervision(state: &AppState, viewer: &Viewer) -> Result<Supervision, ApiError> {
    crate::services::settings::require_supervisor(viewer, "Supervision")?;
    // One snapshot: the loads and the waiting conversations agree (an offer
    // made between two reads would show on one side only).
    let mut db = store::begin_read(&state.pool).await?;
    let limited: Vec<(LineId, u32)> = db::routed_lines(&mut db)
        .await?
        .into_iter()
        .filter_map(|line| line.capacity.map(|capacity| (line.id, capacity)))
        .collect();
    let members = db::members(&mut db).await?;
    let loads = db::loads(&mut db).await?;
    let at_capacity = |user: UserId| {
        let mut theirs = members
            .iter()
            .filter(|m| m.user == user)
            .filter_map(|m| limited.iter().find(|(line, _)| *line == m.line))
            .peekable();
        theirs.peek().is_some()
            && theirs.all(|(line, capacity)| {
                loads.get(&(*line, user)).copied().unwrap_or(0) >= *capacity
            })
    };
    let operators = db::supervision_loads(&mut db)
        .await?
        .into_iter()
        .map(
            |(user, presence, active, offers, capacity, longest)| OperatorLoad {
                user_id: UserId(user),
                presence: presence.0,
                active: u32::try_from(active).unwrap_or(u32::MAX),
                offers: u32::try_from(offers).unwrap_or(u32::MAX),
                capacity: capacity.and_then(|capacity| u32::try_from(capacity).ok()),
                at_capacity: at_capacity(UserId(user)),
                longest_wait_since: longest,
            },
        )
        .collect();
    let mut waiting = Vec::new();
    for id in db::unanswered(&mut db).await? {
        if let Some(summary) = store::conversations::summary(&mut db, id).await? {
            waiting.push(summary);
        }
    }
    db.commit().await?;
    Ok(Supervision { operators, waiting })
}

/// Wakes the routing task.
#[derive(Default)]
pub struct Router {
    wake: tokio::sync::Notify,
}

impl Router {
    /// Asks for a pass soon.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// The events that may change who should hold an offer.
const WAKES_ON: &[&str] = &[
    "conversation_created",
    "conversation_updated",
    "presence_changed",
    "line_updated",
    "user_updated",
];

/// Runs the passes for as long as the server runs: at start (offers that
/// ran out while it was stopped pass on), after each event that concerns
/// routing, and when the next offer runs out.
pub fn start(state: AppState) {
    tokio::spawn(async move {
        let mut events = Follower::new(&state.events, WAKES_ON);
        loop {
            let pass = exclusively(
                &state,
                BackgroundTask::Routing,
                run(&state, store::now_ms()),
            );
            let deadline = match pass.await {
                Ok(Some(deadline)) => deadline,
                // Another instance's pass: look again in a moment.
                Ok(None) => Some(store::now_ms() + BUSY_RETRY_MS),
                Err(error) => {
                    tracing::warn!(%error, "routing pass failed");
                    Some(store::now_ms() + 1000)
                }
            };
            let sleep = deadline.map_or(Duration::from_secs(3600), |deadline| {
                Duration::from_millis(u64::try_from(deadline - store::now_ms()).unwrap_or(0))
            });
            tokio::select! {
                () = tokio::time::sleep(sleep) => {}
                () = state.routing.wake.notified() => {}
                received = events.next() => {
                    if !received {
                        return;
                    }
                }
            }
            events.settle().await;
        }
    });
}

/// One pass at `now` on the server's database: read first, and only when
/// there is something to do, again inside a write transaction (so a pass
/// with nothing to do never takes the write lock the webhook needs).
/// Answers when the next offer runs out.
pub async fn run(state: &AppState, now: i64) -> Result<Option<i64>, ApiError> {
    {
        let mut db = state.pool.acquire().await?;
        if plan(&mut db, now).await?.is_empty() {
            return Ok(db::next_deadline(&mut db).await?);
        }
    }
    let mut change = Change::begin(state).await?;
    change.now = now;
    let pass = pass(&mut change.tx, now).await?;
    if pass.changed() {
        change.commit(state).await?;
    }
    Ok(pass.next_deadline)
}

#[cfg(test)]
mod tests {
    //! The rules on a clock of the tests' own: every pass is given its time.

    use super::*;
    use crate::store::Db;
    use switchboard_protocol::Presence;

    const SECOND: i64 = 1000;

    fn candidate(user: i64, position: i64) -> Candidate {
        Candidate {
            user: UserId(user),
            available: true,
            position,
            last_offered_at: 0,
            load: 0,
            passed: false,
        }
    }

    #[test]
    fn evenly_prefers_the_lightest_load_then_the_least_recently_offered() {
        let mut a = candidate(1, 0);
        let mut b = candidate(2, 1);
        let c = candidate(3, 2);
        a.load = 1;
        b.last_offered_at = 5;
        let evenly = DistributionMode::Evenly;
        assert_eq!(choose(evenly, None, &[a, b, c]), Some(UserId(3)));
        assert_eq!(choose(evenly, None, &[a, b]), Some(UserId(2)));
        b.load = 1;
        b.last_offered_at = 0;
        a.last_offered_at = 9;
        assert_eq!(choose(evenly, None, &[a, b]), Some(UserId(2)));
    }

    #[test]
    fn strictly_in_order_takes_the_first_available_in_the_queue() {
        let mut a = candidate(1, 0);
        let b = candidate(2, 1);
        a.load = 5;
        let strict = DistributionMode::Strict;
        assert_eq!(choose(strict, None, &[b, a]), Some(UserId(1)));
        a.available = false;
        assert_eq!(choose(strict, None, &[b, a]), Some(UserId(2)));
    }

    #[test]
    fn nobody_at_capacity_away_or_who_passed_gets_an_offer() {
        let mut full = candidate(1, 0);
        full.load = 2;
        let mut away = candidate(2, 1);
        away.available = false;
        let mut passed = candidate(3, 2);
        passed.passed = true;
        let all = [full, away, passed];
        assert_eq!(choose(DistributionMode::Evenly, Some(2), &all), None);
        assert_eq!(
            choose(DistributionMode::Evenly, Some(3), &all),
            Some(UserId(1))
        );
        assert_eq!(
            choose(DistributionMode::All, None, &[candidate(4, 0)]),
            None
        );
    }

    /// A channel, its queue (all Online) and a connector, in a fresh database.
    struct World {
        _dir: tempfile::TempDir,
        pool: Db,
        line: i64,
        connector: i64,
        members: Vec<UserId>,
    }

    impl World {
        async fn new(mode: &str, capacity: Option<i64>, members: usize) -> Self {
            let (dir, pool) = store::test_database().await;
            let line: i64 = sqlx::query_scalar(
                "INSERT INTO lines (name, mode, time_to_take_s, capacity) \
                 VALUES ('VIP', ?, 60, ?) RETURNING id",
            )
            .bind(mode)
            .bind(capacity)
            .fetch_one(&pool)
            .await
            .unwrap();
            let mut ids = Vec::new();
            for position in 0..members {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO users (name, email, role, presence, password_hash, created_at) \
                     VALUES (?, ?, 'operator', 'online', 'x', 0) RETURNING id",
                )
                .bind(format!("Operator {position}"))
                .bind(format!("operator{position}@example.com"))
                .fetch_one(&pool)
                .await
                .unwrap();
                sqlx::query(
                    "INSERT INTO line_members (line_id, user_id, position) VALUES (?, ?, ?)",
                )
                .bind(line)
                .bind(id)
                .bind(i64::try_from(position).unwrap())
                .execute(&pool)
                .await
                .unwrap();
                ids.push(UserId(id));
            }
            let connector = store::test_connector(&pool, line, "webhook").await;
            Self {
                _dir: dir,
                pool,
                line,
                connector,
                members: ids,
            }
        }

        /// A new customer writes at `at`: a new unanswered conversation.
        async fn customer_writes(&self, at: i64) -> ConversationId {
            store::test_conversation(&self.pool, self.line, self.connector, at).await
        }

        async fn pass(&self, now: i64) -> Pass {
            let mut tx = store::begin_write(&self.pool).await.unwrap();
            let pass = pass(&mut tx, now).await.unwrap();
            tx.commit().await.unwrap();
            pass
        }

        /// Who holds the conversation's offer, if anyone.
        async fn holder(&self, id: ConversationId) -> Option<UserId> {
            let mut db = self.pool.acquire().await.unwrap();
            let summary = store::conversations::summary(&mut db, id)
                .await
                .unwrap()
                .unwrap();
            summary.offered_to()
        }

        async fn accept(&self, id: ConversationId, user: UserId, now: i64) -> bool {
            let mut db = self.pool.acquire().await.unwrap();
            store::conversations::take_unanswered(&mut db, id, user, now)
                .await
                .unwrap()
        }

        async fn close(&self, id: ConversationId, now: i64) {
            sqlx::query(
                "UPDATE conversations SET status = 'closed', closed_at = ?, \
                 offer_expires_at = NULL WHERE id = ?",
            )
            .bind(now)
            .bind(id.0)
            .execute(&self.pool)
            .await
            .unwrap();
        }

        async fn set_presence(&self, user: UserId, presence: Presence) {
            sqlx::query("UPDATE users SET presence = ? WHERE id = ?")
                .bind(presence.as_str())
                .bind(user.0)
                .execute(&self.pool)
                .await
                .unwrap();
        }

        async fn events(&self) -> i64 {
            sqlx::query_scalar("SELECT COUNT(*) FROM events")
                .fetch_one(&self.pool)
                .await
                .unwrap()
        }
    }

    #[tokio::test]
    async fn each_operator_gets_one_offer_at_capacity_one_and_the_fourth_waits_for_a_free_one() {
        let world = World::new("evenly", Some(1), 3).await;
        let mut conversations = Vec::new();
        for at in 1..=4 {
            conversations.push(world.customer_writes(at * SECOND).await);
        }
        let pass = world.pass(10 * SECOND).await;
        assert_eq!(pass.offered.len(), 3);
        let mut holders: Vec<UserId> = pass.offered.iter().map(|(_, user)| *user).collect();
        holders.sort_by_key(|user| user.0);
        assert_eq!(holders, world.members, "one offer each");
        assert_eq!(
            world.holder(conversations[3]).await,
            None,
            "the fourth waits"
        );
        assert_eq!(pass.next_deadline, Some(70 * SECOND));
        assert_eq!(
            world.events().await,
            3,
            "one conversation_updated per offer"
        );

        // The first operator accepts: at capacity, nothing changes.
        let first = pass.offered[0];
        assert!(world.accept(first.0, first.1, 11 * SECOND).await);
        assert!(world.pass(12 * SECOND).await.offered.is_empty());
        // They finish it: the fourth is offered to them, the capacity freed.
        world.close(first.0, 13 * SECOND).await;
        let pass = world.pass(14 * SECOND).await;
        assert_eq!(pass.offered, vec![(conversations[3], first.1)]);
    }

    #[tokio::test]
    async fn an_offer_not_taken_in_time_passes_on_and_never_comes_back_to_who_let_it_pass() {
        let world = World::new("strict", None, 2).await;
        let (a, b) = (world.members[0], world.members[1]);
        let id = world.customer_writes(0).await;
        assert_eq!(world.pass(SECOND).await.offered, vec![(id, a)]);
        let pass = world.pass(60 * SECOND).await;
        assert!(pass.expired.is_empty(), "still within the time to take");
        assert_eq!(pass.next_deadline, Some(61 * SECOND));
        let pass = world.pass(61 * SECOND).await;
        assert_eq!(pass.expired, vec![id]);
        assert_eq!(
            pass.offered,
            vec![(id, b)],
            "strictly in order, but not to a again"
        );
        let pass = world.pass(121 * SECOND).await;
        assert_eq!(pass.expired, vec![id]);
        assert!(
            pass.offered.is_empty(),
            "both let it pass: it waits for anyone's Reply"
        );
        assert_eq!(world.holder(id).await, None);
        assert_eq!(pass.next_deadline, None);
    }

    #[tokio::test]
    async fn only_online_operators_get_offers_and_the_backlog_goes_out_oldest_first() {
        let world = World::new("evenly", Some(1), 1).await;
        let operator = world.members[0];
        world.set_presence(operator, Presence::Away).await;
        let newer = world.customer_writes(5 * SECOND).await;
        let older = world.customer_writes(2 * SECOND).await;
        assert!(world.pass(10 * SECOND).await.offered.is_empty());
        world.set_presence(operator, Presence::Online).await;
        let pass = world.pass(20 * SECOND).await;
        assert_eq!(pass.offered, vec![(older, operator)]);
        assert_eq!(world.holder(newer).await, None);
    }

    #[tokio::test]
    async fn an_operator_going_offline_loses_their_offers_to_a_colleague_at_once() {
        let world = World::new("strict", None, 2).await;
        let (a, b) = (world.members[0], world.members[1]);
        let id = world.customer_writes(0).await;
        world.pass(SECOND).await;
        world.set_presence(a, Presence::Offline).await;
        let pass = world.pass(2 * SECOND).await;
        assert_eq!(pass.withdrawn, vec![id]);
        assert_eq!(pass.offered, vec![(id, b)]);
        // Withdrawn is not passed: with b gone too and a back, a gets it again.
        world.set_presence(b, Presence::Offline).await;
        world.set_presence(a, Presence::Online).await;
        let pass = world.pass(3 * SECOND).await;
        assert_eq!(pass.offered, vec![(id, a)]);
    }

    #[tokio::test]
    async fn an_offer_expiring_as_it_is_accepted_has_one_outcome() {
        let world = World::new("strict", None, 2).await;
        let a = world.members[0];
        let id = world.customer_writes(0).await;
        world.pass(0).await;
        // The acceptance commits first: the pass at the deadline finds no offer.
        assert!(world.accept(id, a, 60 * SECOND).await);
        let pass = world.pass(60 * SECOND).await;
        assert!(pass.expired.is_empty() && pass.offered.is_empty());

        // The pass commits first: the late acceptance still takes it, from
        // whoever holds the offer now, and that offer ends.
        let id = world.customer_writes(SECOND).await;
        let pass = world.pass(2 * SECOND).await;
        let holder = pass.offered[0].1;
        let pass = world.pass(62 * SECOND).await;
        assert_eq!(pass.expired, vec![id]);
        let next = pass.offered[0].1;
        assert_ne!(next, holder);
        assert!(world.accept(id, holder, 62 * SECOND).await);
        assert_eq!(world.holder(id).await, None);
        let mut db = world.pool.acquire().await.unwrap();
        let summary = store::conversations::summary(&mut db, id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(summary.assignee, Some(holder));
        assert_eq!(summary.status, ConversationStatus::InProgress);
    }

    #[tokio::test]
    async fn two_operators_accepting_the_same_offer_leave_one_assignee() {
        let world = World::new("evenly", None, 2).await;
        let (a, b) = (world.members[0], world.members[1]);
        let id = world.customer_writes(0).await;
        world.pass(0).await;
        let first = world.accept(id, a, SECOND).await;
        let second = world.accept(id, b, SECOND).await;
        assert!(first && !second);
    }

    #[tokio::test]
    async fn offers_and_their_time_outs_survive_a_restart() {
        let world = World::new("strict", None, 2).await;
        let (a, b) = (world.members[0], world.members[1]);
        let id = world.customer_writes(0).await;
        assert_eq!(world.pass(0).await.offered, vec![(id, a)]);
        // A new server on the same database, an hour later.
        let path = store::database_path(world._dir.path());
        world.pool.close().await;
        let pool = store::open(path.parent().unwrap(), None).await.unwrap();
        let mut tx = store::begin_write(&pool).await.unwrap();
        let pass = pass(&mut tx, 3600 * SECOND).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(pass.expired, vec![id]);
        assert_eq!(pass.offered, vec![(id, b)]);
    }

    #[tokio::test]
    async fn a_channel_distributing_all_at_once_offers_nothing() {
        let world = World::new("all", None, 2).await;
        world.customer_writes(0).await;
        let pass = world.pass(SECOND).await;
        assert_eq!(pass, Pass::default());
    }

    #[test]
    fn only_events_that_can_change_an_offer_wake_routing() {
        for kind in ["conversation_created", "presence_changed", "user_updated"] {
            assert!(WAKES_ON.contains(&kind), "{kind}");
        }
        for kind in ["message_created", "typing"] {
            assert!(!WAKES_ON.contains(&kind), "{kind}");
        }
    }
}
