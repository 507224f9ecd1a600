//! Where uploaded files' bytes live, chosen with `--files`: the data folder's
//! `files` folder (the default), another folder (one that several instances
//! mount), or S3-compatible object storage (`s3://bucket/prefix`).
//!
//! Every read, write and delete of a file's content goes through
//! [`FileStore`], so the rest of the server never knows which it is. A file is
//! stored under its id (see [`super::files::new_file_id`]): `<folder>/<id>`,
//! or the object `<prefix>/<id>` of the bucket, the layout data folders have
//! always had. The metadata (name, type, size, uploader) stays in the
//! database.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use futures_util::stream::BoxStream;
use futures_util::StreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::buffered::BufWriter;
use object_store::local::LocalFileSystem;
use object_store::prefix::PrefixStore;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use tokio::io::AsyncWriteExt;

use crate::config::Config;
use crate::error::ApiError;

/// An upload is written in one request up to this size, and in parts of this
/// size above it (S3's smallest part), so no upload is held in memory whole.
const PART_BYTES: usize = 5 * 1024 * 1024;

/// How long the start-up check of a bucket may take before the server gives
/// up with an error (the client retries failed requests meanwhile).
const REACH_TIMEOUT: Duration = Duration::from_secs(30);

/// Where `--files` says files live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilesLocation {
    /// A folder on this machine (or mounted from a shared file system).
    Folder(PathBuf),
    /// A bucket of S3-compatible object storage, and the key prefix of the
    /// files inside it (empty: the bucket's root).
    S3 {
        /// The bucket's name.
        bucket: String,
        /// Keys are `<prefix>/<id>`, without a leading or trailing `/`.
        prefix: String,
    },
}

impl FilesLocation {
    /// Reads `--files`: absent, `<data-dir>/files`; `s3://bucket/prefix`, a
    /// bucket; anything else without a `scheme://`, a folder.
    pub fn parse(files: Option<&str>, data_dir: &Path) -> Result<Self, FileStoreError> {
        let Some(files) = files.map(str::trim).filter(|files| !files.is_empty()) else {
            return Ok(Self::Folder(data_dir.join("files")));
        };
        if let Some(rest) = files.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err(FileStoreError::Address(files.to_owned()));
            }
            return Ok(Self::S3 {
                bucket: bucket.to_owned(),
                prefix: prefix.trim_matches('/').to_owned(),
            });
        }
        if files.contains("://") {
            return Err(FileStoreError::Address(files.to_owned()));
        }
        Ok(Self::Folder(PathBuf::from(files)))
    }
}

impl std::fmt::Display for FilesLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Folder(path) => write!(f, "the folder {}", path.display()),
            Self::S3 { bucket, prefix } if prefix.is_empty() => write!(f, "s3://{bucket}"),
            Self::S3 { bucket, prefix } => write!(f, "s3://{bucket}/{prefix}"),
        }
    }
}

/// Why the file store could not be opened (the server does not start).
#[derive(Debug, thiserror::Error)]
pub enum FileStoreError {
    /// `--files` is neither a folder nor `s3://bucket/prefix`.
    #[error(
        "--files {0:?}: expected a folder or s3://bucket/prefix (another scheme, or no bucket)"
    )]
    Address(String),
    /// The folder could not be created or opened.
    #[error("cannot use {location} for uploaded files: {source}")]
    Folder {
        /// Which folder.
        location: FilesLocation,
        /// Why.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The S3 client could not be configured from the `AWS_*` variables.
    #[error("cannot configure {location} for uploaded files (check AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY): {source}")]
    S3Config {
        /// Which bucket.
        location: FilesLocation,
        /// Why.
        source: object_store::Error,
    },
    /// The bucket did not answer, or refused to list its files.
    #[error("cannot reach {location} for uploaded files (check the bucket's name, AWS_ENDPOINT_URL and the credentials; AWS_ALLOW_HTTP=true for an http:// endpoint): {reason}")]
    Unreachable {
        /// Which bucket.
        location: FilesLocation,
        /// What the bucket (or the network) answered.
        reason: String,
    },
}

/// Where a file is missing or could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// No content is stored under this id.
    #[error("no stored content for this file")]
    NotFound,
    /// The store failed (the disk, the network, the bucket).
    #[error("file store: {0}")]
    Store(String),
}

impl From<object_store::Error> for FileError {
    fn from(error: object_store::Error) -> Self {
        match error {
            object_store::Error::NotFound { .. } => Self::NotFound,
            other => Self::Store(other.to_string()),
        }
    }
}

