//! `/events`: the websocket event stream.
//!
//! Browsers cannot set headers on a websocket, so the token travels in the
//! query: `/api/v1/events?token=<bearer token>&after=<last seq>`. The
//! `Authorization` header is accepted too, for other clients. Authentication
//! happens before the upgrade, so a bad token is a plain 401.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::ws::{CloseFrame, Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use futures_util::StreamExt;
use serde::Deserialize;
use switchboard_protocol::{
    ClientFrame, ConversationId, ErrorBody, EventSeq, ServerFrame, CLOSE_REASON_RESTARTING,
    CLOSE_SERVICE_RESTART, CLOSE_SESSION_ENDED,
};
use tokio::sync::broadcast::error::RecvError;

use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::bearer_token;
use super::responses::public;
use crate::error::ApiError;
use crate::services::events::BATCH;
use crate::services::{auth, conversations, permissions, Viewer};
use crate::state::AppState;
use crate::store::events::{self as event_store, StoredEvent};

/// The route of the event stream.
pub(super) fn router() -> OpenApiRouter<AppState> {
    public("events", [routes!(events)])
}

/// Query of the websocket URL.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// Bearer token (browsers cannot send headers on websockets).
    pub token: Option<String>,
    /// Last sequence number the client applied; missed events are replayed.
    pub after: Option<i64>,
}

/// Opens the event stream (websocket upgrade). See `docs/events.md`.
#[utoipa::path(get, path = "/events", operation_id = "openEventStream", params(EventsQuery),
    responses((status = 101, description = "Switching to the websocket protocol"),
        (status = 401, body = ErrorBody)))]
async fn events(
    State(state): State<AppState>,
    Query(query): Query<EventsQuery>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    let token = query
        .token
        .clone()
        .filter(|token| !token.is_empty())
        .or_else(|| bearer_token(&headers))
        .ok_or_else(|| ApiError::Unauthorized("Missing token".into()))?;
    let viewer = auth::authenticate(&state, &token).await?;
    Ok(upgrade.on_upgrade(move |socket| async move {
        if let Err(error) = run_session(socket, state, viewer, token, query.after).await {
            tracing::debug!(%error, "event stream ended");
        }
    }))
}

