//! The website chat widget's settings, its visitors and the ratings they give.

use switchboard_protocol::{ConnectorId, ConversationId, WidgetSettings};

use super::sql::{self, params};
use crate::store::Conn;

/// A website-chat connector as the widget finds it by its public id.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WidgetRow {
    /// The connector.
    pub connector_id: i64,
    /// Its channel.
    pub line_id: i64,
    /// Its settings' allowed origins (JSON array).
    pub allowed_origins: String,
    /// The welcome message, if any.
    pub welcome_message: Option<String>,
    /// The offline message, if any.
    pub offline_message: Option<String>,
}

impl WidgetRow {
    /// The allowed origins.
    pub fn origins(&self) -> Vec<String> {
        serde_json::from_str(&self.allowed_origins).unwrap_or_default()
    }
}

/// The enabled website-chat connector (on a channel not archived) a public
/// id names.
pub async fn by_public_id(db: &mut Conn, public_id: &str) -> sqlx::Result<Option<WidgetRow>> {
    let query = "SELECT w.connector_id, c.line_id, w.allowed_origins, w.welcome_message, \
        w.offline_message FROM widget_settings w JOIN connectors c ON c.id = w.connector_id \
        WHERE w.public_id = ? AND c.disabled_at IS NULL \
        AND c.line_id IN (SELECT id FROM lines WHERE archived_at IS NULL)";
    sql::row(db, query, params![public_id]).await
}

/// A connector's widget settings, if it has them.
pub async fn settings(
    db: &mut Conn,
    connector: ConnectorId,
) -> sqlx::Result<Option<WidgetSettings>> {
    let query = "SELECT public_id, allowed_origins, welcome_message, offline_message \
        FROM widget_settings WHERE connector_id = ?";
    let row: Option<(String, String, Option<String>, Option<String>)> =
        sql::row(db, query, params![connector.0]).await?;
    Ok(row.map(
        |(public_id, origins, welcome_message, offline_message)| WidgetSettings {
            public_id,
            allowed_origins: serde_json::from_str(&origins).unwrap_or_default(),
            welcome_message,
            offline_message,
        },
    ))
}

/// Gives a connector widget settings (a new website-chat connector).
pub async fn create(db: &mut Conn, connector: ConnectorId, public_id: &str) -> sqlx::Result<()> {
    let query = "INSERT INTO widget_settings (connector_id, public_id) VALUES (?, ?)";
    sql::run(db, query, params![connector.0, public_id]).await
}

/// Changes a connector's widget settings (the public id included); whether
/// it had some.
pub async fn update(
    db: &mut Conn,
    connector: ConnectorId,
    settings: &WidgetSettings,
) -> sqlx::Result<bool> {
    let origins = serde_json::to_string(&settings.allowed_origins).unwrap_or_else(|_| "[]".into());
    let query = "UPDATE widget_settings SET public_id = ?, allowed_origins = ?, \
        welcome_message = ?, offline_message = ? WHERE connector_id = ?";
    sql::changed(
        db,
        query,
        params![
            settings.public_id.as_str(),
            origins,
            settings.welcome_message.as_deref(),
            settings.offline_message.as_deref(),
            connector.0
        ],
    )
    .await
}

/// Whether another connector already has this public id.
pub async fn public_id_taken(
    db: &mut Conn,
    connector: ConnectorId,
    public_id: &str,
) -> sqlx::Result<bool> {
    let query = "SELECT 1 FROM widget_settings WHERE public_id = ? AND connector_id <> ?";
    sql::exists(db, query, params![public_id, connector.0]).await
}

/// A visitor known by their token's hash: their chat's id on the connector,
/// and what the site said of them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Visitor {
    /// The chat's id on the connector.
    pub external_chat_id: String,
    /// The name the site gave.
    pub name: Option<String>,
    /// The e-mail address the site gave.
    pub email: Option<String>,
}

