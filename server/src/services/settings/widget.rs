//! The website chat widget's settings of a website-chat connector: its
//! public id, the sites allowed to embed it, its welcome and offline
//! messages.

use switchboard_protocol::{AuditAction, ConnectorId, WidgetSettings};

use super::channels::connector;
use super::{audit, require_admin, require_reader};
use crate::error::ApiError;
use crate::services::events::Change;
use crate::services::widget::{clean_settings, settings_of};
use crate::services::Viewer;
use crate::state::AppState;
use crate::store::widget;

/// A website-chat connector's widget settings (admins and supervisors).
pub async fn get(
    state: &AppState,
    viewer: &Viewer,
    id: ConnectorId,
) -> Result<WidgetSettings, ApiError> {
    require_reader(viewer)?;
    let mut db = state.pool.acquire().await?;
    settings_of(&mut db, id).await
}

/// Changes a website-chat connector's widget settings (admins).
pub async fn set(
    state: &AppState,
    viewer: &Viewer,
    id: ConnectorId,
    request: WidgetSettings,
) -> Result<WidgetSettings, ApiError> {
    require_admin(viewer)?;
    let settings = clean_settings(request)?;
    let mut change = Change::begin(state).await?;
    let found = connector(&mut change, id).await?;
    settings_of(&mut change.tx, id).await?;
    if widget::public_id_taken(&mut change.tx, id, &settings.public_id).await? {
        return Err(ApiError::InvalidField {
            code: "unprocessable",
            field: "public_id",
            message: "Another website chat has this public id".into(),
        });
    }
    widget::update(&mut change.tx, id, &settings).await?;
    let details = format!(
        "website chat {}, origins: {}",
        settings.public_id,
        settings.allowed_origins.join(" ")
    );
    audit(
        &mut change,
        viewer,
        AuditAction::ConnectorUpdated,
        &found.name,
        details,
    )
    .await?;
    change.commit(state).await?;
    Ok(settings)
}
