//! The Switchboard reference server.
//!
//! Layers, from the network inwards: `routes` (HTTP and websocket edges:
//! extraction, validation, status codes) → `services` (the rules) → `store`
//! (SQL). Routes never write SQL; the store never decides permissions.
//!
//! Nothing outside the tests may `unwrap()` or `expect()`: what comes from the
//! network, the user or the database is answered with an error value, never
//! a panic. Clippy enforces it (`make test` runs it with `-D warnings`).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod compression;
pub mod config;
pub mod demo;
pub mod error;
pub mod routes;
pub mod security_headers;
pub mod services;
pub mod shutdown;
pub mod state;
pub mod static_files;
pub mod store;

use std::net::SocketAddr;

use config::Config;
use state::AppState;

/// Errors that stop the server from starting.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened or migrated.
    #[error(transparent)]
    Store(#[from] store::OpenError),
    /// The key that seals secrets could not be read or made.
    #[error(transparent)]
    SecretKey(#[from] services::secrets::KeyError),
    /// The store of uploaded files could not be opened (`--files`).
    #[error(transparent)]
    Files(#[from] services::file_store::FileStoreError),
    /// The webhook writer could not start.
    #[error(transparent)]
    Writer(#[from] services::inbound::WriterStartError),
    /// The demo data could not be loaded, or the setup link not issued.
    #[error("{0}")]
    Demo(#[from] error::ApiError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// A configured CORS origin is not a valid origin.
    #[error("invalid --cors-origin {0:?}")]
    CorsOrigin(String),
    /// The server stopped with an I/O error.
    #[error("server: {0}")]
    Serve(#[from] std::io::Error),
}

/// A server bound to its address, ready to serve.
pub struct Bound {
    listener: tokio::net::TcpListener,
    router: axum::Router,
    shutdown: std::sync::Arc<shutdown::Shutdown>,
    /// Where it listens (useful with port 0).
    pub local_addr: SocketAddr,
    /// On an empty database without `--demo`: the token of the one-time
    /// setup link (see [`services::setup`]).
    pub setup_token: Option<String>,
    public_base: String,
}

/// Opens the database, builds the router and binds the listener.
pub async fn bind(config: Config) -> Result<Bound, StartError> {
    let pool = store::open(&config.data_dir, config.database_url.as_deref()).await?;
    let state = AppState::new(pool, config.clone()).await?;
    if config.demo {
        demo::seed(&state).await?;
    }
    let setup_token = if config.demo {
        None
    } else {
        services::setup::issue_setup_link(&state.pool).await?
    };
    services::events_listener::start(state.clone());
    services::payments::start_expiry_sweep(state.clone(), std::time::Duration::from_secs(5));
    services::delivery::start(state.clone());
    services::routing::start(state.clone());
    services::automation::start(state.clone());
    services::snooze::start(state.clone());
    let shutdown = state.shutdown.clone();
    let router = routes::router(state)?;
    let addr = SocketAddr::new(config.addr, config.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| StartError::Bind { addr, source })?;
    let local_addr = listener.local_addr()?;
    Ok(Bound {
        listener,
        router,
        shutdown,
        local_addr,
        setup_token,
        public_base: config.public_base(Some(local_addr)),
    })
}

impl Bound {
    /// Serves until SIGINT/SIGTERM (or, in tests, until the task is dropped).
    /// Then stops accepting connections, finishes the requests in flight and
    /// closes every event stream with code 1012 and a reason (see [`shutdown`]).
    pub async fn serve(self) -> Result<(), StartError> {
        let shutdown = self.shutdown.clone();
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            shutdown.begin();
        })
        .await?;
        self.shutdown
            .streams_closed(std::time::Duration::from_secs(5))
            .await;
        tracing::info!("stopped");
        Ok(())
    }
}

/// Runs `switchboard-server admin …` on the configured data folder.
pub async fn admin(
    config: &Config,
    command: &config::AdminCommand,
    password: impl FnOnce() -> std::io::Result<String>,
) -> Result<String, StartError> {
    let pool = store::open(&config.data_dir, config.database_url.as_deref()).await?;
    match command {
        config::AdminCommand::Create { email, name } => {
            let user = services::setup::create_admin(&pool, email, name, password()?).await?;
            Ok(format!(
                "Created the administrator {} <{}>",
                user.name, user.email
            ))
        }
        config::AdminCommand::ResetPassword { email } => {
            let token = services::setup::reset_link(&pool, email).await?;
            Ok(format!(
                "One-time link to choose a new password for {} (valid 24 hours):\n  {}/#/reset?token={token}",
                email.trim(),
                config.public_base(None)
            ))
        }
    }
}

/// Binds and serves; prints the URL to open.
pub async fn run(config: Config) -> Result<(), StartError> {
    let bound = bind(config).await?;
    println!("Switchboard is running on http://{}", bound.local_addr);
    if let Some(token) = &bound.setup_token {
        println!(
            "Switchboard is not set up yet: nobody can log in until this one-time link is used \
             (valid 24 hours; a restart replaces it):\n  {}/#/setup?token={token}",
            bound.public_base
        );
    }
    bound.serve().await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
