//! HTTP edges: the router of the REST API and the event stream, the
//! customer simulator, the app's static files and CORS.

mod apps;
mod auth;
mod calendar;
mod canned;
mod composer;
mod conversation_actions;
mod conversations;
mod crm;
mod demo_page;
mod events;
mod extract;
mod feed;
mod files;
mod form_page;
mod forms;
mod health;
mod html;
mod inbound;
mod json_errors;
mod labels;
mod lines;
mod me;
mod message_actions;
mod openapi;
mod page_i18n;
mod pay_page;
mod reports;
mod responses;
mod sales;
mod settings;
mod shop_page;
mod supervision;
mod tasks;
mod team_chats;
mod widget;

use axum::http::{header, HeaderValue, Method};
use axum::middleware;
use axum::routing::get;
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use utoipa_axum::router::OpenApiRouter;

use crate::config::Config;
use crate::error::ApiError;
use crate::state::AppState;
use crate::StartError;

/// The REST API: every feature's routes (paths relative to `/api/v1`), each
/// with its OpenAPI description beside its handler, merged here once.
fn api(config: &Config) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(health::router())
        .merge(auth::router())
        .merge(me::router())
        .merge(lines::router())
        .merge(conversations::router())
        .merge(conversation_actions::router())
        .merge(labels::router())
        .merge(message_actions::router())
        .merge(composer::router())
        .merge(canned::router())
        .merge(forms::router())
        .merge(apps::router())
        .merge(files::router(config.max_upload_bytes))
        .merge(inbound::router())
        .merge(events::router())
        .merge(tasks::router())
        .merge(calendar::router())
        .merge(team_chats::router())
        .merge(feed::router())
        .merge(crm::router())
        .merge(sales::router())
        .merge(settings::router())
        .merge(supervision::router())
        .merge(reports::router())
        .merge(widget::router(config.max_upload_bytes))
}

/// The OpenAPI document of the API, assembled from the feature routers.
pub fn openapi_document(config: &Config) -> utoipa::openapi::OpenApi {
    openapi::document(api(config).into_openapi())
}

/// [`openapi_document`] as pretty JSON (what `docs/openapi.json` holds).
pub fn openapi_json(config: &Config) -> String {
    openapi::document_json(&openapi_document(config))
}

/// The whole application: `/api/v1/...`, `/demo/customer` and the app's files at `/`.
pub fn router(state: AppState) -> Result<Router, StartError> {
    let (api, paths) = api(&state.config).split_for_parts();
    let document = openapi::document_json(&openapi::document(paths));
    let api = api
        .route("/openapi.json", get(move || openapi::serve(document)))
        .fallback(api_not_found)
        .layer(middleware::from_fn(json_errors::json_errors))
        .layer(middleware::from_fn_with_state(state.clone(), snapshot_seq))
        .layer(middleware::from_fn(server_timing))
        .layer(CatchPanicLayer::new())
        .layer(crate::compression::api_layer());
    let cors = cors_layer(&state.config.cors_origins)?;
    let dist = state.config.dist_dir.clone();
    Ok(Router::new()
        .nest(
            "/api/v1",
            api.layer(cors)
                .layer(middleware::from_fn_with_state(state.clone(), widget::cors)),
        )
        .route(
            "/widget.js",
            get(widget::loader).layer(tower_http::compression::CompressionLayer::new()),
        )
        .route(
            "/widget/app.js",
            get(widget::app).layer(tower_http::compression::CompressionLayer::new()),
        )
        .route("/demo/customer", get(demo_page::customer_page))
        .route("/demo/customer.js", get(demo_page::customer_script))
        .route("/demo/customer.css", get(demo_page::customer_style))
        .route("/forms/form.css", get(form_page::stylesheet))
        .route(
            "/forms/{token}",
            get(form_page::show).post(form_page::submit),
        )
        .route("/shop/shop.css", get(shop_page::stylesheet))
        .route("/shop/products/{id}", get(shop_page::product))
        .route("/shop/images/{file}", get(shop_page::image))
        .route("/pay/{token}", get(pay_page::show).post(pay_page::submit))
        .route("/apps/{app}/{file}", get(apps::file))
        .fallback_service(crate::static_files::service(&dist))
        .layer(middleware::from_fn_with_state(
            crate::security_headers::HostOrigins::new(&state.config.cors_origins),
            crate::security_headers::security_headers,
        ))
        .with_state(state))
}

