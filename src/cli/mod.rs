//! The `bryggan` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod assignments;
mod courses;
mod privacy;
mod reminders;
mod scim;
mod staff;
mod users;

use self::users::{NewAccount, UsersCommand, add_user, set_role};
use assignments::AssignmentsCommand;
use courses::{CoursesCommand, build, check, preview};
use reminders::RemindersCommand;
use staff::{StaffCommand, StaffImport, import_staff};

use crate::app::Application;
use crate::config::{ServeArgs, Settings};
use crate::{demo, store};

#[derive(Debug, Parser)]
#[command(
    name = "bryggan",
    version,
    about = "Intercultural-competence training for municipal staff"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server: learner pages, the JSON API, health checks.
    Serve(Box<ServeArgs>),
    /// Work with the Markdown courses trainers write.
    #[command(subcommand)]
    Courses(CoursesCommand),
    /// Manage accounts.
    #[command(subcommand)]
    Users(UsersCommand),
    /// Import staff from the HR system.
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Assign courses to departments or the whole organisation, with due dates.
    #[command(subcommand)]
    Assignments(AssignmentsCommand),
    /// Send notices and reminders by email (`serve` also runs them every hour).
    #[command(subcommand)]
    Reminders(RemindersCommand),
    /// Provisioning from the organisation's directory (SCIM 2.0 at /scim/v2).
    #[command(subcommand)]
    Scim(scim::ScimCommand),
    /// Personal data: the register, access requests, erasure and retention (gallring).
    #[command(subcommand)]
    Privacy(privacy::PrivacyCommand),
    /// Write a consistent copy of the SQLite database to a new file, while the server
    /// runs. To restore, stop the server and put the copy in the database file's place.
    /// PostgreSQL: use pg_dump (docs/operations.md).
    Backup {
        /// The file to write; it must not exist yet.
        file: PathBuf,
        /// Database URL [default: sqlite://data/bryggan.db?mode=rwc].
        #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
        database_url: Option<String>,
    },
    /// Generate a large organisation for benchmarks: staff in about 300 departments, every
    /// course in the folder (up to 10) assigned to everyone, enrolments in every state, and
    /// for those who completed, their assessments before and after and first quiz
    /// attempts. Use an empty database.
    Demo {
        /// How many people.
        #[arg(long)]
        staff: usize,
        #[arg(long, env = "BRYGGAN_COURSES", default_value = "courses")]
        courses: PathBuf,
        /// Database URL [default: sqlite://data/bryggan.db?mode=rwc].
        #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
        database_url: Option<String>,
    },
}

