//! The settings administrators manage (supervisors may read): `/people`,
//! open channels (`/lines/...`), `/connectors/...` and `/audit`.

use axum::extract::{Path, Query};
use axum::Json;
use switchboard_protocol::{
    ArchiveLineRequest, AuditPage, AuditQuery, Connector, ConnectorId, ConnectorSecret, ErrorBody,
    Invitation, InvitePersonRequest, Line, LineAutomation, LineFormsRequest, LineId,
    LineMembersRequest, LineRequest, LineRoutingRequest, NewConnectorRequest, OneTimeLink,
    OutboundUrlRequest, Person, Product, ProductId, ProductRequest, TelegramBot,
    TelegramTokenRequest, UpdateConnectorRequest, UpdatePersonRequest, UserId,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::BaseUrl;
use super::responses::{
    created, forward, json, secured, AdminsOnly, Answer, Created, InvalidField, NotFound,
};
use crate::services::settings::{audit, catalog, channels, outbound, people};
use crate::state::AppState;

/// The routes of the settings.
pub(super) fn router() -> OpenApiRouter<AppState> {
    secured(
        "settings",
        [
            routes!(list_people, invite),
            routes!(update_person),
            routes!(deactivate),
            routes!(reactivate),
            routes!(reset_link),
            routes!(create_line),
            routes!(rename_line),
            routes!(set_members),
            routes!(set_forms),
            routes!(set_routing),
            routes!(set_automation),
            routes!(archive_line),
            routes!(restore_line),
            routes!(add_connector),
            routes!(update_connector),
            routes!(rotate_token),
            routes!(set_outbound_url),
            routes!(set_bot_token),
            routes!(check_bot),
            routes!(connect_bot),
            routes!(audit_log),
            routes!(catalog_products),
            routes!(create_product),
            routes!(update_product),
            routes!(archive_product),
            routes!(restore_product),
        ],
    )
}

forward! {
    /// Everyone with their role, open channels, status and last activity
    /// (supervisors and admins).
    #[utoipa::path(get, path = "/people", operation_id = "listPeople",
        responses((status = 200, body = Vec<Person>),
            (status = 403, description = "Operators may not read the settings", body = ErrorBody)))]
    list_people() -> Answer<Vec<Person>> = json(people::list());

    /// "Invite": creates the account and its invitation link (7 days, used
    /// once; the invitee chooses their password).
    #[utoipa::path(post, path = "/people", operation_id = "invitePerson",
        request_body = InvitePersonRequest,
        responses((status = 201, body = Invitation), AdminsOnly,
            (status = 422, description = "`invalid_email`, `email_taken`, `unknown_line` or a field's error (`error.field`)", body = ErrorBody)))]
    invite(BaseUrl(base): BaseUrl, Json(request): Json<InvitePersonRequest>)
        -> Created<Invitation> = created(people::invite(&base, request));

    /// Edits a person's name, role and open channels. Nobody demotes the
    /// last active administrator, or changes their own role.
    #[utoipa::path(put, path = "/people/{id}", operation_id = "updatePerson",
        params(("id" = i64, Path, description = "Person (user) id")),
        request_body = UpdatePersonRequest,
        responses((status = 200, body = Person), AdminsOnly, NotFound,
            (status = 409, description = "The last active administrator, or the caller's own role", body = ErrorBody),
            (status = 422, description = "A field's error (`error.field`)", body = ErrorBody)))]
    update_person(Path(id): Path<UserId>, Json(request): Json<UpdatePersonRequest>)
        -> Answer<Person> = json(people::update(id, request));

    /// "Deactivate": their sessions end at once, their conversations in
    /// progress go back to Unanswered, they cannot log in.
    #[utoipa::path(post, path = "/people/{id}/deactivate", operation_id = "deactivatePerson",
        params(("id" = i64, Path, description = "Person (user) id")),
        responses((status = 200, body = Person), AdminsOnly, NotFound,
            (status = 409, description = "Already deactivated, the caller, or the last active administrator", body = ErrorBody)))]
    deactivate(Path(id): Path<UserId>) -> Answer<Person> = json(people::deactivate(id));

    /// "Reactivate": they may log in again.
    #[utoipa::path(post, path = "/people/{id}/reactivate", operation_id = "reactivatePerson",
        params(("id" = i64, Path, description = "Person (user) id")),
        responses((status = 200, body = Person), AdminsOnly, NotFound,
            (status = 409, description = "Not deactivated", body = ErrorBody)))]
    reactivate(Path(id): Path<UserId>) -> Answer<Person> = json(people::reactivate(id));

    /// "Reset password": a new one-time link to choose a password (24 h;
    /// for someone who has not accepted their invitation, a new invitation).
    #[utoipa::path(post, path = "/people/{id}/reset-link", operation_id = "createResetLink",
        params(("id" = i64, Path, description = "Person (user) id")),
        responses((status = 200, body = OneTimeLink), AdminsOnly, NotFound,
            (status = 409, description = "Deactivated", body = ErrorBody)))]
    reset_link(Path(id): Path<UserId>, BaseUrl(base): BaseUrl)
        -> Answer<OneTimeLink> = json(people::reset_link(&base, id));

    /// Creates an open channel; the caller joins its queue.
    #[utoipa::path(post, path = "/lines", operation_id = "createLine", request_body = LineRequest,
        responses((status = 201, body = Line), AdminsOnly,
            (status = 422, description = "`name_taken` or the name's error (`error.field`)", body = ErrorBody)))]
    create_line(Json(request): Json<LineRequest>) -> Created<Line> = created(channels::create(request));

    /// Renames an open channel (every queue follows at once).
    #[utoipa::path(put, path = "/lines/{id}", operation_id = "renameLine",
        params(("id" = i64, Path, description = "Line id")), request_body = LineRequest,
        responses((status = 200, body = Line), AdminsOnly, NotFound, InvalidField))]
    rename_line(Path(id): Path<LineId>, Json(request): Json<LineRequest>)
        -> Answer<Line> = json(channels::rename(id, request));

    /// Sets an open channel's queue, in order (a removed member stops
    /// seeing its conversations at once).
    #[utoipa::path(put, path = "/lines/{id}/members", operation_id = "setLineMembers",
        params(("id" = i64, Path, description = "Line id")), request_body = LineMembersRequest,
        responses((status = 200, body = Line), AdminsOnly, NotFound, InvalidField))]
    set_members(Path(id): Path<LineId>, Json(request): Json<LineMembersRequest>)
        -> Answer<Line> = json(channels::set_members(id, request));

    /// Sets the CRM forms an open channel offers (none: every form); a form
    /// it does not offer cannot be sent in its conversations.
    #[utoipa::path(put, path = "/lines/{id}/forms", operation_id = "setLineForms",
        params(("id" = i64, Path, description = "Line id")), request_body = LineFormsRequest,
        responses((status = 200, body = Line), AdminsOnly, NotFound, InvalidField))]
    set_forms(Path(id): Path<LineId>, Json(request): Json<LineFormsRequest>)
        -> Answer<Line> = json(channels::set_forms(id, request));

    /// Sets how an open channel distributes its conversations: "All at
    /// once", "Evenly" or "Strictly in order", the time to take an offer,
    /// each operator's capacity and the first-answer target.
    #[utoipa::path(put, path = "/lines/{id}/routing", operation_id = "setLineRouting",
        params(("id" = i64, Path, description = "Line id")), request_body = LineRoutingRequest,
        responses((status = 200, body = Line), AdminsOnly, NotFound, InvalidField))]
    set_routing(Path(id): Path<LineId>, Json(request): Json<LineRoutingRequest>)
        -> Answer<Line> = json(channels::set_routing(id, request));

    /// Sets an open channel's working hours (in its time zone, with closed
    /// dates) and automatic messages: the welcome on a new session, the
    /// offline reply outside working hours, the automatic close after the
    /// customer's silence with its closing message, the rating request.
    #[utoipa::path(put, path = "/lines/{id}/automation", operation_id = "setLineAutomation",
        params(("id" = i64, Path, description = "Line id")), request_body = LineAutomation,
        responses((status = 200, body = Line), AdminsOnly, NotFound, InvalidField))]
    set_automation(Path(id): Path<LineId>, Json(request): Json<LineAutomation>)
        -> Answer<Line> = json(channels::set_automation(id, request));

    /// Archives an open channel: refused while it has open conversations
    /// (`open_conversations`, with the count) unless `move_to` names where
    /// they go first.
    #[utoipa::path(post, path = "/lines/{id}/archive", operation_id = "archiveLine",
        params(("id" = i64, Path, description = "Line id")), request_body = ArchiveLineRequest,
        responses((status = 200, body = Line), AdminsOnly, NotFound,
            (status = 409, description = "`open_conversations`", body = ErrorBody),
            (status = 422, description = "`move_to` is this line, or not an open line", body = ErrorBody)))]
    archive_line(Path(id): Path<LineId>, Json(request): Json<ArchiveLineRequest>)
        -> Answer<Line> = json(channels::archive(id, request));

    /// Restores an archived open channel.
    #[utoipa::path(post, path = "/lines/{id}/restore", operation_id = "restoreLine",
        params(("id" = i64, Path, description = "Line id")),
        responses((status = 200, body = Line), AdminsOnly, NotFound))]
    restore_line(Path(id): Path<LineId>) -> Answer<Line> = json(channels::restore(id));

    /// Adds a connector to an open channel; the answer holds its inbound
    /// URL with its secret token, shown this once.
    #[utoipa::path(post, path = "/lines/{id}/connectors", operation_id = "addConnector",
        params(("id" = i64, Path, description = "Line id")), request_body = NewConnectorRequest,
        responses((status = 201, body = ConnectorSecret), AdminsOnly, NotFound, InvalidField))]
    add_connector(
        Path(id): Path<LineId>,
        BaseUrl(base): BaseUrl,
        Json(request): Json<NewConnectorRequest>,
    ) -> Created<ConnectorSecret> = created(channels::add_connector(&base, id, request));

    /// Renames, enables or disables a connector.
    #[utoipa::path(put, path = "/connectors/{id}", operation_id = "updateConnector",
        params(("id" = i64, Path, description = "Connector id")), request_body = UpdateConnectorRequest,
        responses((status = 200, body = Connector), AdminsOnly, NotFound, InvalidField))]
    update_connector(Path(id): Path<ConnectorId>, Json(request): Json<UpdateConnectorRequest>)
        -> Answer<Connector> = json(channels::update_connector(id, request));

    /// "Rotate token": a new secret token; the old one is refused at once.
    #[utoipa::path(post, path = "/connectors/{id}/rotate-token", operation_id = "rotateConnectorToken",
        params(("id" = i64, Path, description = "Connector id")),
        responses((status = 200, body = ConnectorSecret), AdminsOnly, NotFound))]
    rotate_token(Path(id): Path<ConnectorId>, BaseUrl(base): BaseUrl)
        -> Answer<ConnectorSecret> = json(channels::rotate_token(&base, id));

    /// Where the generic webhook posts what customers must receive (signed,
    /// `docs/connectors.md`); none: its adapter polls the customer view.
    #[utoipa::path(put, path = "/connectors/{id}/outbound", operation_id = "setConnectorOutboundUrl",
        params(("id" = i64, Path, description = "Connector id")), request_body = OutboundUrlRequest,
        responses((status = 200, body = Connector), AdminsOnly, NotFound,
            (status = 409, description = "A Telegram connector (it delivers through its bot)", body = ErrorBody),
            InvalidField))]
    set_outbound_url(Path(id): Path<ConnectorId>, Json(request): Json<OutboundUrlRequest>)
        -> Answer<Connector> = json(outbound::set_outbound_url(id, request));

    /// A Telegram connector's bot token (kept encrypted, never shown again).
    #[utoipa::path(put, path = "/connectors/{id}/telegram", operation_id = "setTelegramBotToken",
        params(("id" = i64, Path, description = "Connector id")), request_body = TelegramTokenRequest,
        responses((status = 200, body = Connector), AdminsOnly, NotFound,
            (status = 409, description = "Not a Telegram connector", body = ErrorBody), InvalidField))]
    set_bot_token(Path(id): Path<ConnectorId>, Json(request): Json<TelegramTokenRequest>)
        -> Answer<Connector> = json(outbound::set_bot_token(id, request));

    /// "Check": who the bot is (Bot API `getMe`).
    #[utoipa::path(post, path = "/connectors/{id}/telegram/check", operation_id = "checkTelegramBot",
        params(("id" = i64, Path, description = "Connector id")),
        responses((status = 200, body = TelegramBot), AdminsOnly, NotFound,
            (status = 409, description = "No bot token yet, or Telegram refused it", body = ErrorBody)))]
    check_bot(Path(id): Path<ConnectorId>) -> Answer<TelegramBot> = json(outbound::check_bot(id));

    /// "Connect": points the bot's webhook at this connector (`setWebhook`).
    #[utoipa::path(post, path = "/connectors/{id}/telegram/connect", operation_id = "connectTelegramBot",
        params(("id" = i64, Path, description = "Connector id")),
        responses((status = 200, body = Connector), AdminsOnly, NotFound,
            (status = 409, description = "No bot token yet, or Telegram refused it", body = ErrorBody)))]
    connect_bot(Path(id): Path<ConnectorId>, BaseUrl(base): BaseUrl)
        -> Answer<Connector> = json(outbound::connect_bot(&base, id));

    /// The audit log, newest first, by person and kind, 50 a page
    /// (supervisors and admins).
    #[utoipa::path(get, path = "/audit", operation_id = "getAuditLog", params(AuditQuery),
        responses((status = 200, body = AuditPage),
            (status = 403, description = "Operators may not read the settings", body = ErrorBody)))]
    audit_log(Query(query): Query<AuditQuery>) -> Answer<AuditPage> = json(audit::page(query));

    /// Every product of the catalog, archived ones last (supervisors and admins).
    #[utoipa::path(get, path = "/catalog/products", operation_id = "listCatalogProducts",
        responses((status = 200, body = Vec<Product>),
            (status = 403, description = "Operators may not read the settings", body = ErrorBody)))]
    catalog_products() -> Answer<Vec<Product>> = json(catalog::list());

    /// Adds a product, priced in the company's currency.
    #[utoipa::path(post, path = "/products", operation_id = "createProduct",
        request_body = ProductRequest,
        responses((status = 201, body = Product), AdminsOnly,
            (status = 422, description = "`name_taken`, `invalid_price`, `invalid_picture` or a field's error (`error.field`)", body = ErrorBody)))]
    create_product(Json(request): Json<ProductRequest>)
        -> Created<Product> = created(catalog::create(request));

    /// Changes a product: name, description, price, stock, picture.
    #[utoipa::path(put, path = "/products/{id}", operation_id = "updateProduct",
        params(("id" = i64, Path, description = "Product id")), request_body = ProductRequest,
        responses((status = 200, body = Product), AdminsOnly, NotFound, InvalidField))]
    update_product(Path(id): Path<ProductId>, Json(request): Json<ProductRequest>)
        -> Answer<Product> = json(catalog::update(id, request));

    /// Archives a product: no longer offered; past orders keep it.
    #[utoipa::path(post, path = "/products/{id}/archive", operation_id = "archiveProduct",
        params(("id" = i64, Path, description = "Product id")),
        responses((status = 200, body = Product), AdminsOnly, NotFound))]
    archive_product(Path(id): Path<ProductId>) -> Answer<Product> = json(catalog::set_archived(id, true));

    /// Offers an archived product again.
    #[utoipa::path(post, path = "/products/{id}/restore", operation_id = "restoreProduct",
        params(("id" = i64, Path, description = "Product id")),
        responses((status = 200, body = Product), AdminsOnly, NotFound))]
    restore_product(Path(id): Path<ProductId>) -> Answer<Product> = json(catalog::set_archived(id, false));
}
