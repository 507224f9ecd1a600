//! Passwords, bearer tokens and the login rate limit.

use std::net::IpAddr;
use std::time::Duration;

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use rand::RngCore;
use sha2::{Digest, Sha256};
use switchboard_protocol::{
    ChangePasswordRequest, LoginRequest, LoginResponse, SessionInfo, SetPresenceRequest, User,
    UserId,
};

use super::events::Change;
use super::validation::TextField;
use super::Viewer;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{self, events::Audience, login_attempts, users, Db};

/// Failed logins allowed per e-mail and address within [`FAILURE_WINDOW`].
pub const MAX_FAILURES: u32 = 5;
/// How long failures are remembered.
pub const FAILURE_WINDOW: Duration = Duration::from_secs(5 * 60);
/// Shortest accepted new password.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Counts failed logins per (address, e-mail) so guessing is slowed down
/// without letting a stranger lock a colleague out from elsewhere. The
/// count lives in the database ([`store::login_attempts`]): every instance
/// of the server shares it, and a restart keeps it.
#[derive(Default)]
pub struct LoginLimiter;

impl LoginLimiter {
    fn key(ip: IpAddr, email: &str) -> (String, String) {
        (ip.to_string(), email.trim().to_lowercase())
    }

    /// When the window of failures that still count started.
    fn window_start(now: i64) -> i64 {
        now - i64::try_from(FAILURE_WINDOW.as_millis()).unwrap_or(i64::MAX)
    }

    /// Whether this client must wait before trying again.
    pub async fn is_blocked(&self, pool: &Db, ip: IpAddr, email: &str) -> Result<bool, ApiError> {
        let (address, email) = Self::key(ip, email);
        let mut db = pool.acquire().await?;
        let window_start = Self::window_start(store::now_ms());
        let failures = login_attempts::failures(&mut db, &address, &email, window_start).await?;
        Ok(failures >= i64::from(MAX_FAILURES))
    }

    /// Remembers a failure.
    pub async fn record_failure(&self, pool: &Db, ip: IpAddr, email: &str) -> Result<(), ApiError> {
        let (address, email) = Self::key(ip, email);
        let mut tx = store::begin_write(pool).await?;
        let now = store::now_ms();
        let window_start = Self::window_start(now);
        login_attempts::record_failure(&mut tx, &address, &email, now, window_start).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Forgets failures after a success.
    pub async fn clear(&self, pool: &Db, ip: IpAddr, email: &str) -> Result<(), ApiError> {
        let (address, email) = Self::key(ip, email);
        let mut db = pool.acquire().await?;
        login_attempts::clear(&mut db, &address, &email).await?;
        Ok(())
    }
}

/// Hashes a password with argon2id (in a blocking thread: it is slow on purpose).
pub async fn hash_password(password: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|error| ApiError::Internal(format!("hashing: {error}")))
    })
    .await
    .map_err(|error| ApiError::Internal(format!("hashing task: {error}")))?
}

/// Checks a password against a stored hash.
pub async fn verify_password(password: String, hash: String) -> Result<bool, ApiError> {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .map_err(|error| ApiError::Internal(format!("verifying task: {error}")))
}

/// The stored form of a token: only its SHA-256 hash is kept.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub(crate) async fn issue_token(
    state: &AppState,
    user: &User,
    device: Option<&str>,
) -> Result<String, ApiError> {
    let token = new_token();
    let mut db = state.pool.acquire().await?;
    let device = device.map(device_name);
    let now = store::now_ms();
    users::insert_token(
        &mut db,
        &token_hash(&token),
        user.id,
        device.as_deref(),
        now,
    )
    .await?;
    Ok(token)
}

/// A session is marked seen at most this often (a write per request would
/// queue behind every other writer).
const SEEN_EVERY_MS: i64 = 60_000;

/// A person's name for a browser from its user agent: "Firefox on Linux".
pub fn device_name(user_agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chromium/", "Chromium"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .iter()
    .find(|(mark, _)| user_agent.contains(mark))
    .map(|(_, name)| *name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(mark, _)| user_agent.contains(mark))
    .map(|(_, name)| *name);
    match (browser, system) {
        (Some(browser), Some(system)) => format!("{browser} on {system}"),
        (Some(name), None) | (None, Some(name)) => name.to_owned(),
        (None, None) => user_agent.chars().take(60).collect(),
    }
}

/// Logs in: checks the rate limit, then the password; issues a token.
pub async fn login(
    state: &AppState,
    ip: IpAddr,
    device: Option<&str>,
    request: LoginRequest,
) -> Result<LoginResponse, ApiError> {
    let limiter = &state.login_limiter;
    if limiter.is_blocked(&state.pool, ip, &request.email).await? {
        return Err(ApiError::TooManyRequests(
            "Too many failed logins; wait a few minutes".into(),
        ));
    }
    let row = {
        let mut db = state.pool.acquire().await?;
        users::by_email(&mut db, request.email.trim()).await?
    };
    let valid = match &row {
        Some(row) => verify_password(request.password, row.password_hash.clone()).await?,
        None => false,
    };
    let Some(row) = row.filter(|_| valid) else {
        if users::count(&mut *state.pool.acquire().await?).await? == 0 {
            return Err(ApiError::NotSetUp);
        }
        limiter
            .record_failure(&state.pool, ip, &request.email)
            .await?;
        return Err(ApiError::InvalidCredentials);
    };
    limiter.clear(&state.pool, ip, &request.email).await?;
    if row.deactivated_at.is_some() {
        return Err(ApiError::Deactivated);
    }
    let user = came_online(state, row.to_user()).await?;
    let token = issue_token(state, &user, device).await?;
    Ok(LoginResponse { token, user })
}

