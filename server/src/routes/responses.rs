//! What handlers answer that many of them share: the success of an
//! idempotent create, and the error answers their OpenAPI descriptions list
//! (`responses(..., Hidden)` instead of the same tuples in every handler).

use std::collections::BTreeMap;
use std::future::Future;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};

use crate::error::ApiError;
use crate::state::AppState;

/// What a handler answers: a value, or the error body.
pub type ApiResult<T> = Result<T, ApiError>;

/// A JSON answer, or the error body.
pub type Answer<T> = ApiResult<Json<T>>;

/// The answer of a create that carries a client id (see [`Upserted`]).
pub type Upsert<T> = ApiResult<Upserted<T>>;

/// Awaits what a service answers and sends it as JSON.
pub async fn json<T>(answer: impl Future<Output = ApiResult<T>>) -> Answer<T> {
    answer.await.map(Json)
}

/// Awaits an idempotent create: `201` with what it created, `200` with
/// the first result when it repeated an earlier request.
pub async fn upserted<T>(answer: impl Future<Output = ApiResult<(T, bool)>>) -> Upsert<T> {
    answer.await.map(Upserted::from)
}

/// The answer of a create that always creates: `201` with what it made.
pub type Created<T> = ApiResult<(StatusCode, Json<T>)>;

/// Awaits a create that always creates: `201 Created` with what it made.
pub async fn created<T>(answer: impl Future<Output = ApiResult<T>>) -> Created<T> {
    answer.await.map(|made| (StatusCode::CREATED, Json(made)))
}

/// Awaits a service that answers nothing: `204 No Content`.
pub async fn no_content(answer: impl Future<Output = ApiResult<()>>) -> ApiResult<StatusCode> {
    answer.await.map(|()| StatusCode::NO_CONTENT)
}

