//! Putting a server into service: the first run's setup link, the first
//! administrator, and the one-time links that choose a new password.
//!
//! A server started on an empty database without `--demo` has nobody who
//! can log in. It prints a setup link instead (`#/setup?token=…`): random,
//! stored as its hash only, valid 24 hours, used once; each start replaces
//! the previous unused one, since its token cannot be shown again. Using it
//! creates the company, its first administrator and its first open channel
//! in one transaction. Scripted deployments use the command line instead
//! (`switchboard-server admin create`, `admin reset-password`), which works
//! on any database.

use switchboard_protocol::{
    AuditAction, CompanyInfo, LoginResponse, ResetPasswordRequest, Role, SetupRequest, SetupStatus,
    User, UserId,
};

use super::auth::{hash_password, issue_token, new_token, token_hash, MIN_PASSWORD_CHARS};
use super::forms::is_email;
use super::validation::TextField;
use crate::error::{ApiError, OrVanished};
use crate::state::AppState;
use crate::store::links::{self, Purpose};
use crate::store::Db;
use crate::store::{self, audit, catalog, users};

/// How long a setup or reset link stays valid.
pub const LINK_TTL_MS: i64 = 24 * 3600 * 1000;

const COMPANY_NAME: TextField = TextField::required("company_name", 200);
const NAME: TextField = TextField::required("name", 100);
const PASSWORD: TextField = TextField::at_least("password", MIN_PASSWORD_CHARS).at_most(1000);
const NEW_PASSWORD: TextField =
    TextField::at_least("new_password", MIN_PASSWORD_CHARS).at_most(1000);
const LINE_NAME: TextField = TextField::required("line_name", 100);

/// Whether the server still waits for its first administrator.
pub async fn status(state: &AppState) -> Result<SetupStatus, ApiError> {
    let mut db = state.pool.acquire().await?;
    Ok(SetupStatus {
        needed: users::count(&mut db).await? == 0,
    })
}

/// On a database with nobody in it, a new setup link's token (replacing any
/// unused one); `None` once someone exists.
pub async fn issue_setup_link(pool: &Db) -> Result<Option<String>, ApiError> {
    let mut tx = store::begin_write(pool).await?;
    if users::count(&mut tx).await? > 0 {
        return Ok(None);
    }
    let token = new_token();
    let now = store::now_ms();
    links::forget_unused(&mut tx, Purpose::Setup, None).await?;
    links::insert(
        &mut tx,
        &token_hash(&token),
        Purpose::Setup,
        None,
        now,
        now + LINK_TTL_MS,
    )
    .await?;
    tx.commit().await?;
    Ok(Some(token))
}

fn email_of(email: &str) -> Result<String, ApiError> {
    let email = email.trim();
    if is_email(email) {
        Ok(email.to_owned())
    } else {
        Err(ApiError::InvalidField {
            code: "invalid_email",
            field: "email",
            message: "Enter an e-mail address such as name@example.com".into(),
        })
    }
}

/// An administrator's name and e-mail, checked and trimmed, and the hash of
/// their checked password.
async fn admin_fields(
    name: &str,
    email: &str,
    password: String,
) -> Result<(String, String, String), ApiError> {
    let name = NAME.check(name.trim())?.to_owned();
    let email = email_of(email)?;
    PASSWORD.check(&password)?;
    Ok((name, email, hash_password(password).await?))
}

/// The employee a transaction just wrote, as others see them.
async fn written(db: &mut crate::store::Conn, id: UserId) -> Result<User, ApiError> {
    Ok(users::by_id(db, id)
        .await?
        .or_vanished("employee")?
        .to_user())
}

/// Records an administrator's creation in the audit log: by themselves at
/// the first run, by the command line (`by` none) otherwise.
async fn created(
    db: &mut crate::store::Conn,
    by: Option<(UserId, &str)>,
    name: &str,
    email: &str,
    now: i64,
) -> Result<(), ApiError> {
    let entry = audit::NewEntry {
        actor: by,
        action: AuditAction::AdminCreated,
        subject: name,
        details: email.to_owned(),
    };
    audit::insert(db, &entry, now).await?;
    Ok(())
}

fn invalid_link(what: &str) -> ApiError {
    ApiError::NotFound(format!(
        "This {what} link cannot be used: it was used already, it expired, or it was replaced by a newer one"
    ))
}

