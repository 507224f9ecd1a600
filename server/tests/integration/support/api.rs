//! The requests the app, a connector and a customer's browser make, against
//! a server at a known address.

use std::net::SocketAddr;

use reqwest::header::HeaderMap;
use reqwest::multipart::{Form, Part};
use reqwest::Method;
use serde_json::{json, Value};

use super::events::{frames_until_ready, Socket};
use super::json::{find, inbound};

/// An API answer: the status and the JSON body (`null` when there is none).
pub type Answer = (u16, Value);

/// A server reached over HTTP and websocket, as its users reach it.
pub struct Api {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
}

impl Api {
    pub fn new(addr: SocketAddr) -> Self {
        Self {
            addr,
            client: reqwest::Client::new(),
        }
    }

    /// Absolute URL of an API path such as `/health`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}/api/v1{}", self.addr, path)
    }

    /// Absolute URL of a path outside the API, such as `/forms/<token>`.
    pub fn site_url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A request to an API path, to finish and send by hand.
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, self.url(path))
    }

    /// Sends a request to an API path, with a token and a JSON body when given.
    pub async fn call(
        &self,
        method: Method,
        token: Option<&str>,
        path: &str,
        body: Option<&Value>,
    ) -> Answer {
        let mut request = self.request(method, path);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn get(&self, token: &str, path: &str) -> Answer {
        self.call(Method::GET, Some(token), path, None).await
    }

    /// GET that must succeed; the JSON body.
    pub async fn get_ok(&self, token: &str, path: &str) -> Value {
        let (status, body) = self.get(token, path).await;
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    pub async fn post(&self, token: &str, path: &str, body: Value) -> Answer {
        self.call(Method::POST, Some(token), path, Some(&body))
            .await
    }

    pub async fn put(&self, token: &str, path: &str, body: Value) -> Answer {
        self.call(Method::PUT, Some(token), path, Some(&body)).await
    }

    pub async fn patch(&self, token: &str, path: &str, body: Value) -> Answer {
        self.call(Method::PATCH, Some(token), path, Some(&body))
            .await
    }

    pub async fn delete(&self, token: &str, path: &str) -> Answer {
        self.call(Method::DELETE, Some(token), path, None).await
    }

    /// GET without a token.
    pub async fn get_anonymous(&self, path: &str) -> Answer {
        self.call(Method::GET, None, path, None).await
    }

    /// Tries to log in.
    pub async fn login_attempt(&self, email: &str, password: &str) -> Answer {
        let body = json!({"email": email, "password": password});
        self.call(Method::POST, None, "/auth/login", Some(&body))
            .await
    }

    /// Logs in with the demo password and returns the token.
    pub async fn login(&self, email: &str) -> String {
        let (status, body) = self.login_attempt(email, "demo").await;
        assert_eq!(status, 200, "login of {email}: {body}");
        body["token"].as_str().expect("a token").to_owned()
    }

    /// Posts a webhook body to a connector, as the customer's channel does.
    pub async fn deliver_body(&self, connector: &str, body: &Value) -> Answer {
        let path = format!("/inbound/{connector}");
        self.call(Method::POST, None, &path, Some(body)).await
    }

    /// Delivers a message of Marie Dupont (`customer-<chat>`) through a connector's webhook.
    pub async fn deliver(
        &self,
        connector: &str,
        chat: &str,
        message_id: &str,
        text: &str,
    ) -> Answer {
        let customer = format!("customer-{chat}");
        let body = inbound(chat, &customer, "Marie Dupont", message_id, text);
        self.deliver_body(connector, &body).await
    }

    /// A new unanswered conversation on a connector (Marie Dupont writes
    /// "Bonjour", message id `<chat>-1`); returns its id.
    pub async fn new_conversation(&self, connector: &str, chat: &str) -> i64 {
        let (status, body) = self
            .deliver(connector, chat, &format!("{chat}-1"), "Bonjour")
            .await;
        assert_eq!(status, 202, "{body}");
        body["conversation_id"].as_i64().unwrap()
    }

    /// POSTs to a path of conversation `id`: an action (`answer`, `close`,
    /// `transfer`...) or something sent in it (`messages`, `orders`, `forms`...).
    pub async fn act(&self, token: &str, id: i64, action: &str, body: Value) -> Answer {
        self.post(token, &format!("/conversations/{id}/{action}"), body)
            .await
    }

    /// Sends a message (`{"client_id", "text", ...}`) to a conversation.
    pub async fn send_message(&self, token: &str, id: i64, body: Value) -> Answer {
        self.act(token, id, "messages", body).await
    }

    /// Every message of a conversation as `token` sees it, oldest first (all pages).
    pub async fn messages(&self, token: &str, id: i64) -> Vec<Value> {
        let mut items = Vec::new();
        let mut after = 0;
        loop {
            let path = format!("/conversations/{id}/messages?after={after}&limit=200");
            let (status, page) = self.get(token, &path).await;
            assert_eq!(status, 200, "{page}");
            let batch = page["items"].as_array().unwrap().clone();
            if let Some(last) = batch.last() {
                after = last["id"].as_i64().unwrap();
            }
            items.extend(batch);
            if page["has_more_after"] != true {
                return items;
            }
        }
    }

    /// The conversation as `token` sees it: status and detail.
    pub async fn conversation(&self, token: &str, id: i64) -> Answer {
        self.get(token, &format!("/conversations/{id}")).await
    }

    /// The id of the first conversation of the queue matching a query string.
    pub async fn find_conversation(&self, token: &str, query: &str) -> i64 {
        let (status, page) = self.get(token, &format!("/conversations?{query}")).await;
        assert_eq!(status, 200, "{page}");
        page["items"][0]["conversation"]["id"].as_i64().unwrap()
    }

    /// The id of the item of the list at `path` whose `field` is `value`.
    pub async fn find_id(&self, token: &str, path: &str, field: &str, value: &str) -> i64 {
        let (status, list) = self.get(token, path).await;
        assert_eq!(status, 200, "{list}");
        find(&list, field, value)["id"].as_i64().unwrap()
    }

    pub async fn user_id(&self, token: &str, email: &str) -> i64 {
        self.find_id(token, "/users", "email", email).await
    }

    pub async fn line_id(&self, token: &str, name: &str) -> i64 {
        self.find_id(token, "/lines", "name", name).await
    }

    /// Gives a line's connector an outbound URL as the admin `token`;
    /// answers the connector.
    pub async fn set_outbound(&self, token: &str, line: &str, connector: &str, url: &str) -> Value {
        let lines = self.get_ok(token, "/lines").await;
        let id = find(&find(&lines, "name", line)["connectors"], "name", connector)["id"]
            .as_i64()
            .unwrap();
        let path = format!("/connectors/{id}/outbound");
        let (status, body) = self.put(token, &path, json!({"url": url})).await;
        assert_eq!(status, 200, "{body}");
        body
    }

    /// The delivery states of the conversation's messages whose text starts
    /// with `prefix`, once all are delivered (at most 5 s; then as they are).
    pub async fn delivery_states(
        &self,
        token: &str,
        conversation: i64,
        prefix: &str,
    ) -> Vec<Value> {
        let mut states = Vec::new();
        for _ in 0..100 {
            states = self
                .messages(token, conversation)
                .await
                .iter()
                .filter(|m| m["text"].as_str().unwrap_or("").starts_with(prefix))
                .map(|m| m["delivery"]["state"].clone())
                .collect();
            if states.iter().all(|state| state == "delivered") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        states
    }

    /// What the customer sees of a chat (the connector's view of its messages).
    pub async fn customer_view(&self, connector: &str, chat: &str) -> Value {
        let path = format!("/inbound/{connector}/chats/{chat}/messages");
        let (status, view) = self.get_anonymous(&path).await;
        assert_eq!(status, 200, "{view}");
        view
    }

    /// Uploads a file as `token`; the raw response.
    pub async fn upload(
        &self,
        token: &str,
        name: &str,
        mime: &str,
        bytes: &[u8],
    ) -> reqwest::Response {
        let part = Part::bytes(bytes.to_vec())
            .file_name(name.to_owned())
            .mime_str(mime)
            .unwrap();
        self.request(Method::POST, "/files")
            .bearer_auth(token)
            .multipart(Form::new().part("file", part))
            .send()
            .await
            .unwrap()
    }

    /// Uploads a file as `token`; asserts it is stored and returns its attachment.
    pub async fn uploaded(&self, token: &str, name: &str, mime: &str, bytes: &[u8]) -> Value {
        let response = self.upload(token, name, mime, bytes).await;
        assert_eq!(response.status(), 201, "upload of {name}");
        response.json().await.unwrap()
    }

    /// GET of a path outside the API (`/forms/...`, `/apps/...`, `/`), as a browser.
    pub async fn fetch(&self, path: &str) -> reqwest::Response {
        self.client.get(self.site_url(path)).send().await.unwrap()
    }

    /// A page outside the API: status, HTML and headers.
    pub async fn page(&self, path: &str) -> (u16, String, HeaderMap) {
        let response = self.fetch(path).await;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        (status, response.text().await.unwrap(), headers)
    }

    /// Submits an HTML form of a page outside the API: status and HTML.
    pub async fn submit(&self, path: &str, values: &[(&str, &str)]) -> (u16, String) {
        let response = self
            .client
            .post(self.site_url(path))
            .form(values)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    /// Opens the event stream, resuming after `after` when given.
    pub async fn events(&self, token: &str, after: Option<i64>) -> Socket {
        let mut url = format!("ws://{}/api/v1/events?token={token}", self.addr);
        if let Some(after) = after {
            url.push_str(&format!("&after={after}"));
        }
        let (socket, _) = tokio_tungstenite::connect_async(url).await.unwrap();
        socket
    }

    /// A live event stream, past its `ready` frame.
    pub async fn live_events(&self, token: &str) -> Socket {
        let mut socket = self.events(token, None).await;
        let frames = frames_until_ready(&mut socket).await;
        let last = frames.last().map(|frame| &frame["frame"]);
        assert_eq!(last, Some(&json!("ready")), "no ready frame: {frames:?}");
        socket
    }
}
