//! The `paspor` command: `serve` (the default), `migrate`, `openapi`, `create-user` and
//! `reencrypt-documents`;
//! `paspor --help` lists them and every environment variable with its default.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use paspor_api::clock::SystemClock;
use paspor_api::config::variables_help;
use paspor_api::{Application, Config, NewStaff, telemetry};
use paspor_domain::account::Role;

#[derive(Parser)]
#[command(name = "paspor", version, about = "Passport-application backend for Indonesia's immigration offices", after_help = variables_help())]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database, then serve HTTP (the default). SIGTERM or SIGINT stops it
    /// gracefully: no new connections, requests in flight finish (up to
    /// PASPOR_SHUTDOWN_TIMEOUT_SECS), background jobs stop, exit status 0. A second signal
    /// stops at once.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the OpenAPI document as JSON.
    Openapi,
    /// Create a verified staff account; the password is read from standard input.
    CreateUser {
        /// The staff member's email address.
        #[arg(long)]
        email: String,
        /// officer, office_admin or system_admin.
        #[arg(long)]
        role: String,
        /// The office id (required for officer and office_admin).
        #[arg(long)]
        office: Option<String>,
        /// The staff member's full name (default: the email's local part).
        #[arg(long)]
        full_name: Option<String>,
        /// An Indonesian phone number.
        #[arg(long)]
        phone: Option<String>,
    },
    /// Encrypt every stored document under the first key of PASPOR_DOCUMENT_KEYS: those
    /// under another configured key, and those stored before encryption. Safe to re-run and
    /// to run beside serving processes. To rotate: put the new key first (keeping the old
    /// one after it) and restart the servers, run this, then drop the old key.
    ReencryptDocuments,
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
        Command::CreateUser {
            email,
            role,
            office,
            full_name,
            phone,
        } => create_user(&config, email, &role, office, full_name, phone),
        Command::ReencryptDocuments => reencrypt_documents(&config),
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

fn create_user(
    config: &Config,
    email: String,
    role: &str,
    office: Option<String>,
    full_name: Option<String>,
    phone: Option<String>,
) -> anyhow::Result<()> {
    let role = Role::parse(role)
        .ok_or_else(|| anyhow::anyhow!("--role must be officer, office_admin or system_admin"))?;
    let mut password = String::new();
    std::io::stdin().read_line(&mut password)?;
    let password = password.trim_end_matches(['\r', '\n']).to_owned();
    let full_name =
        full_name.unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_owned());
    let staff = NewStaff {
        email,
        phone,
        full_name,
        password,
        role,
        office_id: office,
    };
    let account = paspor_api::operator::create_user(config, &staff)?;
    tracing::info!(
        id = account.id,
        email = account.email,
        role = role.as_str(),
        "staff account created"
    );
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", account.id)?;
    Ok(())
}

fn reencrypt_documents(config: &Config) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let report = |progress: &paspor_api::documents::ReencryptionProgress| {
        format!(
            "{}/{} documents: {} re-encrypted, {} already under the current key, {} deleted meanwhile",
            progress.done, progress.total, progress.rewritten, progress.current, progress.gone
        )
    };
    let mut last_line = std::time::Instant::now();
    let done = paspor_api::operator::reencrypt_documents(config, |progress| {
        // A line a second, and the last one: progress without flooding the terminal.
        if last_line.elapsed() >= std::time::Duration::from_secs(1)
            || progress.done == progress.total
        {
            let _ = writeln!(out, "{}", report(progress));
            last_line = std::time::Instant::now();
        }
    })?;
    writeln!(out, "done: {}", report(&done))?;
    Ok(())
}

fn serve(config: Config) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(config, Arc::new(SystemClock)).await?;
        app.run_until_stopped().await?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;
    use paspor_api::config::VARIABLES;

    use super::Cli;

    #[test]
    fn help_lists_every_command_and_every_variable() {
        let help = Cli::command().render_long_help().to_string();
        for command in [
            "serve",
            "migrate",
            "openapi",
            "create-user",
            "reencrypt-documents",
        ] {
            assert!(help.contains(command), "{command} missing from:\n{help}");
        }
        for variable in VARIABLES {
            assert!(help.contains(variable.name), "{}", variable.name);
            assert!(help.contains(variable.default), "{}", variable.name);
        }
    }
}