impl From<std::io::Error> for FileError {
    fn from(error: std::io::Error) -> Self {
        if error.kind() == std::io::ErrorKind::NotFound {
            Self::NotFound
        } else {
            Self::Store(error.to_string())
        }
    }
}

impl From<FileError> for ApiError {
    fn from(error: FileError) -> Self {
        match error {
            FileError::NotFound => ApiError::NotFound("No such file".into()),
            FileError::Store(reason) => {
                tracing::error!(%reason, "file store");
                ApiError::Internal("the file store failed".into())
            }
        }
    }
}

/// A stored file being read: its size and its bytes as they arrive.
pub struct StoredFile {
    /// Size in bytes.
    pub size: u64,
    /// The content, in chunks.
    pub chunks: BoxStream<'static, Result<Bytes, FileError>>,
}

/// An upload being written; nothing is visible under its id until
/// [`finish`](Self::finish) succeeds.
pub struct Upload {
    writer: BufWriter,
}

impl Upload {
    /// Adds the next chunk.
    pub async fn write(&mut self, chunk: Bytes) -> Result<(), FileError> {
        Ok(self.writer.put(chunk).await?)
    }

    /// Completes the upload.
    pub async fn finish(mut self) -> Result<(), FileError> {
        Ok(self.writer.shutdown().await?)
    }

    /// Gives the upload up, removing what was written of it.
    pub async fn abort(mut self) {
        if let Err(error) = self.writer.abort().await {
            tracing::warn!(%error, "an abandoned upload could not be cleaned up");
        }
    }
}

/// The uploaded files' content, wherever `--files` put it. Cheap to share
/// (one per server, in [`crate::state::AppState`]).
pub struct FileStore {
    store: Arc<dyn ObjectStore>,
    location: FilesLocation,
}

impl std::fmt::Debug for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileStore")
            .field("location", &self.location)
            .finish()
    }
}

impl FileStore {
    /// Opens the store `--files` names: creates the folder if missing, or
    /// checks that the bucket answers (with the endpoint, region and
    /// credentials of the standard `AWS_*` environment variables).
    pub async fn open(config: &Config) -> Result<Self, FileStoreError> {
        let location = FilesLocation::parse(config.files.as_deref(), &config.data_dir)?;
        let store: Arc<dyn ObjectStore> = match &location {
            FilesLocation::Folder(path) => {
                let opened = std::fs::create_dir_all(path)
                    .map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)
                    .and_then(|()| {
                        LocalFileSystem::new_with_prefix(path).map_err(|e| Box::new(e) as _)
                    });
                match opened {
                    Ok(store) => Arc::new(store),
                    Err(source) => return Err(FileStoreError::Folder { location, source }),
                }
            }
            FilesLocation::S3 { bucket, prefix } => {
                let s3 = match AmazonS3Builder::from_env().with_bucket_name(bucket).build() {
                    Ok(s3) => s3,
                    Err(source) => return Err(FileStoreError::S3Config { location, source }),
                };
                let store: Arc<dyn ObjectStore> = if prefix.is_empty() {
                    Arc::new(s3)
                } else {
                    Arc::new(PrefixStore::new(s3, prefix.as_str()))
                };
                check_reachable(&store, &location).await?;
                store
            }
        };
        tracing::info!("uploaded files are stored in {location}");
        Ok(Self { store, location })
    }

    /// Starts writing the content of file `id`.
    pub fn upload(&self, id: &str) -> Upload {
        Upload {
            writer: BufWriter::with_capacity(self.store.clone(), key(id), PART_BYTES),
        }
    }

    /// Stores the whole content of file `id` at once (content already in
    /// memory: a channel's download, the demo's files).
    pub async fn put(&self, id: &str, bytes: Bytes) -> Result<(), FileError> {
        self.store.put(&key(id), PutPayload::from(bytes)).await?;
        Ok(())
    }

    /// Opens file `id` for reading, as a stream.
    pub async fn open_read(&self, id: &str) -> Result<StoredFile, FileError> {
        let found = self.store.get(&key(id)).await?;
        let size = found.meta.size;
        let chunks = found
            .into_stream()
            .map(|chunk| chunk.map_err(FileError::from))
            .boxed();
        Ok(StoredFile { size, chunks })
    }

    /// The whole content of file `id` (for a channel that needs it in one
    /// request).
    pub async fn read(&self, id: &str) -> Result<Bytes, FileError> {
        Ok(self.store.get(&key(id)).await?.bytes().await?)
    }

    /// Removes the content of file `id`; removing a missing one is not an error.
    pub async fn delete(&self, id: &str) -> Result<(), FileError> {
        match self.store.delete(&key(id)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(error.into()),
        }
    }
}

