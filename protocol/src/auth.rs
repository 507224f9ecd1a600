//! Authentication: logging in and out, and who the logged-in employee is.

use serde::{Deserialize, Serialize};

use crate::names::named_enum;
use crate::UserId;

named_enum! {
    /// What an employee may do in the workspace.
    pub enum Role {
        /// Configures the workspace and sees everything.
        Admin = "admin",
        /// Sees and acts on every conversation.
        Supervisor = "supervisor",
        /// Sees the conversations of the lines they are in, or assigned/invited to.
        Operator = "operator",
    }
}

named_enum! {
    /// Whether an employee is at work.
    pub enum Presence {
        /// Connected and available.
        Online = "online",
        /// Connected but not available.
        Away = "away",
        /// Not connected.
        Offline = "offline",
    }
}

/// An employee as other employees see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    /// Server identifier.
    pub id: UserId,
    /// Display name.
    pub name: String,
    /// Login e-mail address.
    pub email: String,
    /// URL of the avatar image, if any.
    pub avatar_url: Option<String>,
    /// Role in the workspace.
    pub role: Role,
    /// Current presence.
    pub presence: Presence,
    /// Whether they may log in (`false` once deactivated: kept for the
    /// names of their past work, left out of colleague pickers).
    #[serde(default = "active")]
    pub active: bool,
}

fn active() -> bool {
    true
}

/// Body of `POST /api/v1/auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    /// Login e-mail address.
    pub email: String,
    /// Password in clear (the transport is expected to be TLS).
    pub password: String,
}

/// Answer of a successful login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    /// Bearer token to send as `Authorization: Bearer <token>`.
    pub token: String,
    /// The employee who logged in.
    pub user: User,
}

/// Body of `PUT /api/v1/me/password`. Every token of the employee is revoked;
/// the answer carries a fresh one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    /// The current password.
    pub current_password: String,
    /// The new password (at least 8 characters).
    pub new_password: String,
}

/// Body of `PUT /api/v1/me/presence`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetPresenceRequest {
    /// The new presence.
    pub presence: Presence,
}

/// Answer of `GET /api/v1/setup`: whether the server still waits for its
/// first administrator (nobody can log in until then).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetupStatus {
    /// `true` until the setup link has been used.
    pub needed: bool,
}

/// Body of `POST /api/v1/setup`: the company, its first administrator and
/// its first open channel, with the one-time token of the setup link the
/// server printed. The answer logs the administrator in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetupRequest {
    /// The token of the setup link (`#/setup?token=…`).
    pub token: String,
    /// The company's name.
    pub company_name: String,
    /// The administrator's name.
    pub name: String,
    /// The administrator's login e-mail address.
    pub email: String,
    /// The administrator's password (at least 8 characters).
    pub password: String,
    /// The name of the first open channel; the administrator is its member.
    pub line_name: String,
}

/// Body of `POST /api/v1/auth/reset-password`: a one-time reset link's token
/// and the new password. Every session of the employee ends; the answer
/// logs them in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetPasswordRequest {
    /// The token of the reset link (`#/reset?token=…`).
    pub token: String,
    /// The new password (at least 8 characters).
    pub new_password: String,
}
