//! The websocket side (`/api/v1/events`, docs/events.md): a connection read
//! by a task of its own, each text frame checked against the document's
//! `ServerFrame` and handed over in arrival order.

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use serde_json::Value;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::{timeout, Instant};
use tokio_tungstenite::tungstenite::{self, Message};

use crate::contract::Contract;

/// How long the handshake may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

/// What the reading task hands over.
#[derive(Debug, Clone)]
pub enum Frame {
    /// A JSON text frame.
    Json(Value),
    /// Something that is not a JSON text frame, or the connection ended.
    Broken(String),
}

/// Why a connection was not opened.
pub enum ConnectError {
    /// The server answered the upgrade with an HTTP status (e.g. 401).
    Refused {
        /// The status.
        status: u16,
        /// The body, as text.
        body: String,
    },
    /// Anything else (no connection, a bad URL...).
    Failed(String),
}

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Refused { status, body } => write!(f, "upgrade refused: {status} {body}"),
            Self::Failed(reason) => write!(f, "{reason}"),
        }
    }
}

/// An open event stream. Dropping it closes the connection.
pub struct Stream {
    frames: mpsc::UnboundedReceiver<Frame>,
    close: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

/// The websocket URL of the stream: `http(s)` becomes `ws(s)`.
pub fn url(base: &str, token: Option<&str>, after: Option<i64>) -> String {
    let base = if let Some(rest) = base.strip_prefix("https://") {
        format!("wss://{rest}")
    } else if let Some(rest) = base.strip_prefix("http://") {
        format!("ws://{rest}")
    } else {
        base.to_owned()
    };
    let mut query = Vec::new();
    if let Some(token) = token {
        query.push(format!("token={token}"));
    }
    if let Some(after) = after {
        query.push(format!("after={after}"));
    }
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{}", query.join("&"))
    };
    format!("{base}/api/v1/events{query}")
}

impl Stream {
    /// Opens the stream; the upgrade's answer is checked against the document.
    pub async fn connect(
        base: &str,
        token: Option<&str>,
        after: Option<i64>,
        contract: Arc<Contract>,
    ) -> Result<Self, ConnectError> {
        let address = url(base, token, after);
        let connected = timeout(CONNECT_TIMEOUT, tokio_tungstenite::connect_async(address))
            .await
            .map_err(|_| ConnectError::Failed("the websocket handshake timed out".into()))?;
        let socket = match connected {
            Ok((socket, _)) => socket,
            Err(tungstenite::Error::Http(response)) => {
                let status = response.status().as_u16();
                let content_type = response
                    .headers()
                    .get("content-type")
                    .and_then(|value| value.to_str().ok())
                    .map(str::to_owned);
                let body = response
                    .body()
                    .as_deref()
                    .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
                    .unwrap_or_default();
                contract.check_response(
                    "GET",
                    "/api/v1/events",
                    status,
                    content_type.as_deref(),
                    &body,
                );
                return Err(ConnectError::Refused { status, body });
            }
            Err(error) => return Err(ConnectError::Failed(error.to_string())),
        };
        let (sender, frames) = mpsc::unbounded_channel();
        let (close, closed) = oneshot::channel();
        let task = tokio::spawn(read(socket, sender, closed, contract));
        Ok(Self {
            frames,
            close: Some(close),
            task,
        })
    }

    /// The next frame, waiting until `deadline`.
    pub async fn next_until(&mut self, deadline: Instant) -> Option<Frame> {
        tokio::time::timeout_at(deadline, self.frames.recv())
            .await
            .ok()
            .flatten()
    }

    /// Every frame already received, without waiting.
    pub fn drain(&mut self) -> Vec<Frame> {
        let mut frames = Vec::new();
        while let Ok(frame) = self.frames.try_recv() {
            frames.push(frame);
        }
        frames
    }

    /// Closes the connection with a close frame and waits for the task.
    pub async fn close(mut self) {
        if let Some(close) = self.close.take() {
            let _ = close.send(());
        }
        let _ = timeout(Duration::from_secs(5), &mut self.task).await;
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        self.task.abort();
    }
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn read(
    mut socket: Socket,
    sender: mpsc::UnboundedSender<Frame>,
    mut closed: oneshot::Receiver<()>,
    contract: Arc<Contract>,
) {
    loop {
        let message = tokio::select! {
            _ = &mut closed => {
                let _ = socket.close(None).await;
                return;
            }
            message = socket.next() => message,
        };
        let frame = match message {
            Some(Ok(Message::Text(text))) => match serde_json::from_str::<Value>(text.as_str()) {
                Ok(value) => {
                    contract.check_schema("ServerFrame", "websocket frame", &value);
                    Frame::Json(value)
                }
                Err(error) => Frame::Broken(format!("a text frame that is not JSON: {error}")),
            },
            // Pings are answered by the library; pongs need nothing.
            Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => continue,
            Some(Ok(Message::Binary(_))) => Frame::Broken("a binary frame".into()),
            Some(Ok(Message::Close(close))) => {
                let _ = sender.send(Frame::Broken(format!("closed by the server: {close:?}")));
                return;
            }
            Some(Err(error)) => {
                let _ = sender.send(Frame::Broken(format!("connection error: {error}")));
                return;
            }
            None => {
                let _ = sender.send(Frame::Broken("connection ended".into()));
                return;
            }
        };
        if sender.send(frame).is_err() {
            return;
        }
    }
}

/// `frame` of a frame (`event`, `ready`, `resync`...).
pub fn kind(frame: &Value) -> &str {
    frame.get("frame").and_then(Value::as_str).unwrap_or("")
}

/// `seq` of an `event` frame.
pub fn seq(frame: &Value) -> Option<i64> {
    frame.get("seq").and_then(Value::as_i64)
}

/// `latest_seq` of a `ready` or `resync` frame.
pub fn latest_seq(frame: &Value) -> Option<i64> {
    frame.get("latest_seq").and_then(Value::as_i64)
}

/// `event.type` of an `event` frame.
pub fn event_type(frame: &Value) -> &str {
    frame
        .pointer("/event/type")
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// The conversation an event is about, wherever the event carries it.
pub fn conversation_of(frame: &Value) -> Option<i64> {
    [
        "/event/conversation/id",
        "/event/message/conversation_id",
        "/event/conversation_id",
    ]
    .iter()
    .find_map(|pointer| frame.pointer(pointer).and_then(Value::as_i64))
}

/// The message a `message_created` / `message_updated` event carries.
pub fn message_of(frame: &Value) -> Option<i64> {
    frame.pointer("/event/message/id").and_then(Value::as_i64)
}
