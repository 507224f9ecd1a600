//! `/lines`: open channels and their connectors.

use axum::extract::State;
use axum::Json;
use switchboard_protocol::{ErrorBody, Line};

use super::extract::Authenticated;
use crate::error::ApiError;
use crate::services;
use crate::state::AppState;

/// Every line with its queue and connectors; `webhook_token` is `null`
/// except for admins.
#[utoipa::path(get, path = "/api/v1/lines", tag = "lines", security(("bearer" = [])),
    responses((status = 200, body = Vec<Line>), (status = 401, body = ErrorBody)))]
pub async fn lines(
    State(state): State<AppState>,
    caller: Authenticated,
) -> Result<Json<Vec<Line>>, ApiError> {
    let lines = services::lines::list(&state, &caller.viewer).await?;
    Ok(Json(lines))
}
