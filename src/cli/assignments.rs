//! `bryggan assignments add|list|remove|run`.

use std::process::ExitCode;

use clap::Subcommand;

use crate::store;
use crate::store::audit::Actor;

#[derive(Debug, Subcommand)]
pub(super) enum AssignmentsCommand {
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
    /// Apply every assignment now, as the server does every hour: enrol whoever joined or
    /// moved into scope, open recertification cycles, and queue their notices.
    Run {
        #[arg(long, env = "BRYGGAN_PUBLIC_URL")]
        public_url: String,
        /// Days before a completion expires that a new cycle opens.
        #[arg(long, env = "BRYGGAN_RECERTIFY_DAYS", default_value_t = crate::config::DEFAULT_RECERTIFY_DAYS)]
        recertify_days: u16,
        #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
        database_url: Option<String>,
    },
}

pub(super) async fn assignments(command: AssignmentsCommand) -> anyhow::Result<ExitCode> {
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
                Some(path) => Some(super::department(&db, path).await?),
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
            let applied = crate::hr::apply_assignments(&db, now, recertify_days).await?;
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
        AssignmentsCommand::Run {
            public_url,
            recertify_days,
            database_url,
        } => {
            let db = connect(database_url).await?;
            let emails = crate::mail::templates::EmailTemplates::load()?;
            let notices = crate::reminders::Notices {
                emails: &emails,
                public_url: public_url.trim_end_matches('/'),
            };
            let started = std::time::Instant::now();
            let applied = notices.apply_assignments(&db, now, recertify_days).await?;
            println!(
                "Assignments applied in {:.2} s: {} enrolled, {} recertifications, {} given a due date.",
                started.elapsed().as_secs_f64(),
                applied.enrolled,
                applied.recertifications,
                applied.given_due_dates
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
