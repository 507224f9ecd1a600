//! Starts a real server on a free port with a fresh database for each test.

#![allow(dead_code)]

use std::net::SocketAddr;

use futures_util::StreamExt;
use serde_json::{json, Value};
use switchboard_protocol::ServerFrame;
use switchboard_server::config::Config;
use tokio_tungstenite::tungstenite::Message as WsMessage;

/// A running server and the folder holding its database; both go away on drop.
pub struct TestServer {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    _data: tempfile::TempDir,
    task: tokio::task::JoinHandle<()>,
}

impl TestServer {
    /// Starts a server with an empty database.
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// Starts a server with the demo workspace.
    pub async fn demo() -> Self {
        Self::start_with(|config| config.demo = true).await
    }

    /// Starts a server after letting the test adjust its configuration.
    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let data = tempfile::tempdir().expect("temporary folder");
        let mut config = Config::for_tests(data.path().to_path_buf());
        adjust(&mut config);
        let bound = switchboard_server::bind(config)
            .await
            .expect("server starts");
        let addr = bound.local_addr;
        let task = tokio::spawn(async move {
            let _ = bound.serve().await;
        });
        Self {
            addr,
            client: reqwest::Client::new(),
            _data: data,
            task,
        }
    }

    /// Absolute URL of an API path such as `/health`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}/api/v1{}", self.addr, path)
    }

    /// Logs in with the demo password and returns the token.
    pub async fn login(&self, email: &str) -> String {
        let response = self
            .client
            .post(self.url("/auth/login"))
            .json(&json!({"email": email, "password": "demo"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "login of {email}");
        let body: Value = response.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    /// GET with a token; returns status and JSON body.
    pub async fn get(&self, token: &str, path: &str) -> (u16, Value) {
        let response = self
            .client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// POST JSON with a token; returns status and JSON body.
    pub async fn post(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        let response = self
            .client
            .post(self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Delivers a customer message through a connector's webhook.
    pub async fn deliver(
        &self,
        connector: &str,
        chat: &str,
        message_id: &str,
        text: &str,
    ) -> (u16, Value) {
        let body = json!({
            "chat": {"id": chat, "title": null},
            "customer": {"id": format!("customer-{chat}"), "name": "Marie Dupont", "email": null, "phone": null},
            "message": {"id": message_id, "text": text, "attachments": []}
        });
        let response = self
            .client
            .post(self.url(&format!("/inbound/{connector}")))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// The id of the first conversation of the queue matching a query string.
    pub async fn find_conversation(&self, token: &str, query: &str) -> i64 {
        let (status, page) = self.get(token, &format!("/conversations?{query}")).await;
        assert_eq!(status, 200);
        page["items"][0]["conversation"]["id"].as_i64().unwrap()
    }

    /// Opens the event stream.
    pub async fn events(&self, token: &str, after: Option<i64>) -> Socket {
        let mut url = format!("ws://{}/api/v1/events?token={token}", self.addr);
        if let Some(after) = after {
            url.push_str(&format!("&after={after}"));
        }
        let (socket, _) = tokio_tungstenite::connect_async(url).await.unwrap();
        socket
    }
}

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
        let next = tokio::time::timeout(std::time::Duration::from_millis(wait_ms), socket.next())
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

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