/// Handlers that hand the caller and what the request carries to a
/// service and answer what it returns, through [`json`], [`upserted`],
/// [`created`] or [`no_content`]: most of the API. Each is written as its
/// documentation, its OpenAPI annotation and one line naming its
/// extractors, its answer and the service call without the caller:
///
/// ```ignore
/// forward! {
///     /// One task of the caller (creator or assignee).
///     #[utoipa::path(get, path = "/tasks/{id}", operation_id = "getTask", ...)]
///     get(Path(id): Path<TaskId>) -> Answer<Task> = json(tasks::get(id));
/// }
/// ```
///
/// stands for
///
/// ```ignore
/// /// One task of the caller (creator or assignee).
/// #[utoipa::path(get, path = "/tasks/{id}", operation_id = "getTask", ...)]
/// async fn get(caller: Caller, Path(id): Path<TaskId>) -> Answer<Task> {
///     json(tasks::get(&caller.state, &caller.viewer, id)).await
/// }
/// ```
///
/// Handlers that do more than that are written out.
macro_rules! forward {
    ($(
        $(#[$attribute:meta])*
        $name:ident($($extractor:ident($binding:ident): $input:ty),* $(,)?) -> $answer:ty
            = $reply:ident($($service:ident)::+($($argument:expr),* $(,)?));
    )+) => {$(
        $(#[$attribute])*
        async fn $name(
            caller: $crate::routes::extract::Caller,
            $($extractor($binding): $input),*
        ) -> $answer {
            $reply($($service)::+(&caller.state, &caller.viewer, $($argument),*)).await
        }
    )+};
}
pub(crate) use forward;

/// A feature's operations (each `routes!(...)`: the handlers of one path),
/// as the document lists them: under `tag`, and (`secured`) behind the
/// bearer token. The feature's `router()` says it once instead of every
/// handler's annotation.
pub fn described<const N: usize>(
    tag: &str,
    secured: bool,
    operations: [UtoipaMethodRouter<AppState>; N],
) -> OpenApiRouter<AppState> {
    let mut routes = operations
        .into_iter()
        .fold(OpenApiRouter::new(), OpenApiRouter::routes);
    for item in routes.get_openapi_mut().paths.paths.values_mut() {
        for operation in super::openapi::operations_mut(item) {
            operation.tags = Some(vec![tag.to_owned()]);
            if secured {
                let bearer = SecurityRequirement::new("bearer", Vec::<String>::new());
                operation.security = Some(vec![bearer]);
            }
        }
    }
    routes
}

/// [`described`] for a feature whose every operation needs the bearer token.
pub fn secured<const N: usize>(
    tag: &str,
    operations: [UtoipaMethodRouter<AppState>; N],
) -> OpenApiRouter<AppState> {
    described(tag, true, operations)
}

/// [`described`] for operations without the bearer token (they check what
/// they need themselves: a webhook token, a file's unguessable id).
pub fn public<const N: usize>(
    tag: &str,
    operations: [UtoipaMethodRouter<AppState>; N],
) -> OpenApiRouter<AppState> {
    described(tag, false, operations)
}

/// The answer of a create that carries a client id: `201 Created` with the
/// new entity, or `200 OK` with the first one when the request repeated an
/// earlier one (services return it as `(entity, created)`).
pub struct Upserted<T>(pub T, pub bool);

impl<T> From<(T, bool)> for Upserted<T> {
    fn from((value, created): (T, bool)) -> Self {
        Self(value, created)
    }
}

impl<T: Serialize> IntoResponse for Upserted<T> {
    fn into_response(self) -> Response {
        let status = if self.1 {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        };
        (status, Json(self.0)).into_response()
    }
}

/// An error answer of the OpenAPI document: the JSON error body.
pub fn error_response(description: &str) -> utoipa::openapi::Response {
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

/// Declares a set of error answers for `#[utoipa::path(responses(...))]`.
macro_rules! error_responses {
    ($($(#[$doc:meta])* $name:ident { $($status:literal => $description:literal),+ $(,)? })+) => {
        $(
            $(#[$doc])*
            pub struct $name;

            impl utoipa::IntoResponses for $name {
                fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
                    BTreeMap::from([
                        $(($status.to_owned(), error_response($description).into()),)+
                    ])
                }
            }
        )+
    };
}

error_responses! {
    /// `404`: nothing by that id, or nothing the caller may see by it.
    NotFound { "404" => "Not found, or not visible to the caller" }
    /// `403` and `404`: the conversation (or what belongs to it) is in a line
    /// the caller is not in, or does not exist.
    Hidden {
        "403" => "In a line the caller is not in",
        "404" => "Not found",
    }
    /// `403` and `404` for a change: not the caller's to change, or not found.
    NotYours {
        "403" => "Not the caller's to change",
        "404" => "Not found",
    }
    /// `403`: what only administrators may do.
    AdminsOnly { "403" => "Not an administrator" }
    /// `422`: a value of the request is not acceptable.
    Invalid { "422" => "An invalid value (`error.field` names it when a form sent it)" }
    /// `422` of the forms whose every field has its own code.
    InvalidField { "422" => "An invalid field: a specific `code` and `error.field`" }
    /// `409` of CRM records edited with the `version` the client read.
    RecordChanged { "409" => "`record_changed`: edited meanwhile" }
    /// `403` and `409` of the actions on a conversation as a whole.
    ActionRefused {
        "403" => "`forbidden` (not assignee, participant, supervisor/admin, or line member while unanswered) or `locked` (with `by`)",
        "409" => "`conversation_closed` or `conversation_changed`",
    }
    /// `409` of the operations that send a message to a customer (a form,
    /// a card): as for sending a message.
    SendConflict {
        "409" => "As for sending a message: `already_answered`, `conversation_closed` or `client_id_reused`",
    }
    /// `401`: for the endpoints whose only failure is authentication.
    Unauthenticated { "401" => "Missing, unknown or expired token" }
}
