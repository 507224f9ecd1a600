//! How a server tells event-stream clients that it is restarting.
//!
//! On a graceful shutdown (SIGTERM) the server closes every websocket with
//! [`CLOSE_SERVICE_RESTART`] and [`CLOSE_REASON_RESTARTING`]; a client that
//! sees it says "server restarting" rather than reporting an error, and
//! reconnects at once with its usual backoff.

/// WebSocket close code "Service Restart" (RFC 6455, IANA registry).
pub const CLOSE_SERVICE_RESTART: u16 = 1012;

/// WebSocket close code "Going Away", which some proxies send instead.
pub const CLOSE_GOING_AWAY: u16 = 1001;

/// The close code of a stream whose session ended (the employee was
/// deactivated, or logged out everywhere): the client must log in again.
pub const CLOSE_SESSION_ENDED: u16 = 4001;

/// The close reason sent with [`CLOSE_SERVICE_RESTART`].
pub const CLOSE_REASON_RESTARTING: &str = "server restarting";

/// Whether a close frame means "the server is restarting, come back soon":
/// code 1012, or 1001 with the restart reason.
pub fn is_server_restart(code: u16, reason: &str) -> bool {
    code == CLOSE_SERVICE_RESTART || (code == CLOSE_GOING_AWAY && reason == CLOSE_REASON_RESTARTING)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restart_closes_are_recognised() {
        assert!(is_server_restart(1012, "server restarting"));
        assert!(is_server_restart(1012, ""));
        assert!(is_server_restart(1001, "server restarting"));
        assert!(!is_server_restart(1001, "tab closed"));
        assert!(!is_server_restart(1006, ""));
        assert!(!is_server_restart(1000, "server restarting"));
    }
}
