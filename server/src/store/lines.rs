//! Lines, their queue members and their connectors.

use switchboard_protocol::{
    Connector, ConnectorCapabilities, ConnectorDelivery, ConnectorId, ConnectorKind,
    DistributionMode, FormId, Line, LineAutomation, LineId, LineRouting, UserId,
};

use super::names::Named;
use super::sql::{self, params};
use crate::services::auth::token_hash;
use crate::store::Conn;

shared_row! {
    pub(crate) struct ConnectorRow {
        id: i64,
        line_id: i64,
        kind: Named<ConnectorKind>,
        name: String,
        disabled_at: Option<i64>,
        #[sqlx(try_from = "crate::store::sql::Flag")]
        files: bool,
        max_file_bytes: Option<i64>,
        #[sqlx(try_from = "crate::store::sql::Flag")]
        edit_on_customer_side: bool,
        #[sqlx(try_from = "crate::store::sql::Flag")]
        delete_on_customer_side: bool,
        reply_window_seconds: Option<i64>,
        max_text_length: Option<i64>,
        outbound_url: Option<String>,
        bot_name: Option<String>,
        #[sqlx(try_from = "crate::store::sql::Flag")]
        bot_connected: bool,
        #[sqlx(try_from = "crate::store::sql::Flag")]
        pushes: bool,
        delivery_error: Option<String>,
        delivery_error_at: Option<i64>,
    }
}

impl ConnectorRow {
    /// The connector it describes.
    pub(crate) fn into_connector(self) -> Connector {
        let kind = self.kind.0;
        Connector {
            id: ConnectorId(self.id),
            line_id: LineId(self.line_id),
            kind,
            name: self.name,
            enabled: self.disabled_at.is_none(),
            capabilities: ConnectorCapabilities {
                files: self.files,
                max_file_bytes: self.max_file_bytes.and_then(|v| u64::try_from(v).ok()),
                edit_on_customer_side: self.edit_on_customer_side,
                delete_on_customer_side: self.delete_on_customer_side,
                reply_window_seconds: self
                    .reply_window_seconds
                    .and_then(|v| u64::try_from(v).ok()),
                max_text_length: self.max_text_length.and_then(|v| u32::try_from(v).ok()),
                // A property of the channel, not a setting of the connector.
                typing_indicator: kind.shows_typing(),
            },
            outbound_url: self.outbound_url,
            bot_name: self.bot_name,
            bot_connected: self.bot_connected,
            // The queue is counted where connectors are listed.
            delivery: self.pushes.then_some(ConnectorDelivery {
                queued: 0,
                last_error: self.delivery_error,
                last_error_at: self.delivery_error_at,
            }),
        }
    }
}

/// The columns of [`ConnectorRow`], as a literal for `concat!`.
macro_rules! connector_columns {
    () => {
        "id, line_id, kind, name, disabled_at, files, max_file_bytes, \
         edit_on_customer_side, delete_on_customer_side, reply_window_seconds, max_text_length, \
         outbound_url, bot_name, bot_secret_hash IS NOT NULL AS bot_connected, \
         (outbound_url IS NOT NULL OR bot_token_sealed IS NOT NULL) AS pushes, \
         delivery_error, delivery_error_at"
    };
}
const CONNECTOR_COLUMNS: &str = connector_columns!();

/// The connector owning a webhook token's hash, if it takes messages
/// (enabled, on a line that is not archived).
pub(crate) const CONNECTOR_BY_TOKEN: &str = concat!(
    "SELECT ",
    connector_columns!(),
    " FROM connectors WHERE token_hash = ? AND token_hashed = TRUE AND disabled_at IS NULL \
     AND line_id IN (SELECT id FROM lines WHERE archived_at IS NULL)"
);

/// A connector by id if it takes messages (enabled, on a line that is not
/// archived): the website chat widget's, which has no webhook token.
pub(crate) const CONNECTOR_TAKING_MESSAGES: &str = concat!(
    "SELECT ",
    connector_columns!(),
    " FROM connectors WHERE id = ? AND disabled_at IS NULL \
     AND line_id IN (SELECT id FROM lines WHERE archived_at IS NULL)"
);

