//! `switchboard-server`: the reference backend of Switchboard.
#![deny(clippy::unwrap_used, clippy::expect_used)]

use clap::Parser;
use switchboard_server::{config::Config, run};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "switchboard_server=info,tower_http=warn".into()),
        )
        .init();
    let config = Config::parse();
    if config.print_openapi {
        println!("{}", switchboard_server::routes::openapi_json(&config));
        return std::process::ExitCode::SUCCESS;
    }
    match run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("switchboard-server: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
