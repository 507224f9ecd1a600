//! Lines, their queue members and their connectors.

use sqlx::SqliteConnection;
use switchboard_protocol::{
    Connector, ConnectorCapabilities, ConnectorId, ConnectorKind, DistributionMode, Line, LineId,
    UserId,
};

use super::names::Named;
use super::sql::{self, params};

shared_row! {
    pub(crate) struct ConnectorRow {
        id: i64,
        line_id: i64,
        kind: Named<ConnectorKind>,
        name: String,
        webhook_token: String,
        files: bool,
        max_file_bytes: Option<i64>,
        edit_on_customer_side: bool,
        delete_on_customer_side: bool,
        reply_window_seconds: Option<i64>,
        max_text_length: Option<i64>,
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
            webhook_token: Some(self.webhook_token),
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
        }
    }
}

/// The columns of [`ConnectorRow`], as a literal for `concat!`.
macro_rules! connector_columns {
    () => {
        "id, line_id, kind, name, webhook_token, files, max_file_bytes, \
         edit_on_customer_side, delete_on_customer_side, reply_window_seconds, max_text_length"
    };
}
const CONNECTOR_COLUMNS: &str = connector_columns!();

/// The connector owning a webhook token.
pub(crate) const CONNECTOR_BY_TOKEN: &str = concat!(
    "SELECT ",
    connector_columns!(),
    " FROM connectors WHERE webhook_token = ?"
);

/// Every line with its members and connectors (webhook tokens included).
pub async fn all(db: &mut SqliteConnection) -> sqlx::Result<Vec<Line>> {
    let query = "SELECT id, name, mode FROM lines ORDER BY name, id";
    let rows: Vec<(i64, String, Named<DistributionMode>)> = sql::rows(db, query, params![]).await?;
    let query = format!("SELECT {CONNECTOR_COLUMNS} FROM connectors ORDER BY id");
    let connectors: Vec<ConnectorRow> = sql::rows(db, &query, params![]).await?;
    let query = "SELECT line_id, user_id FROM line_members ORDER BY position, user_id";
    let members: Vec<(i64, i64)> = sql::rows(db, query, params![]).await?;
    let mut connectors: Vec<Connector> = connectors
        .into_iter()
        .map(ConnectorRow::into_connector)
        .collect();
    Ok(rows
        .into_iter()
        .map(|(id, name, mode)| Line {
            id: LineId(id),
            name,
            mode: mode.0,
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
        })
        .collect())
}

/// The connector owning a webhook token.
pub async fn connector_by_token(
    db: &mut SqliteConnection,
    token: &str,
) -> sqlx::Result<Option<Connector>> {
    let row: Option<ConnectorRow> = sql::row(db, CONNECTOR_BY_TOKEN, params![token]).await?;
    Ok(row.map(ConnectorRow::into_connector))
}

/// Creates a line.
pub async fn insert_line(
    db: &mut SqliteConnection,
    name: &str,
    mode: DistributionMode,
) -> sqlx::Result<LineId> {
    let query = "INSERT INTO lines (name, mode) VALUES (?, ?)";
    let id = sql::insert(db, query, params![name, mode.as_str()]).await?;
    Ok(LineId(id))
}

/// Adds a queue member at the end of the queue.
pub async fn add_member(db: &mut SqliteConnection, line: LineId, user: UserId) -> sqlx::Result<()> {
    let query = "INSERT INTO line_members (line_id, user_id, position) \
        VALUES (?, ?, (SELECT COUNT(*) FROM line_members WHERE line_id = ?))";
    sql::run(db, query, params![line.0, user.0, line.0]).await
}

/// Creates a connector.
pub async fn insert_connector(
    db: &mut SqliteConnection,
    line: LineId,
    kind: ConnectorKind,
    name: &str,
    webhook_token: &str,
    caps: &ConnectorCapabilities,
) -> sqlx::Result<ConnectorId> {
    let query =
        "INSERT INTO connectors (line_id, kind, name, webhook_token, files, max_file_bytes, \
        edit_on_customer_side, delete_on_customer_side, reply_window_seconds, max_text_length) \
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    let id = sql::insert(
        db,
        query,
        params![
            line.0,
            kind.as_str(),
            name,
            webhook_token,
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

/// A connector by id.
pub async fn connector_by_id(
    db: &mut SqliteConnection,
    id: ConnectorId,
) -> sqlx::Result<Option<Connector>> {
    let query = format!("SELECT {CONNECTOR_COLUMNS} FROM connectors WHERE id = ?");
    let row: Option<ConnectorRow> = sql::row(db, &query, params![id.0]).await?;
    Ok(row.map(ConnectorRow::into_connector))
}
