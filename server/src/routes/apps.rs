//! `/apps...`: market apps (installed, catalog, install, uninstall) and the
//! static files of the built-in apps under `/apps/{app}/{file}`.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use switchboard_protocol::{AppId, ErrorBody, InstallAppRequest, MarketApp};

use super::extract::Authenticated;
use crate::error::ApiError;
use crate::services::apps;
use crate::state::AppState;

/// Scripts and styles from this server only; `connect-src 'self'` lets the
/// order lookup read its data file.
const APP_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

/// The apps installed in the workspace, to open in a conversation.
#[utoipa::path(get, path = "/api/v1/apps", tag = "composer", security(("bearer" = [])),
    responses((status = 200, body = Vec<MarketApp>), (status = 401, body = ErrorBody)))]
pub async fn installed(
    State(state): State<AppState>,
    _caller: Authenticated,
) -> Result<Json<Vec<MarketApp>>, ApiError> {
    Ok(Json(apps::installed(&state).await?))
}

/// The catalog, with what is installed (admins only).
#[utoipa::path(get, path = "/api/v1/apps/catalog", tag = "composer", security(("bearer" = [])),
    responses((status = 200, body = Vec<MarketApp>), (status = 403, body = ErrorBody)))]
pub async fn catalog(
    State(state): State<AppState>,
    caller: Authenticated,
) -> Result<Json<Vec<MarketApp>>, ApiError> {
    Ok(Json(apps::catalog(&state, &caller.viewer).await?))
}

/// Installs a catalog app (admins only); installing twice changes nothing.
#[utoipa::path(post, path = "/api/v1/apps/installed", tag = "composer", security(("bearer" = [])),
    request_body = InstallAppRequest,
    responses(
        (status = 201, body = MarketApp),
        (status = 403, body = ErrorBody),
        (status = 422, description = "Not in the catalog", body = ErrorBody),
    ))]
pub async fn install(
    State(state): State<AppState>,
    caller: Authenticated,
    Json(request): Json<InstallAppRequest>,
) -> Result<(StatusCode, Json<MarketApp>), ApiError> {
    let app = apps::install(&state, &caller.viewer, request).await?;
    Ok((StatusCode::CREATED, Json(app)))
}

/// Uninstalls an app (admins only).
#[utoipa::path(delete, path = "/api/v1/apps/installed/{app_id}", tag = "composer", security(("bearer" = [])),
    params(("app_id" = String, Path, description = "App id, e.g. `translator`")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn uninstall(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(app_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    apps::uninstall(&state, &caller.viewer, AppId(app_id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /apps/{app}/{file}`: a file of a built-in app. Any origin may read
/// them: the apps run with an opaque origin (sandboxed iframe), so their
/// `fetch` of a data file is cross-origin.
pub async fn file(Path((app, name)): Path<(String, String)>) -> Response {
    let Some(file) = apps::file(&format!("{app}/{name}")) else {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    };
    let mut response = file.body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(file.content_type),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    if apps::is_active_content(file.content_type) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(APP_CSP),
        );
    }
    response
}
