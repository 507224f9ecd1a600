//! Command-line and environment configuration of the server.

use std::net::IpAddr;
use std::path::PathBuf;

/// How the server is started. Every flag also reads an environment variable.
#[derive(Debug, Clone, clap::Parser)]
#[command(name = "switchboard-server", version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "ADDR", default_value = "127.0.0.1")]
    pub addr: IpAddr,
    /// Port to listen on (0 picks a free one and prints it).
    #[arg(long, env = "PORT", default_value_t = 8080)]
    pub port: u16,
    /// Folder holding the SQLite database and uploaded files (created if missing).
    #[arg(long, env = "SWITCHBOARD_DATA", default_value = "./data")]
    pub data_dir: PathBuf,
    /// Folder of the built app (`trunk build` output) served at `/`.
    #[arg(long, env = "SWITCHBOARD_DIST", default_value = "./dist")]
    pub dist_dir: PathBuf,
    /// Origin allowed to call the API from another origin, e.g. `https://app.example.com`.
    /// Repeat the flag for several origins.
    #[arg(
        long = "cors-origin",
        env = "SWITCHBOARD_CORS_ORIGINS",
        value_delimiter = ','
    )]
    pub cors_origins: Vec<String>,
    /// Load the demo accounts, lines and conversations on start (never in production).
    #[arg(long, env = "SWITCHBOARD_DEMO")]
    pub demo: bool,
    /// Largest accepted upload, in bytes.
    #[arg(long, env = "SWITCHBOARD_MAX_UPLOAD", default_value_t = 25 * 1024 * 1024)]
    pub max_upload_bytes: u64,
    /// How many of the latest events are kept for clients that resume with
    /// `?after=`; an older gap gets a `resync` frame.
    #[arg(long, env = "SWITCHBOARD_EVENT_RETENTION", default_value_t = 10_000)]
    pub event_retention: u32,
    /// Seconds between websocket pings; a socket silent for two intervals is closed.
    #[arg(long, env = "SWITCHBOARD_HEARTBEAT_SECS", default_value_t = 20)]
    pub heartbeat_secs: u64,
    /// Seconds a payment link stays payable; after that it is `expired`.
    #[arg(long, env = "SWITCHBOARD_PAYMENT_LINK_TTL_SECS", default_value_t = 24 * 3600)]
    pub payment_link_ttl_secs: u64,
    /// Print the OpenAPI document to standard output and exit.
    #[arg(long)]
    pub print_openapi: bool,
}

impl Config {
    /// A configuration for tests: a free port on 127.0.0.1 and the given data folder.
    pub fn for_tests(data_dir: PathBuf) -> Self {
        Self {
            addr: IpAddr::from([127, 0, 0, 1]),
            port: 0,
            data_dir,
            dist_dir: PathBuf::from("./dist"),
            cors_origins: Vec::new(),
            demo: false,
            max_upload_bytes: 25 * 1024 * 1024,
            event_retention: 10_000,
            heartbeat_secs: 20,
            payment_link_ttl_secs: 24 * 3600,
            print_openapi: false,
        }
    }
}
