//! Shared state handed to every request handler.

use std::sync::Arc;

use sqlx::SqlitePool;

use crate::config::Config;

/// Cheap to clone: everything lives behind `Arc`s.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub pool: SqlitePool,
    /// How the server was started.
    pub config: Arc<Config>,
}

impl AppState {
    /// Wraps the opened database and the configuration.
    pub fn new(pool: SqlitePool, config: Config) -> Self {
        Self {
            pool,
            config: Arc::new(config),
        }
    }
}