/// Records a new visitor.
pub async fn insert_visitor(
    db: &mut Conn,
    connector: i64,
    token_hash: &str,
    external_chat_id: &str,
    name: Option<&str>,
    email: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    let query = "INSERT INTO widget_visitors (token_hash, connector_id, external_chat_id, name, \
        email, created_at, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    sql::run(
        db,
        query,
        params![
            token_hash,
            connector,
            external_chat_id,
            name,
            email,
            now,
            now
        ],
    )
    .await
}

/// The visitor of a connector a token's hash names.
pub async fn visitor(
    db: &mut Conn,
    connector: i64,
    token_hash: &str,
) -> sqlx::Result<Option<Visitor>> {
    let query = "SELECT external_chat_id, name, email FROM widget_visitors \
        WHERE token_hash = ? AND connector_id = ?";
    sql::row(db, query, params![token_hash, connector]).await
}

/// A conversation of a chat, finished and not rated yet: the latest
/// session, if it is closed.
pub async fn to_rate(
    db: &mut Conn,
    chat: switchboard_protocol::ChatId,
) -> sqlx::Result<Option<ConversationId>> {
    let query = "SELECT id FROM conversations WHERE chat_id = ? AND status = 'closed' \
        AND rating IS NULL AND session_number = (SELECT MAX(session_number) FROM conversations \
        WHERE chat_id = ?)";
    let id: Option<i64> = sql::value(db, query, params![chat.0, chat.0]).await?;
    Ok(id.map(ConversationId))
}

/// Records a rating of a finished, unrated conversation of a chat; whether
/// it was one.
pub async fn rate(
    db: &mut Conn,
    chat: switchboard_protocol::ChatId,
    conversation: ConversationId,
    score: u8,
    comment: Option<&str>,
) -> sqlx::Result<bool> {
    let query = "UPDATE conversations SET rating = ?, rating_comment = ?, version = version + 1 \
        WHERE id = ? AND chat_id = ? AND status = 'closed' AND rating IS NULL";
    sql::changed(
        db,
        query,
        params![i64::from(score), comment, conversation.0, chat.0],
    )
    .await
}

/// Whether a member of a channel is online now.
pub async fn anyone_online(db: &mut Conn, line: i64) -> sqlx::Result<bool> {
    let query = "SELECT 1 FROM line_members m JOIN users u ON u.id = m.user_id \
        WHERE m.line_id = ? AND u.presence = 'online' AND u.deactivated_at IS NULL";
    sql::exists(db, query, params![line]).await
}

/// Whether the file was uploaded by a visitor of this chat (or sent to it):
/// visitors may only attach their own uploads.
pub async fn file_is_the_visitors(db: &mut Conn, file: &str) -> sqlx::Result<bool> {
    let query = "SELECT 1 FROM files WHERE id = ? AND uploaded_by IS NULL AND external_url IS NULL";
    sql::exists(db, query, params![file]).await
}

/// The employees' replies of a chat among `first..=last` the visitor's
/// widget has just shown, not marked yet as having reached them.
pub async fn replies_not_marked(
    db: &mut Conn,
    chat: switchboard_protocol::ChatId,
    first: i64,
    last: i64,
) -> sqlx::Result<Vec<i64>> {
    let query = "SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id \
        WHERE c.chat_id = ? AND m.id BETWEEN ? AND ? AND m.author_kind = 'employee' \
        AND m.internal = FALSE AND m.delivery_state IS NULL ORDER BY m.id";
    sql::column(db, query, params![chat.0, first, last]).await
}

/// The messages of a chat up to `through` edited or deleted at `since` or
/// later: the widget shows them again, or takes them away.
pub async fn changed_since(
    db: &mut Conn,
    chat: switchboard_protocol::ChatId,
    since: i64,
    through: i64,
) -> sqlx::Result<Vec<i64>> {
    let query = "SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id \
        WHERE c.chat_id = ? AND m.id <= ? AND m.internal = FALSE \
        AND (m.edited_at >= ? OR m.deleted_at >= ?) ORDER BY m.id";
    sql::column(db, query, params![chat.0, through, since, since]).await
}
