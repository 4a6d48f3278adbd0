//! `bryggan reminders run`: one reminder run, for those who schedule it with cron.

use std::process::ExitCode;

use clap::Subcommand;

use crate::config::ReminderArgs;
use crate::mail::templates::EmailTemplates;
use crate::reminders::Reminders;
use crate::store;

#[derive(Debug, Subcommand)]
pub(super) enum RemindersCommand {
    /// Queue every notice and reminder owed now: assignment notices, due-soon and overdue
    /// reminders, managers' weekly digests, certificate-expiry notices. Running it again,
    /// or beside `serve`, queues nothing twice. The server's mail worker delivers them.
    Run {
        /// The address people reach Bryggan at, for the links in the messages.
        #[arg(long, env = "BRYGGAN_PUBLIC_URL")]
        public_url: String,
        #[command(flatten)]
        reminders: ReminderArgs,
        #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
        database_url: Option<String>,
    },
}

pub(super) async fn reminders(command: RemindersCommand) -> anyhow::Result<ExitCode> {
    let RemindersCommand::Run {
        public_url,
        reminders,
        database_url,
    } = command;
    let db =
        store::connect(&database_url.unwrap_or_else(|| crate::config::DEFAULT_DATABASE_URL.into()))
            .await?;
    let settings = reminders.settings();
    let emails = EmailTemplates::load()?;
    let started = std::time::Instant::now();
    let summary = Reminders {
        settings: &settings,
        emails: &emails,
        public_url: public_url.trim_end_matches('/'),
    }
    .run(&db, chrono::Utc::now())
    .await?;
    println!(
        "Queued {} messages in {:.1} s: {} assignment notices, {} due soon, {} overdue, {} manager digests, {} expiry notices.",
        summary.total(),
        started.elapsed().as_secs_f64(),
        summary.assigned,
        summary.due_soon,
        summary.overdue,
        summary.digests,
        summary.expiry
    );
    Ok(ExitCode::SUCCESS)
}
