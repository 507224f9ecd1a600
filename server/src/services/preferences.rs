//! Each employee's own preferences: read, and replaced whole after
//! validation (the rules are the protocol's, shared with the app). A change
//! is sent to the person only, so their other open browsers follow.

use switchboard_protocol::{Event, OperatorPreferences};

use super::events::Change;
use super::Viewer;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{events::Audience, preferences};

/// The caller's preferences; the defaults until they save some.
pub async fn get(state: &AppState, viewer: &Viewer) -> Result<OperatorPreferences, ApiError> {
    let mut db = state.pool.acquire().await?;
    let stored = preferences::get(&mut db, viewer.user.id).await?;
    // A row written by an older version reads with the defaults for what
    // it lacks; a broken one (never written by us) reads as the defaults.
    Ok(stored
        .and_then(|body| serde_json::from_str(&body).ok())
        .unwrap_or_default())
}

/// Replaces the caller's preferences (emits `preferences_updated` to them).
pub async fn put(
    state: &AppState,
    viewer: &Viewer,
    request: OperatorPreferences,
) -> Result<OperatorPreferences, ApiError> {
    let preferences = request
        .validated()
        .map_err(|error| ApiError::InvalidField {
            code: error.code(),
            field: error.field(),
            message: error.message(),
        })?;
    let body = serde_json::to_string(&preferences)
        .map_err(|error| ApiError::Unprocessable(error.to_string()))?;
    let mut change = Change::begin(state).await?;
    preferences::put(&mut change.tx, viewer.user.id, &body, change.now).await?;
    change
        .record(
            &Audience::Users(vec![viewer.user.id]),
            Event::PreferencesUpdated {
                preferences: preferences.clone(),
            },
        )
        .await?;
    change.commit(state).await?;
    Ok(preferences)
}
