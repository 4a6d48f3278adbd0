//! `bryggan users add|role`: accounts and roles.

use std::process::ExitCode;

use clap::Subcommand;

use crate::auth::password;
use crate::domain::{Email, Language, Role};
use crate::store;
use crate::store::audit::Actor;
use crate::store::users::{self, NewUser};

#[derive(Debug, Subcommand)]
pub(super) enum UsersCommand {
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

pub(super) struct NewAccount {
    pub(super) email: String,
    pub(super) name: String,
    pub(super) role: String,
    pub(super) locale: String,
    pub(super) department: Option<String>,
    pub(super) password_stdin: bool,
    pub(super) database_url: Option<String>,
}

pub(super) async fn add_user(new: NewAccount) -> anyhow::Result<ExitCode> {
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

pub(super) async fn set_role(
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
        Some(path) => Some(super::department(&db, path).await?),
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
