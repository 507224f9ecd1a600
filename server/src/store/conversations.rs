//! Conversations (sessions), their participants and read markers, and the queue query.

use std::collections::HashMap;

use sqlx::QueryBuilder;
use switchboard_protocol::{
    mentions::plain_text, AuthorKind, ChatId, ConnectorId, ConnectorKind, ConversationId,
    ConversationStatus, ConversationSummary, Customer, CustomerId, LabelId, LineId, MessageId,
    MessagePreview, Priority, StatusCounts, UserId,
};

use super::messages::Mentions;
use super::names::Named;
use super::sql::{self, params};
use super::Dialect;
use crate::store::{Backend, Conn};

shared_row! {
    pub(crate) struct SummaryRow {
        id: i64,
        chat_id: i64,
        session_number: i64,
        line_id: i64,
        connector_id: i64,
        kind: Named<ConnectorKind>,
        title: Option<String>,
        customer_id: i64,
        customer_name: String,
        customer_email: Option<String>,
        customer_phone: Option<String>,
        status: Named<ConversationStatus>,
        assignee_id: Option<i64>,
        waiting_since: Option<i64>,
        last_activity_at: i64,
        created_at: i64,
        closed_at: Option<i64>,
        version: i64,
        locked_by: Option<i64>,
        offer_expires_at: Option<i64>,
        rating: Option<i64>,
        priority: Named<Priority>,
        label_ids: Option<String>,
        snoozed_until: Option<i64>,
        last_id: Option<i64>,
        last_kind: Option<Named<AuthorKind>>,
        last_text: Option<String>,
        last_mentions: Option<String>,
        last_chat_mentions: Option<String>,
        last_internal: Option<crate::store::sql::Flag>,
        last_created_at: Option<i64>,
        last_deleted_at: Option<i64>,
    }
}

/// The columns of [`SummaryRow`]; add a `WHERE`.
pub(crate) const SUMMARY_SELECT: &str = "SELECT c.id, c.chat_id, c.session_number, COALESCE(c.line_id, ch.line_id) AS line_id, c.connector_id, \
    k.kind, COALESCE(c.custom_title, l.title) AS title, cu.id AS customer_id, cu.name AS customer_name, cu.email AS customer_email, \
    cu.phone AS customer_phone, c.status, c.assignee_id, c.waiting_since, c.last_activity_at, \
    c.created_at, c.closed_at, c.version, c.locked_by, c.offer_expires_at, c.rating, \
    c.priority, (SELECT string_agg(CAST(cl.label_id AS TEXT), ',' ORDER BY lower(lb.name), lb.id) \
    FROM conversation_labels cl JOIN labels lb ON lb.id = cl.label_id \
    WHERE cl.conversation_id = c.id) AS label_ids, c.snoozed_until, m.id AS last_id, m.author_kind AS last_kind, \
    m.text AS last_text, m.mentions AS last_mentions, m.chat_mentions AS last_chat_mentions, \
    m.internal AS last_internal, m.created_at AS last_created_at, \
    m.deleted_at AS last_deleted_at \
    FROM conversations c \
    JOIN chats ch ON ch.id = c.chat_id \
    JOIN customers cu ON cu.id = ch.customer_id \
    JOIN connectors k ON k.id = c.connector_id \
    LEFT JOIN chat_links l ON l.connector_id = c.connector_id AND l.external_chat_id = c.external_chat_id \
    LEFT JOIN messages m ON m.id = c.last_message_id";

