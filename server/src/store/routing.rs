//! The SQL of routing: the channels that distribute, their queues, each
//! employee's load, the offers and the conversations that wait for one.

use std::collections::{HashMap, HashSet};

use switchboard_protocol::{ConversationId, DistributionMode, LineId, Presence, UserId};

use super::names::Named;
use super::sql::{self, params};
use crate::store::Conn;

/// A channel that offers its conversations (not "All at once", not archived).
pub struct RoutedLine {
    /// The channel.
    pub id: LineId,
    /// "Evenly" or "Strictly in order".
    pub mode: DistributionMode,
    /// Seconds to take an offer.
    pub time_to_take_seconds: u32,
    /// Active conversations per operator, if limited.
    pub capacity: Option<u32>,
}

/// Every channel that offers its conversations.
pub async fn routed_lines(db: &mut Conn) -> sqlx::Result<Vec<RoutedLine>> {
    let query = "SELECT id, mode, time_to_take_s, capacity FROM lines \
        WHERE mode != 'all' AND archived_at IS NULL ORDER BY id";
    let rows: Vec<(i64, Named<DistributionMode>, i64, Option<i64>)> =
        sql::rows(db, query, params![]).await?;
    Ok(rows
        .into_iter()
        .map(|(id, mode, time_to_take, capacity)| RoutedLine {
            id: LineId(id),
            mode: mode.0,
            time_to_take_seconds: u32::try_from(time_to_take).unwrap_or(u32::MAX),
            capacity: capacity.and_then(|capacity| u32::try_from(capacity).ok()),
        })
        .collect())
}

/// A queue member of a channel that offers its conversations.
pub struct Member {
    /// The channel.
    pub line: LineId,
    /// The employee.
    pub user: UserId,
    /// Their place in the queue.
    pub position: i64,
    /// When they were last offered one of its conversations.
    pub last_offered_at: i64,
    /// Their presence.
    pub presence: Presence,
    /// Deactivated.
    pub deactivated: bool,
}

impl Member {
    /// Whether they may get offers: Online and active.
    pub fn available(&self) -> bool {
        self.presence == Presence::Online && !self.deactivated
    }
}

/// The queue members of the channels that offer their conversations.
pub async fn members(db: &mut Conn) -> sqlx::Result<Vec<Member>> {
    let query = "SELECT m.line_id, m.user_id, m.position, m.last_offered_at, u.presence, \
        u.deactivated_at IS NOT NULL FROM line_members m JOIN users u ON u.id = m.user_id \
        JOIN lines l ON l.id = m.line_id WHERE l.mode != 'all' AND l.archived_at IS NULL \
        ORDER BY m.line_id, m.position, m.user_id";
    let rows: Vec<(i64, i64, i64, i64, Named<Presence>, sql::Flag)> =
        sql::rows(db, query, params![]).await?;
    Ok(rows
        .into_iter()
        .map(
            |(line, user, position, last_offered_at, presence, sql::Flag(deactivated))| Member {
                line: LineId(line),
                user: UserId(user),
                position,
                last_offered_at,
                presence: presence.0,
                deactivated,
            },
        )
        .collect())
}

/// Each employee's active conversations per channel: in progress and
/// assigned to them, or offered to them.
pub async fn loads(db: &mut Conn) -> sqlx::Result<HashMap<(LineId, UserId), u32>> {
    // Two indexed reads (the conversations in progress, the offers), not a
    // scan of every conversation that ever had an assignee.
    let query = "SELECT line, assignee, COUNT(*) FROM ( \
        SELECT COALESCE(c.line_id, ch.line_id) AS line, c.assignee_id AS assignee \
            FROM conversations c JOIN chats ch ON ch.id = c.chat_id \
            WHERE c.status = 'in_progress' AND c.assignee_id IS NOT NULL \
        UNION ALL \
        SELECT COALESCE(c.line_id, ch.line_id), c.assignee_id \
            FROM conversations c JOIN chats ch ON ch.id = c.chat_id \
            WHERE c.offer_expires_at IS NOT NULL AND c.status = 'unanswered' \
            AND c.assignee_id IS NOT NULL) AS held GROUP BY line, assignee";
    let rows: Vec<(i64, i64, i64)> = sql::rows(db, query, params![]).await?;
    Ok(rows
        .into_iter()
        .map(|(line, user, count)| {
            let count = u32::try_from(count).unwrap_or(u32::MAX);
            ((LineId(line), UserId(user)), count)
        })
        .collect())
}

