//! `/supervision`: every operator's load and the conversations that wait.

use switchboard_protocol::{ErrorBody, Supervision};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::responses::{forward, json, secured, Answer};
use crate::services::routing;
use crate::state::AppState;

/// The route of "Supervision".
pub(super) fn router() -> OpenApiRouter<AppState> {
    secured("supervision", [routes!(supervision)])
}

forward! {
    /// Every queue member's status and load (in progress, offers held,
    /// capacity, longest current wait) and every unanswered conversation,
    /// the longest waiting first (supervisors and admins).
    #[utoipa::path(get, path = "/supervision", operation_id = "getSupervision",
        responses((status = 200, body = Supervision),
            (status = 403, description = "Operators may not supervise", body = ErrorBody)))]
    supervision() -> Answer<Supervision> = json(routing::supervision());
}
