//! HR reports and governance: which cycle is a person's current one, the per-department
//! counts the dashboard reads, HR officers' department scope, uploaded staff files awaiting
//! confirmation, and the audit log.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261127_000004_reports"
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Name,
    Id,
    ScopeDepartmentId,
}

#[derive(DeriveIden)]
enum Enrolments {
    Table,
    IsCurrent,
}

#[derive(DeriveIden)]
enum ReportCounts {
    Table,
    DepartmentId,
    CourseId,
    DueDay,
    State,
    N,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    Actor,
    Action,
    Details,
}

#[derive(DeriveIden)]
enum PendingImports {
    Table,
    Id,
    Token,
    CreatedBy,
    CreatedAt,
    FileName,
    DeactivateMissing,
    Content,
}

fn id(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Null for an HR officer: the whole organisation.
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(
                        ColumnDef::new(Users::ScopeDepartmentId)
                            .big_integer()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        // The people drill-down pages through staff by name.
        manager
            .create_index(
                Index::create()
                    .name("idx_users_name")
                    .table(Users::Table)
                    .col(Users::Name)
                    .col(Users::Id)
                    .to_owned(),
            )
            .await?;
        // Reports count each person's newest cycle; older cycles stay as history.
        manager
            .alter_table(
                Table::alter()
                    .table(Enrolments::Table)
                    .add_column(
                        ColumnDef::new(Enrolments::IsCurrent)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE enrolments SET is_current = false WHERE EXISTS (SELECT 1 FROM enrolments newer \
                 WHERE newer.user_id = enrolments.user_id AND newer.course_id = enrolments.course_id \
                 AND newer.cycle > enrolments.cycle)",
            )
            .await?;
        // Current enrolments of active people, counted per department, course, due day and
        // state: the dashboard reads these few thousand rows instead of every enrolment.
        manager
            .create_table(
                Table::create()
                    .table(ReportCounts::Table)
                    // 0: no department.
                    .col(
                        ColumnDef::new(ReportCounts::DepartmentId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ReportCounts::CourseId)
                            .big_integer()
                            .not_null(),
                    )
                    // Days from the common era (chrono's `num_days_from_ce`); 0: no due date.
                    .col(ColumnDef::new(ReportCounts::DueDay).integer().not_null())
                    // 0 not started, 1 in progress, 2 completed.
                    .col(
                        ColumnDef::new(ReportCounts::State)
                            .small_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(ReportCounts::N).big_integer().not_null())
                    .primary_key(
                        Index::create()
                            .col(ReportCounts::DepartmentId)
                            .col(ReportCounts::CourseId)
                            .col(ReportCounts::DueDay)
                            .col(ReportCounts::State),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(id(AuditLog::Id))
                    .col(
                        ColumnDef::new(AuditLog::At)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(AuditLog::ActorId).big_integer().null())
                    .col(ColumnDef::new(AuditLog::Actor).string().not_null())
                    .col(ColumnDef::new(AuditLog::Action).string().not_null())
                    .col(ColumnDef::new(AuditLog::Details).text().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PendingImports::Table)
                    .col(id(PendingImports::Id))
                    .col(
                        ColumnDef::new(PendingImports::Token)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(PendingImports::CreatedBy)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PendingImports::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(PendingImports::FileName).string().not_null())
                    .col(
                        ColumnDef::new(PendingImports::DeactivateMissing)
                            .boolean()
                            .not_null(),
                    )
                    .col(ColumnDef::new(PendingImports::Content).blob().not_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PendingImports::Table.into_iden(),
            AuditLog::Table.into_iden(),
            ReportCounts::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Enrolments::Table)
                    .drop_column(Enrolments::IsCurrent)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_users_name")
                    .table(Users::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::ScopeDepartmentId)
                    .to_owned(),
            )
            .await
    }
}