/// Uses the setup link: creates the company, its first administrator (a
/// member of the first open channel) and that channel; logs them in.
pub async fn set_up(
    state: &AppState,
    device: Option<&str>,
    request: SetupRequest,
) -> Result<LoginResponse, ApiError> {
    let company_name = COMPANY_NAME.check(request.company_name.trim())?.to_owned();
    let line_name = LINE_NAME.check(request.line_name.trim())?.to_owned();
    let (name, email, hash) = admin_fields(&request.name, &request.email, request.password).await?;

    let mut tx = store::begin_write(&state.pool).await?;
    let now = store::now_ms();
    if users::count(&mut tx).await? > 0 {
        return Err(ApiError::Conflict(
            "Switchboard is already set up: log in instead".into(),
        ));
    }
    if links::take(&mut tx, &token_hash(&request.token), Purpose::Setup, now)
        .await?
        .is_none()
    {
        return Err(invalid_link("setup"));
    }
    let company = CompanyInfo {
        name: company_name,
        currency: catalog::DEFAULT_CURRENCY.into(),
        ..CompanyInfo::default()
    };
    catalog::set_company(&mut tx, &company, now).await?;
    let admin = users::insert(&mut tx, &name, &email, Role::Admin, &hash, now).await?;
    created(&mut tx, Some((admin, &name)), &name, &email, now).await?;
    super::settings::channels::add_line(&mut tx, &line_name, &[admin]).await?;
    let user = written(&mut tx, admin).await?;
    tx.commit().await?;
    tracing::info!(admin = %user.email, "set up: the first administrator logged in");
    let user = super::auth::came_online(state, user).await?;
    let token = issue_token(state, &user, device).await?;
    Ok(LoginResponse { token, user })
}

/// Creates an administrator from the command line (any database; the
/// setup link, if one waits, is no longer needed).
pub async fn create_admin(
    pool: &Db,
    email: &str,
    name: &str,
    password: String,
) -> Result<User, ApiError> {
    let (name, email, hash) = admin_fields(name, email, password).await?;
    let mut tx = store::begin_write(pool).await?;
    if users::by_email(&mut tx, &email).await?.is_some() {
        return Err(ApiError::Conflict(format!(
            "Someone already has the e-mail {email}"
        )));
    }
    let now = store::now_ms();
    let id = users::insert(&mut tx, &name, &email, Role::Admin, &hash, now).await?;
    created(&mut tx, None, &name, &email, now).await?;
    links::forget_unused(&mut tx, Purpose::Setup, None).await?;
    let user = written(&mut tx, id).await?;
    tx.commit().await?;
    Ok(user)
}

/// A one-time link's token for the employee with `email` to choose a new
/// password (replacing their unused one).
pub async fn reset_link(pool: &Db, email: &str) -> Result<String, ApiError> {
    let mut tx = store::begin_write(pool).await?;
    let user = users::by_email(&mut tx, email.trim())
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("Nobody has the e-mail {}", email.trim())))?;
    let user = UserId(user.id);
    let token = new_token();
    let now = store::now_ms();
    links::forget_unused(&mut tx, Purpose::Reset, Some(user)).await?;
    links::insert(
        &mut tx,
        &token_hash(&token),
        Purpose::Reset,
        Some(user),
        now,
        now + LINK_TTL_MS,
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Uses a reset link: sets the new password, ends every session of the
/// employee and logs them in.
pub async fn reset_password(
    state: &AppState,
    device: Option<&str>,
    request: ResetPasswordRequest,
) -> Result<LoginResponse, ApiError> {
    NEW_PASSWORD.check(&request.new_password)?;
    let hash = hash_password(request.new_password).await?;
    let mut tx = store::begin_write(&state.pool).await?;
    let now = store::now_ms();
    let Some(Some(user)) =
        links::take(&mut tx, &token_hash(&request.token), Purpose::Reset, now).await?
    else {
        return Err(invalid_link("reset"));
    };
    users::set_password_hash(&mut tx, user, &hash).await?;
    users::delete_tokens_of(&mut tx, user).await?;
    let user = written(&mut tx, user).await?;
    tx.commit().await?;
    let user = super::auth::came_online(state, user).await?;
    let token = issue_token(state, &user, device).await?;
    Ok(LoginResponse { token, user })
}
