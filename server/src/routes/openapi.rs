//! The OpenAPI 3 document, generated from the handlers and the protocol types.

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{
    auth, calendar, conversation_actions, conversations, events, feed, files, health, inbound,
    lines, me, message_actions, tasks, team_chats,
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
    ),
    components(schemas(
        switchboard_protocol::Event,
        switchboard_protocol::EventEnvelope,
        switchboard_protocol::ServerFrame,
        switchboard_protocol::ClientFrame,
    )),
    modifiers(&BearerAuth),
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
