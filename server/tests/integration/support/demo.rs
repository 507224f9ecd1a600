//! The demo workspace with its employees logged in.

use std::ops::Deref;

use serde_json::{json, Value};

use super::api::Answer;
use super::server::TestServer;

/// A demo server with every employee logged in, and the ids the tests use.
/// Olivia is an operator of both lines, Marc of Support only, Sophie a
/// supervisor, Alex Martin (`admin`) the administrator.
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
        let olivia_id = server.user_id(&admin, "olivia@example.com").await;
        let marc_id = server.user_id(&admin, "marc@example.com").await;
        let sales = server.line_id(&admin, "Sales").await;
        let support = server.line_id(&admin, "Support").await;
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

    /// PUTs the lock.
    pub async fn lock(&self, token: &str, id: i64, locked: bool) -> Answer {
        let path = format!("/conversations/{id}/lock");
        self.put(token, &path, json!({ "locked": locked })).await
    }

    /// The conversation as `token` sees it (status, summary).
    pub async fn summary(&self, token: &str, id: i64) -> Answer {
        let (status, body) = self.conversation(token, id).await;
        (status, body["conversation"].clone())
    }

    /// Every message of a conversation (as the admin).
    pub async fn all_messages(&self, id: i64) -> Vec<Value> {
        self.messages(&self.admin, id).await
    }

    /// The last system message of a conversation.
    pub async fn last_system(&self, id: i64) -> Value {
        self.all_messages(id)
            .await
            .into_iter()
            .rev()
            .find(|m| m["author"]["kind"] == "system")
            .expect("a system message")
    }
}

/// The demo's server and its requests (`demo.post(...)`, `demo.deliver(...)`).
impl Deref for Demo {
    type Target = TestServer;

    fn deref(&self) -> &TestServer {
        &self.server
    }
}
