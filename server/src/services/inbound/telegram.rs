//! The Telegram connector's way in: the Bot API posts `Update` objects to
//! `/api/v1/connectors/telegram/{connector_token}` (the URL "Connect" gave
//! `setWebhook`), with the secret it was given in
//! `X-Telegram-Bot-Api-Secret-Token`.
//!
//! A `message` (text, or a `photo` or `document` with its `caption`)
//! becomes the customer's message through the same writer as the generic
//! webhook; its files are fetched with `getFile` and stored like uploads
//! (Telegram's file URLs hold the bot token: they are never shown). An
//! `edited_message` changes the customer's message. A repeated `update_id`
//! creates nothing; other kinds of update are acknowledged and ignored.

use serde::Deserialize;
use serde_json::json;
use switchboard_protocol::{
    ConnectorKind, Event, FileId, InboundChat, InboundCustomer, InboundDelivery, InboundMessage,
};

use crate::error::ApiError;
use crate::services::auth::token_hash;
use crate::services::conversations::audience_of;
use crate::services::delivery::{telegram, Outcome};
use crate::services::events::Change;
use crate::services::files;
use crate::state::AppState;
use crate::store::messages::NO_MENTIONS;
use crate::store::{self, conversations, delivery, lines, message_actions, messages};

/// The header Telegram sends the webhook's secret in.
pub const SECRET_HEADER: &str = "X-Telegram-Bot-Api-Secret-Token";

/// `Update` (the fields Switchboard reads).
#[derive(Debug, Deserialize)]
pub struct Update {
    /// The update's id, unique per bot.
    pub update_id: i64,
    /// A new message.
    #[serde(default)]
    pub message: Option<TelegramMessage>,
    /// A new version of a message.
    #[serde(default)]
    pub edited_message: Option<TelegramMessage>,
}

/// `Message`.
#[derive(Debug, Deserialize)]
pub struct TelegramMessage {
    /// Unique within its chat.
    pub message_id: i64,
    /// The sender (absent for channel posts).
    #[serde(default)]
    pub from: Option<TelegramUser>,
    /// The chat.
    pub chat: TelegramChat,
    /// Text messages.
    #[serde(default)]
    pub text: Option<String>,
    /// The caption of a photo or document.
    #[serde(default)]
    pub caption: Option<String>,
    /// A photo in its sizes, the largest last.
    #[serde(default)]
    pub photo: Vec<PhotoSize>,
    /// A general file.
    #[serde(default)]
    pub document: Option<Document>,
}

/// `User`.
#[derive(Debug, Deserialize)]
pub struct TelegramUser {
    /// Their id.
    pub id: i64,
    /// First name.
    pub first_name: String,
    /// Last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Username, without `@`.
    #[serde(default)]
    pub username: Option<String>,
}

/// `Chat`.
#[derive(Debug, Deserialize)]
pub struct TelegramChat {
    /// Its id.
    pub id: i64,
    /// The title of groups and channels.
    #[serde(default)]
    pub title: Option<String>,
}

/// `PhotoSize`.
#[derive(Debug, Deserialize)]
pub struct PhotoSize {
    /// To fetch it with `getFile`.
    pub file_id: String,
    /// Size in bytes.
    #[serde(default)]
    pub file_size: Option<u64>,
}

/// `Document`.
#[derive(Debug, Deserialize)]
pub struct Document {
    /// To fetch it with `getFile`.
    pub file_id: String,
    /// Its name.
    #[serde(default)]
    pub file_name: Option<String>,
    /// Its type.
    #[serde(default)]
    pub mime_type: Option<String>,
}

fn customer_of(message: &TelegramMessage) -> InboundCustomer {
    let (id, name) = match &message.from {
        Some(user) => {
            let full = match &user.last_name {
                Some(last) => format!("{} {last}", user.first_name),
                None => user.first_name.clone(),
            };
            let name = match (&user.username, full.trim().is_empty()) {
                (Some(username), true) => format!("@{username}"),
                _ => full,
            };
            (user.id.to_string(), name)
        }
        None => (
            format!("chat-{}", message.chat.id),
            message
                .chat
                .title
                .clone()
                .unwrap_or_else(|| "Telegram".into()),
        ),
    };
    InboundCustomer {
        id,
        name,
        email: None,
        phone: None,
    }
}

/// The customer message's id on this connector: Telegram numbers messages
/// per chat.
fn external_id(message: &TelegramMessage) -> String {
    format!("{}:{}", message.chat.id, message.message_id)
}

