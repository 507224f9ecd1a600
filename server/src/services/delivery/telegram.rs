//! The Telegram connector's way out, through the Bot API
//! (`{api}/bot<token>/<method>`, `--telegram-api-url`): `sendMessage`,
//! `sendPhoto` / `sendDocument`, `editMessageText`, `deleteMessage` and
//! `sendChatAction`.

use std::time::Duration;

use serde::Deserialize;
use serde_json::{json, Value};
use switchboard_protocol::OutboundKind;

use super::{plain_text_of, Attempt, Outcome};
use crate::services::file_store::FileError;
use crate::state::AppState;

/// Telegram's answer envelope.
#[derive(Debug, Deserialize)]
pub struct Answer {
    /// Whether the call worked.
    pub ok: bool,
    /// What it returned.
    #[serde(default)]
    pub result: Value,
    /// Why it failed.
    #[serde(default)]
    pub description: Option<String>,
    /// How long to wait (429).
    #[serde(default)]
    pub parameters: Option<Parameters>,
}

/// `ResponseParameters`.
#[derive(Debug, Deserialize)]
pub struct Parameters {
    /// Seconds to wait before repeating the request.
    #[serde(default)]
    pub retry_after: Option<u64>,
}

/// A Bot API method's URL.
pub fn method_url(state: &AppState, bot_token: &str, method: &str) -> String {
    format!(
        "{}/bot{bot_token}/{method}",
        state.config.telegram_api_url.trim_end_matches('/')
    )
}

/// Reads a call's answer into an outcome; `Delivered` carries the sent
/// message's id when the result is a message.
async fn outcome(answer: Result<reqwest::Response, reqwest::Error>, method: &str) -> Outcome {
    let what = format!("Telegram ({method})");
    let answer = match answer {
        Ok(answer) => answer,
        Err(error) => return Outcome::of_error(&error, &what),
    };
    let status = answer.status();
    let body: Option<Answer> = answer.json().await.ok();
    let retry_after = body
        .as_ref()
        .and_then(|b| b.parameters.as_ref())
        .and_then(|p| p.retry_after)
        .map(Duration::from_secs);
    match body {
        Some(body) if status.is_success() && body.ok => Outcome::Delivered {
            channel_id: body.result.get("message_id").map(|id| id.to_string()),
        },
        Some(body) => {
            let description = body.description.unwrap_or_default();
            // Editing to the same text is not a failure: the customer has it.
            if description.contains("message is not modified") {
                return Outcome::Delivered { channel_id: None };
            }
            let said = format!("{what} answered {}: {description}", status.as_u16());
            match Outcome::of_status(status, retry_after, &what) {
                Outcome::Retry { after, .. } => Outcome::Retry { error: said, after },
                Outcome::Final { .. } => Outcome::Final { error: said },
                // A 2xx with `ok: false` is a refusal.
                _ => Outcome::Final {
                    error: format!("{what} refused it: {description}"),
                },
            }
        }
        None => Outcome::of_status(status, retry_after, &what),
    }
}

/// Calls a method with a JSON body.
pub async fn call(state: &AppState, bot_token: &str, method: &str, body: &Value) -> Outcome {
    let answer = state
        .delivery
        .client
        .post(method_url(state, bot_token, method))
        .json(body)
        .send()
        .await;
    outcome(answer, method).await
}

/// Delivers one job through the Bot API.
pub async fn deliver(state: &AppState, attempt: &Attempt<'_>, bot_token: &str) -> Outcome {
    let chat_id = attempt.job.external_chat_id.as_str();
    match attempt.job.kind.0 {
        OutboundKind::Typing => {
            let body = json!({ "chat_id": chat_id, "action": "typing" });
            call(state, bot_token, "sendChatAction", &body).await
        }
        OutboundKind::MessageCreated => {
            let Some(message) = attempt.message else {
                return Outcome::Nothing;
            };
            let text = plain_text_of(message);
            let mut first: Option<String> = None;
            let mut caption = Some(text.clone()).filter(|t| !t.trim().is_empty());
            for file in &message.attachments {
                let photo =
                    file.content_type.starts_with("image/") && !file.content_type.contains("svg");
                let outcome =
                    send_file(state, bot_token, chat_id, file, photo, caption.take()).await;
                match outcome {
                    Outcome::Delivered { channel_id } => first = first.or(channel_id),
                    other => return other,
                }
            }
            if let Some(text) = caption {
                let body = json!({ "chat_id": chat_id, "text": text });
                match call(state, bot_token, "sendMessage", &body).await {
                    Outcome::Delivered { channel_id } => first = first.or(channel_id),
                    other => return other,
                }
            }
            Outcome::Delivered { channel_id: first }
        }
        OutboundKind::MessageEdited => {
            let (Some(message), Some(id)) = (attempt.message, attempt.channel_id) else {
                return Outcome::Nothing;
            };
            let body = json!({
                "chat_id": chat_id,
                "message_id": id.parse::<i64>().unwrap_or_default(),
                "text": plain_text_of(message),
            });
            call(state, bot_token, "editMessageText", &body).await
        }
        OutboundKind::MessageDeleted => {
            let Some(id) = attempt.channel_id else {
                return Outcome::Nothing;
            };
            let body = json!({
                "chat_id": chat_id,
                "message_id": id.parse::<i64>().unwrap_or_default(),
            });
            call(state, bot_token, "deleteMessage", &body).await
        }
    }
}

/// `sendPhoto` or `sendDocument` with the file's bytes.
async fn send_file(
    state: &AppState,
    bot_token: &str,
    chat_id: &str,
    file: &switchboard_protocol::Attachment,
    photo: bool,
    caption: Option<String>,
) -> Outcome {
    let bytes = match state.files.read(&file.id.0).await {
        Ok(bytes) => bytes,
        Err(error @ FileError::NotFound) => {
            return Outcome::Final {
                error: format!("{} cannot be read: {error}", file.name),
            }
        }
        // The store may answer again (a bucket over the network).
        Err(error @ FileError::Store(_)) => {
            return Outcome::Retry {
                error: format!("{} cannot be read: {error}", file.name),
                after: None,
            }
        }
    };
    let (method, field) = if photo {
        ("sendPhoto", "photo")
    } else {
        ("sendDocument", "document")
    };
    // A type the uploader declared that is not a MIME type goes as bytes.
    let mime = if file
        .content_type
        .parse::<reqwest::header::HeaderValue>()
        .is_ok()
        && file.content_type.contains('/')
    {
        file.content_type.as_str()
    } else {
        "application/octet-stream"
    };
    let length = bytes.len() as u64;
    let part = match reqwest::multipart::Part::stream_with_length(bytes, length)
        .file_name(file.name.clone())
        .mime_str(mime)
    {
        Ok(part) => part,
        Err(error) => {
            return Outcome::Final {
                error: format!("{} has an unusable type: {error}", file.name),
            }
        }
    };
    let mut form = reqwest::multipart::Form::new()
        .text("chat_id", chat_id.to_owned())
        .part(field, part);
    if let Some(caption) = caption {
        form = form.text("caption", caption);
    }
    let answer = state
        .delivery
        .client
        .post(method_url(state, bot_token, method))
        .multipart(form)
        .send()
        .await;
    outcome(answer, method).await
}
