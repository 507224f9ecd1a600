//! The website chat widget: a site's visitors write to a website-chat
//! connector from the widget the site embeds (`/widget.js`), follow the
//! replies live on a stream of server-sent events, send files and rate the
//! finished conversation.
//!
//! A visitor is known by a random token kept in their browser; only its
//! hash is stored. The widget is accepted only from the origins its
//! connector allows (see [`origin_allowed`]).

use std::convert::Infallible;
use std::time::Duration;

use axum::response::sse::Event;
use switchboard_protocol::{
    origin_matches, origin_problem, ChatId, Connector, ConnectorId, CustomerViewPage,
    Event as WorkspaceEvent, InboundAccepted, InboundChat, InboundCustomer, InboundDelivery,
    InboundMessage, MessageId, SystemEvent, WidgetConfig, WidgetMessageRequest,
    WidgetRatingRequest, WidgetSettings, WidgetState, WidgetVisitor, WidgetVisitorRequest,
};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::mpsc;

use super::auth::{new_token, token_hash};
use super::conversations::audience_of;
use super::events::Change;
use super::system_messages;
use super::validation::TextField;
use crate::error::{ApiError, OrVanished};
use crate::state::AppState;
use crate::store::events::Audience;
use crate::store::widget::{self, WidgetRow};
use crate::store::{self, conversations, customers, lines};

const VISITOR_NAME: TextField = TextField::optional("name", 200);
const VISITOR_EMAIL: TextField = TextField::optional("email", 200);
const RATING_COMMENT: TextField = TextField::optional("comment", 2_000);
const WELCOME: TextField = TextField::optional("welcome_message", 1_000);
const OFFLINE: TextField = TextField::optional("offline_message", 1_000);
const PUBLIC_ID: TextField = TextField::required("public_id", 64);
/// Most allowed origins per connector.
const MAX_ORIGINS: usize = 50;
/// How long the stream waits for news before looking again anyway.
const STREAM_IDLE: Duration = Duration::from_secs(20);
/// The name of a visitor the site did not name.
const ANONYMOUS: &str = "Website visitor";

/// A website-chat connector found by its public id.
#[derive(Debug, Clone)]
pub struct Widget {
    /// Its settings.
    pub row: WidgetRow,
    /// The connector (its capabilities).
    pub connector: Connector,
}

/// The website chat a public id names, or 404.
pub async fn find(state: &AppState, public_id: &str) -> Result<Widget, ApiError> {
    let mut db = state.pool.acquire().await?;
    let gone = || ApiError::NotFound("No such website chat".into());
    let row = widget::by_public_id(&mut db, public_id)
        .await?
        .ok_or_else(gone)?;
    let connector = lines::connector_by_id(&mut db, ConnectorId(row.connector_id))
        .await?
        .ok_or_else(gone)?;
    Ok(Widget { row, connector })
}

/// Whether a request from `origin` may use the widget: one of the
/// connector's allowed origins, or the server's own (`host`, from the
/// request's `Host`).
pub fn origin_allowed(widget: &Widget, origin: &str, host: Option<&str>) -> bool {
    let own = host.is_some_and(|host| {
        origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest.eq_ignore_ascii_case(host))
    });
    own || widget
        .row
        .origins()
        .iter()
        .any(|pattern| origin_matches(pattern, origin))
}

/// A fresh public id for a new website-chat connector.
pub fn new_public_id() -> String {
    format!("chat-{}", &new_token()[..16])
}

/// What the widget draws its panel with.
pub async fn config(state: &AppState, widget: &Widget) -> Result<WidgetConfig, ApiError> {
    let mut db = state.pool.acquire().await?;
    let company = store::catalog::company(&mut db).await?.name;
    let online = widget::anyone_online(&mut db, widget.row.line_id).await?;
    let connector = &widget.connector;
    Ok(WidgetConfig {
        company,
        welcome_message: widget.row.welcome_message.clone(),
        offline_message: widget.row.offline_message.clone(),
        online,
        files: connector.capabilities.files,
        max_file_bytes: Some(
            connector
                .capabilities
                .max_file_bytes
                .map_or(state.config.max_upload_bytes, |max| {
                    max.min(state.config.max_upload_bytes)
                }),
        ),
    })
}

/// The visitor's chat, once they have written.
async fn chat_of(
    state: &AppState,
    widget: &Widget,
    visitor: &widget::Visitor,
) -> Result<Option<ChatId>, ApiError> {
    let mut db = state.pool.acquire().await?;
    let connector = widget.connector.id;
    Ok(customers::chat_by_link(&mut db, connector, &visitor.external_chat_id).await?)
}