/// Takes one update posted by Telegram.
pub async fn receive(
    state: &AppState,
    token: &str,
    secret: Option<&str>,
    update: Update,
) -> Result<(), ApiError> {
    let (connector, bot_token) = {
        let mut db = state.pool.acquire().await?;
        let connector = lines::connector_by_token(&mut db, token)
            .await?
            .filter(|c| c.kind == ConnectorKind::Telegram)
            .ok_or_else(|| ApiError::NotFound("Unknown connector token".into()))?;
        let expected = delivery::bot_secret_hash(&mut db, connector.id).await?;
        let given = secret.map(token_hash);
        if expected.is_none() || given != expected {
            return Err(ApiError::Unauthorized(
                "The X-Telegram-Bot-Api-Secret-Token header is missing or wrong".into(),
            ));
        }
        let sealed = delivery::sealed_secrets(&mut db, connector.id).await?;
        let bot_token = sealed
            .bot_token_sealed
            .and_then(|sealed| state.secrets.open(&sealed));
        if delivery::telegram_update_taken(&mut db, connector.id, update.update_id).await? {
            return Ok(());
        }
        (connector, bot_token)
    };
    if let Some(message) = &update.message {
        let files = fetch_files(state, bot_token.as_deref(), message).await?;
        let text = message
            .text
            .clone()
            .or_else(|| message.caption.clone())
            .unwrap_or_default();
        if !text.trim().is_empty() || !files.is_empty() {
            let delivery = InboundDelivery {
                chat: InboundChat {
                    id: message.chat.id.to_string(),
                    title: message.chat.title.clone(),
                },
                customer: customer_of(message),
                message: InboundMessage {
                    id: external_id(message),
                    text,
                    attachments: Vec::new(),
                },
            };
            state
                .inbound
                .write(super::Source::Token(token.to_owned()), delivery, files)
                .await?;
        }
    } else if let Some(edited) = &update.edited_message {
        edit(state, connector.id, edited).await?;
    }
    let mut db = state.pool.acquire().await?;
    delivery::take_telegram_update(&mut db, connector.id, update.update_id, store::now_ms())
        .await?;
    Ok(())
}

/// The customer changed a message: the workspace shows the new text.
async fn edit(
    state: &AppState,
    connector: switchboard_protocol::ConnectorId,
    edited: &TelegramMessage,
) -> Result<(), ApiError> {
    let Some(text) = edited.text.clone().or_else(|| edited.caption.clone()) else {
        return Ok(());
    };
    let mut change = Change::begin(state).await?;
    let found = messages::by_external_id(&mut change.tx, connector, &external_id(edited)).await?;
    let Some((conversation, id)) = found else {
        // An edit of a message we never had: nothing to change.
        return Ok(());
    };
    let now = change.now;
    message_actions::edit(&mut change.tx, id, &text, &NO_MENTIONS, now).await?;
    let (Some(message), Some(summary)) = (
        messages::by_id(&mut change.tx, id).await?,
        conversations::summary(&mut change.tx, conversation).await?,
    ) else {
        return Ok(());
    };
    let audience = audience_of(&summary, &[]);
    change
        .record(&audience, Event::MessageUpdated { message })
        .await?;
    change.commit(state).await
}

/// Fetches a message's photo (its largest size) or document with `getFile`
/// and stores it like an upload. A failure answers an error so that
/// Telegram sends the update again later: nothing the customer sent is
/// lost. A file larger than this server accepts is left out.
async fn fetch_files(
    state: &AppState,
    bot_token: Option<&str>,
    message: &TelegramMessage,
) -> Result<Vec<FileId>, ApiError> {
    let wanted: Vec<(String, String, String)> = message
        .photo
        .last()
        .map(|photo| {
            (
                photo.file_id.clone(),
                format!("photo-{}.jpg", message.message_id),
                "image/jpeg".to_owned(),
            )
        })
        .into_iter()
        .chain(message.document.as_ref().map(|doc| {
            (
                doc.file_id.clone(),
                doc.file_name
                    .clone()
                    .unwrap_or_else(|| format!("file-{}", message.message_id)),
                doc.mime_type
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".into()),
            )
        }))
        .collect();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let bot_token = bot_token.ok_or_else(|| {
        ApiError::UnsupportedByChannel("The bot token is missing: files cannot be fetched".into())
    })?;
    let mut stored = Vec::new();
    for (file_id, name, content_type) in wanted {
        stored.extend(fetch_one(state, bot_token, &file_id, &name, &content_type).await?);
    }
    Ok(stored)
}

fn unavailable(why: String) -> ApiError {
    ApiError::Internal(format!("Telegram file: {why}"))
}

async fn fetch_one(
    state: &AppState,
    bot_token: &str,
    file_id: &str,
    name: &str,
    content_type: &str,
) -> Result<Option<FileId>, ApiError> {
    let answer = state
        .delivery
        .client
        .post(telegram::method_url(state, bot_token, "getFile"))
        .json(&json!({ "file_id": file_id }))
        .send()
        .await;
    let file: telegram::Answer = match answer {
        Ok(answer) => answer
            .json()
            .await
            .map_err(|e| unavailable(format!("getFile answer: {e}")))?,
        Err(error) => {
            let why = match Outcome::of_error(&error, "getFile") {
                Outcome::Retry { error, .. } => error,
                _ => "getFile failed".into(),
            };
            return Err(unavailable(why));
        }
    };
    let path = file.result["file_path"]
        .as_str()
        .filter(|_| file.ok)
        .ok_or_else(|| unavailable(file.description.unwrap_or_default()))?;
    let url = format!(
        "{}/file/bot{bot_token}/{path}",
        state.config.telegram_api_url.trim_end_matches('/')
    );
    let bytes = state
        .delivery
        .client
        .get(url)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|e| unavailable(format!("download: {}", e.without_url())))?
        .bytes()
        .await
        .map_err(|e| unavailable(format!("download: {}", e.without_url())))?;
    let size = bytes.len() as u64;
    if size > state.config.max_upload_bytes {
        tracing::warn!(
            size,
            "a Telegram file larger than --max-upload-bytes was left out"
        );
        return Ok(None);
    }
    let id = files::new_file_id();
    state.files.put(&id.0, bytes).await?;
    let name = files::header_safe_name(name);
    let content_type: String = content_type.chars().take(255).collect();
    let mut db = state.pool.acquire().await?;
    store::files::insert(
        &mut db,
        &id,
        &name,
        &content_type,
        size,
        None,
        None,
        store::now_ms(),
    )
    .await?;
    Ok(Some(id))
}
