//! Lines and connectors as an employee may see them.

use switchboard_protocol::Line;

use super::Viewer;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store;

/// Every line with its queue and connectors (connector tokens are never
/// shown again after they are made).
pub async fn list(state: &AppState, _viewer: &Viewer) -> Result<Vec<Line>, ApiError> {
    let mut db = state.pool.acquire().await?;
    Ok(store::lines::all(&mut db).await?)
}
