//! The `bryggan` command line.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::app::Application;
use crate::auth::password;
use crate::config::{ServeArgs, Settings};
use crate::course::{self, Compilation, CompileOptions, CourseSource, LinkStyle, Severity};
use crate::domain::{Email, Language, Role};
use crate::store::audit::Actor;
use crate::store::users::{self, NewUser};
use crate::{demo, preview, store};

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
    Serve(ServeArgs),
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
    /// Generate a large organisation for benchmarks: staff in about 300 departments, every
    /// course in the folder (up to 10) assigned to everyone, enrolments in every state.
    /// Use an empty database.
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

#[derive(Debug, Subcommand)]
enum AssignmentsCommand {
    /// Assign a course: everyone in the department and below it (or everyone) is enrolled,
    /// now and whenever they join later, unless already enrolled or done.
    Add {
        /// The course id (its folder name).
        #[arg(long)]
        course: String,
        /// A department path such as `Malmö stad/Socialförvaltningen`; leave out for everyone.
        #[arg(long)]
        department: Option<String>,
        /// A fixed due date, YYYY-MM-DD.
        #[arg(
            long,
            conflicts_with = "due_days",
            required_unless_present = "due_days"
        )]
        due: Option<chrono::NaiveDate>,
        /// Due this many days after each person is assigned.
        #[arg(long)]
        due_days: Option<u16>,
        /// Days before a completion expires that a new cycle opens.
        #[arg(long, env = "BRYGGAN_RECERTIFY_DAYS", default_value_t = crate::config::DEFAULT_RECERTIFY_DAYS)]
        recertify_days: u16,
        #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
        database_url: Option<String>,
    },
    /// List the active assignments.
    List {
        #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
        database_url: Option<String>,
    },
    /// Stop an assignment from enrolling anyone else; its enrolments and their history stay.
    Remove {
        id: i64,
        #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
        database_url: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum StaffCommand {
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

#[derive(Debug, Subcommand)]
enum UsersCommand {
    /// Create an account. Prints a generated password unless one comes on standard input.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// learner, trainer, hr or admin.
        #[arg(long, default_value = "learner")]
        role: String,
        /// Interface language: sv or en.
        #[arg(long, default_value = "sv")]
        locale: String,
        /// Department path, such as `Malmö stad/Stadskontoret/HR-avdelningen`.
        #[arg(long)]
        department: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
        /// Database URL [default: sqlite://data/bryggan.db?mode=rwc].
        #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
        database_url: Option<String>,
    },
    /// Change a person's role. HR officers see the whole organisation unless `--scope`
    /// limits them to a department and everything under it.
    Role {
        email: String,
        /// learner, trainer, hr or admin.
        role: String,
        /// For hr: the department path they may see, such as `Malmö stad/Socialförvaltningen`.
        #[arg(long)]
        scope: Option<String>,
        /// Database URL [default: sqlite://data/bryggan.db?mode=rwc].
        #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
        database_url: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum CoursesCommand {
    /// Compile every course and report each problem as `path:line:col: error: message`.
    /// Exits with 1 when any course has an error.
    Check {
        /// A folder of courses, or one course folder.
        #[arg(default_value = "courses")]
        dir: PathBuf,
    },
    /// Write a static preview site (with quiz answers shown) for reviewers.
    /// Courses with errors are reported and left out.
    Build {
        /// A folder of courses, or one course folder.
        #[arg(default_value = "courses")]
        dir: PathBuf,
        /// Where to write the site.
        #[arg(long, short, default_value = "preview")]
        out: PathBuf,
    },
}

/// Parses the arguments and runs the command; the exit code says how it went.
pub fn run() -> ExitCode {
    init_tracing();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => runtime().and_then(|rt| rt.block_on(serve(args))),
        Command::Courses(CoursesCommand::Check { dir }) => check(&dir),
        Command::Courses(CoursesCommand::Build { dir, out }) => build(&dir, &out),
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
        Command::Assignments(command) => runtime().and_then(|rt| rt.block_on(assignments(command))),
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

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("BRYGGAN_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

fn compile_all(dir: &Path, style: LinkStyle) -> anyhow::Result<Vec<(CourseSource, Compilation)>> {
    let options = CompileOptions { link_style: style };
    course::compile_all(dir, &options)
        .map_err(|err| anyhow::anyhow!("cannot read {}: {err}", dir.display()))
}

/// Prints every diagnostic and a summary; true when there were no errors.
fn report(results: &[(CourseSource, Compilation)]) -> bool {
    let mut stderr = std::io::stderr().lock();
    let (mut errors, mut warnings) = (0, 0);
    for (_, compilation) in results {
        for diagnostic in &compilation.diagnostics {
            match diagnostic.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            let _ = writeln!(stderr, "{}\n", diagnostic.render());
        }
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let _ = writeln!(
        stderr,
        "checked {}: {}, {}",
        plural(results.len(), "course"),
        plural(errors, "error"),
        plural(warnings, "warning"),
    );
    errors == 0
}

fn check(dir: &Path) -> anyhow::Result<ExitCode> {
    let results = compile_all(dir, LinkStyle::Clean)?;
    if results.is_empty() {
        anyhow::bail!("no course folders in {}", dir.display());
    }
    Ok(if report(&results) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn build(dir: &Path, out: &Path) -> anyhow::Result<ExitCode> {
    let results = compile_all(dir, LinkStyle::HtmlFile)?;
    let clean = report(&results);
    let courses: Vec<_> = results
        .iter()
        .filter_map(|(source, c)| c.course.as_ref().map(|course| (source, course)))
        .collect();
    let summary = preview::build_site(&courses, out)?;
    println!(
        "wrote {} pages for {} courses to {}",
        summary.pages,
        summary.courses,
        out.join("index.html").display()
    );
    Ok(if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

async fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let settings = Settings::resolve(&args)?;
    let app = Application::build(settings).await?;
    if args.demo {
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
    app.run_until_stopped().await?;
    Ok(ExitCode::SUCCESS)
}

struct NewAccount {
    email: String,
    name: String,
    role: String,
    locale: String,
    department: Option<String>,
    password_stdin: bool,
    database_url: Option<String>,
}

async fn add_user(new: NewAccount) -> anyhow::Result<ExitCode> {
    let email = Email::parse(&new.email)?;
    let role: Role = new.role.parse()?;
    let locale: Language = new.locale.parse()?;
    if new.name.trim().is_empty() {
        anyhow::bail!("the name is empty");
    }
    let (plain, generated) = if new.password_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        (line.trim_end_matches(['\r', '\n']).to_owned(), false)
    } else {
        (crate::auth::random_hex(10), true)
    };
    let hash = password::hash(&plain)?;
    let url = new
        .database_url
        .unwrap_or_else(|| crate::config::DEFAULT_DATABASE_URL.into());
    let db = store::connect(&url).await?;
    if users::find_by_email(&db, &email).await?.is_some() {
        anyhow::bail!("an account for {email} already exists");
    }
    let department_id = match &new.department {
        Some(path) => Some(users::ensure_department(&db, path).await?),
        None => None,
    };
    let account = NewUser {
        email,
        name: new.name.trim().to_owned(),
        role,
        locale,
        department_id,
        password_hash: Some(hash),
    };
    let user = users::create(&db, account, chrono::Utc::now()).await?;
    println!("Created {} ({}) with id {}.", user.email, role, user.id);
    if generated {
        println!("Password (shown once): {plain}");
    }
    Ok(ExitCode::SUCCESS)
}

async fn generate_demo(
    staff: usize,
    courses: PathBuf,
    database_url: Option<String>,
) -> anyhow::Result<ExitCode> {
    let url = database_url.unwrap_or_else(|| crate::config::DEFAULT_DATABASE_URL.into());
    let db = store::connect(&url).await?;
    if users::count(&db).await? > 0 {
        anyhow::bail!("the database already has accounts; generate into an empty one");
    }
    crate::app::publish_courses(&db, &courses).await?;
    let started = std::time::Instant::now();
    let generated = demo::organisation::generate(&db, staff, chrono::Utc::now(), &|step| {
        eprintln!("{:>6.1} s  {step}", started.elapsed().as_secs_f64());
    })
    .await?;
    println!(
        "{} people in {} departments, {} courses assigned to everyone: {} enrolments ({:.1} s).",
        generated.people,
        generated.departments,
        generated.courses,
        generated.applied.enrolled,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

async fn set_role(
    email: String,
    role: String,
    scope: Option<String>,
    database_url: Option<String>,
) -> anyhow::Result<ExitCode> {
    let email = Email::parse(&email)?;
    let role: Role = role.parse()?;
    if scope.is_some() && role != Role::Hr {
        anyhow::bail!("--scope is only for the hr role");
    }
    let url = database_url.unwrap_or_else(|| crate::config::DEFAULT_DATABASE_URL.into());
    let db = store::connect(&url).await?;
    let Some(user) = users::find_by_email(&db, &email).await? else {
        anyhow::bail!("no account for {email}");
    };
    let scope_id = match &scope {
        Some(path) => {
            let path = crate::staff::department_path(path)
                .ok_or_else(|| anyhow::anyhow!("{path:?} is not a department path"))?;
            Some(
                users::find_department(&db, &path)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("no department {path:?}"))?,
            )
        }
        None => None,
    };
    users::set_role(
        &db,
        &user,
        role,
        scope_id,
        &Actor::command_line(),
        chrono::Utc::now(),
    )
    .await?;
    match (role, scope) {
        (Role::Hr, Some(path)) => println!("{email} is now hr for {path} and below."),
        (Role::Hr, None) => println!("{email} is now hr for the whole organisation."),
        (role, _) => println!("{email} is now {role}."),
    }
    Ok(ExitCode::SUCCESS)
}

struct StaffImport {
    file: PathBuf,
    dry_run: bool,
    deactivate_missing: bool,
    yes: bool,
    recertify_days: u16,
    database_url: Option<String>,
}

async fn import_staff(args: StaffImport) -> anyhow::Result<ExitCode> {
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
    for email in plan.deactivated.iter().take(50) {
        println!("  deactivate: {email}");
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
    let applied = crate::store::assignments::apply_all(&db, now, args.recertify_days).await?;
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

async fn assignments(command: AssignmentsCommand) -> anyhow::Result<ExitCode> {
    use crate::domain::DueRule;
    use crate::store::{assignments, courses};
    let connect = |url: Option<String>| async move {
        store::connect(&url.unwrap_or_else(|| crate::config::DEFAULT_DATABASE_URL.into())).await
    };
    let now = chrono::Utc::now();
    match command {
        AssignmentsCommand::Add {
            course,
            department,
            due,
            due_days,
            recertify_days,
            database_url,
        } => {
            let rule = match (due, due_days) {
                (Some(date), _) => DueRule::Fixed(date),
                (None, Some(days)) => DueRule::DaysAfterAssigned(days),
                (None, None) => anyhow::bail!("give --due or --due-days"),
            };
            let db = connect(database_url).await?;
            let Some(row) = courses::find_by_slug(&db, &course)
                .await?
                .filter(|c| c.published)
            else {
                anyhow::bail!(
                    "no published course {course:?}; start the server once to publish the courses"
                );
            };
            let department_id = match &department {
                Some(path) => {
                    let path = crate::staff::department_path(path)
                        .ok_or_else(|| anyhow::anyhow!("{path:?} is not a department path"))?;
                    Some(
                        users::find_department(&db, &path)
                            .await?
                            .ok_or_else(|| anyhow::anyhow!("no department {path:?}"))?,
                    )
                }
                None => None,
            };
            let created = assignments::create(
                &db,
                row.id,
                department_id,
                rule,
                &Actor::command_line(),
                now,
            )
            .await?;
            let applied = assignments::apply_all(&db, now, recertify_days).await?;
            println!(
                "Assignment {} of {course} to {}: {} people enrolled, {} given a due date.",
                created.id,
                department.as_deref().unwrap_or("everyone"),
                applied.enrolled,
                applied.given_due_dates
            );
        }
        AssignmentsCommand::List { database_url } => {
            let db = connect(database_url).await?;
            for (assignment, slug, path) in assignments::list(&db).await? {
                let due = match assignment.rule() {
                    Some(DueRule::Fixed(date)) => format!("due {date}"),
                    Some(DueRule::DaysAfterAssigned(days)) => {
                        format!("due {days} days after assignment")
                    }
                    None => "no due date".into(),
                };
                println!(
                    "{:>5}  {slug:<28} {:<50} {due}",
                    assignment.id,
                    path.as_deref().unwrap_or("everyone")
                );
            }
        }
        AssignmentsCommand::Remove { id, database_url } => {
            let db = connect(database_url).await?;
            if !assignments::remove(&db, id, &Actor::command_line(), now).await? {
                anyhow::bail!("no active assignment {id}");
            }
            println!(
                "Assignment {id} removed: nobody else will be enrolled by it; enrolments stay."
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
