//! The facts of the reports: conversations counted per period, open
//! channel, operator and label, and the durations their percentiles are taken
//! from. Periods come as instants (the service cuts them in the viewer's
//! time zone) and reach the database as a list of values.

use switchboard_protocol::LineId;

use super::sql::{self, params};
use crate::store::Conn;

/// A period of a report: from `starts` (included) to `ends` (excluded),
/// ms since the epoch. Its index in the slice given to the queries is its
/// `bucket` in their rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First instant.
    pub starts: i64,
    /// First instant after it.
    pub ends: i64,
}

/// What the rows of [`aggregates`] are per (besides the period).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// Every conversation of the period.
    Total,
    /// Per open channel.
    Line,
    /// Per assignee (conversations in progress or closed).
    Operator,
    /// Per label the conversations carry (one conversation counts for
    /// each of its labels).
    Label,
}

impl Grouping {
    /// The key column, the name, the join that gives the name, the filter
    /// and the grouping of the query.
    fn clauses(self) -> [&'static str; 5] {
        match self {
            Self::Total => ["NULL", "NULL", "", "", "bucket"],
            Self::Line => [
                "fact.line_id",
                "MAX(l.name)",
                "JOIN lines l ON l.id = fact.line_id",
                "",
                "bucket, fact.line_id",
            ],
            Self::Operator => [
                "fact.assignee_id",
                "MAX(u.name)",
                "JOIN users u ON u.id = fact.assignee_id",
                "WHERE fact.status IN ('in_progress', 'closed')",
                "bucket, fact.assignee_id",
            ],
            Self::Label => [
                "cl.label_id",
                "MAX(lb.name)",
                "JOIN conversation_labels cl ON cl.conversation_id = fact.id \
                 JOIN labels lb ON lb.id = cl.label_id",
                "",
                "bucket, cl.label_id",
            ],
        }
    }
}

/// The conversations created in each period, one row each (a conversation
/// falls in every period that holds its creation), with what the measures
/// need: the periods (`span`: bucket, starts, ends), `?1` the first and `?2`
/// the last instant of them all, `?3` the line or `NULL`. The first answer
/// is an employee's message to the customer (not an internal note).
///
/// The periods are a `VALUES` list of their instants (integers the service
/// computed, written as numbers), which both databases read alike.
fn facts(spans: &[Span]) -> String {
    let rows: Vec<String> = spans
        .iter()
        .enumerate()
        .map(|(bucket, span)| format!("({bucket}, {}, {})", span.starts, span.ends))
        .collect();
    // No period: one empty one, which holds no instant.
    let rows = if rows.is_empty() {
        "(0, 0, 0)".to_owned()
    } else {
        rows.join(", ")
    };
    format!(
        "WITH span (bucket, starts, ends) AS (VALUES {rows}), \
        fact AS ( \
            SELECT span.bucket, c.id, COALESCE(c.line_id, ch.line_id) AS line_id, c.assignee_id, \
                c.status, c.created_at, c.closed_at, c.rating, \
                (SELECT MIN(m.created_at) FROM messages m WHERE m.conversation_id = c.id \
                    AND m.author_kind = 'employee' AND m.internal = FALSE) AS answered_at \
            FROM conversations c \
            JOIN chats ch ON ch.id = c.chat_id \
            JOIN span ON c.created_at >= span.starts AND c.created_at < span.ends \
            WHERE c.created_at >= ?1 AND c.created_at < ?2 AND c.status <> 'spam' \
                AND (?3 IS NULL OR COALESCE(c.line_id, ch.line_id) = ?3)) "
    )
}

/// The counts of one group of conversations in one period.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Aggregate {
    /// Index of the period.
    pub bucket: i64,
    /// The line or operator id (`None` for [`Grouping::Total`]).
    pub key: Option<i64>,
    /// The line's or operator's name.
    pub name: Option<String>,
    /// Conversations created.
    pub new: i64,
    /// Of those, answered by an employee.
    pub answered: i64,
    /// Of those, closed without an answer.
    pub missed: i64,
    /// How many were rated.
    pub rated: i64,
    /// Their average rating.
    pub rating_average: Option<f64>,
    /// Ratings of 1.
    pub rated_1: i64,
    /// Ratings of 2.
    pub rated_2: i64,
    /// Ratings of 3.
    pub rated_3: i64,
    /// Ratings of 4.
    pub rated_4: i64,
    /// Ratings of 5.
    pub rated_5: i64,
}