/// The start of a message's text as plain text (mentions as names and titles).
fn preview(text: &str, mentions: &Mentions) -> String {
    const MAX: usize = 200;
    let text = plain_text(text, &mentions.users, &mentions.chats);
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

impl SummaryRow {
    /// The conversation's id.
    pub(crate) fn id(&self) -> ConversationId {
        ConversationId(self.id)
    }

    /// The summary, with the participants [`PARTICIPANTS`] read.
    pub(crate) fn into_summary(self, participants: Vec<UserId>) -> ConversationSummary {
        let last_message = match (self.last_id, self.last_kind, self.last_created_at) {
            (Some(id), Some(author_kind), Some(created_at)) => Some(MessagePreview {
                id: MessageId(id),
                author_kind: author_kind.0,
                text: if self.last_deleted_at.is_some() {
                    String::new()
                } else {
                    let mentions = Mentions::from_columns(
                        self.last_mentions.as_deref(),
                        self.last_chat_mentions.as_deref(),
                    );
                    preview(self.last_text.as_deref().unwrap_or_default(), &mentions)
                },
                internal: self.last_internal.is_some_and(bool::from),
                created_at,
            }),
            _ => None,
        };
        ConversationSummary {
            id: ConversationId(self.id),
            chat_id: ChatId(self.chat_id),
            session_number: u32::try_from(self.session_number).unwrap_or(u32::MAX),
            line_id: LineId(self.line_id),
            connector_id: ConnectorId(self.connector_id),
            channel: self.kind.0,
            title: self.title,
            customer: Customer {
                id: CustomerId(self.customer_id),
                name: self.customer_name,
                email: self.customer_email,
                phone: self.customer_phone,
            },
            status: self.status.0,
            assignee: self.assignee_id.map(UserId),
            participants,
            last_message,
            waiting_since: self.waiting_since,
            last_activity_at: self.last_activity_at,
            created_at: self.created_at,
            closed_at: self.closed_at,
            version: self.version,
            locked_by: self.locked_by.map(UserId),
            offer_expires_at: self.offer_expires_at.filter(|_| {
                self.status.0 == ConversationStatus::Unanswered && self.assignee_id.is_some()
            }),
            rating: self.rating.and_then(|rating| u8::try_from(rating).ok()),
            labels: label_ids(self.label_ids.as_deref()),
            priority: self.priority.0,
            snoozed_until: self
                .snoozed_until
                .filter(|_| self.status.0 == ConversationStatus::InProgress),
        }
    }
}

/// The labels of a summary row: their ids, comma-separated, in the
/// labels' name order.
fn label_ids(column: Option<&str>) -> Vec<LabelId> {
    column
        .unwrap_or_default()
        .split(',')
        .filter_map(|id| id.trim().parse().ok().map(LabelId))
        .collect()
}

/// One conversation as every employee sees it.
pub async fn summary(
    db: &mut Conn,
    id: ConversationId,
) -> sqlx::Result<Option<ConversationSummary>> {
    Ok(summaries(db, &[id]).await?.pop().flatten())
}

/// The employees invited into a conversation (its id), in order.
pub(crate) const PARTICIPANTS: &str =
    "SELECT user_id FROM conversation_participants WHERE conversation_id = ? ORDER BY user_id";

/// Employees invited into a conversation.
pub async fn participants(db: &mut Conn, id: ConversationId) -> sqlx::Result<Vec<UserId>> {
    let ids: Vec<i64> = sql::column(db, PARTICIPANTS, params![id.0]).await?;
    Ok(ids.into_iter().map(UserId).collect())
}

/// The latest session of a chat: its id and status.
pub async fn latest_of_chat(
    db: &mut Conn,
    chat: ChatId,
) -> sqlx::Result<Option<(ConversationId, ConversationStatus, i64)>> {
    let row: Option<(i64, Named<ConversationStatus>, i64)> =
        sql::row(db, LATEST_OF_CHAT, params![chat.0]).await?;
    Ok(row.map(latest_session))
}

/// The latest session of a chat (its id): id, status, session number.
pub(crate) const LATEST_OF_CHAT: &str =
    "SELECT id, status, session_number FROM conversations WHERE chat_id = ? \
     ORDER BY session_number DESC LIMIT 1";

/// A row of [`LATEST_OF_CHAT`].
pub(crate) fn latest_session(
    (id, status, number): (i64, Named<ConversationStatus>, i64),
) -> (ConversationId, ConversationStatus, i64) {
    (ConversationId(id), status.0, number)
}

/// Number of sessions of a chat older than this one.
pub async fn earlier_sessions(db: &mut Conn, id: ConversationId) -> sqlx::Result<u32> {
    let query =
        "SELECT COUNT(*) FROM conversations o JOIN conversations c ON c.chat_id = o.chat_id \
        WHERE c.id = ? AND o.session_number < c.session_number";
    let count: i64 = sql::one(db, query, params![id.0]).await?;
    Ok(u32::try_from(count).unwrap_or_default())
}

/// A new session of a chat.
pub struct NewConversation<'a> {
    /// The chat.
    pub chat: ChatId,
    /// Its session number.
    pub session_number: i64,
    /// The connector the customer writes through.
    pub connector: ConnectorId,
    /// The channel's chat id.
    pub external_chat_id: &'a str,
    /// Initial status.
    pub status: ConversationStatus,
    /// Initial assignee.
    pub assignee: Option<UserId>,
    /// Creation time.
    pub now: i64,
}

