//! Shared state handed to every request handler.

use std::sync::Arc;

use crate::config::Config;
use crate::services::auth::LoginLimiter;
use crate::services::delivery::DeliveryHub;
use crate::services::events::EventHub;
use crate::services::file_store::FileStore;
use crate::services::inbound::InboundWriter;
use crate::services::routing::Router;
use crate::services::secrets::Sealer;
use crate::services::snooze::Snoozes;
use crate::services::typing::TypingHub;
use crate::shutdown::Shutdown;
use crate::store::Db;
use crate::store::{self, OpenError};
use crate::StartError;

/// Cheap to clone: everything lives behind `Arc`s.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub pool: Db,
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
    /// Who views which conversation (ephemeral, per connection).
    pub viewing: Arc<crate::services::viewing::ViewingRegistry>,
    /// Writes webhook deliveries in group commits.
    pub inbound: Arc<InboundWriter>,
    /// Wakes the outbound delivery worker; its HTTP client.
    pub delivery: Arc<DeliveryHub>,
    /// Uploaded files' content (`--files`).
    pub files: Arc<FileStore>,
    /// Seals the secrets the server must read back.
    pub secrets: Arc<Sealer>,
    /// Wakes the routing task.
    pub routing: Arc<Router>,
    /// Wakes the snooze task.
    pub snoozes: Arc<Snoozes>,
}

impl AppState {
    /// Wraps the opened database and the configuration; the event hub
    /// starts after the latest stored event. Starts the inbound writer (its
    /// thread publishes through the current Tokio runtime, so it must be
    /// called inside one).
    pub async fn new(pool: Db, config: Config) -> Result<Self, StartError> {
        // First: a bucket that cannot be reached stops the start before any
        // task runs.
        let files = Arc::new(FileStore::open(&config).await?);
        let events = EventHub::new(&pool, config.event_retention)
            .await
            .map_err(OpenError::Database)?;
        let events = Arc::new(events);
        // The writer's own connection is SQLite's; on PostgreSQL it
        // borrows the pool's.
        let sqlite = config
            .database_url
            .is_none()
            .then(|| store::database_path(&config.data_dir));
        let inbound = Arc::new(InboundWriter::start(
            sqlite.as_deref(),
            pool.clone(),
            events.clone(),
        )?);
        let secrets = Arc::new(Sealer::load(&config.data_dir)?);
        Ok(Self {
            files,
            pool,
            delivery: Arc::new(DeliveryHub::default()),
            routing: Arc::new(Router::default()),
            snoozes: Arc::new(Snoozes::default()),
            secrets,
            config: Arc::new(config),
            events,
            inbound,
            login_limiter: Arc::new(LoginLimiter),
            shutdown: Arc::new(Shutdown::default()),
            typing: Arc::new(TypingHub::default()),
            viewing: Arc::default(),
        })
    }
}