/// An unanswered conversation as routing orders them.
#[derive(Debug, Clone, Copy)]
pub struct Waiting {
    /// The conversation.
    pub conversation: ConversationId,
    /// Its channel.
    pub line: LineId,
    /// Since when the customer waits.
    pub since: i64,
}

/// The conversation's channel and waiting time, as [`Waiting`] reads them.
const WAITING_COLUMNS: &str = "c.id, COALESCE(c.line_id, ch.line_id), \
    COALESCE(c.waiting_since, c.created_at)";

/// The unanswered conversations of the channels that offer, without an
/// assignee, the longest waiting first. Read from those channels' chats and
/// the conversations transferred to them, so the conversations of the
/// channels that do not offer (however many wait there) are never read.
pub async fn waiting(db: &mut Conn) -> sqlx::Result<Vec<Waiting>> {
    let query = format!(
        "SELECT {WAITING_COLUMNS} FROM lines l JOIN chats ch ON ch.line_id = l.id \
            JOIN conversations c ON c.chat_id = ch.id AND c.line_id IS NULL \
            WHERE l.mode != 'all' AND l.archived_at IS NULL \
            AND c.status = 'unanswered' AND c.assignee_id IS NULL \
        UNION ALL \
        SELECT {WAITING_COLUMNS} FROM lines l JOIN conversations c ON c.line_id = l.id \
            JOIN chats ch ON ch.id = c.chat_id \
            WHERE l.mode != 'all' AND l.archived_at IS NULL \
            AND c.status = 'unanswered' AND c.assignee_id IS NULL \
        ORDER BY 3, 1"
    );
    let rows: Vec<(i64, i64, i64)> = sql::rows(db, &query, params![]).await?;
    Ok(rows.into_iter().map(waiting_of).collect())
}

fn waiting_of((conversation, line, since): (i64, i64, i64)) -> Waiting {
    Waiting {
        conversation: ConversationId(conversation),
        line: LineId(line),
        since,
    }
}

/// An offer being held.
pub struct Offer {
    /// The conversation offered, its channel and waiting time.
    pub waiting: Waiting,
    /// Who holds it.
    pub holder: UserId,
    /// When it runs out.
    pub expires_at: i64,
}

/// Every offer being held.
pub async fn offers(db: &mut Conn) -> sqlx::Result<Vec<Offer>> {
    let query = format!(
        "SELECT {WAITING_COLUMNS}, c.assignee_id, c.offer_expires_at FROM conversations c \
        JOIN chats ch ON ch.id = c.chat_id WHERE c.offer_expires_at IS NOT NULL \
        AND c.status = 'unanswered' AND c.assignee_id IS NOT NULL ORDER BY 3, 1"
    );
    let rows: Vec<(i64, i64, i64, i64, i64)> = sql::rows(db, &query, params![]).await?;
    Ok(rows
        .into_iter()
        .map(|(conversation, line, since, holder, expires_at)| Offer {
            waiting: waiting_of((conversation, line, since)),
            holder: UserId(holder),
            expires_at,
        })
        .collect())
}

/// Who let which unanswered conversation pass.
pub async fn passes(db: &mut Conn) -> sqlx::Result<HashSet<(ConversationId, UserId)>> {
    let query = "SELECT p.conversation_id, p.user_id FROM offer_passes p \
        JOIN conversations c ON c.id = p.conversation_id WHERE c.status = 'unanswered'";
    let rows: Vec<(i64, i64)> = sql::rows(db, query, params![]).await?;
    Ok(rows
        .into_iter()
        .map(|(conversation, user)| (ConversationId(conversation), UserId(user)))
        .collect())
}

