//! Helpers shared by the conversation-action tests.

#![allow(dead_code)]

use serde_json::{json, Value};

use crate::common::{frames_until_ready, next_frame, Socket, TestServer};

/// The demo employees and lines, logged in.
pub struct Demo {
    pub server: TestServer,
    pub admin: String,
    pub olivia: String,
    pub marc: String,
    pub sophie: String,
    pub olivia_id: i64,
    pub marc_id: i64,
    pub sales: i64,
    pub support: i64,
}

impl Demo {
    pub async fn start() -> Self {
        let server = TestServer::demo().await;
        let admin = server.login("admin@example.com").await;
        let olivia = server.login("olivia@example.com").await;
        let marc = server.login("marc@example.com").await;
        let sophie = server.login("sophie@example.com").await;
        let (_, users) = server.get(&admin, "/users").await;
        let user = |email: &str| {
            users
                .as_array()
                .unwrap()
                .iter()
                .find(|u| u["email"] == email)
                .unwrap()["id"]
                .as_i64()
                .unwrap()
        };
        let (olivia_id, marc_id) = (user("olivia@example.com"), user("marc@example.com"));
        let (_, lines) = server.get(&admin, "/lines").await;
        let line = |name: &str| {
            lines
                .as_array()
                .unwrap()
                .iter()
                .find(|l| l["name"] == name)
                .unwrap()["id"]
                .as_i64()
                .unwrap()
        };
        let (sales, support) = (line("Sales"), line("Support"));
        Self {
            server,
            admin,
            olivia,
            marc,
            sophie,
            olivia_id,
            marc_id,
            sales,
            support,
        }
    }

    /// A new unanswered conversation on a connector; returns its id.
    pub async fn new_conversation(&self, connector: &str, chat: &str) -> i64 {
        let (status, body) = self
            .server
            .deliver(connector, chat, &format!("{chat}-1"), "Bonjour")
            .await;
        assert_eq!(status, 202);
        body["conversation_id"].as_i64().unwrap()
    }

    /// POSTs an action; returns status and body.
    pub async fn act(&self, token: &str, id: i64, action: &str, body: Value) -> (u16, Value) {
        self.server
            .post(token, &format!("/conversations/{id}/{action}"), body)
            .await
    }

    /// PUTs the lock.
    pub async fn lock(&self, token: &str, id: i64, locked: bool) -> (u16, Value) {
        let response = self
            .server
            .client
            .put(self.server.url(&format!("/conversations/{id}/lock")))
            .bearer_auth(token)
            .json(&json!({ "locked": locked }))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// The conversation as `token` sees it (status, summary).
    pub async fn summary(&self, token: &str, id: i64) -> (u16, Value) {
        let (status, body) = self
            .server
            .get(token, &format!("/conversations/{id}"))
            .await;
        (status, body["conversation"].clone())
    }

    /// Every message of a conversation (as the admin).
    pub async fn messages(&self, id: i64) -> Vec<Value> {
        let (status, page) = self
            .server
            .get(
                &self.admin,
                &format!("/conversations/{id}/messages?limit=200"),
            )
            .await;
        assert_eq!(status, 200);
        page["items"].as_array().unwrap().clone()
    }

    /// The last system message of a conversation.
    pub async fn last_system(&self, id: i64) -> Value {
        self.messages(id)
            .await
            .into_iter()
            .rev()
            .find(|m| m["author"]["kind"] == "system")
            .expect("a system message")
    }

    /// A live event socket, past its `ready`.
    pub async fn socket(&self, token: &str) -> Socket {
        let mut socket = self.server.events(token, None).await;
        frames_until_ready(&mut socket).await;
        socket
    }
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