/// Every line with its members and connectors.
pub async fn all(db: &mut Conn) -> sqlx::Result<Vec<Line>> {
    let query = "SELECT id, name, mode, archived_at, time_to_take_s, capacity, \
        first_answer_target_s, automation FROM lines ORDER BY name, id";
    type LineRow = (
        i64,
        String,
        Named<DistributionMode>,
        Option<i64>,
        i64,
        Option<i64>,
        Option<i64>,
        Option<String>,
    );
    let rows: Vec<LineRow> = sql::rows(db, query, params![]).await?;
    let query = format!("SELECT {CONNECTOR_COLUMNS} FROM connectors ORDER BY id");
    let connectors: Vec<ConnectorRow> = sql::rows(db, &query, params![]).await?;
    let query = "SELECT line_id, user_id FROM line_members ORDER BY position, user_id";
    let members: Vec<(i64, i64)> = sql::rows(db, query, params![]).await?;
    let query = "SELECT line_id, form_id FROM line_forms ORDER BY form_id";
    let forms: Vec<(i64, i64)> = sql::rows(db, query, params![]).await?;
    let query = "SELECT connector_id, COUNT(*) FROM delivery_jobs WHERE state = 'queued' \
        GROUP BY connector_id";
    let queued: Vec<(i64, i64)> = sql::rows(db, query, params![]).await?;
    let mut connectors: Vec<Connector> = connectors
        .into_iter()
        .map(|row| {
            let mut connector = row.into_connector();
            if let Some(delivery) = &mut connector.delivery {
                let count = queued.iter().find(|(id, _)| *id == connector.id.0);
                delivery.queued = count.map_or(0, |(_, n)| u32::try_from(*n).unwrap_or(u32::MAX));
            }
            connector
        })
        .collect();
    Ok(rows
        .into_iter()
        .map(
            |(id, name, mode, archived_at, time_to_take, capacity, target, automation)| Line {
                automation: automation_of(automation.as_deref()),
                routing: LineRouting {
                    time_to_take_seconds: u32::try_from(time_to_take).unwrap_or(u32::MAX),
                    capacity: capacity.and_then(|capacity| u32::try_from(capacity).ok()),
                    first_answer_target_seconds: target
                        .and_then(|target| u32::try_from(target).ok()),
                },
                id: LineId(id),
                name,
                mode: mode.0,
                archived: archived_at.is_some(),
                forms: forms
                    .iter()
                    .filter(|(line, _)| *line == id)
                    .map(|(_, form)| FormId(*form))
                    .collect(),
                members: members
                    .iter()
                    .filter(|(line, _)| *line == id)
                    .map(|(_, user)| UserId(*user))
                    .collect(),
                connectors: {
                    let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut connectors)
                        .into_iter()
                        .partition(|c| c.line_id.0 == id);
                    connectors = rest;
                    mine
                },
            },
        )
        .collect())
}

/// The connector owning a webhook token, if it takes messages.
pub async fn connector_by_token(db: &mut Conn, token: &str) -> sqlx::Result<Option<Connector>> {
    let hash = token_hash(token);
    let row: Option<ConnectorRow> = sql::row(db, CONNECTOR_BY_TOKEN, params![hash]).await?;
    Ok(row.map(ConnectorRow::into_connector))
}

/// Creates a line.
pub async fn insert_line(
    db: &mut Conn,
    name: &str,
    mode: DistributionMode,
) -> sqlx::Result<LineId> {
    let query = "INSERT INTO lines (name, mode) VALUES (?, ?)";
    let id = sql::insert(db, query, params![name, mode.as_str()]).await?;
    Ok(LineId(id))
}

/// Adds a queue member at the end of the queue.
pub async fn add_member(db: &mut Conn, line: LineId, user: UserId) -> sqlx::Result<()> {
    let query = "INSERT INTO line_members (line_id, user_id, position) \
        VALUES (?, ?, (SELECT COUNT(*) FROM line_members WHERE line_id = ?))";
    sql::run(db, query, params![line.0, user.0, line.0]).await
}

