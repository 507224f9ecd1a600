//! What the tests share: a server to talk to ([`TestServer`] in this
//! process, [`ChildServer`] as the real binary), the requests a user's app
//! makes ([`Api`](api::Api), which both servers dereference to), the demo
//! workspace logged in ([`Demo`]), the event stream ([`Socket`] and its
//! readers), a local S3 server ([`S3Server`]) and assertions on JSON answers.

mod api;
mod child;
pub mod database;
mod demo;
mod events;
mod json;
mod s3;
mod server;

pub use api::{Answer, Api};
pub use child::ChildServer;
pub use demo::Demo;
pub use events::{about, drain, frames_until_ready, next_frame, wait_for, Socket};
pub use json::{find, inbound, items, numbers, strings};
pub use s3::S3Server;
pub use server::TestServer;

use serde_json::Value;

/// Asserts an API answer is `status` with the JSON error body
/// `{"error":{"code":"<code>","message":"..."}}`.
#[track_caller]
pub fn assert_error((status, body): &Answer, expected: u16, code: &str) {
    assert_eq!(
        (*status, body["error"]["code"].as_str()),
        (expected, Some(code)),
        "{body}"
    );
    assert!(body["error"]["message"].is_string(), "{body}");
}

/// Asserts a response is `status` with a JSON error body (any code); returns the body.
pub async fn assert_json_error(response: reqwest::Response, status: u16) -> Value {
    let what = format!("{} {}", response.url().path(), response.status());
    assert_eq!(response.status(), status, "{what}");
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "{what}: {content_type}"
    );
    let body: Value = response.json().await.unwrap();
    assert!(body["error"]["code"].is_string(), "{what}: {body}");
    assert!(body["error"]["message"].is_string(), "{what}: {body}");
    body
}
