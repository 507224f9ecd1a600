//! The OpenAPI 3 document, generated from the handlers and the protocol types.

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{
    apps, auth, calendar, canned, composer, conversation_actions, conversations, crm, events, feed,
    files, forms, health, inbound, lines, me, message_actions, sales, tasks, team_chats,
};

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Switchboard API",
        description = "Protocol v1 of Switchboard. Errors are `{\"error\":{\"code\",\"message\"}}`. \
            The websocket events are described in docs/events.md.",
    ),
    paths(
        health::health,
        auth::login,
        auth::logout,
        me::me,
        me::change_password,
        me::set_presence,
        me::users,
        lines::lines,
        conversations::queue,
        conversations::detail,
        conversations::answer,
        conversations::mark_read,
        conversations::list_messages,
        conversations::send_message,
        conversation_actions::transfer,
        conversation_actions::close,
        conversation_actions::spam,
        conversation_actions::take,
        conversation_actions::invite,
        conversation_actions::lock,
        conversation_actions::history,
        files::upload,
        files::download,
        inbound::deliver,
        inbound::customer_view,
        events::events,
        canned::list,
        canned::create,
        canned::update,
        canned::delete,
        forms::list,
        forms::send,
        forms::submissions,
        composer::set_title,
        composer::typing,
        apps::installed,
        apps::catalog,
        apps::install,
        apps::uninstall,
        message_actions::edit,
        message_actions::delete,
        message_actions::split,
        tasks::list,
        tasks::create,
        tasks::get,
        tasks::update,
        calendar::upcoming,
        calendar::create,
        calendar::download_ics,
        team_chats::list,
        team_chats::create,
        team_chats::get,
        team_chats::list_messages,
        team_chats::send_message,
        team_chats::edit_message,
        team_chats::delete_message,
        team_chats::mark_read,
        feed::page,
        feed::create,
        crm::save,
        crm::card,
        crm::contact,
        crm::update_contact,
        crm::deal,
        crm::update_deal,
        sales::company,
        sales::set_company,
        sales::products,
        sales::product,
        sales::create_order,
        sales::order,
        sales::send_payment_link,
        sales::send_product_card,
        sales::send_company_info,
    ),
    components(schemas(
        switchboard_protocol::Event,
        switchboard_protocol::EventEnvelope,
        switchboard_protocol::ServerFrame,
        switchboard_protocol::ClientFrame,
        switchboard_protocol::HostToApp,
        switchboard_protocol::AppToHost,
    )),
    modifiers(&BearerAuth, &StandardErrors),
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Declares the error answers every operation can give besides its own:
/// `400` (a path, query or body that does not parse), `401` (operations
/// behind the bearer token), and for operations with a body `415` (another
/// media type) and `422` (a body of the wrong shape). All are [`switchboard_protocol::ErrorBody`].
/// The schemathesis run of `make fuzz` checks that no undeclared status
/// code comes back.
struct StandardErrors;

impl Modify for StandardErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                declare_errors(operation);
            }
        }
    }
}

fn declare_errors(operation: &mut utoipa::openapi::path::Operation) {
    let secured = operation
        .security
        .as_ref()
        .is_some_and(|requirements| !requirements.is_empty());
    let has_body = operation.request_body.is_some();
    let is_upgrade = operation.responses.responses.contains_key("101");
    let mut add = |status: &str, description: &str| {
        operation
            .responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| error_response(description).into());
    };
    if !is_upgrade {
        add("400", "Malformed path, query or body");
    }
    if secured {
        add("401", "Missing, unknown or expired token");
    }
    if has_body {
        add("415", "The body is not of the declared media type");
        add("422", "The body does not have the expected shape");
    }
}

fn error_response(description: &str) -> utoipa::openapi::Response {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
}

/// The document as pretty JSON (what `docs/openapi.json` holds).
pub fn document_json() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|error| format!("{{\"error\":\"{error}\"}}"))
}

/// `GET /api/v1/openapi.json`.
pub async fn serve() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        document_json(),
    )
}
