//! `/widget/{public_id}/...`: what the website chat widget calls from the
//! sites that embed it (allowed origins only, see [`cors`]), the widget's
//! scripts (`/widget.js`, `/widget/app.js`), and its settings in Settings.

use std::convert::Infallible;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRequestParts, Multipart, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::Stream;
use serde::Deserialize;
use switchboard_protocol::{
    Attachment, ConnectorId, CustomerViewPage, ErrorBody, InboundAccepted, MessageId, WidgetConfig,
    WidgetMessageRequest, WidgetRatingRequest, WidgetSettings, WidgetVisitor, WidgetVisitorRequest,
};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use super::extract::bearer_token;
use super::responses::{
    forward, json, public, secured, AdminsOnly, Answer, ApiResult, InvalidField, NotFound,
};
use crate::error::ApiError;
use crate::security_headers::insert_fixed;
use crate::services::settings::widget as widget_settings;
use crate::services::widget::{self, Widget};
use crate::state::AppState;
use crate::store::widget::Visitor;

/// The widget's loader, the one script a site includes.
const LOADER: &str = include_str!("../../assets/widget/widget.js");
/// The widget's panel, fetched by the loader on first open.
const APP: &str = include_str!("../../assets/widget/app.js");

/// Room for the multipart framing around an upload at the size limit.
const MULTIPART_OVERHEAD: u64 = 64 * 1024;

/// The widget's routes (public: a visitor token or nothing) and its settings'.
pub(super) fn router(max_upload_bytes: u64) -> OpenApiRouter<AppState> {
    let limit =
        usize::try_from(max_upload_bytes.saturating_add(MULTIPART_OVERHEAD)).unwrap_or(usize::MAX);
    public(
        "widget",
        [
            routes!(config),
            routes!(new_visitor),
            routes!(messages, send),
            routes!(stream),
            routes!(upload).layer(DefaultBodyLimit::max(limit)),
            routes!(rate),
        ],
    )
    .merge(secured("settings", [routes!(get_settings, set_settings)]))
}

/// The website chat a request's path names: found by [`cors`] when the
/// request came from a site, else here.
struct Found(Widget);

impl FromRequestParts<AppState> for Found {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(found) = parts.extensions.remove::<Widget>() {
            return Ok(Self(found));
        }
        let public_id = widget_path(parts.uri.path())
            .ok_or_else(|| ApiError::NotFound("No such website chat".into()))?;
        widget::find(state, public_id).await.map(Self)
    }
}

/// A visitor's request: the website chat, and the visitor its bearer token
/// names (401 without one).
struct Visiting {
    widget: Widget,
    visitor: Visitor,
}

impl FromRequestParts<AppState> for Visiting {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Found(widget) = Found::from_request_parts(parts, state).await?;
        let token = bearer_token(&parts.headers);
        let visitor = widget::visitor(state, &widget, token.as_deref()).await?;
        Ok(Self { widget, visitor })
    }
}

/// What the widget draws its panel with: the company's name, the welcome
/// and offline messages, whether an operator is online.
#[utoipa::path(get, path = "/widget/{public_id}", operation_id = "getWidget",
    params(("public_id" = String, Path, description = "The `data-connector` of the site's script tag")),
    responses((status = 200, body = WidgetConfig), NotFound))]
async fn config(State(state): State<AppState>, Found(widget): Found) -> Answer<WidgetConfig> {
    json(widget::config(&state, &widget)).await
}

/// A new visitor: the token the widget keeps in the visitor's storage.
#[utoipa::path(post, path = "/widget/{public_id}/visitors", operation_id = "newWidgetVisitor",
    params(("public_id" = String, Path, description = "The website chat's public id")),
    request_body = WidgetVisitorRequest,
    responses((status = 201, body = WidgetVisitor), NotFound, InvalidField))]
async fn new_visitor(
    State(state): State<AppState>,
    Found(widget): Found,
    Json(request): Json<WidgetVisitorRequest>,
) -> ApiResult<(StatusCode, Json<WidgetVisitor>)> {
    let visitor = widget::new_visitor(&state, &widget, request).await?;
    Ok((StatusCode::CREATED, Json(visitor)))
}

