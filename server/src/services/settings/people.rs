//! "People": inviting, editing, deactivating and reactivating employees,
//! and their one-time links (invitation, password reset).
//!
//! Nobody can deactivate or demote the last active administrator, or
//! themselves. Deactivating someone ends their sessions at once (their
//! open workspaces hear `user_updated` and fall to the login screen) and
//! sends their conversations in progress back to their lines' Unanswered.

use std::collections::BTreeSet;

use switchboard_protocol::{
    AcceptInvitationRequest, AuditAction, ConversationId, ConversationStatus, Event, Invitation,
    InvitePersonRequest, LineId, LoginResponse, OneTimeLink, Person, Presence, Role, SystemEvent,
    UpdatePersonRequest, User, UserId,
};

use super::{audit, link_base, require_admin, require_reader};
use crate::error::{ApiError, OrVanished};
use crate::services::auth::{
    hash_password, issue_token, new_token, token_hash, MIN_PASSWORD_CHARS,
};
use crate::services::conversations::audience_of;
use crate::services::events::Change;
use crate::services::forms::is_email;
use crate::services::system_messages::{self, user_ref};
use crate::services::validation::TextField;
use crate::services::Viewer;
use crate::state::AppState;
use crate::store::conversation_actions::{self as actions, Transition};
use crate::store::events::Audience;
use crate::store::links::{self, Purpose};
use crate::store::Conn;
use crate::store::{conversations, lines, users};

/// How long an invitation link stays valid.
pub const INVITATION_TTL_MS: i64 = 7 * 24 * 3600 * 1000;
/// How long a reset link stays valid.
pub const RESET_TTL_MS: i64 = crate::services::setup::LINK_TTL_MS;

const NAME: TextField = TextField::required("name", 100);
const PASSWORD: TextField = TextField::at_least("password", MIN_PASSWORD_CHARS).at_most(1000);

/// Everyone, as the People settings show them (supervisors and admins).
pub async fn list(state: &AppState, viewer: &Viewer) -> Result<Vec<Person>, ApiError> {
    require_reader(viewer)?;
    let mut db = state.pool.acquire().await?;
    let memberships = users::memberships(&mut db).await?;
    Ok(users::all(&mut db)
        .await?
        .into_iter()
        .map(|row| person_of(&row, &memberships))
        .collect())
}

fn person_of(row: &users::UserRow, memberships: &[(i64, i64)]) -> Person {
    Person {
        user: row.to_user(),
        lines: memberships
            .iter()
            .filter(|(_, user)| *user == row.id)
            .map(|(line, _)| LineId(*line))
            .collect(),
        last_seen_at: row.last_seen_at,
        invitation_pending: row.password_hash.is_empty(),
    }
}

