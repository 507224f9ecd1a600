//! Metadata of files (their content lives in the file store, see `services::file_store`).

use std::collections::HashMap;

use switchboard_protocol::{Attachment, FileId, UserId};

use super::sql::{self, params};
use crate::store::Conn;

shared_row! {
    /// A file's metadata row.
    #[derive(Debug, Clone)]
    pub struct FileRow {
        /// Id.
        pub id: String,
        /// Name.
        pub name: String,
        /// MIME type.
        pub content_type: String,
        /// Size in bytes.
        pub size: i64,
        /// Where a channel-hosted file lives.
        pub external_url: Option<String>,
        /// Uploader.
        pub uploaded_by: Option<i64>,
    }
}

impl FileRow {
    /// The wire form.
    pub fn to_attachment(&self) -> Attachment {
        Attachment {
            id: FileId(self.id.clone()),
            name: self.name.clone(),
            content_type: self.content_type.clone(),
            size: u64::try_from(self.size).unwrap_or_default(),
            url: self
                .external_url
                .clone()
                .unwrap_or_else(|| format!("/api/v1/files/{}", self.id)),
        }
    }
}

const COLUMNS: &str = "id, name, content_type, size, external_url, uploaded_by";

/// Records a file.
#[allow(clippy::too_many_arguments)]
pub async fn insert(
    db: &mut Conn,
    id: &FileId,
    name: &str,
    content_type: &str,
    size: u64,
    external_url: Option<&str>,
    uploaded_by: Option<UserId>,
    now: i64,
) -> sqlx::Result<()> {
    sql::run(
        db,
        INSERT,
        params![
            &id.0,
            name,
            content_type,
            i64::try_from(size).unwrap_or(i64::MAX),
            external_url,
            uploaded_by.map(|u| u.0),
            now
        ],
    )
    .await
}

/// Records a file: id, name, type, size, external URL, uploader, time.
pub(crate) const INSERT: &str =
    "INSERT INTO files (id, name, content_type, size, external_url, uploaded_by, created_at) \
     VALUES (?, ?, ?, ?, ?, ?, ?)";

/// The files of a message (its id), in order.
pub(crate) const OF_MESSAGE: &str =
    "SELECT f.id, f.name, f.content_type, f.size, f.external_url, f.uploaded_by \
     FROM message_attachments a JOIN files f ON f.id = a.file_id \
     WHERE a.message_id = ? ORDER BY a.position";

/// Attaches a file to a message: message, file, position.
pub(crate) const ATTACH: &str =
    "INSERT INTO message_attachments (message_id, file_id, position) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";

/// A file by id.
pub async fn by_id(db: &mut Conn, id: &str) -> sqlx::Result<Option<FileRow>> {
    let query = format!("SELECT {COLUMNS} FROM files WHERE id = ?");
    sql::row(db, &query, params![id]).await
}

/// A file attached to one of several messages: the message, then the
/// columns of [`FileRow`].
type AttachedFileRow = (
    i64,
    String,
    String,
    String,
    i64,
    Option<String>,
    Option<i64>,
);

/// The files attached to each of several messages (by message id), in
/// order, in one statement.
pub async fn of_messages(db: &mut Conn, ids: &[i64]) -> sqlx::Result<HashMap<i64, Vec<FileRow>>> {
    let mut files: HashMap<i64, Vec<FileRow>> = HashMap::new();
    if ids.is_empty() {
        return Ok(files);
    }
    let query = format!(
        "SELECT a.message_id, f.id, f.name, f.content_type, f.size, f.external_url, \
         f.uploaded_by FROM message_attachments a JOIN files f ON f.id = a.file_id \
         WHERE a.message_id IN {} ORDER BY a.message_id, a.position",
        sql::placeholders(ids.len())
    );
    let values = sql::Params::of_numbers(ids.iter().copied());
    let attached: Vec<AttachedFileRow> = sql::rows(db, &query, values).await?;
    for (message, id, name, content_type, size, external_url, uploaded_by) in attached {
        files.entry(message).or_default().push(FileRow {
            id,
            name,
            content_type,
            size,
            external_url,
            uploaded_by,
        });
    }
    Ok(files)
}

/// Attaches files to a message.
pub async fn attach(db: &mut Conn, message: i64, files: &[FileId]) -> sqlx::Result<()> {
    for (position, file) in files.iter().enumerate() {
        sql::run(
            db,
            ATTACH,
            params![
                message,
                &file.0,
                i64::try_from(position).unwrap_or(i64::MAX)
            ],
        )
        .await?;
    }
    Ok(())
}
