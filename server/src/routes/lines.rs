//! `/lines`: open channels and their connectors.

use switchboard_protocol::Line;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::responses::{forward, json, secured, Answer};
use crate::services;
use crate::state::AppState;

/// The route of the lines.
pub(super) fn router() -> OpenApiRouter<AppState> {
    secured("lines", [routes!(lines)])
}

forward! {
    /// Every line with its queue and connectors; `webhook_token` is `null`
    /// except for admins.
    #[utoipa::path(get, path = "/lines", operation_id = "listLines",
        responses((status = 200, body = Vec<Line>)))]
    lines() -> Answer<Vec<Line>> = json(services::lines::list());
}
