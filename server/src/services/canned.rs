//! Canned responses: personal ones belong to their owner; line-scoped ones
//! are read by the line's members (every line for admins and supervisors)
//! and managed by admins.

use switchboard_protocol::{
    CannedQuery, CannedResponse, CannedResponseId, CannedResponseRequest, CannedScope, LineId,
    Role, UserId,
};

use super::validation::{self, TextField};
use super::{permissions, Viewer};
use crate::error::{ApiError, OrVanished};
use crate::state::AppState;
use crate::store::{self, canned};

const TITLE: TextField = TextField::required("title", 100);
const TEXT: TextField = TextField::required("text", 5000);
const SHORTCUT: TextField = TextField::required("shortcut", 32);

fn may_edit(viewer: &Viewer, row: &canned::CannedRow) -> bool {
    match row.line_id {
        Some(_) => viewer.user.role == Role::Admin,
        None => row.owner_id == Some(viewer.user.id.0),
    }
}

fn may_read(viewer: &Viewer, row: &canned::CannedRow) -> bool {
    match row.line_id {
        Some(line) => {
            permissions::sees_everything(viewer.user.role) || viewer.lines.contains(&LineId(line))
        }
        None => row.owner_id == Some(viewer.user.id.0),
    }
}

fn to_response(viewer: &Viewer, row: canned::CannedRow) -> CannedResponse {
    CannedResponse {
        id: CannedResponseId(row.id),
        scope: row.scope(),
        owner: row.owner_id.map(UserId),
        editable: may_edit(viewer, &row),
        title: row.title,
        text: row.text,
        shortcut: row.shortcut,
    }
}

/// A validated request: trimmed values, shortcut without `#`.
struct Clean {
    title: String,
    text: String,
    shortcut: Option<String>,
}

fn clean(request: &CannedResponseRequest) -> Result<Clean, ApiError> {
    let title = TITLE.check(request.title.trim())?.to_owned();
    TEXT.check(&request.text)?;
    let shortcut = request
        .shortcut
        .as_deref()
        .map(|shortcut| shortcut.trim().trim_start_matches('#').to_owned())
        .filter(|shortcut| !shortcut.is_empty());
    if let Some(shortcut) = &shortcut {
        let valid = SHORTCUT.accepts(shortcut)
            && shortcut
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Err(ApiError::InvalidField {
                code: "unprocessable",
                field: SHORTCUT.name,
                message: format!(
                    "A shortcut has 1 to {} letters, digits, `-` or `_`",
                    SHORTCUT.max
                ),
            });
        }
    }
    Ok(Clean {
        title,
        text: request.text.clone(),
        shortcut,
    })
}

/// Checks the viewer may put a response in this scope; returns (owner, line).
async fn placement(
    db: &mut crate::store::Conn,
    viewer: &Viewer,
    scope: CannedScope,
) -> Result<(Option<UserId>, Option<LineId>), ApiError> {
    match scope {
        CannedScope::Personal => Ok((Some(viewer.user.id), None)),
        CannedScope::Line { line_id } => {
            if viewer.user.role != Role::Admin {
                return Err(ApiError::Forbidden(
                    "Only admins manage the canned responses of a line".into(),
                ));
            }
            if !canned::line_exists(db, line_id).await? {
                return Err(ApiError::Unprocessable("No such line".into()));
            }
            Ok((None, Some(line_id)))
        }
    }
}

/// The viewer's personal responses and those of their lines, matching `q`.
pub async fn list(
    state: &AppState,
    viewer: &Viewer,
    query: CannedQuery,
) -> Result<Vec<CannedResponse>, ApiError> {
    let q = validation::search(query.q, validation::MAX_SEARCH_CHARS)?;
    let lines = (!permissions::sees_everything(viewer.user.role)).then_some(&viewer.lines[..]);
    let mut db = state.pool.acquire().await?;
    let rows = canned::visible(&mut db, viewer.user.id, lines, q.as_deref()).await?;
    Ok(rows
        .into_iter()
        .map(|row| to_response(viewer, row))
        .collect())
}

/// Creates a response: personal for anyone, line-scoped for admins.
pub async fn create(
    state: &AppState,
    viewer: &Viewer,
    request: CannedResponseRequest,
) -> Result<CannedResponse, ApiError> {
    save(state, viewer, None, request).await
}

/// Replaces a response the viewer may manage.
pub async fn update(
    state: &AppState,
    viewer: &Viewer,
    id: CannedResponseId,
    request: CannedResponseRequest,
) -> Result<CannedResponse, ApiError> {
    save(state, viewer, Some(id), request).await
}

/// Writes a new response, or replaces `existing` once the viewer may
/// manage it; returns it as stored.
async fn save(
    state: &AppState,
    viewer: &Viewer,
    existing: Option<CannedResponseId>,
    request: CannedResponseRequest,
) -> Result<CannedResponse, ApiError> {
    let clean = clean(&request)?;
    let mut tx = store::begin_write(&state.pool).await?;
    if let Some(id) = existing {
        editable(&mut tx, viewer, id).await?;
    }
    let (owner, line) = placement(&mut tx, viewer, request.scope).await?;
    let values = canned::CannedValues {
        title: &clean.title,
        text: &clean.text,
        shortcut: clean.shortcut.as_deref(),
        owner,
        line,
    };
    let now = store::now_ms();
    let id = match existing {
        Some(id) => {
            canned::update(&mut tx, id, &values, now).await?;
            id
        }
        None => canned::insert(&mut tx, &values, now).await?,
    };
    let row = canned::by_id(&mut tx, id)
        .await?
        .or_vanished("canned response")?;
    tx.commit().await?;
    Ok(to_response(viewer, row))
}

async fn editable(
    db: &mut crate::store::Conn,
    viewer: &Viewer,
    id: CannedResponseId,
) -> Result<canned::CannedRow, ApiError> {
    let row = canned::by_id(db, id)
        .await?
        .filter(|row| may_read(viewer, row))
        .ok_or_else(|| ApiError::NotFound("No such canned response".into()))?;
    if !may_edit(viewer, &row) {
        return Err(ApiError::Forbidden(
            "Only admins manage the canned responses of a line".into(),
        ));
    }
    Ok(row)
}

/// Deletes a response the viewer may manage.
pub async fn delete(
    state: &AppState,
    viewer: &Viewer,
    id: CannedResponseId,
) -> Result<(), ApiError> {
    let mut tx = store::begin_write(&state.pool).await?;
    editable(&mut tx, viewer, id).await?;
    canned::delete(&mut tx, id).await?;
    tx.commit().await?;
    Ok(())
}