async fn person(db: &mut Conn, id: UserId) -> Result<Person, ApiError> {
    let row = users::by_id(db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such person".into()))?;
    let memberships = users::memberships(db).await?;
    Ok(person_of(&row, &memberships))
}

fn email_field(email: &str) -> Result<String, ApiError> {
    let email = email.trim();
    if is_email(email) && email.chars().count() <= 200 {
        Ok(email.to_owned())
    } else {
        Err(ApiError::InvalidField {
            code: "invalid_email",
            field: "email",
            message: "Enter an e-mail address such as name@example.com".into(),
        })
    }
}

/// The lines of a request: each must exist and not be archived.
async fn lines_field(db: &mut Conn, requested: &[LineId]) -> Result<Vec<LineId>, ApiError> {
    let all = lines::all(db).await?;
    let mut chosen = Vec::new();
    for id in requested {
        if !all.iter().any(|line| line.id == *id && !line.archived) {
            return Err(ApiError::InvalidField {
                code: "unknown_line",
                field: "lines",
                message: format!("There is no open channel {id}"),
            });
        }
        if !chosen.contains(id) {
            chosen.push(*id);
        }
    }
    Ok(chosen)
}

/// Tells every workspace about the lines whose queue changed.
async fn lines_changed(change: &mut Change, changed: &BTreeSet<LineId>) -> Result<(), ApiError> {
    for id in changed {
        let line = lines::by_id(&mut change.tx, *id)
            .await?
            .or_vanished("line")?;
        change
            .record(&Audience::All, Event::LineUpdated { line })
            .await?;
    }
    Ok(())
}

async fn user_changed(change: &mut Change, id: UserId) -> Result<User, ApiError> {
    let user = users::by_id(&mut change.tx, id)
        .await?
        .or_vanished("person")?
        .to_user();
    change
        .record(&Audience::All, Event::UserUpdated { user: user.clone() })
        .await?;
    Ok(user)
}

/// The person a change is about.
async fn target(change: &mut Change, id: UserId) -> Result<users::UserRow, ApiError> {
    users::by_id(&mut change.tx, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such person".into()))
}

/// A new one-time link of `purpose` for `user`, replacing their unused one.
async fn new_link(
    change: &mut Change,
    base: &str,
    purpose: Purpose,
    user: UserId,
    ttl: i64,
) -> Result<OneTimeLink, ApiError> {
    let token = new_token();
    let expires_at = change.now + ttl;
    links::forget_unused(&mut change.tx, purpose, Some(user)).await?;
    links::insert(
        &mut change.tx,
        &token_hash(&token),
        purpose,
        Some(user),
        change.now,
        expires_at,
    )
    .await?;
    let path = match purpose {
        Purpose::Invite => "invite",
        Purpose::Reset | Purpose::Setup => "reset",
    };
    Ok(OneTimeLink {
        link: format!("{base}/#/{path}?token={token}"),
        expires_at,
    })
}

/// "Invite": creates the account (no password yet), puts them in their
/// lines and answers their invitation link (7 days, used once).
pub async fn invite(
    state: &AppState,
    viewer: &Viewer,
    base: &str,
    request: InvitePersonRequest,
) -> Result<Invitation, ApiError> {
    require_admin(viewer)?;
    let mut change = Change::begin(state).await?;
    let new = NewPerson {
        name: &request.name,
        email: &request.email,
        role: request.role,
        lines: &request.lines,
        password_hash: None,
    };
    let id = add_person(&mut change.tx, &new, change.now).await?;
    let (name, email) = (NAME.check(request.name.trim())?, request.email.trim());
    let chosen: Vec<LineId> = users::line_ids_of(&mut change.tx, id)
        .await?
        .into_iter()
        .map(LineId)
        .collect();
    let invitation = new_link(
        &mut change,
        &link_base(state, base),
        Purpose::Invite,
        id,
        INVITATION_TTL_MS,
    )
    .await?;
    let details = format!("{email}, {}", request.role.as_str());
    let action = AuditAction::PersonInvited;
    audit(&mut change, viewer, action, name, details).await?;
    user_changed(&mut change, id).await?;
    lines_changed(&mut change, &chosen.iter().copied().collect()).await?;
    let person = person(&mut change.tx, id).await?;
    change.commit(state).await?;
    Ok(Invitation { person, invitation })
}

/// A new employee, as "Invite" and the demo workspace make them.
pub struct NewPerson<'a> {
    /// Display name.
    pub name: &'a str,
    /// Login e-mail address.
    pub email: &'a str,
    /// Role.
    pub role: Role,
    /// Open channels they join (at the end of each queue).
    pub lines: &'a [LineId],
    /// Their password's hash; `None`: invited, they choose it.
    pub password_hash: Option<&'a str>,
}

/// Adds an employee inside a change: the name and e-mail checked, the
/// e-mail unique, the lines open.
pub async fn add_person(db: &mut Conn, new: &NewPerson<'_>, now: i64) -> Result<UserId, ApiError> {
    let name = NAME.check(new.name.trim())?;
    let email = email_field(new.email)?;
    let chosen = lines_field(db, new.lines).await?;
    if users::by_email(db, &email).await?.is_some() {
        return Err(ApiError::InvalidField {
            code: "email_taken",
            field: "email",
            message: format!("Someone already has the e-mail {email}"),
        });
    }
    let id = match new.password_hash {
        Some(hash) => users::insert(db, name, &email, new.role, hash, now).await?,
        None => users::insert_invited(db, name, &email, new.role, now).await?,
    };
    for line in &chosen {
        lines::add_member(db, *line, id).await?;
    }
    Ok(id)
}

/// Refuses a change that would leave no active administrator, or that the
/// caller makes to their own role or account.
async fn keep_an_admin(
    db: &mut Conn,
    viewer: &Viewer,
    target: &users::UserRow,
    what: &str,
) -> Result<(), ApiError> {
    if target.id == viewer.user.id.0 {
        return Err(ApiError::Conflict(format!("You cannot {what} yourself")));
    }
    let is_active_admin = target.role.0 == Role::Admin && target.deactivated_at.is_none();
    if is_active_admin && users::active_admins(db).await? <= 1 {
        return Err(ApiError::Conflict(format!(
            "{} is the last active administrator: make someone else an administrator first",
            target.name
        )));
    }
    Ok(())
}

/// Edits a person's name, role and open channels.
pub async fn update(
    state: &AppState,
    viewer: &Viewer,
    id: UserId,
    request: UpdatePersonRequest,
) -> Result<Person, ApiError> {
    require_admin(viewer)?;
    let name = NAME.check(request.name.trim())?.to_owned();
    let mut change = Change::begin(state).await?;
    let before = target(&mut change, id).await?;
    let chosen = lines_field(&mut change.tx, &request.lines).await?;
    let role_changes = before.role.0 != request.role;
    if role_changes && before.role.0 == Role::Admin {
        keep_an_admin(&mut change.tx, viewer, &before, "demote").await?;
    } else if role_changes && before.id == viewer.user.id.0 {
        return Err(ApiError::Conflict("You cannot change your own role".into()));
    }
    users::update(&mut change.tx, id, &name, request.role).await?;
    let current: Vec<LineId> = users::line_ids_of(&mut change.tx, id)
        .await?
        .into_iter()
        .map(LineId)
        .collect();
    let mut changed = BTreeSet::new();
    for line in current.iter().filter(|line| !chosen.contains(line)) {
        lines::remove_member(&mut change.tx, *line, id).await?;
        changed.insert(*line);
    }
    for line in chosen.iter().filter(|line| !current.contains(line)) {
        lines::add_member(&mut change.tx, *line, id).await?;
        changed.insert(*line);
    }
    if role_changes {
        let details = format!("{} → {}", before.role.0.as_str(), request.role.as_str());
        audit(
            &mut change,
            viewer,
            AuditAction::RoleChanged,
            &name,
            details,
        )
        .await?;
    }
    if name != before.name || !changed.is_empty() {
        let details = if name == before.name {
            "open channels".to_owned()
        } else {
            format!("{} → {name}", before.name)
        };
        audit(
            &mut change,
            viewer,
            AuditAction::PersonUpdated,
            &name,
            details,
        )
        .await?;
    }
    user_changed(&mut change, id).await?;
    lines_changed(&mut change, &changed).await?;
    let person = person(&mut change.tx, id).await?;
    change.commit(state).await?;
    Ok(person)
}

/// "Deactivate": their sessions and unused links end at once, they cannot
/// log in, and their conversations in progress go back to Unanswered with a
/// system message.
pub async fn deactivate(state: &AppState, viewer: &Viewer, id: UserId) -> Result<Person, ApiError> {
    require_admin(viewer)?;
    let mut change = Change::begin(state).await?;
    let target = target(&mut change, id).await?;
    if target.deactivated_at.is_some() {
        return Err(ApiError::Conflict(format!(
            "{} is already deactivated",
            target.name
        )));
    }
    keep_an_admin(&mut change.tx, viewer, &target, "deactivate").await?;
    users::set_deactivated(&mut change.tx, id, Some(change.now)).await?;
    users::delete_tokens_of(&mut change.tx, id).await?;
    links::forget_all_unused(&mut change.tx, id).await?;
    let released = users::assigned_in_progress(&mut change.tx, id).await?;
    let from = user_ref(&target.to_user());
    for conversation in released {
        release(&mut change, viewer, ConversationId(conversation), &from).await?;
    }
    audit(
        &mut change,
        viewer,
        AuditAction::PersonDeactivated,
        &target.name,
        target.email.clone(),
    )
    .await?;
    user_changed(&mut change, id).await?;
    let person = person(&mut change.tx, id).await?;
    change.commit(state).await?;
    Ok(person)
}

/// Sends a conversation of a deactivated assignee back to its line's
/// Unanswered, with a system message, and tells who sees it.
async fn release(
    change: &mut Change,
    viewer: &Viewer,
    id: ConversationId,
    from: &switchboard_protocol::UserRef,
) -> Result<(), ApiError> {
    let before = conversations::summary(&mut change.tx, id)
        .await?
        .or_vanished("conversation")?;
    let transition = Transition::new(ConversationStatus::Unanswered, None, change.now);
    if !actions::apply(&mut change.tx, id, before.version, &transition).await? {
        return Err(ApiError::ConversationChanged);
    }
    let system = SystemEvent::Released {
        by: user_ref(&viewer.user),
        from: from.clone(),
    };
    let message = system_messages::write(&mut change.tx, id, &system, change.now).await?;
    let after = conversations::summary(&mut change.tx, id)
        .await?
        .or_vanished("conversation")?;
    let audience = audience_of(&after, &[from.id]);
    change
        .record(&audience, Event::MessageCreated { message })
        .await?;
    change
        .record(
            &audience,
            Event::ConversationUpdated {
                conversation: after,
            },
        )
        .await?;
    Ok(())
}

/// "Reactivate": they may log in again (with their password, or a new
/// reset link).
pub async fn reactivate(state: &AppState, viewer: &Viewer, id: UserId) -> Result<Person, ApiError> {
    require_admin(viewer)?;
    let mut change = Change::begin(state).await?;
    let target = target(&mut change, id).await?;
    if target.deactivated_at.is_none() {
        return Err(ApiError::Conflict(format!("{} is active", target.name)));
    }
    users::set_deactivated(&mut change.tx, id, None).await?;
    let action = AuditAction::PersonReactivated;
    audit(
        &mut change,
        viewer,
        action,
        &target.name,
        target.email.clone(),
    )
    .await?;
    user_changed(&mut change, id).await?;
    let person = person(&mut change.tx, id).await?;
    change.commit(state).await?;
    Ok(person)
}

/// "Reset password": a new one-time link for them to choose a password
/// (24 hours, used once; an invitation not accepted yet is renewed instead).
pub async fn reset_link(
    state: &AppState,
    viewer: &Viewer,
    base: &str,
    id: UserId,
) -> Result<OneTimeLink, ApiError> {
    require_admin(viewer)?;
    let mut change = Change::begin(state).await?;
    let target = target(&mut change, id).await?;
    if target.deactivated_at.is_some() {
        return Err(ApiError::Conflict(format!(
            "{} is deactivated: reactivate them first",
            target.name
        )));
    }
    let base = link_base(state, base);
    let link = if target.password_hash.is_empty() {
        new_link(&mut change, &base, Purpose::Invite, id, INVITATION_TTL_MS).await?
    } else {
        new_link(&mut change, &base, Purpose::Reset, id, RESET_TTL_MS).await?
    };
    let action = AuditAction::ResetLinkCreated;
    audit(
        &mut change,
        viewer,
        action,
        &target.name,
        target.email.clone(),
    )
    .await?;
    change.commit(state).await?;
    Ok(link)
}

/// Accepts an invitation: sets the invitee's password and logs them in.
pub async fn accept_invitation(
    state: &AppState,
    device: Option<&str>,
    request: AcceptInvitationRequest,
) -> Result<LoginResponse, ApiError> {
    PASSWORD.check(&request.password)?;
    let hash = hash_password(request.password).await?;
    let mut change = Change::begin(state).await?;
    let taken = links::take(
        &mut change.tx,
        &token_hash(&request.token),
        Purpose::Invite,
        change.now,
    )
    .await?;
    let Some(Some(id)) = taken else {
        return Err(ApiError::NotFound(
            "This invitation cannot be used: it was used already, it expired, or a newer one replaced it"
                .into(),
        ));
    };
    users::set_password_hash(&mut change.tx, id, &hash).await?;
    users::set_presence(&mut change.tx, id, Presence::Online).await?;
    // No longer "Invited" in the People settings, and online.
    let user = user_changed(&mut change, id).await?;
    change.commit(state).await?;
    let token = issue_token(state, &user, device).await?;
    Ok(LoginResponse { token, user })
}
