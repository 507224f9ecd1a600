//! How a connector's messages reach customers: the generic webhook's
//! outbound URL, and the Telegram bot ("Check" calls `getMe`, "Connect"
//! calls `setWebhook` with the inbound URL and a generated secret).

use serde_json::json;
use switchboard_protocol::{
    AuditAction, Connector, ConnectorId, ConnectorKind, OutboundUrlRequest, TelegramBot,
    TelegramTokenRequest,
};

use super::channels::{connector, told};
use super::{audit, link_base, require_admin};
use crate::error::ApiError;
use crate::services::auth::{new_token, token_hash};
use crate::services::delivery::{telegram, Outcome};
use crate::services::events::Change;
use crate::services::validation::TextField;
use crate::services::Viewer;
use crate::state::AppState;
use crate::store::{delivery, lines};

const URL: TextField = TextField::required("url", 2000);
const BOT_TOKEN: TextField = TextField::required("bot_token", 200);

fn invalid(field: &'static str, message: &str) -> ApiError {
    ApiError::InvalidField {
        code: "unprocessable",
        field,
        message: message.to_owned(),
    }
}

/// Tells every workspace the connector's line again, audits, commits and
/// answers the connector as it now is.
async fn done(
    state: &AppState,
    mut change: Change,
    viewer: &Viewer,
    before: &Connector,
    details: String,
) -> Result<Connector, ApiError> {
    let action = AuditAction::ConnectorUpdated;
    audit(&mut change, viewer, action, &before.name, details).await?;
    told(&mut change, before.line_id).await?;
    let after = connector(&mut change, before.id).await?;
    change.commit(state).await?;
    Ok(after)
}

/// Sets (or clears) where the generic webhook posts what customers must
/// receive; cleared, its adapter polls the customer view again.
pub async fn set_outbound_url(
    state: &AppState,
    viewer: &Viewer,
    id: ConnectorId,
    request: OutboundUrlRequest,
) -> Result<Connector, ApiError> {
    require_admin(viewer)?;
    let url = request
        .url
        .as_deref()
        .map(str::trim)
        .filter(|url| !url.is_empty());
    if let Some(url) = url {
        URL.check(url)?;
        let parsed = reqwest::Url::parse(url)
            .map_err(|_| invalid("url", "Enter a full address, like https://example.com/hook"))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(invalid(
                "url",
                "The address must start with https:// or http://",
            ));
        }
    }
    let mut change = Change::begin(state).await?;
    let before = connector(&mut change, id).await?;
    if before.kind == ConnectorKind::Telegram {
        return Err(ApiError::Conflict(
            "A Telegram connector delivers through its bot: paste its bot token instead".into(),
        ));
    }
    delivery::set_outbound_url(&mut change.tx, id, url).await?;
    let details = match url {
        Some(url) => format!("outbound URL {url}"),
        None => "outbound URL removed".into(),
    };
    done(state, change, viewer, &before, details).await
}

async fn telegram_connector(change: &mut Change, id: ConnectorId) -> Result<Connector, ApiError> {
    let found = connector(change, id).await?;
    if found.kind != ConnectorKind::Telegram {
        return Err(ApiError::Conflict(
            "This is not a Telegram connector".into(),
        ));
    }
    Ok(found)
}

/// Keeps the bot token pasted from @BotFather, sealed; it is never shown
/// again. A new token needs "Check" and "Connect" again.
pub async fn set_bot_token(
    state: &AppState,
    viewer: &Viewer,
    id: ConnectorId,
    request: TelegramTokenRequest,
) -> Result<Connector, ApiError> {
    require_admin(viewer)?;
    let token = BOT_TOKEN.check(request.bot_token.trim())?;
    let well_formed = token.split_once(':').is_some_and(|(bot, secret)| {
        !bot.is_empty()
            && bot.bytes().all(|b| b.is_ascii_digit())
            && !secret.is_empty()
            && secret
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    });
    if !well_formed {
        return Err(invalid(
            "bot_token",
            "A bot token looks like 123456789:ABCdef… (digits, a colon, letters)",
        ));
    }
    let mut change = Change::begin(state).await?;
    let before = telegram_connector(&mut change, id).await?;
    delivery::set_bot_token(&mut change.tx, id, &state.secrets.seal(token)).await?;
    done(state, change, viewer, &before, "bot token set".into()).await
}

