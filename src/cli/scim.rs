//! `bryggan scim token create|list|revoke`: the bearer tokens the directory provisions with.

use std::process::ExitCode;

use clap::Subcommand;
use serde_json::json;

use crate::provisioning::tokens::{self, TokenError};
use crate::store;
use crate::store::audit::{self, Actor};

#[derive(Debug, Subcommand)]
pub(super) enum ScimCommand {
    /// Bearer tokens for the directory's SCIM client.
    #[command(subcommand)]
    Token(TokenCommand),
}

#[derive(Debug, Subcommand)]
pub(super) enum TokenCommand {
    /// Make a token. It is printed once, as the last line of standard output; only its
    /// hash is kept. While any token is in use, the directory is the source of staff and
    /// the CSV import is refused.
    Create {
        /// What the token is for, such as `entra`: letters, digits, '-', '_' or '.'.
        #[arg(long)]
        name: String,
        /// Database URL [default: sqlite://data/bryggan.db?mode=rwc].
        #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
        database_url: Option<String>,
    },
    /// List the tokens: name, when made, last used, and whether revoked.
    List {
        #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
        database_url: Option<String>,
    },
    /// Revoke a token at once.
    Revoke {
        name: String,
        #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
        database_url: Option<String>,
    },
}

async fn connect(url: Option<String>) -> anyhow::Result<sea_orm::DatabaseConnection> {
    let url = url.unwrap_or_else(|| crate::config::DEFAULT_DATABASE_URL.into());
    Ok(store::connect(&url).await?)
}

pub(super) async fn scim(command: ScimCommand) -> anyhow::Result<ExitCode> {
    let ScimCommand::Token(command) = command;
    let now = chrono::Utc::now();
    let actor = Actor::command_line();
    match command {
        TokenCommand::Create { name, database_url } => {
            let db = connect(database_url).await?;
            match tokens::create(&db, &name, now).await {
                Ok(token) => {
                    audit::record(
                        &db,
                        &actor,
                        "scim.token_created",
                        json!({"name": name}),
                        now,
                    )
                    .await?;
                    eprintln!(
                        "Token {name:?} made. Give it to the directory as its secret token; \
                         it is not shown again."
                    );
                    println!("{token}");
                    Ok(ExitCode::SUCCESS)
                }
                Err(err @ (TokenError::BadName | TokenError::Taken(_))) => {
                    eprintln!("error: {err}");
                    Ok(ExitCode::from(1))
                }
                Err(err) => Err(err.into()),
            }
        }
        TokenCommand::List { database_url } => {
            let db = connect(database_url).await?;
            let all = tokens::list(&db).await?;
            if all.is_empty() {
                println!("No tokens. Make one with `bryggan scim token create --name entra`.");
            }
            for token in all {
                let when = |at: Option<chrono::DateTime<chrono::Utc>>| {
                    at.map_or("never".to_owned(), |at| {
                        at.format("%Y-%m-%d %H:%M").to_string()
                    })
                };
                let state = match token.revoked_at {
                    Some(at) => format!("revoked {}", at.format("%Y-%m-%d %H:%M")),
                    None => "in use".to_owned(),
                };
                println!(
                    "{}\tmade {}\tlast used {}\t{state}",
                    token.name,
                    token.created_at.format("%Y-%m-%d %H:%M"),
                    when(token.last_used_at),
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        TokenCommand::Revoke { name, database_url } => {
            let db = connect(database_url).await?;
            match tokens::revoke(&db, &name, now).await {
                Ok(()) => {
                    audit::record(
                        &db,
                        &actor,
                        "scim.token_revoked",
                        json!({"name": name}),
                        now,
                    )
                    .await?;
                    println!("Token {name:?} revoked.");
                    Ok(ExitCode::SUCCESS)
                }
                Err(err @ TokenError::Unknown(_)) => {
                    eprintln!("error: {err}");
                    Ok(ExitCode::from(1))
                }
                Err(err) => Err(err.into()),
            }
        }
    }
}
