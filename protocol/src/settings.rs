//! The settings of a workspace, managed by its administrators: people,
//! open channels and their connectors, and the audit log of every change.
//! Supervisors may read them; only administrators change them.

use serde::{Deserialize, Serialize};

use crate::names::named_enum;
use crate::{Connector, ConnectorKind, LineId, Role, Timestamp, User, UserId};

/// An employee as the "People" settings show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    /// The employee (`active` false once deactivated).
    pub user: User,
    /// The open channels they are a queue member of.
    pub lines: Vec<LineId>,
    /// When they were last seen in the app (ms since the epoch).
    pub last_seen_at: Option<Timestamp>,
    /// Invited and has not chosen a password yet.
    pub invitation_pending: bool,
}

/// Body of `POST /api/v1/people`: "Invite" creates the account and an
/// invitation link; the invitee chooses their own password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitePersonRequest {
    /// Display name.
    pub name: String,
    /// Login e-mail address (unique).
    pub email: String,
    /// Role in the workspace.
    pub role: Role,
    /// Open channels they join, at the end of each queue.
    #[serde(default)]
    pub lines: Vec<LineId>,
}

/// Body of `PUT /api/v1/people/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdatePersonRequest {
    /// Display name.
    pub name: String,
    /// Role in the workspace (the last active administrator keeps theirs).
    pub role: Role,
    /// Open channels they are a queue member of (joined ones go to the end
    /// of the queue; the others keep their place).
    pub lines: Vec<LineId>,
}

/// A one-time link (invitation or password reset) to hand over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OneTimeLink {
    /// The link (`…/#/invite?token=…` or `…/#/reset?token=…`); shown once.
    pub link: String,
    /// When it stops working (ms since the epoch).
    pub expires_at: Timestamp,
}

/// The answer of "Invite": the new person and their invitation link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    /// The invited person.
    pub person: Person,
    /// Their invitation link (valid 7 days, used once).
    pub invitation: OneTimeLink,
}

/// Body of `POST /api/v1/auth/accept-invitation`: the invitation link's
/// token and the password the invitee chose. The answer logs them in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptInvitationRequest {
    /// The token of the invitation link (`#/invite?token=…`).
    pub token: String,
    /// Their password (at least 8 characters).
    pub password: String,
}

/// Body of `POST /api/v1/lines` and `PUT /api/v1/lines/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineRequest {
    /// Display name (unique).
    pub name: String,
}

/// Body of `PUT /api/v1/lines/{id}/members`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineMembersRequest {
    /// Every queue member, in queue order.
    pub members: Vec<UserId>,
}

/// Body of `PUT /api/v1/lines/{id}/forms`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineFormsRequest {
    /// The CRM forms the channel offers; empty: every form.
    pub forms: Vec<crate::FormId>,
}

/// Body of `POST /api/v1/lines/{id}/archive`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArchiveLineRequest {
    /// Where its open conversations go first (to that line's Unanswered);
    /// without it, a line with open conversations is not archived.
    #[serde(default)]
    pub move_to: Option<LineId>,
}

/// Body of `POST /api/v1/lines/{id}/connectors`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewConnectorRequest {
    /// The channel (its capabilities are preset from it).
    pub kind: ConnectorKind,
    /// Display name, e.g. "Telegram bot".
    pub name: String,
}

/// Body of `PUT /api/v1/connectors/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateConnectorRequest {
    /// Display name.
    pub name: String,
    /// Whether it accepts messages (a disabled connector's URL answers 404).
    pub enabled: bool,
}

/// A connector with its secret inbound URL, shown once: when it is added
/// and after "Rotate token" (only the token's hash is kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectorSecret {
    /// The connector.
    pub connector: Connector,
    /// Its secret token.
    pub token: String,
    /// Where the channel delivers messages: `…/api/v1/inbound/{token}`.
    pub inbound_url: String,
}