async fn bot_token(state: &AppState, id: ConnectorId) -> Result<(Connector, String), ApiError> {
    let mut db = state.pool.acquire().await?;
    let found = lines::connector_by_id(&mut db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such connector".into()))?;
    let sealed = delivery::sealed_secrets(&mut db, id)
        .await?
        .bot_token_sealed;
    let token = sealed
        .and_then(|sealed| state.secrets.open(&sealed))
        .ok_or_else(|| ApiError::Conflict("Paste the bot token first".into()))?;
    Ok((found, token))
}

/// The answer of a Bot API call made from Settings, or why it failed.
async fn ask(
    state: &AppState,
    token: &str,
    method: &str,
    body: &serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    let answer = state
        .delivery
        .client
        .post(telegram::method_url(state, token, method))
        .json(body)
        .send()
        .await;
    let refused = |why: String| ApiError::UnsupportedByChannel(format!("Telegram: {why}"));
    let answer = match answer {
        Ok(answer) => answer,
        Err(error) => {
            let Outcome::Retry { error, .. } = Outcome::of_error(&error, "Telegram") else {
                return Err(refused("no answer".into()));
            };
            return Err(refused(error));
        }
    };
    let status = answer.status();
    let body: telegram::Answer = answer
        .json()
        .await
        .map_err(|_| refused(format!("unexpected answer ({status})")))?;
    if body.ok {
        Ok(body.result)
    } else {
        Err(refused(
            body.description
                .unwrap_or_else(|| format!("refused ({status})")),
        ))
    }
}

/// "Check": asks Telegram who the bot is (`getMe`) and keeps its name.
pub async fn check_bot(
    state: &AppState,
    viewer: &Viewer,
    id: ConnectorId,
) -> Result<TelegramBot, ApiError> {
    require_admin(viewer)?;
    let (_, token) = bot_token(state, id).await?;
    let me = ask(state, &token, "getMe", &json!({})).await?;
    let bot = TelegramBot {
        name: me["first_name"].as_str().unwrap_or("Bot").to_owned(),
        username: me["username"].as_str().map(str::to_owned),
    };
    let mut change = Change::begin(state).await?;
    let before = telegram_connector(&mut change, id).await?;
    delivery::set_bot_name(&mut change.tx, id, &bot.name).await?;
    done(state, change, viewer, &before, format!("bot {}", bot.name)).await?;
    Ok(bot)
}

/// "Connect": points the bot's webhook at this connector (`setWebhook`
/// with its inbound URL and a new secret Telegram sends back with every
/// update).
pub async fn connect_bot(
    state: &AppState,
    viewer: &Viewer,
    base: &str,
    id: ConnectorId,
) -> Result<Connector, ApiError> {
    require_admin(viewer)?;
    let (found, token) = bot_token(state, id).await?;
    let connector_token = {
        let mut db = state.pool.acquire().await?;
        delivery::sealed_secrets(&mut db, id)
            .await?
            .secret_sealed
            .and_then(|sealed| state.secrets.open(&sealed))
            .ok_or_else(|| {
                ApiError::Conflict("Rotate this connector's token first, then connect".into())
            })?
    };
    let url = format!(
        "{}{}/connectors/telegram/{connector_token}",
        link_base(state, base),
        switchboard_protocol::API_PREFIX
    );
    let secret = new_token();
    let body = json!({
        "url": url,
        "secret_token": secret,
        "allowed_updates": ["message", "edited_message"],
    });
    ask(state, &token, "setWebhook", &body).await?;
    let mut change = Change::begin(state).await?;
    delivery::set_bot_secret_hash(&mut change.tx, id, &token_hash(&secret)).await?;
    done(
        state,
        change,
        viewer,
        &found,
        "bot webhook connected".into(),
    )
    .await
}
