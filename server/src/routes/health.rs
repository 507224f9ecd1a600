//! `GET /api/v1/health`.

use axum::Json;
use switchboard_protocol::Health;

/// Liveness: answers as long as the server can handle requests.
#[utoipa::path(get, path = "/api/v1/health", tag = "health", responses((status = 200, body = Health)))]
pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}
