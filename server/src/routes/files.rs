//! `/files`: uploading and downloading attachments.

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Json;
use futures_util::StreamExt;
use switchboard_protocol::{Attachment, ErrorBody};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use super::extract::Caller;
use super::responses::{public, secured, NotFound};
use crate::error::ApiError;
use crate::security_headers::insert_fixed;
use crate::services::files;
use crate::state::AppState;

/// Room for the multipart framing around an upload at the size limit.
const MULTIPART_OVERHEAD: u64 = 64 * 1024;

/// The routes of files; uploads may be as large as `--max-upload-bytes`.
pub(super) fn router(max_upload_bytes: u64) -> OpenApiRouter<AppState> {
    let limit =
        usize::try_from(max_upload_bytes.saturating_add(MULTIPART_OVERHEAD)).unwrap_or(usize::MAX);
    let upload = [routes!(upload).layer(DefaultBodyLimit::max(limit))];
    let download = [routes!(download)];
    secured("files", upload).merge(public("files", download))
}

/// Why a multipart body could not be read.
pub(super) fn multipart_error(error: axum::extract::multipart::MultipartError) -> ApiError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge("The upload is larger than allowed".into())
    } else {
        ApiError::BadRequest(format!("Malformed multipart body: {}", error.body_text()))
    }
}

/// Stores the multipart field `file` of an upload as `uploaded_by`'s
/// (none: a website visitor's).
pub(super) async fn store_field(
    state: &AppState,
    uploaded_by: Option<switchboard_protocol::UserId>,
    mut multipart: Multipart,
) -> Result<Attachment, ApiError> {
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("file").to_owned();
        let content_type = field
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_owned();
        let body = field.map(|chunk| chunk.map_err(multipart_error));
        return files::store_upload(state, uploaded_by, &name, &content_type, body).await;
    }
    Err(ApiError::BadRequest(
        "Missing multipart field `file`".into(),
    ))
}

/// Uploads one file (multipart field `file`). Over the size limit: 413.
#[utoipa::path(post, path = "/files", operation_id = "uploadFile",
    request_body(content_type = "multipart/form-data", description = "One field named `file`"),
    responses((status = 201, body = Attachment), (status = 400, body = ErrorBody),
        (status = 413, body = ErrorBody)))]
async fn upload(
    caller: Caller,
    multipart: Multipart,
) -> Result<(StatusCode, Json<Attachment>), ApiError> {
    let attachment = store_field(&caller.state, Some(caller.viewer.user.id), multipart).await?;
    Ok((StatusCode::CREATED, Json(attachment)))
}

/// Downloads a file. Its id is the capability: no token is needed, so
/// `<img src>` works. Raster images are shown inline; everything else
/// (SVG included) is a download, never sniffed, and sandboxed.
#[utoipa::path(get, path = "/files/{id}", operation_id = "downloadFile",
    params(("id" = String, Path, description = "File id")),
    responses((status = 200, description = "The file's bytes"), NotFound))]
async fn download(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let row = files::find(&state, &id).await?;
    // Sent as it is read from the store, never held whole in memory.
    let stored = state.files.open_read(&row.id).await.map_err(|error| {
        tracing::warn!(file = %row.id, %error, "a recorded file cannot be read");
        ApiError::NotFound("No such file".into())
    })?;
    let inline = files::may_show_inline(&row.content_type);
    let content_type = if inline {
        HeaderValue::from_str(&row.content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream"))
    } else {
        HeaderValue::from_static("application/octet-stream")
    };
    let disposition = format!(
        "{}; filename=\"{}\"",
        if inline { "inline" } else { "attachment" },
        files::header_safe_name(&row.name)
    );
    let mut response = Response::new(Body::from_stream(stored.chunks));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(stored.size));
    headers.insert(header::CONTENT_TYPE, content_type);
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
    );
    let fixed = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; sandbox",
        ),
        (
            header::CACHE_CONTROL,
            "private, max-age=31536000, immutable",
        ),
    ];
    insert_fixed(headers, fixed);
    Ok(response)
}
