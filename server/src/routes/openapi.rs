//! The OpenAPI 3 document, generated from the handlers and the protocol types.

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::responses::error_response;

/// What the document says besides its paths: the title, the schemas no
/// operation names (websocket frames, app messages), the bearer scheme.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Switchboard API",
        description = "Protocol v1 of Switchboard. Errors are `{\"error\":{\"code\",\"message\"}}`. \
            The websocket events are described in docs/events.md.",
    ),
    components(schemas(
        switchboard_protocol::ErrorBody,
        switchboard_protocol::Event,
        switchboard_protocol::EventEnvelope,
        switchboard_protocol::ServerFrame,
        switchboard_protocol::ClientFrame,
        switchboard_protocol::HostToApp,
        switchboard_protocol::AppToHost,
    )),
    modifiers(&BearerAuth),
)]
struct ApiDoc;

/// The OpenAPI 3 document of the API: `paths`, what the feature routers
/// describe (relative to `/api/v1`), under the API's prefix, with the
/// error answers every operation shares.
pub fn document(paths: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    let mut document = ApiDoc::openapi().nest(switchboard_protocol::API_PREFIX, paths);
    StandardErrors.modify(&mut document);
    document
}

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
            for operation in operations_mut(item) {
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

/// Every operation of a path (the methods this API uses).
pub fn operations_mut(
    item: &mut utoipa::openapi::PathItem,
) -> impl Iterator<Item = &mut utoipa::openapi::path::Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.patch,
    ]
    .into_iter()
    .flatten()
}

/// The document as pretty JSON (what `docs/openapi.json` holds).
pub fn document_json(document: &utoipa::openapi::OpenApi) -> String {
    document
        .to_pretty_json()
        .unwrap_or_else(|error| format!("{{\"error\":\"{error}\"}}"))
}

/// `GET /api/v1/openapi.json`.
pub async fn serve(document: String) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], document)
}
