//! The settings administrators manage in the app: people, open channels
//! and their connectors, and the audit log of every change. Every change is
//! checked here for the administrator role (supervisors may read), then
//! validated with field errors, written with its audit entry, and told to
//! every open workspace through events, in one transaction.

pub mod audit;
pub mod catalog;
pub mod channels;
pub mod outbound;
pub mod people;
pub mod widget;

use switchboard_protocol::{AuditAction, Role};

use super::events::Change;
use super::Viewer;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::audit::{self as audit_store, NewEntry};

/// Refuses everyone but administrators (403).
pub fn require_admin(viewer: &Viewer) -> Result<(), ApiError> {
    if viewer.user.role == Role::Admin {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "Only administrators can change the settings".into(),
        ))
    }
}

/// Refuses operators (403): supervisors and administrators read settings.
pub fn require_reader(viewer: &Viewer) -> Result<(), ApiError> {
    if matches!(viewer.user.role, Role::Admin | Role::Supervisor) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "Only supervisors and administrators can see the settings".into(),
        ))
    }
}

/// Refuses operators (403) what supervisors and administrators watch:
/// `what` ("the reports", "Supervision") is named in the refusal.
pub fn require_supervisor(viewer: &Viewer, what: &str) -> Result<(), ApiError> {
    if matches!(viewer.user.role, Role::Admin | Role::Supervisor) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(format!(
            "Only supervisors and administrators can see {what}"
        )))
    }
}

/// Records who made a change in the audit log, inside the change.
pub async fn audit(
    change: &mut Change,
    viewer: &Viewer,
    action: AuditAction,
    subject: &str,
    details: String,
) -> Result<(), ApiError> {
    let entry = NewEntry {
        actor: Some((viewer.user.id, viewer.user.name.as_str())),
        action,
        subject,
        details,
    };
    audit_store::insert(&mut change.tx, &entry, change.now).await?;
    Ok(())
}

/// Where links handed to people lead: `--public-url`, else the address the
/// request came to.
pub fn link_base(state: &AppState, request_base: &str) -> String {
    match &state.config.public_url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => request_base.trim_end_matches('/').to_owned(),
    }
}
