//! Course assignments: HR's rules that enrol a department (with its sub-departments) or
//! the whole organisation in a course, with a due date.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261127_000003_assignments"
    }
}

#[derive(DeriveIden)]
enum Assignments {
    Table,
    Id,
    CourseId,
    DepartmentId,
    DueDate,
    DueDays,
    CreatedBy,
    CreatedAt,
    RemovedAt,
}

#[derive(DeriveIden)]
enum Enrolments {
    Table,
    AssignmentId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Assignments::Table)
                    .col(
                        ColumnDef::new(Assignments::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Assignments::CourseId)
                            .big_integer()
                            .not_null(),
                    )
                    // Null: the whole organisation.
                    .col(
                        ColumnDef::new(Assignments::DepartmentId)
                            .big_integer()
                            .null(),
                    )
                    // Exactly one of these: a fixed date, or days after the person is assigned.
                    .col(ColumnDef::new(Assignments::DueDate).date().null())
                    .col(ColumnDef::new(Assignments::DueDays).integer().null())
                    .col(ColumnDef::new(Assignments::CreatedBy).big_integer().null())
                    .col(
                        ColumnDef::new(Assignments::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Assignments::RemovedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Assignments::Table, Assignments::CourseId)
                            .to(Alias::new("courses"), Alias::new("id")),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Assignments::Table, Assignments::DepartmentId)
                            .to(Alias::new("departments"), Alias::new("id")),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Enrolments::Table)
                    .add_column(
                        ColumnDef::new(Enrolments::AssignmentId)
                            .big_integer()
                            .null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Enrolments::Table)
                    .drop_column(Enrolments::AssignmentId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Assignments::Table).to_owned())
            .await
    }
}