/// Welcomes a new visitor: their token, shown this once.
pub async fn new_visitor(
    state: &AppState,
    widget: &Widget,
    request: WidgetVisitorRequest,
) -> Result<WidgetVisitor, ApiError> {
    let clean =
        |value: Option<String>| value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let name = clean(request.name);
    let email = clean(request.email);
    VISITOR_NAME.check_optional(name.as_deref())?;
    VISITOR_EMAIL.check_optional(email.as_deref())?;
    let token = new_token();
    let chat = format!("web-{}", &new_token()[..24]);
    let mut db = state.pool.acquire().await?;
    widget::insert_visitor(
        &mut db,
        widget.row.connector_id,
        &token_hash(&token),
        &chat,
        name.as_deref(),
        email.as_deref(),
        store::now_ms(),
    )
    .await?;
    Ok(WidgetVisitor { token })
}

/// The visitor a bearer token names, or 401.
pub async fn visitor(
    state: &AppState,
    widget: &Widget,
    token: Option<&str>,
) -> Result<widget::Visitor, ApiError> {
    let token = token.ok_or_else(|| ApiError::Unauthorized("A visitor token is needed".into()))?;
    let mut db = state.pool.acquire().await?;
    widget::visitor(&mut db, widget.row.connector_id, &token_hash(token))
        .await?
        .ok_or_else(|| ApiError::Unauthorized("Unknown visitor".into()))
}

/// Sends the visitor's message: sending the same id again creates nothing.
pub async fn send(
    state: &AppState,
    widget: &Widget,
    visitor: &widget::Visitor,
    request: WidgetMessageRequest,
) -> Result<InboundAccepted, ApiError> {
    TextField::required("id", 100).check(&request.id)?;
    {
        let mut db = state.pool.acquire().await?;
        for file in &request.files {
            if !widget::file_is_the_visitors(&mut db, &file.0).await? {
                return Err(ApiError::Unprocessable("Unknown file".into()));
            }
        }
    }
    let delivery = InboundDelivery {
        chat: InboundChat {
            id: visitor.external_chat_id.clone(),
            title: None,
        },
        customer: InboundCustomer {
            id: visitor.external_chat_id.clone(),
            // Anonymous visitors told apart by the start of their chat's id.
            name: visitor.name.clone().unwrap_or_else(|| {
                let tag = visitor.external_chat_id.get(4..8).unwrap_or_default();
                format!("{ANONYMOUS} {tag}")
            }),
            email: visitor.email.clone(),
            phone: None,
        },
        message: InboundMessage {
            id: format!("{}:{}", visitor.external_chat_id, request.id),
            text: request.text,
            attachments: Vec::new(),
        },
    };
    state
        .inbound
        .write(
            super::inbound::Source::Connector(widget.connector.id),
            delivery,
            request.files,
        )
        .await
}

/// The visitor's conversation from `after` on (every session).
pub async fn messages(
    state: &AppState,
    widget: &Widget,
    visitor: &widget::Visitor,
    after: Option<MessageId>,
) -> Result<CustomerViewPage, ApiError> {
    let chat = chat_of(state, widget, visitor).await?;
    messages_of(state, widget, chat, after).await
}

/// The messages of the visitor's chat (none before they write).
async fn messages_of(
    state: &AppState,
    widget: &Widget,
    chat: Option<ChatId>,
    after: Option<MessageId>,
) -> Result<CustomerViewPage, ApiError> {
    match chat {
        Some(chat) => super::inbound::view_of_chat(state, &widget.connector, chat, after).await,
        None => Ok(CustomerViewPage {
            items: Vec::new(),
            next_cursor: after,
            operator_typing: false,
        }),
    }
}

/// Who types a reply, and the finished conversation to rate; with how long
/// the typing still counts.
async fn current_state(
    state: &AppState,
    chat: ChatId,
) -> Result<(WidgetState, Option<Duration>), ApiError> {
    let mut db = state.pool.acquire().await?;
    let typing = conversations::latest_of_chat(&mut db, chat)
        .await?
        .filter(|(_, status, _)| status.is_open())
        .and_then(|(id, _, _)| state.typing.replier(id));
    let to_rate = widget::to_rate(&mut db, chat).await?;
    let left = typing.as_ref().map(|(_, left)| *left);
    Ok((
        WidgetState {
            typing: typing.map(|(name, _)| name),
            to_rate,
        },
        left,
    ))
}