/// The values of [`INSERT`], in its order.
type InsertValues<'a> = (
    i64,
    i64,
    i64,
    &'a str,
    &'static str,
    Option<i64>,
    Option<i64>,
    i64,
    i64,
    Option<i64>,
);

impl NewConversation<'_> {
    /// What [`INSERT`] stores: an unanswered session waits from now on, a
    /// closed one is closed now.
    pub(crate) fn values(&self) -> InsertValues<'_> {
        let closed_at = (!self.status.is_open()).then_some(self.now);
        let waiting = (self.status == ConversationStatus::Unanswered).then_some(self.now);
        (
            self.chat.0,
            self.session_number,
            self.connector.0,
            self.external_chat_id,
            self.status.as_str(),
            self.assignee.map(|u| u.0),
            waiting,
            self.now,
            self.now,
            closed_at,
        )
    }
}

/// Creates a session.
pub async fn insert(db: &mut Conn, new: &NewConversation<'_>) -> sqlx::Result<ConversationId> {
    let id = sql::insert(db, INSERT, new.values().into()).await?;
    Ok(ConversationId(id))
}

/// Creates a session: chat, session number, connector, channel's chat id,
/// status, assignee, waiting since, last activity, creation, closing time.
pub(crate) const INSERT: &str =
    "INSERT INTO conversations (chat_id, session_number, connector_id, external_chat_id, status, \
     assignee_id, waiting_since, last_activity_at, created_at, closed_at) \
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/// Moves an unanswered conversation to in progress for `assignee`.
/// Returns false when it was no longer unanswered (someone was faster).
pub async fn take_unanswered(
    db: &mut Conn,
    id: ConversationId,
    assignee: UserId,
    now: i64,
) -> sqlx::Result<bool> {
    let query =
        "UPDATE conversations SET status = 'in_progress', assignee_id = ?, last_activity_at = ?, \
        offer_expires_at = NULL, \
        version = version + 1 WHERE id = ? AND status = 'unanswered'";
    sql::changed(db, query, params![assignee.0, now, id.0]).await
}

/// Sets status, closing time and waiting time directly (demo data).
pub async fn set_state(
    db: &mut Conn,
    id: ConversationId,
    status: ConversationStatus,
    assignee: Option<UserId>,
    at: i64,
) -> sqlx::Result<()> {
    let query = "UPDATE conversations SET status = ?, assignee_id = ?, \
        closed_at = CASE WHEN ? THEN ? ELSE NULL END, \
        waiting_since = CASE WHEN ? THEN NULL ELSE waiting_since END, \
        version = version + 1 WHERE id = ?";
    sql::run(
        db,
        query,
        params![
            status.as_str(),
            assignee.map(|u| u.0),
            !status.is_open(),
            at,
            !status.is_open(),
            id.0
        ],
    )
    .await
}

/// Records a new last message. A customer message starts the waiting clock
/// if it is not running and ends a snooze; an employee's public reply stops
/// the waiting clock.
pub async fn touch_with_message(
    db: &mut Conn,
    id: ConversationId,
    message: MessageId,
    author: AuthorKind,
    internal: bool,
    now: i64,
) -> sqlx::Result<()> {
    let query = touch_with_message_sql(author, internal);
    sql::run(db, query, params![message.0, now, id.0, now]).await
}

