//! The `paspor` command: `serve` (the default), `migrate`, and `openapi`.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use paspor_api::clock::SystemClock;
use paspor_api::config::VARIABLES;
use paspor_api::{Application, Config, telemetry};

#[derive(Parser)]
#[command(name = "paspor", version, about = "Passport-application backend for Indonesia's immigration offices", after_help = variables_help())]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database, then serve HTTP (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the OpenAPI document as JSON.
    Openapi,
}

fn variables_help() -> String {
    let mut help = String::from("Environment variables:\n");
    for (name, meaning) in VARIABLES {
        help.push_str(&format!("  {name:<30} {meaning}\n"));
    }
    help
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve);
    if let Command::Openapi = command {
        let mut out = std::io::stdout().lock();
        return match out.write_all(paspor_api::openapi_json().as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(_) => ExitCode::FAILURE,
        };
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            // Logging is not set up yet: the operator reads this on the terminal.
            let _ = writeln!(std::io::stderr(), "paspor: {error}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.environment);
    let outcome = match command {
        Command::Migrate => migrate(&config),
        Command::Serve | Command::Openapi => serve(config),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "paspor stopped on an error");
            ExitCode::FAILURE
        }
    }
}

fn migrate(config: &Config) -> anyhow::Result<()> {
    let report = paspor_persistence::run_migrations(&config.database_url)?;
    tracing::info!(applied = ?report.applied, known = report.known, "migrations done");
    Ok(())
}

fn serve(config: Config) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(config, Arc::new(SystemClock)).await?;
        app.run_until_stopped().await?;
        Ok(())
    })
}