/// Parses the arguments and runs the command; the exit code says how it went.
pub fn run() -> ExitCode {
    init_tracing();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => runtime().and_then(|rt| rt.block_on(serve(*args))),
        Command::Courses(CoursesCommand::Check { dir, lang }) => check(&dir, lang),
        Command::Courses(CoursesCommand::Build { dir, out, lang }) => build(&dir, &out, lang),
        Command::Courses(CoursesCommand::Preview { dir, port, lang }) => {
            runtime().and_then(|rt| rt.block_on(preview(&dir, port, lang)))
        }
        Command::Staff(StaffCommand::Import {
            file,
            dry_run,
            deactivate_missing,
            yes,
            recertify_days,
            database_url,
        }) => {
            let options = StaffImport {
                file,
                dry_run,
                deactivate_missing,
                yes,
                recertify_days,
                database_url,
            };
            runtime().and_then(|rt| rt.block_on(import_staff(options)))
        }
        Command::Assignments(command) => {
            runtime().and_then(|rt| rt.block_on(assignments::assignments(command)))
        }
        Command::Reminders(command) => {
            runtime().and_then(|rt| rt.block_on(reminders::reminders(command)))
        }
        Command::Scim(command) => runtime().and_then(|rt| rt.block_on(scim::scim(command))),
        Command::Privacy(command) => {
            runtime().and_then(|rt| rt.block_on(privacy::privacy(command)))
        }
        Command::Backup { file, database_url } => {
            runtime().and_then(|rt| rt.block_on(backup(&file, database_url)))
        }
        Command::Users(UsersCommand::Add {
            email,
            name,
            role,
            locale,
            department,
            password_stdin,
            database_url,
        }) => {
            let new = NewAccount {
                email,
                name,
                role,
                locale,
                department,
                password_stdin,
                database_url,
            };
            runtime().and_then(|rt| rt.block_on(add_user(new)))
        }
        Command::Demo {
            staff,
            courses,
            database_url,
        } => runtime().and_then(|rt| rt.block_on(generate_demo(staff, courses, database_url))),
        Command::Users(UsersCommand::Role {
            email,
            role,
            scope,
            database_url,
        }) => runtime().and_then(|rt| rt.block_on(set_role(email, role, scope, database_url))),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// The id of an existing department, by its path as HR writes it.
async fn department(db: &sea_orm::DatabaseConnection, path: &str) -> anyhow::Result<i64> {
    let path = crate::staff::department_path(path)
        .ok_or_else(|| anyhow::anyhow!("{path:?} is not a department path"))?;
    store::users::find_department(db, &path)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no department {path:?}"))
}

/// Where the database and the mail go, in full, for `serve --demo`: relative paths are read
/// from the working folder. Never a server URL, which may hold a password.
fn where_stored(settings: &Settings) -> String {
    let full = |path: &std::path::Path| {
        std::path::absolute(path)
            .unwrap_or_else(|_| path.to_owned())
            .display()
            .to_string()
    };
    let url = settings.database_url.expose();
    let database = match url.strip_prefix("sqlite://") {
        Some(rest) => format!(
            "SQLite file {}",
            full(rest.split('?').next().unwrap_or(rest).as_ref())
        ),
        None => "PostgreSQL (DATABASE_URL)".to_owned(),
    };
    let mail = match settings.mail.smtp_url {
        Some(_) => "sent through the SMTP relay (BRYGGAN_SMTP_URL)".to_owned(),
        None => format!("written as .eml files to {}", full(&settings.mail.dir)),
    };
    format!(
        "Courses: {}\nDatabase: {database}\nMail: {mail}",
        full(&settings.courses)
    )
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

/// Logs to stderr: readable lines, or with `BRYGGAN_LOG_FORMAT=json` one JSON object a
/// line for a log collector, each with the request or job it belongs to.
fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("BRYGGAN_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let format = std::env::var("BRYGGAN_LOG_FORMAT").unwrap_or_default();
    let lines = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if format.eq_ignore_ascii_case("json") {
        lines
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .try_init()
    } else {
        lines
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .try_init()
    };
    if !format.is_empty() && !["json", "text"].contains(&format.to_ascii_lowercase().as_str()) {
        tracing::warn!(%format, "BRYGGAN_LOG_FORMAT is json or text; writing text");
    }
}

async fn backup(file: &std::path::Path, database_url: Option<String>) -> anyhow::Result<ExitCode> {
    let url = database_url.unwrap_or_else(|| crate::config::DEFAULT_DATABASE_URL.into());
    let db = store::connect(&url).await?;
    store::backup::sqlite_copy(&db, file).await?;
    println!(
        "Wrote a consistent copy of the database to {}.",
        file.display()
    );
    Ok(ExitCode::SUCCESS)
}

async fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let settings = Settings::resolve(&args)?;
    let stored = where_stored(&settings);
    let stop = crate::shutdown::signal()?;
    let app = Application::build(settings).await?;
    if args.demo {
        println!("{stored}");
        let accounts = demo::seed(app.db(), chrono::Utc::now()).await?;
        println!("Demo accounts (passwords are new at every start):");
        for account in accounts {
            println!(
                "  {:<8} {:<16} {:<24} {}",
                account.role.as_str(),
                account.name,
                account.email,
                account.password
            );
        }
    }
    println!("Bryggan is listening on http://127.0.0.1:{}/", app.port());
    app.run_until(stop).await?;
    Ok(ExitCode::SUCCESS)
}

async fn generate_demo(
    staff: usize,
    courses: PathBuf,
    database_url: Option<String>,
) -> anyhow::Result<ExitCode> {
    let url = database_url.unwrap_or_else(|| crate::config::DEFAULT_DATABASE_URL.into());
    let db = store::connect(&url).await?;
    if store::users::count(&db).await? > 0 {
        anyhow::bail!("the database already has accounts; generate into an empty one");
    }
    crate::app::publish_courses(&db, &courses).await?;
    let started = std::time::Instant::now();
    let generated = demo::organisation::generate(&db, staff, chrono::Utc::now(), &|step| {
        eprintln!("{:>6.1} s  {step}", started.elapsed().as_secs_f64());
    })
    .await?;
    println!(
        "{} people in {} departments, {} courses assigned to everyone: {} enrolments, {} assessment pairs ({:.1} s).",
        generated.people,
        generated.departments,
        generated.courses,
        generated.applied.enrolled,
        generated.pairs,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
