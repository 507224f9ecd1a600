//! The generic webhook connector's way out: a signed `POST` of
//! [`OutboundDelivery`] to the connector's outbound URL (`docs/connectors.md`).
//!
//! `X-Switchboard-Timestamp` is the Unix time in seconds;
//! `X-Switchboard-Signature` is `sha256=` and the hex of the HMAC-SHA256 of
//! `"{timestamp}.{body}"` keyed with the connector's secret token, so a
//! receiver checks both who sent it and when (and rejects old timestamps).
//! `X-Switchboard-Delivery` repeats the body's `id`, the same on every
//! attempt of one job.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use switchboard_protocol::{ConnectorId, OutboundDelivery, OutboundKind};

use super::{customer_view, retry_after, Attempt, Outcome};
use crate::state::AppState;

/// The signature header.
pub const SIGNATURE_HEADER: &str = "X-Switchboard-Signature";
/// The timestamp header (Unix seconds).
pub const TIMESTAMP_HEADER: &str = "X-Switchboard-Timestamp";
/// The idempotency key header.
pub const DELIVERY_HEADER: &str = "X-Switchboard-Delivery";

/// `sha256=<hex>` of `"{timestamp}.{body}"` keyed with `secret`.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    // HMAC takes a key of any length.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// The body of a job, as the receiver gets it.
pub fn body_of(attempt: &Attempt<'_>) -> OutboundDelivery {
    let kind = attempt.job.kind.0;
    let message = attempt.message.map(|message| {
        let mut view = customer_view(message, kind == OutboundKind::MessageEdited);
        if kind == OutboundKind::MessageDeleted {
            view.text.clear();
            view.attachments.clear();
            view.card = None;
        }
        view
    });
    OutboundDelivery {
        id: attempt.job.idempotency_key.clone(),
        kind,
        connector_id: ConnectorId(attempt.job.connector_id),
        chat_id: attempt.job.external_chat_id.clone(),
        message,
    }
}

/// Posts one job, signed.
pub async fn deliver(state: &AppState, attempt: &Attempt<'_>, url: &str, secret: &str) -> Outcome {
    let body = match serde_json::to_vec(&body_of(attempt)) {
        Ok(body) => body,
        Err(error) => {
            return Outcome::Final {
                error: format!("The delivery could not be written: {error}"),
            }
        }
    };
    let timestamp = crate::store::now_ms() / 1000;
    let answer = state
        .delivery
        .client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(TIMESTAMP_HEADER, timestamp.to_string())
        .header(SIGNATURE_HEADER, signature(secret, timestamp, &body))
        .header(DELIVERY_HEADER, &attempt.job.idempotency_key)
        .body(body)
        .send()
        .await;
    match answer {
        Ok(answer) => Outcome::of_status(
            answer.status(),
            retry_after(answer.headers()),
            "The receiver",
        ),
        Err(error) => Outcome::of_error(&error, "The receiver"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_documented_hmac() {
        // The worked example of docs/connectors.md.
        let body = br#"{"id":"k1"}"#;
        // Computed apart: python3 -c 'import hmac, hashlib; print(hmac.new(
        // b"demo-secret", b"1700000000.{\"id\":\"k1\"}", hashlib.sha256).hexdigest())'
        assert_eq!(
            signature("demo-secret", 1_700_000_000, body),
            "sha256=3f55003233348e367e2f143eb59a9f603bf498bddf361d860cae26cda0aa1c5a"
        );
        assert_ne!(
            signature("demo-secret", 1_700_000_001, body),
            signature("demo-secret", 1_700_000_000, body),
            "the timestamp is signed"
        );
        assert_ne!(
            signature("other", 1_700_000_000, body),
            signature("demo-secret", 1_700_000_000, body)
        );
    }
}
