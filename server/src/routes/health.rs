//! `GET /api/v1/health`.

use axum::Json;
use switchboard_protocol::Health;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::responses::public;
use crate::state::AppState;

/// The route of the liveness check.
pub(super) fn router() -> OpenApiRouter<AppState> {
    public("health", [routes!(health)])
}

/// Liveness: answers as long as the server can handle requests.
#[utoipa::path(get, path = "/health", operation_id = "getHealth",
    responses((status = 200, body = Health)))]
async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}
