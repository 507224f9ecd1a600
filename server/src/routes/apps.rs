//! `/apps...`: market apps (installed, catalog, install, uninstall) and the
//! static files of the built-in apps under `/apps/{app}/{file}`.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use switchboard_protocol::{AppId, ErrorBody, InstallAppRequest, MarketApp};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::Caller;
use super::responses::{
    created, forward, json, no_content, secured, AdminsOnly, Answer, ApiResult, Created, NotYours,
};
use crate::security_headers::insert_fixed;
use crate::services::apps;
use crate::state::AppState;

/// The routes of market apps in the API (their files are served apart, see [`file`]).
pub(super) fn router() -> OpenApiRouter<AppState> {
    secured(
        "composer",
        [
            routes!(installed),
            routes!(catalog),
            routes!(install),
            routes!(uninstall),
        ],
    )
}

/// Scripts and styles from this server only; `connect-src 'self'` lets the
/// order lookup read its data file.
const APP_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

/// The apps installed in the workspace, to open in a conversation.
#[utoipa::path(get, path = "/apps", operation_id = "listInstalledApps",
    responses((status = 200, body = Vec<MarketApp>)))]
async fn installed(caller: Caller) -> Answer<Vec<MarketApp>> {
    json(apps::installed(&caller.state)).await
}

forward! {
    /// The catalog, with what is installed (admins only).
    #[utoipa::path(get, path = "/apps/catalog", operation_id = "listAppCatalog",
        responses((status = 200, body = Vec<MarketApp>), AdminsOnly))]
    catalog() -> Answer<Vec<MarketApp>> = json(apps::catalog());

    /// Installs a catalog app (admins only); installing twice changes nothing.
    #[utoipa::path(post, path = "/apps/installed", operation_id = "installApp",
        request_body = InstallAppRequest,
        responses((status = 201, body = MarketApp), AdminsOnly,
            (status = 422, description = "Not in the catalog", body = ErrorBody)))]
    install(Json(request): Json<InstallAppRequest>)
        -> Created<MarketApp> = created(apps::install(request));

    /// Uninstalls an app (admins only).
    #[utoipa::path(delete, path = "/apps/installed/{app_id}", operation_id = "uninstallApp",
        params(("app_id" = String, Path, description = "App id, e.g. `translator`")),
        responses((status = 204), NotYours))]
    uninstall(Path(app_id): Path<String>)
        -> ApiResult<StatusCode> = no_content(apps::uninstall(AppId(app_id)));
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
    let fixed = [
        (header::CONTENT_TYPE, file.content_type),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::CACHE_CONTROL, "no-cache"),
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
    ];
    insert_fixed(headers, fixed);
    if apps::is_active_content(file.content_type) {
        insert_fixed(headers, [(header::CONTENT_SECURITY_POLICY, APP_CSP)]);
    }
    response
}