named_enum! {
    /// What an audited change was.
    pub enum AuditAction {
        /// A person was invited.
        PersonInvited = "person_invited",
        /// An administrator was created at the first run or on the command line.
        AdminCreated = "admin_created",
        /// A person's name, role or channels changed.
        PersonUpdated = "person_updated",
        /// A person's role changed.
        RoleChanged = "role_changed",
        /// A person was deactivated.
        PersonDeactivated = "person_deactivated",
        /// A person was reactivated.
        PersonReactivated = "person_reactivated",
        /// A password reset link was made for a person.
        ResetLinkCreated = "reset_link_created",
        /// An open channel was created.
        LineCreated = "line_created",
        /// An open channel was renamed.
        LineRenamed = "line_renamed",
        /// An open channel was archived.
        LineArchived = "line_archived",
        /// An open channel was restored.
        LineRestored = "line_restored",
        /// An open channel's queue changed.
        LineMembersChanged = "line_members_changed",
        /// The CRM forms an open channel offers changed.
        LineFormsChanged = "line_forms_changed",
        /// How an open channel distributes its conversations changed.
        LineRoutingChanged = "line_routing_changed",
        /// An open channel's working hours or automatic messages changed.
        LineAutomationChanged = "line_automation_changed",
        /// A connector was added.
        ConnectorAdded = "connector_added",
        /// A connector was renamed, enabled or disabled.
        ConnectorUpdated = "connector_updated",
        /// A connector's token was rotated.
        TokenRotated = "token_rotated",
        /// The company details changed.
        CompanyUpdated = "company_updated",
        /// A product was added to the catalog.
        ProductAdded = "product_added",
        /// A product changed.
        ProductUpdated = "product_updated",
        /// A product was archived.
        ProductArchived = "product_archived",
        /// A conversation label was created.
        LabelCreated = "label_created",
        /// A conversation label was renamed or recoloured.
        LabelUpdated = "label_updated",
        /// A conversation label was deleted.
        LabelDeleted = "label_deleted",
    }
}

named_enum! {
    /// What an audited change was about (the audit log's filter).
    pub enum AuditKind {
        /// People.
        People = "people",
        /// Roles.
        Roles = "roles",
        /// Open channels.
        Lines = "lines",
        /// Connectors.
        Connectors = "connectors",
        /// Secret tokens and one-time links.
        Tokens = "tokens",
        /// The company details.
        Company = "company",
        /// The catalog.
        Catalog = "catalog",
        /// Conversation labels.
        Labels = "labels",
    }
}

impl AuditAction {
    /// What the change was about.
    pub fn kind(self) -> AuditKind {
        match self {
            Self::PersonInvited
            | Self::AdminCreated
            | Self::PersonUpdated
            | Self::PersonDeactivated
            | Self::PersonReactivated => AuditKind::People,
            Self::RoleChanged => AuditKind::Roles,
            Self::ResetLinkCreated | Self::TokenRotated => AuditKind::Tokens,
            Self::LineCreated
            | Self::LineRenamed
            | Self::LineArchived
            | Self::LineRestored
            | Self::LineMembersChanged
            | Self::LineFormsChanged
            | Self::LineRoutingChanged
            | Self::LineAutomationChanged => AuditKind::Lines,
            Self::ConnectorAdded | Self::ConnectorUpdated => AuditKind::Connectors,
            Self::CompanyUpdated => AuditKind::Company,
            Self::ProductAdded | Self::ProductUpdated | Self::ProductArchived => AuditKind::Catalog,
            Self::LabelCreated | Self::LabelUpdated | Self::LabelDeleted => AuditKind::Labels,
        }
    }
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// Its number (newer entries have larger ones).
    pub id: i64,
    /// When (ms since the epoch).
    pub at: Timestamp,
    /// Who made the change (`None`: the command line).
    pub actor_id: Option<UserId>,
    /// Their name at the time.
    pub actor_name: String,
    /// What changed.
    pub action: AuditAction,
    /// What it was about.
    pub kind: AuditKind,
    /// The name of what changed (a person, a channel, a product…), as it was.
    pub subject: String,
    /// More about the change, in English (e.g. "operator → supervisor").
    pub details: String,
}

crate::search::query_params! {
/// Query of `GET /api/v1/audit`.
pub struct AuditQuery {
    /// Only the changes of this person.
    pub actor: Option<UserId>,
    /// Only changes of this kind.
    pub kind: Option<AuditKind>,
    /// Only entries older than this id (the previous page's `next_cursor`).
    pub before: Option<i64>,
}
}

/// A page of the audit log, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    /// The entries.
    pub entries: Vec<AuditEntry>,
    /// `before` for the next (older) page; `None` at the end.
    pub next_cursor: Option<i64>,
}

/// One of the caller's sessions (a browser or device that logged in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    /// The browser or device, from its user agent.
    pub device: String,
    /// When it logged in (ms since the epoch).
    pub created_at: Timestamp,
    /// When it was last seen (ms since the epoch).
    pub last_seen_at: Timestamp,
    /// Whether it is the session asking.
    pub current: bool,
}
