//! `switchboard-conformance`: a black-box test of a Switchboard backend.
//!
//! It speaks only HTTP and websocket to a base URL and checks the documented
//! contract (docs/openapi.json, docs/events.md, docs/server.md): see
//! docs/conformance.md. `balance` is a small round-robin TCP balancer for
//! trying the suite on several instances.

mod api;
mod balance;
mod cases;
mod contract;
mod stream;

use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};

/// Checks a Switchboard backend against its documented contract.
#[derive(Parser)]
#[command(name = "switchboard-conformance", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Round-robin TCP balancer: each new connection goes to the next instance.
    Balance(balance::BalanceArgs),
}

/// What the suite needs to know about the server under test.
#[derive(Args, Clone)]
pub struct RunArgs {
    /// Base URL of the server (no trailing `/api/v1`).
    #[arg(long, env = "CONFORMANCE_URL", default_value = "http://127.0.0.1:8080")]
    url: String,
    /// An operator (`email:password`) who is a queue member of the inbound
    /// token's line.
    #[arg(
        long,
        env = "CONFORMANCE_OPERATOR",
        default_value = "olivia@example.com:demo"
    )]
    operator: String,
    /// A second operator (`email:password`) who is NOT on the inbound token's
    /// line (the permission checks).
    #[arg(
        long,
        env = "CONFORMANCE_SECOND_OPERATOR",
        default_value = "marc@example.com:demo"
    )]
    second_operator: String,
    /// An administrator (`email:password`).
    #[arg(
        long,
        env = "CONFORMANCE_ADMIN",
        default_value = "admin@example.com:demo"
    )]
    admin: String,
    /// The webhook token of a connector (customers write through
    /// `POST /api/v1/inbound/{token}`) on a line of the operator but not of
    /// the second operator.
    #[arg(
        long,
        env = "CONFORMANCE_INBOUND_TOKEN",
        default_value = "demo-whatsapp"
    )]
    inbound_token: String,
    /// The OpenAPI document every answer is checked against.
    #[arg(long, env = "CONFORMANCE_OPENAPI", default_value = "docs/openapi.json")]
    openapi: String,
    /// The long form: more conversations, deeper pagination, more events and sends.
    #[arg(long, env = "CONFORMANCE_FULL")]
    full: bool,
}

/// An account given as `email:password`.
#[derive(Clone)]
pub struct Account {
    /// Login e-mail.
    pub email: String,
    /// Password.
    pub password: String,
}

impl Account {
    fn parse(flag: &str, value: &str) -> Result<Self, String> {
        match value.split_once(':') {
            Some((email, password)) if !email.is_empty() => Ok(Self {
                email: email.to_owned(),
                password: password.to_owned(),
            }),
            _ => Err(format!("--{flag} must be email:password")),
        }
    }
}

/// The parsed settings of a run.
pub struct Config {
    /// Operator on the inbound line.
    pub operator: Account,
    /// Operator not on the inbound line.
    pub second: Account,
    /// Administrator.
    pub admin: Account,
    /// Webhook token.
    pub inbound_token: String,
    /// Long form.
    pub full: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Balance(args)) => balance::run(args).await,
        None => run(cli.run).await,
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("switchboard-conformance: {error}");
            ExitCode::from(2)
        }
    }
}

async fn run(args: RunArgs) -> Result<bool, String> {
    let config = Config {
        operator: Account::parse("operator", &args.operator)?,
        second: Account::parse("second-operator", &args.second_operator)?,
        admin: Account::parse("admin", &args.admin)?,
        inbound_token: args.inbound_token,
        full: args.full,
    };
    let contract = Arc::new(contract::Contract::load(&args.openapi)?);
    let api = api::Api::new(&args.url, contract)?;
    println!(
        "conformance: {} ({} form), checked against {}",
        api.base(),
        if config.full { "full" } else { "short" },
        args.openapi
    );
    Ok(cases::run_all(api, config).await)
}
