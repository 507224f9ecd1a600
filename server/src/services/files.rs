//! Uploaded files: how they are received and how they may be shown. Their
//! bytes live in the [`file_store`](super::file_store) `--files` chose.

use axum::body::Bytes;
use futures_util::{Stream, StreamExt};
use rand::RngCore;
use switchboard_protocol::{Attachment, FileId, UserId};

use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{self, files};

/// A fresh, unguessable file id (128 random bits, hex).
pub fn new_file_id() -> FileId {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    FileId(hex::encode(bytes))
}

/// Whether an id has the shape [`new_file_id`] gives (so it is safe as a
/// file name on disk and as an object key).
pub fn is_valid_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether a browser may show the file inline: raster images only. SVG can
/// carry scripts, and everything else is downloaded.
pub fn may_show_inline(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    matches!(
        essence.as_str(),
        "image/png" | "image/jpeg" | "image/gif" | "image/webp" | "image/avif" | "image/bmp"
    )
}

/// A file name safe to put in a `Content-Disposition` header.
pub fn header_safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .filter(|c| !matches!(c, '"' | '\\' | '/' | ';'))
        .take(150)
        .collect();
    if cleaned.trim().is_empty() {
        "file".into()
    } else {
        cleaned
    }
}

/// Streams an upload to the file store, refusing it (413) as soon as it
/// exceeds the configured limit, then records it as `uploaded_by`'s (none: a
/// customer's, from the website chat widget).
pub async fn store_upload<S>(
    state: &AppState,
    uploaded_by: Option<UserId>,
    name: &str,
    content_type: &str,
    mut body: S,
) -> Result<Attachment, ApiError>
where
    S: Stream<Item = Result<Bytes, ApiError>> + Unpin,
{
    let limit = state.config.max_upload_bytes;
    let id = new_file_id();
    let mut upload = state.files.upload(&id.0);
    let mut size: u64 = 0;
    let received: Result<(), ApiError> = async {
        while let Some(chunk) = body.next().await {
            let chunk = chunk?;
            size += chunk.len() as u64;
            if size > limit {
                return Err(ApiError::PayloadTooLarge(format!(
                    "Files may have at most {limit} bytes"
                )));
            }
            upload.write(chunk).await?;
        }
        Ok(())
    }
    .await;
    if let Err(error) = received {
        upload.abort().await;
        return Err(error);
    }
    if let Err(error) = upload.finish().await {
        // Whatever a failed completion left must not stay under the id.
        let _ = state.files.delete(&id.0).await;
        return Err(error.into());
    }
    let name = if name.trim().is_empty() { "file" } else { name };
    let name: String = name.chars().take(255).collect();
    let content_type: String = content_type.chars().take(255).collect();
    let mut db = state.pool.acquire().await?;
    files::insert(
        &mut db,
        &id,
        &name,
        &content_type,
        size,
        None,
        uploaded_by,
        store::now_ms(),
    )
    .await?;
    Ok(Attachment {
        url: format!("/api/v1/files/{}", id.0),
        id,
        name,
        content_type,
        size,
    })
}

/// An uploaded file's metadata, if it exists and lives on this server.
pub async fn find(state: &AppState, id: &str) -> Result<files::FileRow, ApiError> {
    if !is_valid_id(id) {
        return Err(ApiError::NotFound("No such file".into()));
    }
    let mut db = state.pool.acquire().await?;
    files::by_id(&mut db, id)
        .await?
        .filter(|row| row.external_url.is_none())
        .ok_or_else(|| ApiError::NotFound("No such file".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_raster_images_are_shown_inline() {
        assert!(may_show_inline("image/png"));
        assert!(may_show_inline("IMAGE/JPEG; charset=binary"));
        assert!(!may_show_inline("image/svg+xml"));
        assert!(!may_show_inline("text/html"));
        assert!(!may_show_inline("application/pdf"));
    }

    #[test]
    fn header_names_cannot_break_the_header() {
        assert_eq!(header_safe_name("a\"b;c\r\nd.pdf"), "abcd.pdf");
        assert_eq!(header_safe_name("\u{202e}"), "file");
    }

    #[test]
    fn only_generated_ids_are_accepted() {
        assert!(is_valid_id(&new_file_id().0));
        assert!(!is_valid_id("../switchboard.db"));
    }
}
