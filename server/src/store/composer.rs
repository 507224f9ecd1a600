//! Employee-set conversation titles and installed market apps.

use switchboard_protocol::{AppId, ConversationId, UserId};

use super::sql::{self, params};
use crate::store::Conn;

/// Sets (or with `None` removes) the employee-only title; bumps the version.
pub async fn set_custom_title(
    db: &mut Conn,
    id: ConversationId,
    title: Option<&str>,
) -> sqlx::Result<()> {
    let query = "UPDATE conversations SET custom_title = ?, version = version + 1 WHERE id = ?";
    sql::run(db, query, params![title, id.0]).await
}

/// The employee-only title of a conversation.
pub async fn custom_title(db: &mut Conn, id: ConversationId) -> sqlx::Result<Option<String>> {
    let query = "SELECT custom_title FROM conversations WHERE id = ?";
    let title: Option<Option<String>> = sql::value(db, query, params![id.0]).await?;
    Ok(title.flatten())
}

/// Ids of the installed apps.
pub async fn installed_apps(db: &mut Conn) -> sqlx::Result<Vec<AppId>> {
    let query = "SELECT app_id FROM installed_apps ORDER BY installed_at, app_id";
    let ids: Vec<String> = sql::column(db, query, params![]).await?;
    Ok(ids.into_iter().map(AppId).collect())
}

/// Installs an app; installing twice changes nothing.
pub async fn install_app(
    db: &mut Conn,
    app: &AppId,
    by: Option<UserId>,
    now: i64,
) -> sqlx::Result<()> {
    let query = "INSERT INTO installed_apps (app_id, installed_by, installed_at) VALUES (?, ?, ?) \
        ON CONFLICT (app_id) DO NOTHING";
    sql::run(db, query, params![&app.0, by.map(|user| user.0), now]).await
}

/// Uninstalls an app; returns whether it was installed.
pub async fn uninstall_app(db: &mut Conn, app: &AppId) -> sqlx::Result<bool> {
    let query = "DELETE FROM installed_apps WHERE app_id = ?";
    sql::changed(db, query, params![&app.0]).await
}
