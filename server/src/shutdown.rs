//! Graceful shutdown: on SIGTERM (or Ctrl-C) the server stops accepting
//! connections, lets in-flight requests finish, and closes every event
//! stream with close code 1012 ("service restart") and a reason the app
//! understands (`switchboard_protocol::CLOSE_REASON_RESTARTING`).

use std::time::Duration;

use tokio::sync::watch;

/// The shutdown flag shared by the server and every event stream.
#[derive(Debug)]
pub struct Shutdown {
    sender: watch::Sender<bool>,
}

impl Default for Shutdown {
    fn default() -> Self {
        Self {
            sender: watch::Sender::new(false),
        }
    }
}

impl Shutdown {
    /// Tells every event stream to close.
    pub fn begin(&self) {
        self.sender.send_replace(true);
    }

    /// Held by an event stream for its whole life: resolves when the
    /// shutdown begins, and counts the stream as open until dropped.
    pub fn watch(&self) -> watch::Receiver<bool> {
        self.sender.subscribe()
    }

    /// Whether the shutdown began (for background tasks polling it).
    pub fn is_stopping(&self) -> bool {
        *self.sender.borrow()
    }

    /// Event streams still open.
    pub fn open_streams(&self) -> usize {
        self.sender.receiver_count()
    }

    /// Waits until every event stream has sent its close frame, at most `limit`.
    pub async fn streams_closed(&self, limit: Duration) {
        let deadline = tokio::time::Instant::now() + limit;
        while self.open_streams() > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// Resolves once the shutdown flag is set.
pub async fn requested(watch: &mut watch::Receiver<bool>) {
    // An error means the server itself is gone: stop as well.
    let _ = watch.wait_for(|stopping| *stopping).await;
}