/// Query of the visitor's messages and stream.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AfterQuery {
    /// Only messages after this id (the last one the widget has).
    pub after: Option<MessageId>,
}

/// The visitor's conversation (every session), as the customer sees it.
#[utoipa::path(get, path = "/widget/{public_id}/messages", operation_id = "getWidgetMessages",
    params(("public_id" = String, Path, description = "The website chat's public id"), AfterQuery),
    responses((status = 200, body = CustomerViewPage),
        (status = 401, description = "Missing or unknown visitor token", body = ErrorBody), NotFound))]
async fn messages(
    State(state): State<AppState>,
    Visiting { widget, visitor }: Visiting,
    Query(query): Query<AfterQuery>,
) -> Answer<CustomerViewPage> {
    json(widget::messages(&state, &widget, &visitor, query.after)).await
}

/// Sends the visitor's message; the same `id` again creates nothing.
#[utoipa::path(post, path = "/widget/{public_id}/messages", operation_id = "sendWidgetMessage",
    params(("public_id" = String, Path, description = "The website chat's public id")),
    request_body = WidgetMessageRequest,
    responses((status = 202, body = InboundAccepted),
        (status = 401, description = "Missing or unknown visitor token", body = ErrorBody),
        NotFound, (status = 422, description = "Empty, too long, or an unknown file", body = ErrorBody)))]
async fn send(
    State(state): State<AppState>,
    Visiting { widget, visitor }: Visiting,
    Json(request): Json<WidgetMessageRequest>,
) -> ApiResult<(StatusCode, Json<InboundAccepted>)> {
    let accepted = widget::send(&state, &widget, &visitor, request).await?;
    Ok((StatusCode::ACCEPTED, Json(accepted)))
}

/// Follows the visitor's conversation live (server-sent events): each
/// message after `after` as a `message` event, and `state` events (who
/// types, the finished conversation to rate).
#[utoipa::path(get, path = "/widget/{public_id}/stream", operation_id = "followWidget",
    params(("public_id" = String, Path, description = "The website chat's public id"), AfterQuery),
    responses((status = 200, description = "`text/event-stream`", content_type = "text/event-stream"),
        (status = 401, description = "Missing or unknown visitor token", body = ErrorBody), NotFound))]
async fn stream(
    State(state): State<AppState>,
    Visiting { widget, visitor }: Visiting,
    Query(query): Query<AfterQuery>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = widget::follow(state, widget, visitor, query.after);
    let events = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|event| (event, receiver))
    });
    Sse::new(events).keep_alive(KeepAlive::default())
}

/// Uploads a file the visitor then sends (multipart field `file`).
#[utoipa::path(post, path = "/widget/{public_id}/files", operation_id = "uploadWidgetFile",
    params(("public_id" = String, Path, description = "The website chat's public id")),
    request_body(content_type = "multipart/form-data", description = "One field named `file`"),
    responses((status = 201, body = Attachment), (status = 400, body = ErrorBody),
        (status = 401, description = "Missing or unknown visitor token", body = ErrorBody),
        NotFound, (status = 413, body = ErrorBody),
        (status = 422, description = "This chat does not take files", body = ErrorBody)))]
async fn upload(
    State(state): State<AppState>,
    Visiting { widget, .. }: Visiting,
    multipart: Multipart,
) -> ApiResult<(StatusCode, Json<Attachment>)> {
    if !widget.connector.capabilities.files {
        return Err(ApiError::Unprocessable(
            "This chat does not take files".into(),
        ));
    }
    let attachment = super::files::store_field(&state, None, multipart).await?;
    Ok((StatusCode::CREATED, Json(attachment)))
}

/// The visitor rates their finished conversation (1 to 5, a comment).
#[utoipa::path(post, path = "/widget/{public_id}/rating", operation_id = "rateWidgetConversation",
    params(("public_id" = String, Path, description = "The website chat's public id")),
    request_body = WidgetRatingRequest,
    responses((status = 204, description = "Rated"),
        (status = 401, description = "Missing or unknown visitor token", body = ErrorBody),
        NotFound, (status = 409, description = "Not finished, or rated already", body = ErrorBody),
        InvalidField))]
