//! Reading the event stream as the app does.

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::Value;
use switchboard_protocol::ServerFrame;
use tokio_tungstenite::tungstenite::Message as WsMessage;

/// A client websocket.
pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The next JSON text frame (pings are skipped), or `None` after `wait_ms` of silence.
///
/// Every frame is also decoded as the app decodes it
/// (`switchboard_protocol::decode_server_frame`), which must give exactly
/// what serde's derive of `ServerFrame` gives.
pub async fn next_frame(socket: &mut Socket, wait_ms: u64) -> Option<Value> {
    loop {
        let next = tokio::time::timeout(Duration::from_millis(wait_ms), socket.next())
            .await
            .ok()??;
        match next.ok()? {
            WsMessage::Text(text) => {
                let derived = serde_json::from_str::<ServerFrame>(text.as_str())
                    .unwrap_or_else(|error| panic!("{error}: {text}"));
                let decoded = switchboard_protocol::decode_server_frame(text.as_str())
                    .unwrap_or_else(|error| panic!("the app's decoder: {error}: {text}"));
                assert_eq!(decoded, derived, "the app's decoder differs on {text}");
                return serde_json::from_str(text.as_str()).ok();
            }
            WsMessage::Close(_) => return None,
            _ => continue,
        }
    }
}

/// Every frame until `ready` (included).
pub async fn frames_until_ready(socket: &mut Socket) -> Vec<Value> {
    let mut frames = Vec::new();
    while let Some(frame) = next_frame(socket, 5000).await {
        let ready = frame["frame"] == "ready";
        frames.push(frame);
        if ready {
            break;
        }
    }
    frames
}

/// Every frame received until `wait_ms` pass in silence.
pub async fn drain(socket: &mut Socket, wait_ms: u64) -> Vec<Value> {
    let mut frames = Vec::new();
    while let Some(frame) = next_frame(socket, wait_ms).await {
        frames.push(frame);
    }
    frames
}

/// Waits for an event matching `pred`; `None` after 2 s without one.
pub async fn wait_for(socket: &mut Socket, pred: impl Fn(&Value) -> bool) -> Option<Value> {
    while let Some(frame) = next_frame(socket, 2000).await {
        if frame["frame"] == "event" && pred(&frame["event"]) {
            return Some(frame["event"].clone());
        }
    }
    None
}

/// Whether an event is about conversation `id`.
pub fn about(event: &Value, id: i64) -> bool {
    event["conversation"]["id"] == id || event["message"]["conversation_id"] == id
}