/// Creates a connector.
pub async fn insert_connector(
    db: &mut Conn,
    line: LineId,
    kind: ConnectorKind,
    name: &str,
    token: &str,
    caps: &ConnectorCapabilities,
) -> sqlx::Result<ConnectorId> {
    let query = "INSERT INTO connectors (line_id, kind, name, token_hash, token_hashed, files, \
        max_file_bytes, edit_on_customer_side, delete_on_customer_side, reply_window_seconds, \
        max_text_length) VALUES (?, ?, ?, ?, TRUE, ?, ?, ?, ?, ?, ?)";
    let id = sql::insert(
        db,
        query,
        params![
            line.0,
            kind.as_str(),
            name,
            token_hash(token),
            caps.files,
            caps.max_file_bytes.and_then(|v| i64::try_from(v).ok()),
            caps.edit_on_customer_side,
            caps.delete_on_customer_side,
            caps.reply_window_seconds
                .and_then(|v| i64::try_from(v).ok()),
            caps.max_text_length.map(i64::from)
        ],
    )
    .await?;
    Ok(ConnectorId(id))
}

/// A connector by id, for what it carries and where it delivers: its
/// delivery queue is not counted (`queued` 0; see [`connector_with_queue`]).
pub async fn connector_by_id(db: &mut Conn, id: ConnectorId) -> sqlx::Result<Option<Connector>> {
    let query = format!("SELECT {CONNECTOR_COLUMNS} FROM connectors WHERE id = ?");
    let row: Option<ConnectorRow> = sql::row(db, &query, params![id.0]).await?;
    Ok(row.map(ConnectorRow::into_connector))
}

/// A connector by id as Settings show it, its delivery queue counted.
pub async fn connector_with_queue(
    db: &mut Conn,
    id: ConnectorId,
) -> sqlx::Result<Option<Connector>> {
    let Some(mut connector) = connector_by_id(db, id).await? else {
        return Ok(None);
    };
    if let Some(delivery) = &mut connector.delivery {
        let query =
            "SELECT COUNT(*) FROM delivery_jobs WHERE connector_id = ? AND state = 'queued'";
        let count: i64 = sql::value(db, query, params![id.0]).await?.unwrap_or(0);
        delivery.queued = u32::try_from(count).unwrap_or(u32::MAX);
    }
    Ok(Some(connector))
}

/// One line with its members and connectors.
pub async fn by_id(db: &mut Conn, id: LineId) -> sqlx::Result<Option<Line>> {
    // Settings change lines rarely; reading them all keeps one reader.
    Ok(all(db).await?.into_iter().find(|line| line.id == id))
}

/// Whether another line already has this name (case-insensitive).
pub async fn name_taken(db: &mut Conn, name: &str, except: Option<LineId>) -> sqlx::Result<bool> {
    let query = "SELECT COUNT(*) FROM lines WHERE lower(name) = lower(?) AND id IS DISTINCT FROM ?";
    let count: i64 = sql::one(db, query, params![name, except.map(|id| id.0)]).await?;
    Ok(count > 0)
}

/// Sets how a line distributes its conversations.
pub async fn set_routing(
    db: &mut Conn,
    id: LineId,
    mode: DistributionMode,
    routing: &LineRouting,
) -> sqlx::Result<()> {
    let query = "UPDATE lines SET mode = ?, time_to_take_s = ?, capacity = ?, \
        first_answer_target_s = ? WHERE id = ?";
    let values = params![
        mode.as_str(),
        i64::from(routing.time_to_take_seconds),
        routing.capacity.map(i64::from),
        routing.first_answer_target_seconds.map(i64::from),
        id.0
    ];
    sql::run(db, query, values).await
}

/// A line's stored working hours and automatic messages (none when never
/// set or unreadable).
pub fn automation_of(json: Option<&str>) -> LineAutomation {
    json.and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default()
}

/// Sets a line's working hours and automatic messages, changed at `now`.
pub async fn set_automation(
    db: &mut Conn,
    id: LineId,
    automation: &LineAutomation,
    now: i64,
) -> sqlx::Result<()> {
    let json = serde_json::to_string(automation).ok();
    let query = "UPDATE lines SET automation = ?, automation_at = ? WHERE id = ?";
    sql::run(db, query, params![json, now, id.0]).await
}

/// Renames a line.
pub async fn rename(db: &mut Conn, id: LineId, name: &str) -> sqlx::Result<()> {
    sql::run(
        db,
        "UPDATE lines SET name = ? WHERE id = ?",
        params![name, id.0],
    )
    .await
}

