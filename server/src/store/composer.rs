//! Employee-set conversation titles and installed market apps.

use sqlx::SqliteConnection;
use switchboard_protocol::{AppId, ConversationId, UserId};

/// Sets (or with `None` removes) the employee-only title; bumps the version.
pub async fn set_custom_title(
    db: &mut SqliteConnection,
    id: ConversationId,
    title: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE conversations SET custom_title = ?, version = version + 1 WHERE id = ?")
        .bind(title)
        .bind(id.0)
        .execute(db)
        .await?;
    Ok(())
}

/// The employee-only title of a conversation.
pub async fn custom_title(
    db: &mut SqliteConnection,
    id: ConversationId,
) -> sqlx::Result<Option<String>> {
    let title: Option<Option<String>> =
        sqlx::query_scalar("SELECT custom_title FROM conversations WHERE id = ?")
            .bind(id.0)
            .fetch_optional(db)
            .await?;
    Ok(title.flatten())
}

/// Ids of the installed apps.
pub async fn installed_apps(db: &mut SqliteConnection) -> sqlx::Result<Vec<AppId>> {
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT app_id FROM installed_apps ORDER BY installed_at, app_id")
            .fetch_all(db)
            .await?;
    Ok(ids.into_iter().map(AppId).collect())
}

/// Installs an app; installing twice changes nothing.
pub async fn install_app(
    db: &mut SqliteConnection,
    app: &AppId,
    by: Option<UserId>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO installed_apps (app_id, installed_by, installed_at) VALUES (?, ?, ?) \
         ON CONFLICT (app_id) DO NOTHING",
    )
    .bind(&app.0)
    .bind(by.map(|user| user.0))
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// Uninstalls an app; returns whether it was installed.
pub async fn uninstall_app(db: &mut SqliteConnection, app: &AppId) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM installed_apps WHERE app_id = ?")
        .bind(&app.0)
        .execute(db)
        .await?;
    Ok(done.rows_affected() > 0)
}