/// Records the visitor's rating of a finished conversation, with a system
/// message in it that every workspace sees.
pub async fn rate(
    state: &AppState,
    widget: &Widget,
    visitor: &widget::Visitor,
    request: WidgetRatingRequest,
) -> Result<(), ApiError> {
    if !(1..=5).contains(&request.score) {
        return Err(ApiError::InvalidField {
            code: "unprocessable",
            field: "score",
            message: "A rating is from 1 to 5".into(),
        });
    }
    let comment = request
        .comment
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty());
    RATING_COMMENT.check_optional(comment.as_deref())?;
    let mut change = Change::begin(state).await?;
    let chat = customers::chat_by_link(
        &mut change.tx,
        widget.connector.id,
        &visitor.external_chat_id,
    )
    .await?
    .ok_or_else(|| ApiError::NotFound("No such conversation".into()))?;
    let rated = widget::rate(
        &mut change.tx,
        chat,
        request.conversation_id,
        request.score,
        comment.as_deref(),
    )
    .await?;
    if !rated {
        return Err(ApiError::Conflict(
            "This conversation is not finished, or was rated already".into(),
        ));
    }
    let event = SystemEvent::Rated {
        score: request.score,
        comment,
    };
    let message = system_messages::write(
        &mut change.tx,
        request.conversation_id,
        &event,
        store::now_ms(),
    )
    .await?;
    let summary = conversations::summary(&mut change.tx, request.conversation_id)
        .await?
        .or_vanished("conversation")?;
    let audience = audience_of(&summary, &[]);
    change
        .record(&audience, WorkspaceEvent::MessageCreated { message })
        .await?;
    let event = WorkspaceEvent::ConversationUpdated {
        conversation: summary,
    };
    change.record(&audience, event).await?;
    change.commit(state).await
}

/// A website-chat connector's widget settings (Settings → Connectors).
pub async fn settings_of(
    db: &mut crate::store::Conn,
    connector: ConnectorId,
) -> Result<WidgetSettings, ApiError> {
    widget::settings(db, connector)
        .await?
        .ok_or_else(|| ApiError::NotFound("This connector is not a website chat".into()))
}

/// Checks and cleans settings an admin sends.
pub fn clean_settings(mut settings: WidgetSettings) -> Result<WidgetSettings, ApiError> {
    let field = |field: &'static str, message: String| ApiError::InvalidField {
        code: "unprocessable",
        field,
        message,
    };
    settings.public_id = settings.public_id.trim().to_owned();
    PUBLIC_ID.check(&settings.public_id)?;
    if !settings
        .public_id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(field(
            "public_id",
            "The public id has only letters, digits, - and _".into(),
        ));
    }
    let mut origins = Vec::new();
    for origin in &settings.allowed_origins {
        let origin = origin.trim().trim_end_matches('/');
        if origin.is_empty() || origins.iter().any(|o: &String| o == origin) {
            continue;
        }
        if let Some(problem) = origin_problem(origin) {
            return Err(field("allowed_origins", format!("{origin}: {problem}")));
        }
        origins.push(origin.to_owned());
    }
    if origins.len() > MAX_ORIGINS {
        return Err(field(
            "allowed_origins",
            format!("At most {MAX_ORIGINS} origins"),
        ));
    }
    settings.allowed_origins = origins;
    let text = |value: Option<String>| value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    settings.welcome_message = text(settings.welcome_message);
    settings.offline_message = text(settings.offline_message);
    WELCOME.check_optional(settings.welcome_message.as_deref())?;
    OFFLINE.check_optional(settings.offline_message.as_deref())?;
    Ok(settings)
}

/// The messages already shown that were edited (a `message` event with the
/// new text) or deleted (a `removed` event with its id) since `since`.
async fn changes(
    state: &AppState,
    widget: &Widget,
    chat: ChatId,
    since: &mut i64,
    cursor: MessageId,
) -> Result<Vec<Event>, ApiError> {
    let now = store::now_ms();
    let changed = {
        let mut db = state.pool.acquire().await?;
        widget::changed_since(&mut db, chat, *since, cursor.0).await?
    };
    // A little overlap: an edit stamped just before `now` may commit after the query.
    *since = now - 2_000;
    let mut events = Vec::new();
    for id in changed {
        let page = messages_of(state, widget, Some(chat), Some(MessageId(id - 1))).await?;
        let event = match page.items.first().filter(|message| message.id.0 == id) {
            Some(message) => Event::default()
                .event("message")
                .id(id.to_string())
                .json_data(message),
            None => Event::default()
                .event("removed")
                .json_data(serde_json::json!({ "id": id })),
        };
        if let Ok(event) = event {
            events.push(event);
        }
    }
    Ok(events)
}

/// Whether an event or typing frame is about a conversation.
fn about_conversations(audience: &Audience) -> bool {
    matches!(audience, Audience::Conversation { .. })
}

