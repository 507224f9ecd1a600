//! Files attached to messages.

use serde::{Deserialize, Serialize};

use crate::FileId;

/// A file attached to a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    /// Identifier (for uploaded files) to reference it in a message.
    pub id: FileId,
    /// File name as given by the uploader (hostile content, render as text).
    pub name: String,
    /// MIME type as declared by the uploader.
    pub content_type: String,
    /// Size in bytes.
    pub size: u64,
    /// Where to download it: a path of this server (`/api/v1/files/...`) or
    /// an `https` URL of the channel.
    pub url: String,
}
