//! The HTTP side: every request goes through [`Api::call`], which checks the
//! answer against the document before handing it to the case.

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use serde_json::Value;

use crate::contract::Contract;

/// How long one request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The header every `GET` of the API carries (docs/events.md).
pub const SEQ_HEADER: &str = "x-switchboard-seq";

/// A request body.
pub enum Body {
    /// No body.
    None,
    /// A JSON body.
    Json(Value),
    /// Raw text with its content type (malformed JSON, another media type).
    Raw(&'static str, String),
}

/// One answer, its body read.
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The body as JSON (`Value::Null` when it is not JSON or is empty).
    pub json: Value,
    /// The body as text.
    pub text: String,
    /// The `X-Switchboard-Seq` header, if sent.
    pub seq: Option<String>,
}

impl Reply {
    /// `error.code` of an error body, if it is one.
    pub fn error_code(&self) -> Option<&str> {
        self.json.pointer("/error/code").and_then(Value::as_str)
    }

    /// `error.field` of an error body, if it names one.
    pub fn error_field(&self) -> Option<&str> {
        self.json.pointer("/error/field").and_then(Value::as_str)
    }

    /// Whether the body is the documented error body: `{"error":{"code","message"}}`.
    pub fn is_error_body(&self) -> bool {
        self.error_code().is_some()
            && self
                .json
                .pointer("/error/message")
                .is_some_and(Value::is_string)
    }

    /// A short description for a failure reason.
    pub fn describe(&self) -> String {
        format!("{} {}", self.status, crate::contract::cut(&self.text))
    }
}

/// The API of the server under test.
pub struct Api {
    http: reqwest::Client,
    base: String,
    contract: Arc<Contract>,
}

impl Api {
    /// A client of `base` (e.g. `http://127.0.0.1:8080`). Connections are
    /// not kept between requests, so a TCP balancer in front of several
    /// instances hands successive requests to different instances.
    pub fn new(base: &str, contract: Arc<Contract>) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|error| format!("cannot build the HTTP client: {error}"))?;
        Ok(Self {
            http,
            base: base.trim_end_matches('/').to_owned(),
            contract,
        })
    }

    /// The base URL, without a trailing slash.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The document the answers are checked against.
    pub fn contract(&self) -> &Arc<Contract> {
        &self.contract
    }

    /// Sends a request to `path` (with its query), `template` being the
    /// operation's path as the document spells it, and checks the answer.
    pub async fn call(
        &self,
        method: Method,
        template: &str,
        path: &str,
        token: Option<&str>,
        body: Body,
    ) -> Result<Reply, String> {
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request = match body {
            Body::None => request,
            Body::Json(value) => request.json(&value),
            Body::Raw(content_type, text) => request
                .header(reqwest::header::CONTENT_TYPE, content_type)
                .body(text),
        };
        let response = request
            .send()
            .await
            .map_err(|error| format!("{method} {path}: {error}"))?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header(reqwest::header::CONTENT_TYPE.as_str());
        let seq = header(SEQ_HEADER);
        let text = response
            .text()
            .await
            .map_err(|error| format!("{method} {path}: reading the body: {error}"))?;
        self.contract.check_response(
            method.as_str(),
            template,
            status,
            content_type.as_deref(),
            &text,
        );
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Ok(Reply {
            status,
            json,
            text,
            seq,
        })
    }

    /// `GET`.
    pub async fn get(&self, template: &str, path: &str, token: &str) -> Result<Reply, String> {
        self.call(Method::GET, template, path, Some(token), Body::None)
            .await
    }

    /// `POST` with a JSON body.
    pub async fn post(
        &self,
        template: &str,
        path: &str,
        token: Option<&str>,
        body: Value,
    ) -> Result<Reply, String> {
        self.call(Method::POST, template, path, token, Body::Json(body))
            .await
    }
}