/// Records a conversation's new last message: `?1` the message, `?2` and
/// `?4` the time, `?3` the conversation. A customer's message starts the
/// wait for an answer (if none runs), an employee's public one ends it.
pub(crate) fn touch_with_message_sql(author: AuthorKind, internal: bool) -> &'static str {
    match (author, internal) {
        // The customer writing wakes a snoozed conversation.
        (AuthorKind::Customer, _) => {
            "UPDATE conversations SET last_message_id = ?1, last_activity_at = ?2, \
             waiting_since = COALESCE(waiting_since, ?4), snoozed_until = NULL, \
             version = version + 1 WHERE id = ?3"
        }
        // `?4` is referenced in every statement so the parameter count is fixed.
        (AuthorKind::Employee | AuthorKind::Bot, false) => {
            "UPDATE conversations SET last_message_id = ?1, last_activity_at = ?2, \
             waiting_since = NULLIF(?4, ?4), version = version + 1 WHERE id = ?3"
        }
        _ => {
            "UPDATE conversations SET last_message_id = ?1, last_activity_at = ?2, \
             waiting_since = COALESCE(waiting_since, NULLIF(?4, ?4)), version = version + 1 WHERE id = ?3"
        }
    }
}

/// Adds a participant (invitation).
pub async fn add_participant(db: &mut Conn, id: ConversationId, user: UserId) -> sqlx::Result<()> {
    let query =
        "INSERT INTO conversation_participants (conversation_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
    sql::run(db, query, params![id.0, user.0]).await
}

/// [`summary`] of each conversation, in order, in two statements (the
/// conversations, their participants).
pub async fn summaries(
    db: &mut Conn,
    ids: &[ConversationId],
) -> sqlx::Result<Vec<Option<ConversationSummary>>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = sql::placeholders(ids.len());
    let values = || sql::Params::of_numbers(ids.iter().map(|id| id.0));
    let query = format!("{SUMMARY_SELECT} WHERE c.id IN {list}");
    let rows: Vec<SummaryRow> = sql::rows(db, &query, values()).await?;
    let query = format!(
        "SELECT conversation_id, user_id FROM conversation_participants \
         WHERE conversation_id IN {list} ORDER BY conversation_id, user_id"
    );
    let participants: Vec<(i64, i64)> = sql::rows(db, &query, values()).await?;
    let mut invited: HashMap<i64, Vec<UserId>> = HashMap::new();
    for (conversation, user) in participants {
        invited.entry(conversation).or_default().push(UserId(user));
    }
    let mut found: HashMap<ConversationId, ConversationSummary> = rows
        .into_iter()
        .map(|row| {
            let id = row.id();
            (
                id,
                row.into_summary(invited.remove(&id.0).unwrap_or_default()),
            )
        })
        .collect();
    Ok(ids.iter().map(|id| found.remove(id)).collect())
}

/// [`read_state`] of each conversation, in order, in one statement.
pub async fn read_states(
    db: &mut Conn,
    ids: &[ConversationId],
    user: UserId,
) -> sqlx::Result<Vec<(Option<MessageId>, u32)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let query = format!(
        "SELECT c.id, r.last_read_message_id, \
           (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id \
            AND m.author_kind = 'customer' AND m.deleted_at IS NULL \
            AND m.id > COALESCE(r.last_read_message_id, 0)) \
         FROM conversations c LEFT JOIN conversation_reads r \
           ON r.conversation_id = c.id AND r.user_id = ? \
         WHERE c.id IN {}",
        sql::placeholders(ids.len())
    );
    let values = ids
        .iter()
        .fold(params![user.0], |params, id| params.and(id.0));
    let rows: Vec<(i64, Option<i64>, i64)> = sql::rows(db, &query, values).await?;
    let states: HashMap<i64, (Option<MessageId>, u32)> = rows
        .into_iter()
        .map(|(id, marker, unread)| {
            let unread = u32::try_from(unread).unwrap_or(u32::MAX);
            (id, (marker.map(MessageId), unread))
        })
        .collect();
    Ok(ids
        .iter()
        .map(|id| states.get(&id.0).copied().unwrap_or((None, 0)))
        .collect())
}

/// An employee's read marker and unread count in a conversation.
pub async fn read_state(
    db: &mut Conn,
    id: ConversationId,
    user: UserId,
) -> sqlx::Result<(Option<MessageId>, u32)> {
    let mut states = read_states(db, &[id], user).await?;
    Ok(states.pop().unwrap_or((None, 0)))
}

