//! The calls of the settings (administrators change them, supervisors read
//! them) and of "My sessions".

use switchboard_protocol::{
    ArchiveLineRequest, AuditKind, AuditPage, Connector, ConnectorId, ConnectorSecret, Invitation,
    InvitePersonRequest, Label, LabelId, LabelRequest, Line, LineId, LineMembersRequest,
    LineRequest, NewConnectorRequest, OneTimeLink, Person, Product, ProductId, ProductRequest,
    SessionInfo, UpdateConnectorRequest, UpdatePersonRequest, UserId, WidgetSettings,
};

use super::super::{ApiError, Method, NO_BODY};
use super::Client;

/// What the audit log shows: whose changes, of which kind, before which entry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only this person's changes.
    pub actor: Option<UserId>,
    /// Only changes of this kind.
    pub kind: Option<AuditKind>,
    /// Entries older than this one (the next page).
    pub before: Option<i64>,
}

impl Client {
    /// `GET /people`.
    pub async fn people(&self) -> Result<Vec<Person>, ApiError> {
        self.get("/people", &[]).await
    }

    /// `POST /people`: "Invite".
    pub async fn invite(&self, request: &InvitePersonRequest) -> Result<Invitation, ApiError> {
        self.send_json(Method::Post, "/people", request).await
    }

    /// `PUT /people/{id}`.
    pub async fn update_person(
        &self,
        id: UserId,
        request: &UpdatePersonRequest,
    ) -> Result<Person, ApiError> {
        self.send_json(Method::Put, &format!("/people/{id}"), request)
            .await
    }

    /// `POST /people/{id}/deactivate` (`active` false) or `/reactivate`.
    pub async fn set_active(&self, id: UserId, active: bool) -> Result<Person, ApiError> {
        let action = if active { "reactivate" } else { "deactivate" };
        self.send_json(Method::Post, &format!("/people/{id}/{action}"), &())
            .await
    }

    /// `POST /people/{id}/reset-link`: "Reset password".
    pub async fn reset_link(&self, id: UserId) -> Result<OneTimeLink, ApiError> {
        self.send_json(Method::Post, &format!("/people/{id}/reset-link"), &())
            .await
    }

    /// `POST /lines`.
    pub async fn create_line(&self, request: &LineRequest) -> Result<Line, ApiError> {
        self.send_json(Method::Post, "/lines", request).await
    }

    /// `PUT /lines/{id}`: renames it.
    pub async fn rename_line(&self, id: LineId, request: &LineRequest) -> Result<Line, ApiError> {
        self.send_json(Method::Put, &format!("/lines/{id}"), request)
            .await
    }

    /// `PUT /lines/{id}/members`: its queue, in order.
    pub async fn set_line_members(
        &self,
        id: LineId,
        request: &LineMembersRequest,
    ) -> Result<Line, ApiError> {
        self.send_json(Method::Put, &format!("/lines/{id}/members"), request)
            .await
    }

    /// `PUT /lines/{id}/forms`: the CRM forms it offers (none: all).
    pub async fn set_line_forms(
        &self,
        id: LineId,
        request: &switchboard_protocol::LineFormsRequest,
    ) -> Result<Line, ApiError> {
        self.send_json(Method::Put, &format!("/lines/{id}/forms"), request)
            .await
    }

    /// `PUT /lines/{id}/routing`: distribution, time to take, capacity,
    /// first-answer target.
    pub async fn set_line_routing(
        &self,
        id: LineId,
        request: &switchboard_protocol::LineRoutingRequest,
    ) -> Result<Line, ApiError> {
        self.send_json(Method::Put, &format!("/lines/{id}/routing"), request)
            .await
    }

    /// `PUT /lines/{id}/automation`.
    pub async fn set_line_automation(
        &self,
        id: LineId,
        request: &switchboard_protocol::LineAutomation,
    ) -> Result<Line, ApiError> {
        self.send_json(Method::Put, &format!("/lines/{id}/automation"), request)
            .await
    }

    /// `POST /lines/{id}/archive`.
    pub async fn archive_line(
        &self,
        id: LineId,
        request: &ArchiveLineRequest,
    ) -> Result<Line, ApiError> {
        self.send_json(Method::Post, &format!("/lines/{id}/archive"), request)
            .await
    }

    /// `POST /lines/{id}/restore`.
    pub async fn restore_line(&self, id: LineId) -> Result<Line, ApiError> {
        self.send_json(Method::Post, &format!("/lines/{id}/restore"), &())
            .await
    }

    /// `POST /lines/{id}/connectors`: the new connector and its inbound URL.
    pub async fn add_connector(
        &self,
        line: LineId,
        request: &NewConnectorRequest,
    ) -> Result<ConnectorSecret, ApiError> {
        self.send_json(Method::Post, &format!("/lines/{line}/connectors"), request)
            .await
    }