/// The counts per period and `grouping` of the conversations created in
/// `spans` (of `line` only, if given); groups without conversations have
/// no row.
pub async fn aggregates(
    db: &mut Conn,
    spans: &[Span],
    line: Option<LineId>,
    grouping: Grouping,
) -> sqlx::Result<Vec<Aggregate>> {
    let [key, name, join, filter, group] = grouping.clauses();
    let query = format!(
        "{facts} SELECT bucket, {key} AS key, {name} AS name, COUNT(*) AS new, \
            COUNT(answered_at) AS answered, \
            COUNT(*) FILTER (WHERE status = 'closed' AND answered_at IS NULL) AS missed, \
            COUNT(rating) AS rated, CAST(AVG(rating) AS DOUBLE PRECISION) AS rating_average, \
            COUNT(*) FILTER (WHERE rating = 1) AS rated_1, \
            COUNT(*) FILTER (WHERE rating = 2) AS rated_2, \
            COUNT(*) FILTER (WHERE rating = 3) AS rated_3, \
            COUNT(*) FILTER (WHERE rating = 4) AS rated_4, \
            COUNT(*) FILTER (WHERE rating = 5) AS rated_5 \
        FROM fact {join} {filter} GROUP BY {group} ORDER BY bucket",
        facts = facts(spans)
    );
    let (first, last) = span_bounds(spans);
    sql::rows(db, &query, params![first, last, line.map(|line| line.0)]).await
}

/// The durations of one conversation of a period.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Durations {
    /// Index of the period.
    pub bucket: i64,
    /// Its open channel.
    pub line_id: i64,
    /// Its assignee, once in progress or closed.
    pub assignee_id: Option<i64>,
    /// Its labels' ids, comma-separated (`None`: no label).
    pub label_ids: Option<String>,
    /// From its creation to the first answer, if answered (ms).
    pub first_answer_ms: Option<i64>,
    /// From its creation to its closing, if closed (ms).
    pub to_close_ms: Option<i64>,
}

/// The durations of the conversations created in `spans` (of `line` only,
/// if given) that were answered or closed.
pub async fn durations(
    db: &mut Conn,
    spans: &[Span],
    line: Option<LineId>,
) -> sqlx::Result<Vec<Durations>> {
    let query = format!(
        "{facts} SELECT bucket, line_id, \
            CASE WHEN status IN ('in_progress', 'closed') THEN assignee_id END AS assignee_id, \
            (SELECT string_agg(CAST(cl.label_id AS TEXT), ',') FROM conversation_labels cl \
                WHERE cl.conversation_id = fact.id) AS label_ids, \
            CASE WHEN answered_at > created_at THEN answered_at - created_at \
                WHEN answered_at IS NOT NULL THEN 0 END AS first_answer_ms, \
            CASE WHEN status <> 'closed' OR closed_at IS NULL THEN NULL \
                WHEN closed_at > created_at THEN closed_at - created_at ELSE 0 END AS to_close_ms \
        FROM fact \
        WHERE answered_at IS NOT NULL OR (status = 'closed' AND closed_at IS NOT NULL) \
        ORDER BY bucket",
        facts = facts(spans)
    );
    let (first, last) = span_bounds(spans);
    sql::rows(db, &query, params![first, last, line.map(|line| line.0)]).await
}

/// The first and last instants of `spans`.
fn span_bounds(spans: &[Span]) -> (i64, i64) {
    let first = spans.iter().map(|span| span.starts).min().unwrap_or(0);
    let last = spans.iter().map(|span| span.ends).max().unwrap_or(0);
    (first, last)
}
