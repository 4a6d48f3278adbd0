//! Personal data and public records: when a person left and which departments they were
//! in, recorded by the database itself, and when a person was anonymised.
//!
//! Triggers, not application code, write the history: staff import, the directory, SSO
//! and the command line all change `users` (some in bulk), and a trigger cannot be
//! forgotten by the next write path.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000013_privacy"
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    DeactivatedAt,
    AnonymisedAt,
}

/// Mail is looked up by recipient for an access request and for anonymisation.
#[derive(DeriveIden)]
enum Outbox {
    Table,
    Recipient,
}

#[derive(DeriveIden)]
enum DepartmentHistory {
    Table,
    Id,
    UserId,
    DepartmentId,
    Since,
}

const SQLITE_NOW: &str = "strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')";

fn sqlite_triggers() -> Vec<String> {
    vec![
        format!(
            "CREATE TRIGGER users_department_inserted AFTER INSERT ON users BEGIN \
             INSERT INTO department_history (user_id, department_id, since) \
             VALUES (NEW.id, NEW.department_id, {SQLITE_NOW}); \
             UPDATE users SET deactivated_at = {SQLITE_NOW} WHERE id = NEW.id AND NOT NEW.active; \
             END"
        ),
        format!(
            "CREATE TRIGGER users_department_moved AFTER UPDATE OF department_id ON users \
             WHEN OLD.department_id IS NOT NEW.department_id BEGIN \
             INSERT INTO department_history (user_id, department_id, since) \
             VALUES (NEW.id, NEW.department_id, {SQLITE_NOW}); END"
        ),
        format!(
            "CREATE TRIGGER users_active_changed AFTER UPDATE OF active ON users \
             WHEN OLD.active IS NOT NEW.active BEGIN \
             UPDATE users SET deactivated_at = CASE WHEN NEW.active THEN NULL ELSE {SQLITE_NOW} END \
             WHERE id = NEW.id; END"
        ),
    ]
}

fn postgres_triggers() -> Vec<String> {
    vec![
        "CREATE FUNCTION bryggan_users_left() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
         IF TG_OP = 'INSERT' OR NEW.active IS DISTINCT FROM OLD.active THEN \
         NEW.deactivated_at := CASE WHEN NEW.active THEN NULL ELSE now() END; END IF; \
         RETURN NEW; END $$"
            .into(),
        "CREATE TRIGGER users_left BEFORE INSERT OR UPDATE OF active ON users \
         FOR EACH ROW EXECUTE FUNCTION bryggan_users_left()"
            .into(),
        "CREATE FUNCTION bryggan_users_moved() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
         IF TG_OP = 'INSERT' OR NEW.department_id IS DISTINCT FROM OLD.department_id THEN \
         INSERT INTO department_history (user_id, department_id, since) \
         VALUES (NEW.id, NEW.department_id, now()); END IF; RETURN NULL; END $$"
            .into(),
        "CREATE TRIGGER users_moved AFTER INSERT OR UPDATE OF department_id ON users \
         FOR EACH ROW EXECUTE FUNCTION bryggan_users_moved()"
            .into(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in [Users::DeactivatedAt, Users::AnonymisedAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .add_column(ColumnDef::new(name).timestamp_with_time_zone().null())
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(DepartmentHistory::Table)
                    .col(
                        ColumnDef::new(DepartmentHistory::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(DepartmentHistory::UserId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DepartmentHistory::DepartmentId)
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(DepartmentHistory::Since)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(DepartmentHistory::Table, DepartmentHistory::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_department_history_user")
                    .table(DepartmentHistory::Table)
                    .col(DepartmentHistory::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_users_deactivated_at")
                    .table(Users::Table)
                    .col(Users::DeactivatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_recipient")
                    .table(Outbox::Table)
                    .col(Outbox::Recipient)
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        // What is known already: each person's department since their account was made,
        // and for those who left, the last change to their row (or now, if none is
        // known, so that no retention period is shortened by the upgrade).
        db.execute_unprepared(
            "INSERT INTO department_history (user_id, department_id, since) \
             SELECT id, department_id, created_at FROM users",
        )
        .await?;
        let (now, triggers) = match db.get_database_backend() {
            DbBackend::Postgres => ("now()", postgres_triggers()),
            _ => (SQLITE_NOW, sqlite_triggers()),
        };
        db.execute_unprepared(&format!(
            "UPDATE users SET deactivated_at = COALESCE(updated_at, {now}) WHERE NOT active"
        ))
        .await?;
        for trigger in triggers {
            db.execute_unprepared(&trigger).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let drops: &[&str] = match db.get_database_backend() {
            DbBackend::Postgres => &[
                "DROP TRIGGER IF EXISTS users_left ON users",
                "DROP TRIGGER IF EXISTS users_moved ON users",
                "DROP FUNCTION IF EXISTS bryggan_users_left()",
                "DROP FUNCTION IF EXISTS bryggan_users_moved()",
            ],
            _ => &[
                "DROP TRIGGER IF EXISTS users_department_inserted",
                "DROP TRIGGER IF EXISTS users_department_moved",
                "DROP TRIGGER IF EXISTS users_active_changed",
            ],
        };
        for drop in drops {
            db.execute_unprepared(drop).await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("idx_outbox_recipient")
                    .table(Outbox::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_users_deactivated_at")
                    .table(Users::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(DepartmentHistory::Table).to_owned())
            .await?;
        for name in [Users::DeactivatedAt, Users::AnonymisedAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .drop_column(name)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