/// Moves a read marker forward (never backwards). Returns the marker now stored.
pub async fn mark_read(
    db: &mut Conn,
    id: ConversationId,
    user: UserId,
    message: MessageId,
) -> sqlx::Result<MessageId> {
    let query = "INSERT INTO conversation_reads (conversation_id, user_id, last_read_message_id) VALUES (?, ?, ?) \
        ON CONFLICT (conversation_id, user_id) DO UPDATE SET \
        last_read_message_id = CASE WHEN conversation_reads.last_read_message_id > excluded.last_read_message_id \
        THEN conversation_reads.last_read_message_id ELSE excluded.last_read_message_id END";
    sql::run(db, query, params![id.0, user.0, message.0]).await?;
    let query = "SELECT last_read_message_id FROM conversation_reads WHERE conversation_id = ? AND user_id = ?";
    let stored: i64 = sql::one(db, query, params![id.0, user.0]).await?;
    Ok(MessageId(stored))
}

/// Which conversations a queue query may return.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    /// `None`: everything (admins, supervisors). `Some`: an operator who sees
    /// these lines plus what they are assigned or invited to.
    pub operator: Option<(UserId, Vec<LineId>)>,
    /// Status filter.
    pub status: Option<ConversationStatus>,
    /// Line filter.
    pub line: Option<LineId>,
    /// Assignee filter.
    pub assignee: Option<UserId>,
    /// Label filter.
    pub label: Option<LabelId>,
    /// Text search.
    pub text: Option<String>,
    /// Only snoozed conversations (`true`) or only those not snoozed.
    pub snoozed: Option<bool>,
}

/// A conversation `c` that is snoozed (in progress, with a wake-up time).
const SNOOZED: &str = "(c.status = 'in_progress' AND c.snoozed_until IS NOT NULL)";

fn push_filters(
    query: &mut QueryBuilder<'_, Backend>,
    dialect: Dialect,
    filter: &QueueFilter,
    with_status: bool,
) {
    query.push(" WHERE 1 = 1");
    if let Some((user, lines)) = &filter.operator {
        // The operator's lines first: they cover most sessions, and the
        // tests after them are skipped for those.
        query.push(" AND (");
        if !lines.is_empty() {
            query.push("COALESCE(c.line_id, ch.line_id) IN ");
            sql::push_list(query, lines.iter().map(|line| line.0));
            query.push(" OR ");
        }
        query.push("c.assignee_id = ");
        query.push_bind(user.0);
        query.push(" OR EXISTS (SELECT 1 FROM conversation_participants p WHERE p.conversation_id = c.id AND p.user_id = ");
        query.push_bind(user.0);
        query.push("))");
    }
    if with_status {
        if let Some(status) = filter.status {
            query.push(" AND c.status = ");
            query.push_bind(status.as_str());
        }
        match filter.snoozed {
            Some(true) => query.push(format!(" AND {SNOOZED}")),
            Some(false) => query.push(format!(" AND NOT {SNOOZED}")),
            None => &mut *query,
        };
    }
    if let Some(line) = filter.line {
        query.push(" AND COALESCE(c.line_id, ch.line_id) = ");
        query.push_bind(line.0);
    }
    if let Some(assignee) = filter.assignee {
        query.push(" AND c.assignee_id = ");
        query.push_bind(assignee.0);
    }
    if let Some(label) = filter.label {
        query.push(
            " AND EXISTS (SELECT 1 FROM conversation_labels fl \
             WHERE fl.conversation_id = c.id AND fl.label_id = ",
        );
        query.push_bind(label.0);
        query.push(")");
    }
    if let Some(text) = &filter.text {
        query.push(" AND ");
        push_search(query, dialect, text);
    }
}

