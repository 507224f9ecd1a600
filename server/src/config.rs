//! Command-line and environment configuration of the server.

use std::net::IpAddr;
use std::path::PathBuf;

/// How the server is started. Every flag also reads an environment variable.
#[derive(Debug, Clone, clap::Parser)]
#[command(name = "switchboard-server", version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "ADDR", default_value = "127.0.0.1", global = true)]
    pub addr: IpAddr,
    /// Port to listen on (0 picks a free one and prints it).
    #[arg(long, env = "PORT", default_value_t = 8080, global = true)]
    pub port: u16,
    /// Folder holding the SQLite database and uploaded files (created if missing).
    #[arg(
        long,
        env = "SWITCHBOARD_DATA",
        default_value = "./data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// Where uploaded files' content lives: a folder (one that several
    /// instances may mount), or S3-compatible object storage
    /// `s3://bucket/prefix` (endpoint, region and credentials from the
    /// standard `AWS_*` variables). Default: `<data-dir>/files`.
    #[arg(long, env = "SWITCHBOARD_FILES")]
    pub files: Option<String>,
    /// The database: a `postgres://user:password@host:port/name` URL selects
    /// PostgreSQL (for several instances); without it, the SQLite file
    /// `switchboard.db` in the data folder.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
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
    /// The address people open the app at, for the links the server prints
    /// (setup, password reset), e.g. `https://switchboard.example.com`;
    /// by default `http://<addr>:<port>`.
    #[arg(long, env = "SWITCHBOARD_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// The Telegram Bot API's base URL (tests point it at a local fake that
    /// speaks the same `/bot<token>/<method>` paths).
    #[arg(
        long,
        env = "SWITCHBOARD_TELEGRAM_API_URL",
        default_value = "https://api.telegram.org"
    )]
    pub telegram_api_url: String,
    /// Attempts of one outbound delivery before its message shows "Not delivered".
    #[arg(long, env = "SWITCHBOARD_DELIVERY_ATTEMPTS", default_value_t = 10)]
    pub delivery_attempts: u32,
    /// Milliseconds before the first retry of a failed delivery; each next
    /// wait doubles (with jitter), up to five minutes.
    #[arg(long, env = "SWITCHBOARD_DELIVERY_RETRY_MS", default_value_t = 1000)]
    pub delivery_retry_ms: u64,
    /// The longest wait between two attempts of a delivery, in milliseconds.
    #[arg(long, env = "SWITCHBOARD_DELIVERY_MAX_BACKOFF_MS", default_value_t = 5 * 60 * 1000)]
    pub delivery_max_backoff_ms: u64,
    /// Print the OpenAPI document to standard output and exit.
    #[arg(long)]
    pub print_openapi: bool,
    /// A command to run instead of serving.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What `switchboard-server` can do besides serving.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Administrators, for scripted deployments (works on any database).
    #[command(subcommand)]
    Admin(AdminCommand),
}

/// `switchboard-server admin …`.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum AdminCommand {
    /// Creates an administrator. The password is read from standard input
    /// (one line), never from a flag.
    Create {
        /// Their login e-mail address.
        #[arg(long)]
        email: String,
        /// Their name.
        #[arg(long)]
        name: String,
    },
    /// Prints a one-time link (valid 24 hours) with which the employee
    /// chooses a new password; their sessions end when it is used.
    ResetPassword {
        /// The employee's login e-mail address.
        #[arg(long)]
        email: String,
    },
}

impl Config {
    /// Where the app is opened, without a trailing slash: `--public-url`,
    /// else this server's address (`local` once bound, for port 0).
    pub fn public_base(&self, local: Option<std::net::SocketAddr>) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => {
                let addr = local.unwrap_or(std::net::SocketAddr::new(self.addr, self.port));
                format!("http://{addr}")
            }
        }
    }
}

impl Config {
    /// A configuration for tests: a free port on 127.0.0.1 and the given data folder.
    pub fn for_tests(data_dir: PathBuf) -> Self {
        Self {
            addr: IpAddr::from([127, 0, 0, 1]),
            port: 0,
            data_dir,
            files: None,
            database_url: None,
            dist_dir: PathBuf::from("./dist"),
            cors_origins: Vec::new(),
            demo: false,
            max_upload_bytes: 25 * 1024 * 1024,
            event_retention: 10_000,
            heartbeat_secs: 20,
            payment_link_ttl_secs: 24 * 3600,
            public_url: None,
            telegram_api_url: "http://127.0.0.1:9".into(),
            delivery_attempts: 10,
            delivery_retry_ms: 1000,
            delivery_max_backoff_ms: 5 * 60 * 1000,
            print_openapi: false,
            command: None,
        }
    }
}
