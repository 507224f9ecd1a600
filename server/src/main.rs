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
    if let Some(switchboard_server::config::Command::Admin(command)) = &config.command {
        return match switchboard_server::admin(&config, command, read_password).await {
            Ok(done) => {
                println!("{done}");
                std::process::ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("switchboard-server: {error}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    match run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("switchboard-server: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The password, one line of standard input: typed at a prompt that does not
/// echo it, or piped by a deployment script. Never a flag, which would show
/// in the process list and the shell's history.
fn read_password() -> std::io::Result<String> {
    use std::io::{BufRead, IsTerminal};
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password("Password (at least 8 characters): ");
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}