/// The key of file `id` in the store (its prefix is the store's own).
fn key(id: &str) -> object_store::path::Path {
    object_store::path::Path::from(id)
}

/// Lists the first key of the bucket: a missing bucket, a wrong endpoint or
/// refused credentials stop the server at once rather than at the first
/// upload.
async fn check_reachable(
    store: &Arc<dyn ObjectStore>,
    location: &FilesLocation,
) -> Result<(), FileStoreError> {
    let unreachable = |reason: String| FileStoreError::Unreachable {
        location: location.clone(),
        reason,
    };
    let mut listing = store.list(None);
    match tokio::time::timeout(REACH_TIMEOUT, listing.next()).await {
        Err(_) => Err(unreachable(format!(
            "no answer within {} seconds",
            REACH_TIMEOUT.as_secs()
        ))),
        Ok(Some(Err(error))) => Err(unreachable(error.to_string())),
        Ok(Some(Ok(_)) | None) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(files: Option<&str>) -> Result<FilesLocation, FileStoreError> {
        FilesLocation::parse(files, Path::new("/srv/switchboard"))
    }

    #[test]
    fn without_the_flag_files_stay_in_the_data_folder() {
        assert_eq!(
            parse(None).unwrap(),
            FilesLocation::Folder(PathBuf::from("/srv/switchboard/files"))
        );
        assert_eq!(
            parse(Some(" ")).unwrap(),
            FilesLocation::Folder(PathBuf::from("/srv/switchboard/files"))
        );
    }

    #[test]
    fn a_path_is_a_folder_and_s3_a_bucket_with_its_prefix() {
        assert_eq!(
            parse(Some("/mnt/shared/files")).unwrap(),
            FilesLocation::Folder(PathBuf::from("/mnt/shared/files"))
        );
        assert_eq!(
            parse(Some("s3://uploads/switchboard/prod/")).unwrap(),
            FilesLocation::S3 {
                bucket: "uploads".into(),
                prefix: "switchboard/prod".into()
            }
        );
        assert_eq!(
            parse(Some("s3://uploads")).unwrap(),
            FilesLocation::S3 {
                bucket: "uploads".into(),
                prefix: String::new()
            }
        );
    }

    #[test]
    fn other_addresses_are_refused() {
        assert!(matches!(
            parse(Some("s3:///prefix")),
            Err(FileStoreError::Address(_))
        ));
        assert!(matches!(
            parse(Some("gs://bucket/prefix")),
            Err(FileStoreError::Address(_))
        ));
    }

    #[tokio::test]
    async fn a_folder_keeps_each_file_under_its_id() {
        let data = tempfile::tempdir().unwrap();
        let config = Config::for_tests(data.path().to_path_buf());
        let files = FileStore::open(&config).await.unwrap();
        let id = super::super::files::new_file_id().0;

        let mut upload = files.upload(&id);
        upload.write(Bytes::from_static(b"hello ")).await.unwrap();
        upload.write(Bytes::from_static(b"world")).await.unwrap();
        upload.finish().await.unwrap();
        assert_eq!(
            std::fs::read(data.path().join("files").join(&id)).unwrap(),
            b"hello world"
        );

        let stored = files.open_read(&id).await.unwrap();
        assert_eq!(stored.size, 11);
        let chunks: Vec<Bytes> = stored.chunks.map(|chunk| chunk.unwrap()).collect().await;
        assert_eq!(chunks.concat(), b"hello world");

        files.delete(&id).await.unwrap();
        files.delete(&id).await.unwrap();
        assert!(matches!(files.read(&id).await, Err(FileError::NotFound)));
    }

    #[tokio::test]
    async fn an_abandoned_upload_leaves_nothing() {
        let data = tempfile::tempdir().unwrap();
        let config = Config::for_tests(data.path().to_path_buf());
        let files = FileStore::open(&config).await.unwrap();
        let mut upload = files.upload("abc");
        upload.write(Bytes::from_static(b"partial")).await.unwrap();
        upload.abort().await;
        assert!(matches!(files.read("abc").await, Err(FileError::NotFound)));
        assert_eq!(
            std::fs::read_dir(data.path().join("files"))
                .unwrap()
                .count(),
            0
        );
    }
}