    /// `PUT /connectors/{id}`: renames, enables or disables it.
    pub async fn update_connector(
        &self,
        id: ConnectorId,
        request: &UpdateConnectorRequest,
    ) -> Result<Connector, ApiError> {
        self.send_json(Method::Put, &format!("/connectors/{id}"), request)
            .await
    }

    /// `POST /connectors/{id}/rotate-token`.
    pub async fn rotate_token(&self, id: ConnectorId) -> Result<ConnectorSecret, ApiError> {
        let path = format!("/connectors/{id}/rotate-token");
        self.send_json(Method::Post, &path, &()).await
    }

    /// `GET /connectors/{id}/widget`: a website chat's widget settings.
    pub async fn widget_settings(&self, id: ConnectorId) -> Result<WidgetSettings, ApiError> {
        self.get(&format!("/connectors/{id}/widget"), &[]).await
    }

    /// `PUT /connectors/{id}/widget`.
    pub async fn set_widget_settings(
        &self,
        id: ConnectorId,
        settings: &WidgetSettings,
    ) -> Result<WidgetSettings, ApiError> {
        let path = format!("/connectors/{id}/widget");
        self.send_json(Method::Put, &path, settings).await
    }

    /// `PUT /connectors/{id}/outbound`: where the webhook posts (none: polled).
    pub async fn set_outbound_url(
        &self,
        id: ConnectorId,
        url: Option<String>,
    ) -> Result<Connector, ApiError> {
        let path = format!("/connectors/{id}/outbound");
        let body = switchboard_protocol::OutboundUrlRequest { url };
        self.send_json(Method::Put, &path, &body).await
    }

    /// `PUT /connectors/{id}/telegram`: the bot token.
    pub async fn set_bot_token(
        &self,
        id: ConnectorId,
        bot_token: String,
    ) -> Result<Connector, ApiError> {
        let path = format!("/connectors/{id}/telegram");
        let body = switchboard_protocol::TelegramTokenRequest { bot_token };
        self.send_json(Method::Put, &path, &body).await
    }

    /// `POST /connectors/{id}/telegram/check`: the bot's name (`getMe`).
    pub async fn check_bot(
        &self,
        id: ConnectorId,
    ) -> Result<switchboard_protocol::TelegramBot, ApiError> {
        let path = format!("/connectors/{id}/telegram/check");
        self.send_json(Method::Post, &path, &()).await
    }

    /// `POST /connectors/{id}/telegram/connect`: `setWebhook`.
    pub async fn connect_bot(&self, id: ConnectorId) -> Result<Connector, ApiError> {
        let path = format!("/connectors/{id}/telegram/connect");
        self.send_json(Method::Post, &path, &()).await
    }

    /// `GET /audit`.
    pub async fn audit(&self, filter: AuditFilter) -> Result<AuditPage, ApiError> {
        let mut query = Vec::new();
        if let Some(actor) = filter.actor {
            query.push(("actor", actor.to_string()));
        }
        if let Some(kind) = filter.kind {
            query.push(("kind", kind.as_str().to_owned()));
        }
        if let Some(before) = filter.before {
            query.push(("before", before.to_string()));
        }
        self.get("/audit", &query).await
    }

    /// `GET /catalog/products`: every product, archived ones included.
    pub async fn catalog(&self) -> Result<Vec<Product>, ApiError> {
        self.get("/catalog/products", &[]).await
    }

    /// `POST /products` (`id` none) or `PUT /products/{id}`.
    pub async fn save_product(
        &self,
        id: Option<ProductId>,
        request: &ProductRequest,
    ) -> Result<Product, ApiError> {
        match id {
            None => self.send_json(Method::Post, "/products", request).await,
            Some(id) => {
                self.send_json(Method::Put, &format!("/products/{id}"), request)
                    .await
            }
        }
    }

    /// `POST /products/{id}/archive` (`archived`) or `/restore`.
    pub async fn set_product_archived(
        &self,
        id: ProductId,
        archived: bool,
    ) -> Result<Product, ApiError> {
        let action = if archived { "archive" } else { "restore" };
        self.send_json(Method::Post, &format!("/products/{id}/{action}"), &())
            .await
    }

    /// `POST /labels` (`id` none) or `PATCH /labels/{id}`.
    pub async fn save_label(
        &self,
        id: Option<LabelId>,
        request: &LabelRequest,
    ) -> Result<Label, ApiError> {
        match id {
            None => self.send_json(Method::Post, "/labels", request).await,
            Some(id) => {
                self.send_json(Method::Patch, &format!("/labels/{id}"), request)
                    .await
            }
        }
    }

    /// `DELETE /labels/{id}`.
    pub async fn delete_label(&self, id: LabelId) -> Result<(), ApiError> {
        self.call_empty(Method::Delete, &format!("/labels/{id}"), NO_BODY)
            .await
    }

    /// `GET /me/sessions`.
    pub async fn sessions(&self) -> Result<Vec<SessionInfo>, ApiError> {
        self.get("/me/sessions", &[]).await
    }
}