async fn rate(
    State(state): State<AppState>,
    Visiting { widget, visitor }: Visiting,
    Json(request): Json<WidgetRatingRequest>,
) -> ApiResult<StatusCode> {
    widget::rate(&state, &widget, &visitor, request).await?;
    Ok(StatusCode::NO_CONTENT)
}

forward! {
    /// A website-chat connector's widget settings (admins and supervisors).
    #[utoipa::path(get, path = "/connectors/{id}/widget", operation_id = "getWidgetSettings",
        params(("id" = i64, Path, description = "Connector id")),
        responses((status = 200, body = WidgetSettings), AdminsOnly, NotFound))]
    get_settings(Path(id): Path<ConnectorId>) -> Answer<WidgetSettings> =
        json(widget_settings::get(id));

    /// Changes a website-chat connector's widget settings (admins).
    #[utoipa::path(put, path = "/connectors/{id}/widget", operation_id = "setWidgetSettings",
        params(("id" = i64, Path, description = "Connector id")), request_body = WidgetSettings,
        responses((status = 200, body = WidgetSettings), AdminsOnly, NotFound, InvalidField))]
    set_settings(Path(id): Path<ConnectorId>, Json(request): Json<WidgetSettings>)
        -> Answer<WidgetSettings> = json(widget_settings::set(id, request));
}

/// The public id a widget request names (`/widget/{public_id}...`, the
/// path inside `/api/v1`), if it is one.
fn widget_path(path: &str) -> Option<&str> {
    let path = path
        .strip_prefix(switchboard_protocol::API_PREFIX)
        .unwrap_or(path);
    let rest = path.strip_prefix("/widget/")?;
    let id = rest.split('/').next()?;
    (!id.is_empty()).then_some(id)
}

/// CORS of the widget's requests: each website chat answers the sites its
/// connector allows (and this server's own pages), from any other origin
/// it refuses with `403`. Other paths go on to the API's own CORS.
pub async fn cors(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let Some(public_id) = widget_path(request.uri().path()).map(str::to_owned) else {
        return next.run(request).await;
    };
    let Some(origin) = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
    else {
        // Not from a browser's cross-origin call: nothing to allow.
        return next.run(request).await;
    };
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let found = match widget::find(&state, &public_id).await {
        Ok(found) => found,
        Err(error) => return error.into_response(),
    };
    if !widget::origin_allowed(&found, &origin, host.as_deref()) {
        return ApiError::Forbidden("This site may not embed this website chat".into())
            .into_response();
    }
    let preflight = request.method() == Method::OPTIONS;
    let mut response = if preflight {
        StatusCode::NO_CONTENT.into_response()
    } else {
        // The handler takes it from here instead of finding it again.
        request.extensions_mut().insert(found);
        next.run(request).await
    };
    let headers = response.headers_mut();
    if let Ok(origin) = HeaderValue::from_str(&origin) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    if preflight {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST"),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("authorization, content-type"),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
    }
    response
}

fn script(source: &'static str) -> Response {
    let mut response = Response::new(Body::from(source));
    let fixed = [
        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
        // Short: a site picks up a new version within minutes.
        (header::CACHE_CONTROL, "public, max-age=300"),
        // Any site may load it (the API decides which may use it)...
        (
            header::HeaderName::from_static("cross-origin-resource-policy"),
            "cross-origin",
        ),
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        // ...and measure what it costs them (its size in resource timing).
        (header::HeaderName::from_static("timing-allow-origin"), "*"),
    ];
    insert_fixed(response.headers_mut(), fixed);
    response
}

/// `/widget.js`: the loader a site includes.
pub async fn loader() -> Response {
    script(LOADER)
}

/// `/widget/app.js`: the panel, fetched on first open.
pub async fn app() -> Response {
    script(APP)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_widget_paths_name_a_public_id() {
        assert_eq!(widget_path("/widget/demo-livechat"), Some("demo-livechat"));
        assert_eq!(
            widget_path("/widget/demo-livechat/stream"),
            Some("demo-livechat")
        );
        assert_eq!(widget_path("/widget/"), None);
        assert_eq!(widget_path("/connectors/3/widget"), None);
        assert_eq!(widget_path("/inbound/x"), None);
        assert_eq!(widget_path("/api/v1/widget/abc/files"), Some("abc"));
    }
}