/// The employee holding a bearer token, with their lines.
pub async fn authenticate(state: &AppState, token: &str) -> Result<Viewer, ApiError> {
    let mut db = state.pool.acquire().await?;
    let hash = token_hash(token);
    let session = users::by_token_hash(&mut db, &hash)
        .await?
        .ok_or_else(|| ApiError::Unauthorized("Invalid or expired token".into()))?;
    let now = store::now_ms();
    if session
        .token_seen_at
        .is_none_or(|seen| now - seen >= SEEN_EVERY_MS)
    {
        drop(db);
        let mut tx = store::begin_write(&state.pool).await?;
        users::seen(&mut tx, &hash, UserId(session.user.id), now).await?;
        tx.commit().await?;
        db = state.pool.acquire().await?;
    }
    let user = session.user.to_user();
    let lines = users::line_ids_of(&mut db, user.id)
        .await?
        .into_iter()
        .map(switchboard_protocol::LineId)
        .collect();
    Ok(Viewer { user, lines })
}

/// Someone who logs in while Offline shows as Online (Away and Online stay
/// as they were); everyone hears of it.
pub(crate) async fn came_online(state: &AppState, user: User) -> Result<User, ApiError> {
    if user.presence != switchboard_protocol::Presence::Offline {
        return Ok(user);
    }
    let presence = switchboard_protocol::Presence::Online;
    let mut change = Change::begin(state).await?;
    users::set_presence(&mut change.tx, user.id, presence).await?;
    let event = switchboard_protocol::Event::PresenceChanged {
        user_id: user.id,
        presence,
    };
    change.record(&Audience::All, event).await?;
    change.commit(state).await?;
    Ok(User { presence, ..user })
}

/// Revokes a token.
pub async fn logout(state: &AppState, token: &str) -> Result<(), ApiError> {
    let mut db = state.pool.acquire().await?;
    users::delete_token(&mut db, &token_hash(token)).await?;
    Ok(())
}

/// Ends every session of the employee but the caller's.
pub async fn logout_others(state: &AppState, viewer: &Viewer, token: &str) -> Result<(), ApiError> {
    let mut db = state.pool.acquire().await?;
    users::delete_tokens_except(&mut db, viewer.user.id, &token_hash(token)).await?;
    Ok(())
}

/// Changes the password, revokes every token of the employee and issues a
/// fresh one for the caller.
pub async fn change_password(
    state: &AppState,
    viewer: &Viewer,
    device: Option<&str>,
    request: ChangePasswordRequest,
) -> Result<LoginResponse, ApiError> {
    TextField::at_least("new_password", MIN_PASSWORD_CHARS).check(&request.new_password)?;
    let current = {
        let mut db = state.pool.acquire().await?;
        users::by_id(&mut db, viewer.user.id)
            .await?
            .ok_or_else(|| ApiError::Unauthorized("Unknown user".into()))?
    };
    if !verify_password(request.current_password, current.password_hash).await? {
        return Err(ApiError::InvalidCredentials);
    }
    let hash = hash_password(request.new_password).await?;
    let mut tx = store::begin_write(&state.pool).await?;
    users::set_password_hash(&mut tx, viewer.user.id, &hash).await?;
    users::delete_tokens_of(&mut tx, viewer.user.id).await?;
    tx.commit().await?;
    let token = issue_token(state, &viewer.user, device).await?;
    Ok(LoginResponse {
        token,
        user: viewer.user.clone(),
    })
}

/// Sets the caller's presence and tells everyone.
pub async fn set_presence(
    state: &AppState,
    viewer: &Viewer,
    request: SetPresenceRequest,
) -> Result<User, ApiError> {
    let mut change = Change::begin(state).await?;
    let _now = change.now;
    users::set_presence(&mut change.tx, viewer.user.id, request.presence).await?;
    change
        .record(
            &Audience::All,
            switchboard_protocol::Event::PresenceChanged {
                user_id: viewer.user.id,
                presence: request.presence,
            },
        )
        .await?;
    change.commit(state).await?;
    Ok(User {
        presence: request.presence,
        ..viewer.user.clone()
    })
}

/// The caller's sessions, most recently seen first.
pub async fn sessions(
    state: &AppState,
    viewer: &Viewer,
    token: &str,
) -> Result<Vec<SessionInfo>, ApiError> {
    let mut db = state.pool.acquire().await?;
    let current = token_hash(token);
    Ok(users::sessions_of(&mut db, viewer.user.id)
        .await?
        .into_iter()
        .map(|(hash, device, created_at, seen)| SessionInfo {
            device: device.unwrap_or_default(),
            created_at,
            last_seen_at: seen.unwrap_or(created_at),
            current: hash == current,
        })
        .collect())
}

/// Every employee with their presence.
pub async fn list_users(state: &AppState) -> Result<Vec<User>, ApiError> {
    let mut db = state.pool.acquire().await?;
    Ok(users::all(&mut db)
        .await?
        .iter()
        .map(users::UserRow::to_user)
        .collect())
}
