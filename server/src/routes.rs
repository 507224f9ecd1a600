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
mod inbound;
mod json_errors;
mod lines;
mod me;
mod message_actions;
pub mod openapi;
mod pay_page;
mod sales;
mod shop_page;
mod tasks;
mod team_chats;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Method};
use axum::middleware;
use axum::routing::{delete, get, patch, post, put};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::error::ApiError;
use crate::state::AppState;
use crate::StartError;

/// Room for the multipart framing around an upload at the size limit.
const MULTIPART_OVERHEAD: u64 = 64 * 1024;

/// The whole application: `/api/v1/...`, `/demo/customer` and the app's files at `/`.
pub fn router(state: AppState) -> Result<Router, StartError> {
    let upload_limit = usize::try_from(
        state
            .config
            .max_upload_bytes
            .saturating_add(MULTIPART_OVERHEAD),
    )
    .unwrap_or(usize::MAX);
    let api = Router::new()
        .route("/health", get(health::health))
        .route("/openapi.json", get(openapi::serve))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/me", get(me::me))
        .route("/me/password", put(me::change_password))
        .route("/me/presence", put(me::set_presence))
        .route("/users", get(me::users))
        .route("/lines", get(lines::lines))
        .route("/conversations", get(conversations::queue))
        .route("/conversations/{id}", get(conversations::detail))
        .route("/conversations/{id}/answer", post(conversations::answer))
        .route("/conversations/{id}/read", post(conversations::mark_read))
        .route(
            "/conversations/{id}/transfer",
            post(conversation_actions::transfer),
        )
        .route(
            "/conversations/{id}/close",
            post(conversation_actions::close),
        )
        .route("/conversations/{id}/spam", post(conversation_actions::spam))
        .route("/conversations/{id}/take", post(conversation_actions::take))
        .route(
            "/conversations/{id}/invite",
            post(conversation_actions::invite),
        )
        .route("/conversations/{id}/lock", put(conversation_actions::lock))
        .route(
            "/conversations/{id}/history",
            get(conversation_actions::history),
        )
        .route(
            "/conversations/{id}/messages",
            get(conversations::list_messages).post(conversations::send_message),
        )
        .route(
            "/files",
            post(files::upload).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/files/{id}", get(files::download))
        .route("/inbound/{token}", post(inbound::deliver))
        .route(
            "/inbound/{token}/chats/{chat}/messages",
            get(inbound::customer_view),
        )
        .route(
            "/messages/{id}",
            patch(message_actions::edit).delete(message_actions::delete),
        )
        .route("/messages/{id}/split", post(message_actions::split))
        .route("/tasks", get(tasks::list).post(tasks::create))
        .route("/tasks/{id}", get(tasks::get).patch(tasks::update))
        .route(
            "/calendar/events",
            get(calendar::upcoming).post(calendar::create),
        )
        .route("/calendar/events/{id}/ics", get(calendar::download_ics))
        .route(
            "/team-chats",
            get(team_chats::list).post(team_chats::create),
        )
        .route("/team-chats/{id}", get(team_chats::get))
        .route(
            "/team-chats/{id}/messages",
            get(team_chats::list_messages).post(team_chats::send_message),
        )
        .route(
            "/team-chats/{id}/messages/{message_id}",
            patch(team_chats::edit_message).delete(team_chats::delete_message),
        )
        .route("/team-chats/{id}/read", post(team_chats::mark_read))
        .route("/feed", get(feed::page).post(feed::create))
        .route("/events", get(events::events))
        .route("/canned-responses", get(canned::list).post(canned::create))
        .route(
            "/canned-responses/{id}",
            put(canned::update).delete(canned::delete),
        )
        .route("/forms", get(forms::list))
        .route("/conversations/{id}/forms", post(forms::send))
        .route("/customers/{id}/form-submissions", get(forms::submissions))
        .route("/conversations/{id}/title", put(composer::set_title))
        .route("/conversations/{id}/typing", post(composer::typing))
        .route("/apps", get(apps::installed))
        .route("/apps/catalog", get(apps::catalog))
        .route("/apps/installed", post(apps::install))
        .route("/apps/installed/{app_id}", delete(apps::uninstall))
        .route("/conversations/{id}/crm", get(crm::card).post(crm::save))
        .route(
            "/crm/contacts/{id}",
            get(crm::contact).patch(crm::update_contact),
        )
        .route("/crm/deals/{id}", get(crm::deal).patch(crm::update_deal))
        .route("/company", get(sales::company).put(sales::set_company))
        .route("/products", get(sales::products))
        .route("/products/{id}", get(sales::product))
        .route("/conversations/{id}/orders", post(sales::create_order))
        .route("/orders/{id}", get(sales::order))
        .route("/orders/{id}/payment-link", post(sales::send_payment_link))
        .route(
            "/conversations/{id}/product-cards",
            post(sales::send_product_card),
        )
        .route(
            "/conversations/{id}/company-info",
            post(sales::send_company_info),
        )
        .fallback(api_not_found)
        .layer(middleware::from_fn(json_errors::json_errors))
        .layer(middleware::from_fn_with_state(state.clone(), snapshot_seq))
        .layer(CatchPanicLayer::new());
    let cors = cors_layer(&state.config.cors_origins)?;
    let dist = state.config.dist_dir.clone();
    Ok(Router::new()
        .nest("/api/v1", api.layer(cors))
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
