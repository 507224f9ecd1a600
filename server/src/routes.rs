//! HTTP edges: the router of the REST API, the app's static files and CORS.

mod health;

use axum::http::{header, HeaderValue, Method};
use axum::Router;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::error::ApiError;
use crate::state::AppState;
use crate::StartError;

/// The whole application: `/api/v1/...` and the app's files at `/`.
pub fn router(state: AppState) -> Result<Router, StartError> {
    let api = Router::new()
        .route("/health", axum::routing::get(health::health))
        .fallback(api_not_found);
    let cors = cors_layer(&state.config.cors_origins)?;
    let dist = state.config.dist_dir.clone();
    Ok(Router::new()
        .nest("/api/v1", api.layer(cors))
        .fallback_service(crate::static_files::service(&dist))
        .with_state(state))
}

async fn api_not_found() -> ApiError {
    ApiError::NotFound("No such endpoint".into())
}

fn cors_layer(origins: &[String]) -> Result<CorsLayer, StartError> {
    let origins = origins
        .iter()
        .map(|origin| {
            HeaderValue::from_str(origin.trim_end_matches('/'))
                .map_err(|_| StartError::CorsOrigin(origin.clone()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .max_age(std::time::Duration::from_secs(600)))
}
