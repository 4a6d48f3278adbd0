//! `bryggan privacy register|export|erase|purge`: the register of personal data, access
//! requests that come in by other channels, erasure, and retention (gallring).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use serde::Deserialize;

use crate::domain::Email;
use crate::privacy::purge::{self, Outcome};
use crate::privacy::register::Register;
use crate::privacy::{Privacy, RetentionArgs, RetentionFile, Rule};
use crate::store;
use crate::store::audit::Actor;

#[derive(Debug, Subcommand)]
pub(super) enum PrivacyCommand {
    /// Print the register of personal data (docs/personal-data.md) as Markdown.
    Register,
    /// Write everything Bryggan holds about a person as JSON to standard output, for an
    /// access request (GDPR Art. 15) that came in by mail or letter. Audited.
    Export {
        #[arg(long)]
        email: String,
        /// Database URL [default: sqlite://data/bryggan.db?mode=rwc].
        #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
        database_url: Option<String>,
    },
    /// Anonymise a person at once: for an account made by mistake, or on a decision.
    /// Their name, address, identifiers and sign-in data go; the statistics stay.
    /// Administrators are refused. Audited.
    Erase {
        #[arg(long)]
        email: String,
        /// Confirm: erasure cannot be undone.
        #[arg(long)]
        yes: bool,
        #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
        database_url: Option<String>,
    },
    /// Apply the retention rules set as flags, environment or the config file's
    /// `[retention]` table. No rule applies until it is set.
    Purge {
        /// List what each rule would remove, with counts, and remove nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        retention: RetentionArgs,
        /// The TOML config file `serve` reads; only its `[retention]` table is used here.
        #[arg(long, env = "BRYGGAN_CONFIG")]
        config: Option<PathBuf>,
        #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
        database_url: Option<String>,
    },
}

async fn connect(url: Option<String>) -> anyhow::Result<sea_orm::DatabaseConnection> {
    let url = url.unwrap_or_else(|| crate::config::DEFAULT_DATABASE_URL.into());
    Ok(store::connect(&url).await?)
}

fn email(text: &str) -> anyhow::Result<Email> {
    Email::parse(text).map_err(|_| anyhow::anyhow!("{text:?} is not an email address"))
}

/// The `[retention]` table, whatever else the file holds.
fn retention_file(path: Option<PathBuf>) -> anyhow::Result<Option<RetentionFile>> {
    #[derive(Deserialize)]
    struct File {
        retention: Option<RetentionFile>,
    }
    let Some(path) = path else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| anyhow::anyhow!("cannot read the config file {}: {e}", path.display()))?;
    let file: File = toml::from_str(&text)
        .map_err(|e| anyhow::anyhow!("the config file {} is invalid: {e}", path.display()))?;
    Ok(file.retention)
}

fn print_outcomes(outcomes: &[Outcome], dry_run: bool) {
    for o in outcomes {
        let (verb, what) = match o.rule {
            Rule::PeopleWhoLeft => ("anonymise", "people who left"),
            Rule::EmailBodies => ("empty", "message bodies"),
            Rule::SignInLinks => ("remove", "sign-in links"),
            Rule::PendingImports => ("remove", "staff uploads not applied"),
            Rule::AuditLog => ("remove", "audit-log entries"),
            Rule::QuizAnswers => ("remove the answers of", "quiz attempts"),
        };
        let done = if dry_run {
            format!("would {verb}")
        } else {
            format!("did {verb}")
        };
        println!(
            "{:<16} older than {:<9} (before {}): {done} {} {what}",
            o.rule.name(),
            o.period.to_string(),
            o.cutoff.format("%Y-%m-%d %H:%M UTC"),
            o.count
        );
    }
}

pub(super) async fn privacy(command: PrivacyCommand) -> anyhow::Result<ExitCode> {
    let now = chrono::Utc::now();
    let actor = Actor::command_line();
    match command {
        PrivacyCommand::Register => {
            print!("{}", Register::bundled()?.markdown());
        }
        PrivacyCommand::Export {
            email: address,
            database_url,
        } => {
            let address = email(&address)?;
            let db = connect(database_url).await?;
            let document = Privacy::new(&db)
                .export_by_email(&address, &actor, now)
                .await?;
            println!("{}", serde_json::to_string_pretty(&document)?);
        }
        PrivacyCommand::Erase {
            email: address,
            yes,
            database_url,
        } => {
            let address = email(&address)?;
            if !yes {
                anyhow::bail!(
                    "erasing {address} cannot be undone; run again with --yes to confirm"
                );
            }
            let db = connect(database_url).await?;
            let rows = Privacy::new(&db).erase(&address, &actor, now).await?;
            println!(
                "Anonymised the account of {address}: {} messages, {} audit entries, {} \
                 certificates, {} sign-in links, {} single sign-on links, {} staff \
                 uploads and {} lesson comments changed or removed; {} people no longer \
                 have them as manager.",
                rows.emails,
                rows.audit_entries,
                rows.certificates,
                rows.sign_in_links,
                rows.sso_identities,
                rows.staff_uploads,
                rows.feedback_comments,
                rows.managed
            );
        }
        PrivacyCommand::Purge {
            dry_run,
            retention,
            config,
            database_url,
        } => {
            let rules = retention.resolve(retention_file(config)?);
            if rules.is_empty() {
                println!(
                    "No retention rule is set, so nothing is removed. Set the periods your \
                     retention decision (gallringsbeslut) gives: see docs/operations.md."
                );
                return Ok(ExitCode::SUCCESS);
            }
            let db = connect(database_url).await?;
            let outcomes = if dry_run {
                purge::dry_run(&db, &rules, now).await?
            } else {
                purge::apply(&db, &rules, &actor, now).await?
            };
            print_outcomes(&outcomes, dry_run);
        }
    }
    Ok(ExitCode::SUCCESS)
}