/// Appends whether the session `c` is one a search for `text` finds: its
/// customer's name, its title or one of its (not deleted) messages
/// contains the text, whatever the case. Each is a set of sessions read
/// once through an index (`c.id IN (...)`, not a test of each session of
/// the queue): trigram indexes on PostgreSQL (pg_trgm), trigram full-text
/// tables of the names and the messages on SQLite (`customers_text`,
/// `messages_text`, FTS5); the titles are read among the few sessions that
/// have one.
fn push_search(query: &mut QueryBuilder<'_, Backend>, dialect: Dialect, text: &str) {
    query.push(
        "c.id IN (SELECT n.id FROM conversations n WHERE n.chat_id IN \
         (SELECT nch.id FROM chats nch WHERE nch.customer_id IN (",
    );
    match dialect {
        Dialect::Postgres => {
            query.push("SELECT ncu.id FROM customers ncu WHERE ");
            sql::push_any_contains(query, dialect, &["ncu.name"], text);
        }
        Dialect::Sqlite => push_full_text(query, "customers_text", "name", text),
    }
    query.push(")) UNION SELECT t.id FROM conversations t WHERE t.custom_title IS NOT NULL AND ");
    sql::push_any_contains(query, dialect, &["t.custom_title"], text);
    query.push(" UNION SELECT s.conversation_id FROM messages s WHERE s.deleted_at IS NULL AND ");
    match dialect {
        Dialect::Postgres => sql::push_any_contains(query, dialect, &["s.text"], text),
        Dialect::Sqlite => {
            query.push("s.id IN (");
            push_full_text(query, "messages_text", "text", text);
            query.push(")");
        }
    }
    query.push(")");
}

/// Appends the rowids of a SQLite trigram full-text table whose `column`
/// contains `text`, whatever the case of its letters. From three characters
/// on, a phrase query (`MATCH`), which folds the case of every letter as the
/// table's index does ("élodie" finds "Élodie"; a `LIKE` would check each
/// row again folding ASCII letters only). A shorter text has no trigram to
/// look up: a `GLOB` of its letters' cases ([`sql::glob_contains`]), which
/// reads every row.
fn push_full_text(query: &mut QueryBuilder<'_, Backend>, table: &str, column: &str, text: &str) {
    if text.chars().count() >= 3 {
        query.push(format_args!(
            "SELECT rowid FROM {table} WHERE {table} MATCH "
        ));
        query.push_bind(format!("\"{}\"", text.replace('"', "\"\"")));
    } else {
        query.push(format_args!(
            "SELECT rowid FROM {table} WHERE {column} GLOB "
        ));
        query.push_bind(sql::glob_contains(text));
    }
}

/// Appends to a query on sessions `c` whether one of the session's (not
/// deleted) messages contains `text`.
pub(crate) fn push_has_message_containing(
    query: &mut QueryBuilder<'_, Backend>,
    dialect: Dialect,
    text: &str,
) {
    query.push(
        "EXISTS (SELECT 1 FROM messages s WHERE s.conversation_id = c.id \
         AND s.deleted_at IS NULL AND ",
    );
    sql::push_any_contains(query, dialect, &["s.text"], text);
    query.push(")");
}

const QUEUE_FROM: &str = " FROM conversations c JOIN chats ch ON ch.id = c.chat_id";

/// Ids of one page of the queue, most recent activity first, after the
/// cursor `(last_activity_at, id)`.
pub async fn queue_page(
    db: &mut Conn,
    filter: &QueueFilter,
    cursor: Option<(i64, i64)>,
    limit: u32,
) -> sqlx::Result<Vec<(ConversationId, i64)>> {
    let mut query = QueryBuilder::<Backend>::new("SELECT c.id, c.last_activity_at");
    query.push(QUEUE_FROM);
    push_filters(&mut query, Dialect::of(db), filter, true);
    if let Some((at, id)) = cursor {
        query.push(" AND (c.last_activity_at < ");
        query.push_bind(at);
        query.push(" OR (c.last_activity_at = ");
        query.push_bind(at);
        query.push(" AND c.id < ");
        query.push_bind(id);
        query.push("))");
    }
    query.push(" ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ");
    query.push_bind(i64::from(limit));
    let rows: Vec<(i64, i64)> = sql::built_rows(db, &mut query).await?;
    Ok(rows
        .into_iter()
        .map(|(id, at)| (ConversationId(id), at))
        .collect())
}

