//! Market apps: a catalog shipped with the server, the apps installed in
//! the workspace, and the static files of the built-in apps (served under
//! `/apps/...`, meant for an iframe with `sandbox="allow-scripts"`).

use switchboard_protocol::{AppId, InstallAppRequest, MarketApp, Role};

use super::Viewer;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{self, composer};

/// One catalog entry.
struct CatalogEntry {
    id: &'static str,
    name: &'static str,
    description: &'static str,
}

const CATALOG: &[CatalogEntry] = &[
    CatalogEntry {
        id: "order-lookup",
        name: "Order lookup",
        description: "Finds an order by its number (A-1001…) and inserts its status into the reply.",
    },
    CatalogEntry {
        id: "translator",
        name: "Translator",
        description: "English ⇄ French phrasebook for customer service: pick a phrase, insert its translation.",
    },
    CatalogEntry {
        id: "tracking-link",
        name: "Tracking link",
        description: "Builds a carrier's tracking link (La Poste, DHL, UPS) from a parcel number.",
    },
];

/// Apps the demo installs.
pub const DEMO_INSTALLED: [&str; 2] = ["order-lookup", "translator"];

/// A static file of a built-in app: path under `/apps/`, MIME type, bytes.
pub struct AppFile {
    /// Path under `/apps/`.
    pub path: &'static str,
    /// MIME type.
    pub content_type: &'static str,
    /// Content.
    pub body: &'static str,
}

macro_rules! app_file {
    ($path:literal, $type:literal) => {
        AppFile {
            path: $path,
            content_type: $type,
            body: include_str!(concat!("../../assets/apps/", $path)),
        }
    };
}

const HTML: &str = "text/html; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";

/// Every file of the built-in apps.
pub const FILES: &[AppFile] = &[
    app_file!("common/app.css", "text/css; charset=utf-8"),
    app_file!("common/host.js", "text/javascript; charset=utf-8"),
    app_file!("order-lookup/index.html", "text/html; charset=utf-8"),
    app_file!("order-lookup/app.js", "text/javascript; charset=utf-8"),
    app_file!("order-lookup/orders.json", "application/json"),
    app_file!("translator/index.html", "text/html; charset=utf-8"),
    app_file!("translator/app.js", "text/javascript; charset=utf-8"),
    app_file!("tracking-link/index.html", "text/html; charset=utf-8"),
    app_file!("tracking-link/app.js", "text/javascript; charset=utf-8"),
];

/// The file at `path` (under `/apps/`), if it is one of the built-in apps'.
pub fn file(path: &str) -> Option<&'static AppFile> {
    FILES.iter().find(|file| file.path == path)
}

/// Whether a MIME type is a page or a script (for the caller's headers).
pub fn is_active_content(content_type: &str) -> bool {
    content_type == HTML || content_type == JS
}

fn entry(id: &AppId) -> Option<&'static CatalogEntry> {
    CATALOG.iter().find(|entry| entry.id == id.0)
}

fn to_app(entry: &CatalogEntry, installed: bool) -> MarketApp {
    MarketApp {
        id: AppId(entry.id.to_owned()),
        name: entry.name.to_owned(),
        description: entry.description.to_owned(),
        url: format!("/apps/{}/index.html", entry.id),
        installed,
    }
}

fn require_admin(viewer: &Viewer) -> Result<(), ApiError> {
    if viewer.user.role == Role::Admin {
        Ok(())
    } else {
        Err(ApiError::Forbidden("Only admins manage market apps".into()))
    }
}

/// The installed apps, usable in any conversation (every employee).
pub async fn installed(state: &AppState) -> Result<Vec<MarketApp>, ApiError> {
    let mut db = state.pool.acquire().await?;
    let ids = composer::installed_apps(&mut db).await?;
    Ok(ids
        .iter()
        .filter_map(entry)
        .map(|entry| to_app(entry, true))
        .collect())
}

/// The whole catalog with what is installed (admins only).
pub async fn catalog(state: &AppState, viewer: &Viewer) -> Result<Vec<MarketApp>, ApiError> {
    require_admin(viewer)?;
    let mut db = state.pool.acquire().await?;
    let ids = composer::installed_apps(&mut db).await?;
    Ok(CATALOG
        .iter()
        .map(|entry| to_app(entry, ids.iter().any(|id| id.0 == entry.id)))
        .collect())
}

/// Installs a catalog app (admins only); installing twice changes nothing.
pub async fn install(
    state: &AppState,
    viewer: &Viewer,
    request: InstallAppRequest,
) -> Result<MarketApp, ApiError> {
    require_admin(viewer)?;
    let entry = entry(&request.app_id)
        .ok_or_else(|| ApiError::Unprocessable("No such app in the catalog".into()))?;
    let mut tx = store::begin_write(&state.pool).await?;
    composer::install_app(
        &mut tx,
        &request.app_id,
        Some(viewer.user.id),
        store::now_ms(),
    )
    .await?;
    tx.commit().await?;
    Ok(to_app(entry, true))
}

/// Uninstalls an app (admins only); 404 when it is not installed.
pub async fn uninstall(state: &AppState, viewer: &Viewer, id: AppId) -> Result<(), ApiError> {
    require_admin(viewer)?;
    let mut tx = store::begin_write(&state.pool).await?;
    if !composer::uninstall_app(&mut tx, &id).await? {
        return Err(ApiError::NotFound("This app is not installed".into()));
    }
    tx.commit().await?;
    Ok(())
}

/// Installs the demo's apps (used by `--demo`).
pub async fn install_demo(db: &mut crate::store::Conn) -> Result<(), ApiError> {
    for id in DEMO_INSTALLED {
        composer::install_app(db, &AppId(id.to_owned()), None, store::now_ms()).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_app_has_a_page_and_a_script() {
        for entry in CATALOG {
            assert!(file(&format!("{}/index.html", entry.id)).is_some());
            assert!(file(&format!("{}/app.js", entry.id)).is_some());
        }
    }

    #[test]
    fn pages_carry_no_inline_script_or_handler() {
        for page in FILES.iter().filter(|file| file.content_type == HTML) {
            let lower = page.body.to_lowercase();
            for script in lower.split("<script").skip(1) {
                assert!(
                    script.trim_start().starts_with("src="),
                    "inline script in {}",
                    page.path
                );
            }
            assert!(!lower.contains(" onclick="), "handler in {}", page.path);
            assert!(!lower.contains(" onload="), "handler in {}", page.path);
            assert!(!lower.contains("javascript:"), "{}", page.path);
        }
    }
}
