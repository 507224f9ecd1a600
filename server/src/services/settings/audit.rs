//! "Audit log": who changed which setting and when, newest first.

use switchboard_protocol::{AuditPage, AuditQuery};

use super::require_reader;
use crate::error::ApiError;
use crate::services::Viewer;
use crate::state::AppState;
use crate::store::audit;

/// Entries per page.
pub const PAGE: u32 = 50;

/// A page of the audit log, filtered by person and kind (supervisors and admins).
pub async fn page(
    state: &AppState,
    viewer: &Viewer,
    query: AuditQuery,
) -> Result<AuditPage, ApiError> {
    require_reader(viewer)?;
    let mut db = state.pool.acquire().await?;
    let mut entries = audit::page(&mut db, &query, PAGE + 1).await?;
    let more = entries.len() > PAGE as usize;
    entries.truncate(PAGE as usize);
    let next_cursor = more.then(|| entries.last().map(|entry| entry.id)).flatten();
    Ok(AuditPage {
        entries,
        next_cursor,
    })
}
