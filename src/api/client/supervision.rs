//! The call of "Supervision" (supervisors and admins).

use switchboard_protocol::Supervision;

use super::super::ApiError;
use super::Client;

impl Client {
    /// `GET /supervision`: every queue member's load and every waiting
    /// conversation.
    pub async fn supervision(&self) -> Result<Supervision, ApiError> {
        self.get("/supervision", &[]).await
    }
}