/// When the earliest offer being held runs out.
pub async fn next_deadline(db: &mut Conn) -> sqlx::Result<Option<i64>> {
    let query = "SELECT MIN(offer_expires_at) FROM conversations \
        WHERE offer_expires_at IS NOT NULL AND status = 'unanswered'";
    sql::one(db, query, params![]).await
}

/// Offers a waiting conversation to `user` until `expires_at`.
pub async fn offer(
    db: &mut Conn,
    conversation: ConversationId,
    user: UserId,
    expires_at: i64,
) -> sqlx::Result<()> {
    let query = "UPDATE conversations SET assignee_id = ?, offer_expires_at = ?, \
        version = version + 1 WHERE id = ? AND status = 'unanswered' AND assignee_id IS NULL";
    sql::run(db, query, params![user.0, expires_at, conversation.0]).await
}

/// Ends the offer of a conversation: it waits for the next one.
pub async fn end_offer(db: &mut Conn, conversation: ConversationId) -> sqlx::Result<()> {
    let query = "UPDATE conversations SET assignee_id = NULL, offer_expires_at = NULL, \
        version = version + 1 WHERE id = ? AND status = 'unanswered' \
        AND offer_expires_at IS NOT NULL";
    sql::run(db, query, params![conversation.0]).await
}

/// Remembers that `user` let the conversation pass.
pub async fn add_pass(
    db: &mut Conn,
    conversation: ConversationId,
    user: UserId,
) -> sqlx::Result<()> {
    let query =
        "INSERT INTO offer_passes (conversation_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
    sql::run(db, query, params![conversation.0, user.0]).await
}

/// Remembers that a conversation of the channel was just offered to `user`.
pub async fn mark_offered(db: &mut Conn, line: LineId, user: UserId, now: i64) -> sqlx::Result<()> {
    let query = "UPDATE line_members SET last_offered_at = ? WHERE line_id = ? AND user_id = ?";
    sql::run(db, query, params![now, line.0, user.0]).await
}

/// One active queue member's load, as "Supervision" shows it: user,
/// presence, in progress, offers held, smallest capacity of their channels,
/// the longest current wait among their conversations in progress.
pub type LoadRow = (i64, Named<Presence>, i64, i64, Option<i64>, Option<i64>);

/// Every active queue member's load, in name order.
pub async fn supervision_loads(db: &mut Conn) -> sqlx::Result<Vec<LoadRow>> {
    let query = "SELECT u.id, u.presence, \
        (SELECT COUNT(*) FROM conversations c WHERE c.assignee_id = u.id \
            AND c.status = 'in_progress'), \
        (SELECT COUNT(*) FROM conversations c WHERE c.assignee_id = u.id \
            AND c.status = 'unanswered' AND c.offer_expires_at IS NOT NULL), \
        (SELECT MIN(l.capacity) FROM line_members m JOIN lines l ON l.id = m.line_id \
            WHERE m.user_id = u.id AND l.archived_at IS NULL), \
        (SELECT MIN(c.waiting_since) FROM conversations c WHERE c.assignee_id = u.id \
            AND c.status = 'in_progress') \
        FROM users u WHERE u.deactivated_at IS NULL \
        AND EXISTS (SELECT 1 FROM line_members m WHERE m.user_id = u.id) \
        ORDER BY u.name, u.id";
    sql::rows(db, query, params![]).await
}

/// The unanswered conversations, the longest waiting first (at most 500).
pub async fn unanswered(db: &mut Conn) -> sqlx::Result<Vec<ConversationId>> {
    let query = "SELECT id FROM conversations WHERE status = 'unanswered' \
        ORDER BY COALESCE(waiting_since, created_at), id LIMIT 500";
    let ids: Vec<i64> = sql::column(db, query, params![]).await?;
    Ok(ids.into_iter().map(ConversationId).collect())
}
