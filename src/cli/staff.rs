//! `bryggan staff import`: the HR system's staff file, checked, shown, then applied.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use crate::store;
use crate::store::audit::Actor;

#[derive(Debug, Subcommand)]
pub(super) enum StaffCommand {
    /// Import the HR system's CSV export: columns email, name, department (a path such as
    /// `Malmö stad/Stadskontoret/HR`), optionally manager_email and locale; Swedish headers
    /// (e-post, namn, avdelning, chef, språk), `;` and Windows-1252 are accepted. The file
    /// is checked in full first: one bad row rejects it, and nothing is written.
    Import {
        file: PathBuf,
        /// Show what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Deactivate accounts the file does not list (never admins; nobody is deleted).
        #[arg(long)]
        deactivate_missing: bool,
        /// Apply deactivations without asking.
        #[arg(long)]
        yes: bool,
        /// Days before a completion expires that a new cycle opens.
        #[arg(long, env = "BRYGGAN_RECERTIFY_DAYS", default_value_t = crate::config::DEFAULT_RECERTIFY_DAYS)]
        recertify_days: u16,
        /// Database URL [default: sqlite://data/bryggan.db?mode=rwc].
        #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
        database_url: Option<String>,
    },
}

pub(super) struct StaffImport {
    pub(super) file: PathBuf,
    pub(super) dry_run: bool,
    pub(super) deactivate_missing: bool,
    pub(super) yes: bool,
    pub(super) recertify_days: u16,
    pub(super) database_url: Option<String>,
}

pub(super) async fn import_staff(args: StaffImport) -> anyhow::Result<ExitCode> {
    use crate::store::staff::{ImportOptions, ImportPlan, import};
    let bytes = std::fs::read(&args.file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", args.file.display()))?;
    let file = match crate::staff::parse(&bytes) {
        Ok(file) => file,
        Err(errors) => {
            for error in errors.iter().take(200) {
                eprintln!("{}: {error}", args.file.display());
            }
            if errors.len() > 200 {
                eprintln!("… and {} more", errors.len() - 200);
            }
            eprintln!("{} problems; nothing was imported.", errors.len());
            return Ok(ExitCode::from(1));
        }
    };
    if file.windows_1252 {
        eprintln!("note: the file is not UTF-8; it was read as Windows-1252");
    }
    let url = args
        .database_url
        .unwrap_or_else(|| crate::config::DEFAULT_DATABASE_URL.into());
    let db = store::connect(&url).await?;
    if crate::provisioning::directory_owns_staff(&db).await? {
        eprintln!("error: {}", crate::hr::HrError::DirectoryOwnsStaff);
        return Ok(ExitCode::from(1));
    }
    let now = chrono::Utc::now();
    let plan = import(
        &db,
        &file,
        ImportOptions {
            deactivate_missing: args.deactivate_missing,
            dry_run: true,
        },
        &Actor::command_line(),
        now,
        &|_| {},
    )
    .await?;
    let describe = |plan: &ImportPlan, new: &str| {
        println!(
            "{} people: {} {new}, {} updated, {} unchanged; {} new departments; {} deactivated.",
            file.rows.len(),
            plan.created.len(),
            plan.updated.len(),
            plan.unchanged,
            plan.new_departments.len(),
            plan.deactivated.len()
        );
    };
    describe(
        &plan,
        if args.dry_run {
            "would be new"
        } else {
            "to be new"
        },
    );
    for person in plan.deactivated.iter().take(50) {
        println!("  deactivate: {} ({})", person.email, person.name);
    }
    if plan.deactivated.len() > 50 {
        println!("  … and {} more", plan.deactivated.len() - 50);
    }
    if args.dry_run {
        return Ok(ExitCode::SUCCESS);
    }
    if !plan.deactivated.is_empty()
        && !args.yes
        && !confirm(&format!("Deactivate {} people?", plan.deactivated.len()))?
    {
        println!("Nothing was imported. Run again with --yes to apply the deactivations.");
        return Ok(ExitCode::from(1));
    }
    let bar = indicatif::ProgressBar::new((plan.created.len() + plan.updated.len()) as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} people written ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let options = ImportOptions {
        deactivate_missing: args.deactivate_missing,
        dry_run: false,
    };
    let done = import(&db, &file, options, &Actor::command_line(), now, &|n| {
        bar.set_position(n as u64)
    })
    .await?;
    bar.finish_and_clear();
    describe(&done, "new");
    let applied = crate::hr::apply_assignments(&db, now, args.recertify_days).await?;
    if applied.enrolled > 0 {
        println!(
            "{} people enrolled by existing assignments.",
            applied.enrolled
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Asks on the terminal; without one (a script, CI), the answer is no.
fn confirm(question: &str) -> anyhow::Result<bool> {
    if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return Ok(false);
    }
    print!("{question} [y/N] ");
    std::io::stdout().flush()?;
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "j" | "ja"))
}
