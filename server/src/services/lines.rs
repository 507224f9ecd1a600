//! Lines and connectors as an employee may see them.

use switchboard_protocol::Line;

use super::{permissions, Viewer};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store;

/// Every line with its queue and connectors; webhook tokens are hidden from
/// everyone but admins.
pub async fn list(state: &AppState, viewer: &Viewer) -> Result<Vec<Line>, ApiError> {
    let mut db = state.pool.acquire().await?;
    let mut lines = store::lines::all(&mut db).await?;
    if !permissions::sees_secrets(viewer) {
        for connector in lines.iter_mut().flat_map(|line| line.connectors.iter_mut()) {
            connector.webhook_token = None;
        }
    }
    Ok(lines)
}