pub use switchboard_protocol::SEQ_HEADER;

/// Adds [`SEQ_HEADER`] to `GET` answers: the latest event published before
/// the request was handled, so the answer reflects it and every earlier
/// one. A client that loads its first snapshots, then opens the event stream
/// with `?after=` the lowest of these numbers, misses nothing that happened
/// in between (see docs/events.md).
async fn snapshot_seq(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    let seq = (request.method() == Method::GET).then(|| state.events.latest_published());
    let mut response = next.run(request).await;
    if let Some(seq) = seq {
        if let Ok(value) = HeaderValue::from_str(&seq.0.to_string()) {
            response
                .headers_mut()
                .insert(header::HeaderName::from_static(SEQ_HEADER), value);
        }
    }
    response
}

/// Adds `Server-Timing: app;dur=…` to every API answer: the milliseconds
/// the server spent on the request, from its arrival to the answer's
/// headers (the body of a JSON answer is ready by then), without the
/// network or compression. Browsers' developer tools show it beside each
/// request; `make bench` reads it.
async fn server_timing(
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    let started = std::time::Instant::now();
    let mut response = next.run(request).await;
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(value) = HeaderValue::from_str(&format!("app;dur={millis:.1}")) {
        response.headers_mut().insert(SERVER_TIMING, value);
    }
    response
}

/// The `Server-Timing` header's name.
pub const SERVER_TIMING: header::HeaderName = header::HeaderName::from_static("server-timing");

async fn api_not_found() -> ApiError {
    ApiError::NotFound("No such endpoint".into())
}

fn cors_layer(origins: &[String]) -> Result<CorsLayer, StartError> {
    let origins = origins
        .iter()
        .map(|origin| {
            HeaderValue::from_str(origin.trim_end_matches('/'))
                .map_err(|_| StartError::CorsOrigin(origin.clone()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        // The app on another origin reads where its snapshots stand.
        .expose_headers([header::HeaderName::from_static(SEQ_HEADER)])
        .max_age(std::time::Duration::from_secs(600)))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// Every operation of the document, by `METHOD path`, with its id.
    fn operation_ids() -> BTreeMap<String, Option<String>> {
        let config = Config::for_tests(std::path::PathBuf::from("unused"));
        let document = openapi_document(&config);
        let mut ids = BTreeMap::new();
        for (path, item) in document.paths.paths {
            let operations = [
                ("GET", item.get),
                ("PUT", item.put),
                ("POST", item.post),
                ("DELETE", item.delete),
                ("PATCH", item.patch),
            ];
            for (method, operation) in operations {
                if let Some(operation) = operation {
                    ids.insert(format!("{method} {path}"), operation.operation_id);
                }
            }
        }
        ids
    }

    #[test]
    fn every_operation_has_an_operation_id_of_its_own() {
        let ids = operation_ids();
        assert!(ids.len() > 70, "{} operations", ids.len());
        let mut owners: BTreeMap<String, String> = BTreeMap::new();
        for (operation, id) in ids {
            let id = id.unwrap_or_else(|| panic!("{operation} has no operationId"));
            assert!(
                id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                    && id.chars().all(|c| c.is_ascii_alphanumeric()),
                "{operation}: {id} is not lowerCamelCase"
            );
            if let Some(other) = owners.insert(id.clone(), operation.clone()) {
                panic!("{operation} and {other} share the operationId {id}");
            }
        }
    }

    #[test]
    fn every_schema_the_document_refers_to_is_in_it() {
        let config = Config::for_tests(std::path::PathBuf::from("unused"));
        let json = openapi_json(&config);
        let document: serde_json::Value = serde_json::from_str(&json).unwrap();
        let schemas = &document["components"]["schemas"];
        let prefix = "\"#/components/schemas/";
        for reference in json.split(prefix).skip(1) {
            let name = reference.split('"').next().unwrap_or_default();
            assert!(schemas[name].is_object(), "no schema {name}");
        }
    }

    #[test]
    fn every_operation_is_under_the_api_prefix() {
        for operation in operation_ids().keys() {
            assert!(
                operation.contains(&format!(" {}/", switchboard_protocol::API_PREFIX)),
                "{operation}"
            );
        }
    }
}
