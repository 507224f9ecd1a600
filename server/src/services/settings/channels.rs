//! "Open channels" and their "Connectors": creating, renaming, archiving
//! channels, ordering their queues, adding connectors, rotating their
//! tokens, enabling and disabling them. Every change tells every workspace
//! the line as it now is (`line_updated`).

use switchboard_protocol::{
    ArchiveLineRequest, AuditAction, ConnectorId, ConnectorKind, ConnectorSecret, ConversationId,
    DistributionMode, Event, Line, LineAutomation, LineFormsRequest, LineId, LineMembersRequest,
    LineRequest, LineRouting, LineRoutingRequest, NewConnectorRequest, TransferRequest,
    TransferTarget, UpdateConnectorRequest, UserId,
};

use super::{audit, link_base, require_admin};
use crate::error::{ApiError, OrVanished};
use crate::services::auth::new_token;
use crate::services::events::Change;
use crate::services::secrets::Sealer;
use crate::services::validation::TextField;
use crate::services::{actions, Viewer};
use crate::state::AppState;
use crate::store::events::Audience;
use crate::store::Conn;
use crate::store::{delivery, lines, users};

const LINE_NAME: TextField = TextField::required("name", 100);
const CONNECTOR_NAME: TextField = TextField::required("name", 100);

async fn line(change: &mut Change, id: LineId) -> Result<Line, ApiError> {
    lines::by_id(&mut change.tx, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such open channel".into()))
}

/// Records `line_updated` with the line as it now is, and answers it.
pub(super) async fn told(change: &mut Change, id: LineId) -> Result<Line, ApiError> {
    let line = lines::by_id(&mut change.tx, id)
        .await?
        .or_vanished("line")?;
    change
        .record(&Audience::All, Event::LineUpdated { line: line.clone() })
        .await?;
    Ok(line)
}

async fn unique_name(
    change: &mut Change,
    name: &str,
    except: Option<LineId>,
) -> Result<(), ApiError> {
    if lines::name_taken(&mut change.tx, name, except).await? {
        return Err(name_taken(name));
    }
    Ok(())
}

fn name_taken(name: &str) -> ApiError {
    ApiError::InvalidField {
        code: "name_taken",
        field: "name",
        message: format!("There is already an open channel named {name}"),
    }
}

/// Adds an open channel with its queue inside a change, as "Open channels"
/// and the demo workspace make them: the name checked and unique.
pub async fn add_line(db: &mut Conn, name: &str, members: &[UserId]) -> Result<LineId, ApiError> {
    let name = LINE_NAME.check(name.trim())?;
    if lines::name_taken(db, name, None).await? {
        return Err(name_taken(name));
    }
    let id = lines::insert_line(db, name, DistributionMode::All).await?;
    for member in members {
        lines::add_member(db, id, *member).await?;
    }
    Ok(id)
}

/// Adds a connector inside a change, its capabilities preset by its kind,
/// as "Connectors" and the demo workspace make them.
pub async fn add_connector_to(
    db: &mut Conn,
    secrets: &Sealer,
    line: LineId,
    kind: ConnectorKind,
    name: &str,
    token: &str,
) -> Result<ConnectorId, ApiError> {
    let name = CONNECTOR_NAME.check(name.trim())?;
    let caps = kind.capabilities();
    let id = lines::insert_connector(db, line, kind, name, token, &caps).await?;
    delivery::set_secret(db, id, &secrets.seal(token)).await?;
    if kind == ConnectorKind::Livechat {
        let public_id = crate::services::widget::new_public_id();
        crate::store::widget::create(db, id, &public_id).await?;
    }
    Ok(id)
}

/// Creates an open channel (the caller joins its queue).
pub async fn create(
    state: &AppState,
    viewer: &Viewer,
    request: LineRequest,
) -> Result<Line, ApiError> {
    require_admin(viewer)?;
    let mut change = Change::begin(state).await?;
    let id = add_line(&mut change.tx, &request.name, &[viewer.user.id]).await?;
    let name = request.name.trim();
    let action = AuditAction::LineCreated;
    audit(&mut change, viewer, action, name, String::new()).await?;
    let line = told(&mut change, id).await?;
    change.commit(state).await?;
    Ok(line)
}

/// Renames an open channel.
pub async fn rename(
    state: &AppState,
    viewer: &Viewer,
    id: LineId,
    request: LineRequest,
) -> Result<Line, ApiError> {
    require_admin(viewer)?;
    let name = LINE_NAME.check(request.name.trim())?;
    let mut change = Change::begin(state).await?;
    let before = line(&mut change, id).await?;
    if before.name == name {
        return Ok(before);
    }
    unique_name(&mut change, name, Some(id)).await?;
    lines::rename(&mut change.tx, id, name).await?;
    let details = format!("{} → {name}", before.name);
    audit(&mut change, viewer, AuditAction::LineRenamed, name, details).await?;
    let line = told(&mut change, id).await?;
    change.commit(state).await?;
    Ok(line)
}

/// Sets a channel's queue, in order.
pub async fn set_members(
    state: &AppState,
    viewer: &Viewer,
    id: LineId,
    request: LineMembersRequest,
) -> Result<Line, ApiError> {
    require_admin(viewer)?;
    let mut change = Change::begin(state).await?;
    let before = line(&mut change, id).await?;
    let mut members: Vec<UserId> = Vec::new();
    for member in request.members {
        let row = users::by_id(&mut change.tx, member).await?;
        if row.is_none_or(|row| row.deactivated_at.is_some()) {
            return Err(ApiError::InvalidField {
                code: "unknown_person",
                field: "members",
                message: format!("There is no active person {member}"),
            });
        }
        if !members.contains(&member) {
            members.push(member);
        }
    }
    if members == before.members {
        return Ok(before);
    }
    lines::set_members(&mut change.tx, id, &members).await?;
    let details = format!("{} members", members.len());
    let action = AuditAction::LineMembersChanged;
    audit(&mut change, viewer, action, &before.name, details).await?;
    let line = told(&mut change, id).await?;
    change.commit(state).await?;
    Ok(line)
}

/// A whole number of seconds (or a count) within `range`, or the field's error.
fn within(
    value: u32,
    range: std::ops::RangeInclusive<u32>,
    field: &'static str,
    what: &str,
) -> Result<u32, ApiError> {
    if range.contains(&value) {
        return Ok(value);
    }
    Err(ApiError::InvalidField {
        code: "out_of_range",
        field,
        message: format!(
            "The {what} must be between {} and {}",
            range.start(),
            range.end()
        ),
    })
}

/// Sets how a channel distributes its conversations and what its first
/// answer should take.
pub async fn set_routing(
    state: &AppState,
    viewer: &Viewer,
    id: LineId,
    request: LineRoutingRequest,
) -> Result<Line, ApiError> {
    require_admin(viewer)?;
    let asked = request.routing;
    let routing = LineRouting {
        time_to_take_seconds: within(
            asked.time_to_take_seconds,
            LineRouting::MIN_TIME_TO_TAKE..=LineRouting::MAX_TIME_TO_TAKE,
            "time_to_take_seconds",
            "time to take an offer (seconds)",
        )?,
        capacity: asked
            .capacity
            .map(|n| within(n, 1..=LineRouting::MAX_CAPACITY, "capacity", "capacity"))
            .transpose()?,
        first_answer_target_seconds: asked
            .first_answer_target_seconds
            .map(|n| {
                let field = "first_answer_target_seconds";
                within(
                    n,
                    1..=LineRouting::MAX_TARGET,
                    field,
                    "first-answer target (seconds)",
                )
            })
            .transpose()?,
    };
    let mut change = Change::begin(state).await?;
    let before = line(&mut change, id).await?;
    if before.mode == request.mode && before.routing == routing {
        return Ok(before);
    }
    lines::set_routing(&mut change.tx, id, request.mode, &routing).await?;
    let details = format!(
        "{}, {} s to take, capacity {}, target {}",
        request.mode.as_str(),
        routing.time_to_take_seconds,
        routing
            .capacity
            .map_or("none".to_owned(), |n| n.to_string()),
        routing
            .first_answer_target_seconds
            .map_or("none".to_owned(), |n| format!("{n} s")),
    );
    let action = AuditAction::LineRoutingChanged;
    audit(&mut change, viewer, action, &before.name, details).await?;
    let line = told(&mut change, id).await?;
    change.commit(state).await?;
    Ok(line)
}

/// Sets a channel's working hours and automatic messages.
pub async fn set_automation(
    state: &AppState,
    viewer: &Viewer,
    id: LineId,
    request: LineAutomation,
) -> Result<Line, ApiError> {
    require_admin(viewer)?;
    let automation = crate::services::automation::check(&request)?;
    let mut change = Change::begin(state).await?;
    let before = line(&mut change, id).await?;
    if before.automation == automation {
        return Ok(before);
    }
    let now = change.now;
    lines::set_automation(&mut change.tx, id, &automation, now).await?;
    let hours = automation.working_hours.as_ref().map_or_else(
        || "always open".to_owned(),
        |hours| {
            format!(
                "{} opening hours, {} closed dates",
                hours.days.len(),
                hours.closed_dates.len()
            )
        },
    );
    let set = |text: &Option<String>| if text.is_some() { "on" } else { "off" };
    let details = format!(
        "{}, {hours}, welcome {}, offline {}, auto close {}, closing {}, rating {}",
        automation.time_zone,
        set(&automation.welcome_message),
        set(&automation.offline_message),
        automation
            .auto_close_hours
            .map_or("off".to_owned(), |n| format!("{n} h")),
        set(&automation.closing_message),
        if automation.rating_request {
            "on"
        } else {
            "off"
        },
    );
    let action = AuditAction::LineAutomationChanged;
    audit(&mut change, viewer, action, &before.name, details).await?;
    let line = told(&mut change, id).await?;
    change.commit(state).await?;
    Ok(line)
}

/// Sets the CRM forms a channel offers (none: every form).
pub async fn set_forms(
    state: &AppState,
    viewer: &Viewer,
    id: LineId,
    request: LineFormsRequest,
) -> Result<Line, ApiError> {
    require_admin(viewer)?;
    let mut change = Change::begin(state).await?;
    let before = line(&mut change, id).await?;
    let mut chosen = Vec::new();
    for form in request.forms {
        if crate::store::forms::by_id(&mut change.tx, form)
            .await?
            .is_none()
        {
            return Err(ApiError::InvalidField {
                code: "unknown_form",
                field: "forms",
                message: format!("There is no form {form}"),
            });
        }
        if !chosen.contains(&form) {
            chosen.push(form);
        }
    }
    chosen.sort_by_key(|form| form.0);
    if chosen == before.forms {
        return Ok(before);
    }
    lines::set_forms(&mut change.tx, id, &chosen).await?;
    let details = if chosen.is_empty() {
        "every form".to_owned()
    } else {
        format!("{} forms", chosen.len())
    };
    let action = AuditAction::LineFormsChanged;
    audit(&mut change, viewer, action, &before.name, details).await?;
    let line = told(&mut change, id).await?;
    change.commit(state).await?;
    Ok(line)
}

/// Archives a channel. One with open conversations is archived only with
/// `move_to`: they go to that channel's Unanswered first.
pub async fn archive(
    state: &AppState,
    viewer: &Viewer,
    id: LineId,
    request: ArchiveLineRequest,
) -> Result<Line, ApiError> {
    require_admin(viewer)?;
    let (name, open) = {
        let mut change = Change::begin(state).await?;
        let before = line(&mut change, id).await?;
        if before.archived {
            return Ok(before);
        }
        let open = lines::open_conversation_ids(&mut change.tx, id).await?;
        (before.name, open)
    };
    if !open.is_empty() {
        let Some(to) = request.move_to else {
            return Err(ApiError::OpenConversations {
                count: open.len(),
                line: name,
            });
        };
        if to == id {
            return Err(ApiError::InvalidField {
                code: "same_line",
                field: "move_to",
                message: "Choose another open channel".into(),
            });
        }
        for conversation in open {
            // Each move is a transfer by the administrator, with its system
            // message and events, as if they had done it by hand.
            let transfer = TransferRequest {
                to: TransferTarget::Line { line_id: to },
                comment: None,
                version: None,
            };
            actions::transfer(state, viewer, ConversationId(conversation), transfer).await?;
        }
    }
    let mut change = Change::begin(state).await?;
    if !lines::open_conversation_ids(&mut change.tx, id)
        .await?
        .is_empty()
    {
        return Err(ApiError::Conflict(format!(
            "{name} received a new conversation meanwhile: try again"
        )));
    }
    lines::set_archived(&mut change.tx, id, Some(change.now)).await?;
    audit(
        &mut change,
        viewer,
        AuditAction::LineArchived,
        &name,
        String::new(),
    )
    .await?;
    let line = told(&mut change, id).await?;
    change.commit(state).await?;
    Ok(line)
}

/// Restores an archived channel.
pub async fn restore(state: &AppState, viewer: &Viewer, id: LineId) -> Result<Line, ApiError> {
    require_admin(viewer)?;
    let mut change = Change::begin(state).await?;
    let before = line(&mut change, id).await?;
    if !before.archived {
        return Ok(before);
    }
    lines::set_archived(&mut change.tx, id, None).await?;
    let action = AuditAction::LineRestored;
    audit(&mut change, viewer, action, &before.name, String::new()).await?;
    let line = told(&mut change, id).await?;
    change.commit(state).await?;
    Ok(line)
}

fn secret(
    state: &AppState,
    base: &str,
    connector: switchboard_protocol::Connector,
    token: String,
) -> ConnectorSecret {
    let inbound_url = format!(
        "{}{}/inbound/{token}",
        link_base(state, base),
        switchboard_protocol::API_PREFIX
    );
    ConnectorSecret {
        connector,
        token,
        inbound_url,
    }
}

/// Adds a connector to a channel, its capabilities preset by its kind; the
/// answer holds its inbound URL, shown this once.
pub async fn add_connector(
    state: &AppState,
    viewer: &Viewer,
    base: &str,
    id: LineId,
    request: NewConnectorRequest,
) -> Result<ConnectorSecret, ApiError> {
    require_admin(viewer)?;
    let name = CONNECTOR_NAME.check(request.name.trim())?;
    let mut change = Change::begin(state).await?;
    let line_name = line(&mut change, id).await?.name;
    let token = new_token();
    let connector = add_connector_to(
        &mut change.tx,
        &state.secrets,
        id,
        request.kind,
        name,
        &token,
    )
    .await?;
    let details = format!("{}, {line_name}", request.kind.as_str());
    audit(
        &mut change,
        viewer,
        AuditAction::ConnectorAdded,
        name,
        details,
    )
    .await?;
    told(&mut change, id).await?;
    let connector = lines::connector_with_queue(&mut change.tx, connector)
        .await?
        .or_vanished("connector")?;
    change.commit(state).await?;
    Ok(secret(state, base, connector, token))
}

/// A connector as Settings answer it, or 404.
pub(super) async fn connector(
    change: &mut Change,
    id: ConnectorId,
) -> Result<switchboard_protocol::Connector, ApiError> {
    lines::connector_with_queue(&mut change.tx, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such connector".into()))
}

/// Renames, enables or disables a connector (a disabled one's URL answers 404).
pub async fn update_connector(
    state: &AppState,
    viewer: &Viewer,
    id: ConnectorId,
    request: UpdateConnectorRequest,
) -> Result<switchboard_protocol::Connector, ApiError> {
    require_admin(viewer)?;
    let name = CONNECTOR_NAME.check(request.name.trim())?;
    let mut change = Change::begin(state).await?;
    let before = connector(&mut change, id).await?;
    if before.name == name && before.enabled == request.enabled {
        return Ok(before);
    }
    let disabled_at = (!request.enabled).then_some(change.now);
    lines::update_connector(&mut change.tx, id, name, disabled_at).await?;
    let mut details = Vec::new();
    if before.name != name {
        details.push(format!("{} → {name}", before.name));
    }
    if before.enabled != request.enabled {
        details.push(
            if request.enabled {
                "enabled"
            } else {
                "disabled"
            }
            .to_owned(),
        );
    }
    let details = details.join(", ");
    audit(
        &mut change,
        viewer,
        AuditAction::ConnectorUpdated,
        name,
        details,
    )
    .await?;
    told(&mut change, before.line_id).await?;
    let after = connector(&mut change, id).await?;
    change.commit(state).await?;
    Ok(after)
}

/// "Rotate token": a new secret; the old one is refused from now on.
pub async fn rotate_token(
    state: &AppState,
    viewer: &Viewer,
    base: &str,
    id: ConnectorId,
) -> Result<ConnectorSecret, ApiError> {
    require_admin(viewer)?;
    let mut change = Change::begin(state).await?;
    let before = connector(&mut change, id).await?;
    let token = new_token();
    lines::set_token(&mut change.tx, id, &token).await?;
    delivery::set_secret(&mut change.tx, id, &state.secrets.seal(&token)).await?;
    let action = AuditAction::TokenRotated;
    audit(&mut change, viewer, action, &before.name, String::new()).await?;
    change.commit(state).await?;
    Ok(secret(state, base, before, token))
}