#[derive(Debug, thiserror::Error)]
enum SessionError {
    #[error("socket: {0}")]
    Socket(#[from] axum::Error),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
}

async fn send_frame(socket: &mut WebSocket, frame: &ServerFrame) -> Result<(), SessionError> {
    let text = serde_json::to_string(frame)?;
    socket.send(WsMessage::Text(text.into())).await?;
    Ok(())
}

async fn send_event(
    socket: &mut WebSocket,
    viewer: &Viewer,
    event: &StoredEvent,
) -> Result<(), SessionError> {
    if permissions::may_receive(viewer, &event.audience) {
        socket
            .send(WsMessage::Text(event.frame.clone().into()))
            .await?;
    }
    Ok(())
}

/// Replays what the client missed (or tells it to resync) and returns the
/// sequence number up to which events were handled.
async fn replay(
    socket: &mut WebSocket,
    state: &AppState,
    viewer: &Viewer,
    after: Option<i64>,
) -> Result<i64, SessionError> {
    let mut db = state.pool.acquire().await?;
    let (oldest, latest) = event_store::bounds(&mut db).await?;
    let Some(after) = after else {
        send_frame(
            socket,
            &ServerFrame::Ready {
                latest_seq: EventSeq(latest),
            },
        )
        .await?;
        return Ok(latest);
    };
    let gap_lost = after > latest || (after < latest && oldest > after + 1) || after < 0;
    if gap_lost {
        send_frame(
            socket,
            &ServerFrame::Resync {
                latest_seq: EventSeq(latest),
            },
        )
        .await?;
        return Ok(latest);
    }
    let mut cursor = after;
    while cursor < latest {
        let batch = event_store::range(&mut db, cursor, latest, BATCH).await?;
        let Some(last) = batch.last().map(|event| event.seq) else {
            break;
        };
        for event in &batch {
            send_event(socket, viewer, event).await?;
        }
        cursor = last;
    }
    send_frame(
        socket,
        &ServerFrame::Ready {
            latest_seq: EventSeq(latest),
        },
    )
    .await?;
    Ok(latest)
}

/// Whether an event may change who the session's employee is or what they
/// may see (their role, their lines, their account): the stream then asks
/// again, as a new request would. The tag is matched unescaped, so no text
/// inside an event can pass for it.
fn changes_viewers(frame: &str) -> bool {
    ["user_updated", "line_updated"]
        .iter()
        .any(|tag| frame.contains(&format!("\"event\":{{\"type\":\"{tag}\"")))
}

/// What a connection says it views: recorded if the employee may see it
/// (else as nothing), its colleagues told, and its current viewers sent
/// back.
async fn view(
    socket: &mut WebSocket,
    state: &AppState,
    viewer: &Viewer,
    connection: u64,
    conversation: Option<ConversationId>,
) -> Result<(), SessionError> {
    let mut seen = None;
    if let Some(id) = conversation {
        let mut db = state.pool.acquire().await?;
        if let Ok(summary) = conversations::visible(&mut db, viewer, id).await {
            seen = Some((id, conversations::audience_of(&summary, &[])));
        }
    }
    let shown = seen.as_ref().map(|(id, _)| *id);
    for changed in state.viewing.set(connection, viewer.user.id, seen) {
        state.typing.publish_viewers(changed, Some(viewer.user.id));
    }
    if let Some(id) = shown {
        send_frame(socket, &ServerFrame::Viewers(state.viewing.viewers(id))).await?;
    }
    Ok(())
}

/// One connection's session; when it ends, colleagues stop seeing it as a
/// viewer.
async fn run_session(
    socket: WebSocket,
    state: AppState,
    viewer: Viewer,
    token: String,
    after: Option<i64>,
) -> Result<(), SessionError> {
    let connection = state.viewing.connection();
    let user = viewer.user.id;
    let ended = serve(socket, state.clone(), viewer, token, after, connection).await;
    for changed in state.viewing.set(connection, user, None) {
        state.typing.publish_viewers(changed, Some(user));
    }
    ended
}

async fn serve(
    mut socket: WebSocket,
    state: AppState,
    mut viewer: Viewer,
    token: String,
    after: Option<i64>,
    connection: u64,
) -> Result<(), SessionError> {
    // Held for the whole session: the server waits for it to close on shutdown.
    let mut stopping = state.shutdown.watch();
    // Subscribe before reading the log: every event is then either in the
    // replay (seq <= handled) or arrives live, and duplicates are skipped.
    let mut live = state.events.subscribe();
    let mut typing = state.typing.subscribe();
    let mut handled = replay(&mut socket, &state, &viewer, after).await?;
    let interval = Duration::from_secs(state.config.heartbeat_secs.max(1));
    let mut heartbeat = tokio::time::interval(interval);
    heartbeat.tick().await;
    let mut last_heard = Instant::now();
    loop {
        tokio::select! {
            () = crate::shutdown::requested(&mut stopping) => {
                let close = CloseFrame {
                    code: CLOSE_SERVICE_RESTART,
                    reason: CLOSE_REASON_RESTARTING.into(),
                };
                let _ = socket.send(WsMessage::Close(Some(close))).await;
                break;
            },
            received = live.recv() => match received {
                Ok(event) => {
                    let event: Arc<StoredEvent> = event;
                    if event.seq > handled {
                        send_event(&mut socket, &viewer, &event).await?;
                        handled = event.seq;
                        if changes_viewers(&event.frame) {
                            match auth::authenticate(&state, &token).await {
                                Ok(now) => viewer = now,
                                Err(ApiError::Unauthorized(_)) => {
                                    let close = CloseFrame {
                                        code: CLOSE_SESSION_ENDED,
                                        reason: "session ended".into(),
                                    };
                                    let _ = socket.send(WsMessage::Close(Some(close))).await;
                                    break;
                                }
                                Err(error) => tracing::warn!(%error, "re-authenticating a stream"),
                            }
                        }
                    }
                }
                Err(RecvError::Lagged(_)) => {
                    let mut db = state.pool.acquire().await?;
                    let (_, latest) = event_store::bounds(&mut db).await?;
                    send_frame(&mut socket, &ServerFrame::Resync { latest_seq: EventSeq(latest) }).await?;
                    handled = latest;
                }
                Err(RecvError::Closed) => break,
            },
            notice = typing.recv() => match notice {
                Ok(notice) => {
                    if notice.from != viewer.user.id
                        && permissions::may_receive(&viewer, &notice.audience)
                    {
                        socket.send(WsMessage::Text(notice.frame.clone().into())).await?;
                    }
                }
                // Typing notices are ephemeral: missed ones are not worth a resync.
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            },
            incoming = socket.next() => {
                last_heard = Instant::now();
                match incoming {
                    None | Some(Err(_)) | Some(Ok(WsMessage::Close(_))) => break,
                    Some(Ok(WsMessage::Text(text))) => match serde_json::from_str(text.as_str()) {
                        Ok(ClientFrame::Ping { nonce }) => {
                            send_frame(&mut socket, &ServerFrame::Pong { nonce }).await?;
                        }
                        Ok(ClientFrame::Viewing { conversation_id }) => {
                            view(&mut socket, &state, &viewer, connection, conversation_id).await?;
                        }
                        Err(_) => {}
                    },
                    Some(Ok(_)) => {}
                }
            },
            _ = heartbeat.tick() => {
                if last_heard.elapsed() > interval * 2 {
                    tracing::debug!(user = viewer.user.id.0, "closing a silent event stream");
                    let _ = socket.send(WsMessage::Close(None)).await;
                    break;
                }
                socket.send(WsMessage::Ping(Vec::new().into())).await?;
            },
        }
    }
    Ok(())
}