/// Marks the replies the stream just gave the visitor's widget as
/// delivered: the operator sees ✓ once the visitor's browser has them.
async fn mark_reached(
    state: &AppState,
    chat: ChatId,
    first: MessageId,
    last: MessageId,
) -> Result<(), ApiError> {
    let ids = {
        let mut db = state.pool.acquire().await?;
        widget::replies_not_marked(&mut db, chat, first.0, last.0).await?
    };
    let ids: Vec<MessageId> = ids.into_iter().map(MessageId).collect();
    super::delivery::reached(state, &ids).await
}

/// Follows the visitor's conversation from `after` on: every message as a
/// `message` event (its id as the event's id), and a `state` event each
/// time the typing or the conversation to rate changes. The stream looks
/// again whenever something happens on the connector's channel, and ends
/// with the server.
pub fn follow(
    state: AppState,
    widget: Widget,
    visitor: widget::Visitor,
    after: Option<MessageId>,
) -> mpsc::Receiver<Result<Event, Infallible>> {
    let (sender, receiver) = mpsc::channel(32);
    tokio::spawn(async move {
        let mut events = state.events.subscribe();
        let mut typing = state.typing.subscribe();
        let mut stopping = state.shutdown.watch();
        let mut cursor = after;
        let mut shown: Option<WidgetState> = None;
        // Edits and deletions from now on are sent again.
        let mut since = store::now_ms();
        // The visitor's chat, looked up until they have written.
        let mut chat = None;
        loop {
            if chat.is_none() {
                chat = match chat_of(&state, &widget, &visitor).await {
                    Ok(found) => found,
                    Err(error) => {
                        tracing::warn!(%error, "widget stream");
                        return;
                    }
                };
            }
            if let (Some(chat), Some(cursor)) = (chat, cursor) {
                match changes(&state, &widget, chat, &mut since, cursor).await {
                    Ok(events) => {
                        for event in events {
                            if sender.send(Ok(event)).await.is_err() {
                                return;
                            }
                        }
                    }
                    Err(error) => {
                        tracing::warn!(%error, "widget stream");
                        return;
                    }
                }
            }
            let page = match messages_of(&state, &widget, chat, cursor).await {
                Ok(page) => page,
                Err(error) => {
                    tracing::warn!(%error, "widget stream");
                    return;
                }
            };
            let full = page.items.len() >= 200;
            let range = page
                .items
                .first()
                .zip(page.items.last())
                .map(|(a, b)| (a.id, b.id));
            for message in page.items {
                cursor = Some(message.id);
                let Ok(event) = Event::default()
                    .event("message")
                    .id(message.id.0.to_string())
                    .json_data(&message)
                else {
                    continue;
                };
                if sender.send(Ok(event)).await.is_err() {
                    return;
                }
            }
            if let (Some(chat), Some((first, last))) = (chat, range) {
                if let Err(error) = mark_reached(&state, chat, first, last).await {
                    tracing::warn!(%error, "widget stream: replies not marked delivered");
                }
            }
            if full {
                continue;
            }
            let (now, typing_left) = match chat {
                None => (WidgetState::default(), None),
                Some(chat) => match current_state(&state, chat).await {
                    Ok(found) => found,
                    Err(error) => {
                        tracing::warn!(%error, "widget stream");
                        return;
                    }
                },
            };
            if shown.as_ref() != Some(&now) {
                if let Ok(event) = Event::default().event("state").json_data(&now) {
                    if sender.send(Ok(event)).await.is_err() {
                        return;
                    }
                }
                shown = Some(now);
            }
            let wait = typing_left.map_or(STREAM_IDLE, |left| left.min(STREAM_IDLE));
            let until = tokio::time::Instant::now() + wait;
            // Woken by what happens to conversations (of any channel: the
            // visitor's may have been transferred to another one) and their
            // typing, not by the rest (presence, internal chats, tasks...).
            loop {
                let news = tokio::select! {
                    () = sender.closed() => return,
                    () = crate::shutdown::requested(&mut stopping) => return,
                    () = tokio::time::sleep_until(until) => true,
                    received = events.recv() => match received {
                        Ok(event) => about_conversations(&event.audience),
                        Err(RecvError::Lagged(_)) => true,
                        Err(RecvError::Closed) => return,
                    },
                    received = typing.recv() => match received {
                        Ok(frame) => about_conversations(&frame.audience),
                        Err(RecvError::Lagged(_)) => true,
                        Err(RecvError::Closed) => return,
                    },
                };
                if news {
                    break;
                }
            }
        }
    });
    receiver
}