/// Archives (`Some(now)`) or restores (`None`) a line.
pub async fn set_archived(db: &mut Conn, id: LineId, archived_at: Option<i64>) -> sqlx::Result<()> {
    let query = "UPDATE lines SET archived_at = ? WHERE id = ?";
    sql::run(db, query, params![archived_at, id.0]).await
}

/// Replaces a line's queue, in order (members who stay keep their offer history).
pub async fn set_members(db: &mut Conn, id: LineId, members: &[UserId]) -> sqlx::Result<()> {
    let kept: Vec<i64> = members.iter().map(|user| user.0).collect();
    let current: Vec<i64> = sql::column(
        db,
        "SELECT user_id FROM line_members WHERE line_id = ?",
        params![id.0],
    )
    .await?;
    for user in current.iter().filter(|user| !kept.contains(user)) {
        let query = "DELETE FROM line_members WHERE line_id = ? AND user_id = ?";
        sql::run(db, query, params![id.0, *user]).await?;
    }
    for (position, user) in kept.iter().enumerate() {
        let position = i64::try_from(position).unwrap_or(i64::MAX);
        let query = "INSERT INTO line_members (line_id, user_id, position) VALUES (?, ?, ?) \
            ON CONFLICT (line_id, user_id) DO UPDATE SET position = excluded.position";
        sql::run(db, query, params![id.0, *user, position]).await?;
    }
    Ok(())
}

/// Removes an employee from a line's queue.
pub async fn remove_member(db: &mut Conn, line: LineId, user: UserId) -> sqlx::Result<()> {
    let query = "DELETE FROM line_members WHERE line_id = ? AND user_id = ?";
    sql::run(db, query, params![line.0, user.0]).await
}

/// How many open (unanswered or in progress) conversations a line has.
pub async fn open_conversations(db: &mut Conn, line: LineId) -> sqlx::Result<i64> {
    Ok(open_conversation_ids(db, line).await?.len() as i64)
}

/// The open (unanswered or in progress) conversations of a line.
pub async fn open_conversation_ids(db: &mut Conn, line: LineId) -> sqlx::Result<Vec<i64>> {
    let query = "SELECT c.id FROM conversations c JOIN chats h ON h.id = c.chat_id \
        WHERE COALESCE(c.line_id, h.line_id) = ? AND c.status IN ('unanswered', 'in_progress') \
        ORDER BY c.id";
    sql::column(db, query, params![line.0]).await
}

/// Renames, enables or disables a connector.
pub async fn update_connector(
    db: &mut Conn,
    id: ConnectorId,
    name: &str,
    disabled_at: Option<i64>,
) -> sqlx::Result<()> {
    // A disabled connector keeps the time it was first disabled.
    let query = "UPDATE connectors SET name = ?, \
        disabled_at = CASE WHEN ? IS NULL THEN NULL ELSE COALESCE(disabled_at, ?) END WHERE id = ?";
    sql::run(db, query, params![name, disabled_at, disabled_at, id.0]).await
}

/// Replaces a connector's token (the old one is refused from now on).
pub async fn set_token(db: &mut Conn, id: ConnectorId, token: &str) -> sqlx::Result<()> {
    let query = "UPDATE connectors SET token_hash = ?, token_hashed = TRUE WHERE id = ?";
    sql::run(db, query, params![token_hash(token), id.0]).await
}

/// Hashes the tokens written before they were kept hashed (once, at start).
pub async fn hash_legacy_tokens(db: &mut Conn) -> sqlx::Result<u64> {
    let query = "SELECT id, token_hash FROM connectors WHERE token_hashed = FALSE";
    let legacy: Vec<(i64, String)> = sql::rows(db, query, params![]).await?;
    for (id, token) in &legacy {
        set_token(db, ConnectorId(*id), token).await?;
    }
    Ok(legacy.len() as u64)
}

/// Sets the CRM forms a line offers (none: every form).
pub async fn set_forms(db: &mut Conn, line: LineId, forms: &[FormId]) -> sqlx::Result<()> {
    sql::run(
        db,
        "DELETE FROM line_forms WHERE line_id = ?",
        params![line.0],
    )
    .await?;
    for form in forms {
        let query =
            "INSERT INTO line_forms (line_id, form_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
        sql::run(db, query, params![line.0, form.0]).await?;
    }
    Ok(())
}