/// Counts per status with the same filters (status, snoozing and assignee
/// ignored: every tab shows its whole count), and the conversations in
/// progress assigned to `viewer` ("Mine"). Snoozed conversations are counted
/// apart from the others in progress.
///
/// The sessions of whole lines are added up from the tallies the database
/// keeps (`queue_tallies`); an operator's sessions outside their lines
/// (assigned or invited) are counted one by one, as are the sessions a
/// search or a label finds.
pub async fn queue_counts(
    db: &mut Conn,
    filter: &QueueFilter,
    viewer: UserId,
) -> sqlx::Result<StatusCounts> {
    let filter = QueueFilter {
        assignee: None,
        ..filter.clone()
    };
    let mut counts = StatusCounts::default();
    if filter.text.is_some() || filter.label.is_some() {
        let mut query = counting(viewer);
        query.push(QUEUE_FROM);
        push_filters(&mut query, Dialect::of(db), &filter, false);
        query.push(COUNT_GROUPS);
        add_counts(&mut counts, sql::built_rows(db, &mut query).await?);
        return Ok(counts);
    }
    // Whole lines: all of them, the one asked for, the operator's own.
    let lines = match (&filter.operator, filter.line) {
        (None, line) => line.map(|line| vec![line]),
        (Some((_, lines)), None) => Some(lines.clone()),
        (Some((_, lines)), Some(line)) => {
            Some(lines.iter().copied().filter(|l| *l == line).collect())
        }
    };
    if lines.as_ref().is_none_or(|lines| !lines.is_empty()) {
        let mut query = QueryBuilder::<Backend>::new(
            "SELECT status, snoozed <> 0, SUM(sessions), SUM(CASE WHEN assignee_id = ",
        );
        query.push_bind(viewer.0);
        query.push(" THEN sessions ELSE 0 END) FROM queue_tallies");
        if let Some(lines) = &lines {
            query.push(" WHERE line_id IN ");
            sql::push_list(&mut query, lines.iter().map(|line| line.0));
        }
        query.push(" GROUP BY status, snoozed");
        add_counts(&mut counts, sql::built_rows(db, &mut query).await?);
    }
    if let Some((user, own)) = &filter.operator {
        let mut query = counting(viewer);
        query.push(QUEUE_FROM);
        query.push(" WHERE c.id IN (SELECT a.id FROM conversations a WHERE a.assignee_id = ");
        query.push_bind(user.0);
        query.push(
            " UNION SELECT p.conversation_id FROM conversation_participants p WHERE p.user_id = ",
        );
        query.push_bind(user.0);
        query.push(")");
        if !own.is_empty() {
            query.push(" AND COALESCE(c.line_id, ch.line_id) NOT IN ");
            sql::push_list(&mut query, own.iter().map(|line| line.0));
        }
        if let Some(line) = filter.line {
            query.push(" AND COALESCE(c.line_id, ch.line_id) = ");
            query.push_bind(line.0);
        }
        query.push(COUNT_GROUPS);
        add_counts(&mut counts, sql::built_rows(db, &mut query).await?);
    }
    Ok(counts)
}

/// The end of a count begun with [`counting`]: its rows per status and
/// snoozing.
const COUNT_GROUPS: &str = " GROUP BY c.status, c.snoozed_until IS NOT NULL";

/// The start of a count of sessions `c` per status and snoozing, with
/// those assigned to `viewer`; it ends with [`COUNT_GROUPS`].
fn counting(viewer: UserId) -> QueryBuilder<'static, Backend> {
    let mut query = QueryBuilder::<Backend>::new(
        "SELECT c.status, c.snoozed_until IS NOT NULL, COUNT(*), COALESCE(SUM(CASE WHEN c.assignee_id = ",
    );
    query.push_bind(viewer.0);
    query.push(" THEN 1 ELSE 0 END), 0)");
    query
}

/// A count's row: status, snoozed, sessions, those assigned to the viewer.
type Counted = (String, sql::Flag, i64, i64);

/// Adds counted rows to the counts.
fn add_counts(counts: &mut StatusCounts, rows: Vec<Counted>) {
    let number = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
    for (status, sql::Flag(snoozed), count, mine) in rows {
        let count = number(count);
        match ConversationStatus::parse(&status) {
            Some(ConversationStatus::Unanswered) => counts.unanswered += count,
            Some(ConversationStatus::InProgress) if snoozed => counts.snoozed += count,
            Some(ConversationStatus::InProgress) => {
                counts.in_progress += count;
                counts.in_progress_mine += number(mine);
            }
            Some(ConversationStatus::Closed) => counts.closed += count,
            Some(ConversationStatus::Spam) => counts.spam += count,
            None => {}
        }
    }
}
