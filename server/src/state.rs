//! Shared state handed to every request handler.

use std::sync::Arc;

use sqlx::SqlitePool;

use crate::config::Config;
use crate::services::auth::LoginLimiter;
use crate::services::events::EventHub;
use crate::shutdown::Shutdown;
use crate::services::typing::TypingHub;

/// Cheap to clone: everything lives behind `Arc`s.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub pool: SqlitePool,
    /// How the server was started.
    pub config: Arc<Config>,
    /// Publishes committed events to websocket clients.
    pub events: Arc<EventHub>,
    /// Failed login attempts.
    pub login_limiter: Arc<LoginLimiter>,
    /// Set when the server stops; event streams then close with a reason.
    pub shutdown: Arc<Shutdown>,
    /// Ephemeral typing notices.
    pub typing: Arc<TypingHub>,
}

impl AppState {
    /// Wraps the opened database and the configuration; the event hub
    /// starts after the latest stored event.
    pub async fn new(pool: SqlitePool, config: Config) -> Result<Self, sqlx::Error> {
        let events = EventHub::new(&pool, config.event_retention).await?;
        Ok(Self {
            pool,
            config: Arc::new(config),
            events: Arc::new(events),
            login_limiter: Arc::new(LoginLimiter::default()),
            shutdown: Arc::new(Shutdown::default()),
            typing: Arc::new(TypingHub::default()),
        })
    }
}
