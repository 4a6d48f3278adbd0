//! The learner platform's tables: organisation, accounts, courses and their versions,
//! enrolments, lesson progress and quiz attempts.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261127_000001_learner_platform"
    }
}

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
    ParentId,
    Name,
    Path,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    Name,
    DepartmentId,
    Role,
    Locale,
    Active,
    PasswordHash,
    TokenGeneration,
    FailedSignIns,
    SignInBlockedUntil,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
    Slug,
    Title,
    Language,
    CurrentVersionId,
    Published,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CourseVersions {
    Table,
    Id,
    CourseId,
    ContentHash,
    Compiled,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CourseMedia {
    Table,
    Id,
    CourseVersionId,
    Path,
    Data,
}

#[derive(DeriveIden)]
enum Enrolments {
    Table,
    Id,
    UserId,
    CourseId,
    CourseVersionId,
    Cycle,
    Source,
    DueDate,
    EnrolledAt,
    StartedAt,
    CompletedAt,
}

#[derive(DeriveIden)]
enum LessonProgress {
    Table,
    Id,
    EnrolmentId,
    LessonSlug,
    CompletedAt,
}

#[derive(DeriveIden)]
enum QuizAttempts {
    Table,
    Id,
    EnrolmentId,
    LessonSlug,
    AttemptNumber,
    Answers,
    Score,
    Passed,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum Settings {
    Table,
    Key,
    Value,
}

fn id(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .take()
}

fn fk(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Departments::Table)
                    .col(id(Departments::Id))
                    .col(ColumnDef::new(Departments::ParentId).big_integer().null())
                    .col(ColumnDef::new(Departments::Name).string().not_null())
                    .col(
                        ColumnDef::new(Departments::Path)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .foreign_key(&mut fk(
                        (Departments::Table, Departments::ParentId),
                        (Departments::Table, Departments::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(id(Users::Id))
                    .col(
                        ColumnDef::new(Users::Email)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Users::Name).string().not_null())
                    .col(ColumnDef::new(Users::DepartmentId).big_integer().null())
                    .col(ColumnDef::new(Users::Role).string().not_null())
                    .col(ColumnDef::new(Users::Locale).string().not_null())
                    .col(
                        ColumnDef::new(Users::Active)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .col(ColumnDef::new(Users::PasswordHash).string().null())
                    .col(
                        ColumnDef::new(Users::TokenGeneration)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(Users::FailedSignIns)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(Users::SignInBlockedUntil)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Users::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        (Users::Table, Users::DepartmentId),
                        (Departments::Table, Departments::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Courses::Table)
                    .col(id(Courses::Id))
                    .col(
                        ColumnDef::new(Courses::Slug)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Courses::Title).string().not_null())
                    .col(ColumnDef::new(Courses::Language).string().not_null())
                    .col(
                        ColumnDef::new(Courses::CurrentVersionId)
                            .big_integer()
                            .null(),
                    )
                    .col(ColumnDef::new(Courses::Published).boolean().not_null())
                    .col(
                        ColumnDef::new(Courses::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CourseVersions::Table)
                    .col(id(CourseVersions::Id))
                    .col(
                        ColumnDef::new(CourseVersions::CourseId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CourseVersions::ContentHash)
                            .string()
                            .not_null(),
                    )
                    .col(ColumnDef::new(CourseVersions::Compiled).text().not_null())
                    .col(
                        ColumnDef::new(CourseVersions::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        (CourseVersions::Table, CourseVersions::CourseId),
                        (Courses::Table, Courses::Id),
                    ))
                    .index(
                        Index::create()
                            .unique()
                            .col(CourseVersions::CourseId)
                            .col(CourseVersions::ContentHash),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CourseMedia::Table)
                    .col(id(CourseMedia::Id))
                    .col(
                        ColumnDef::new(CourseMedia::CourseVersionId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(CourseMedia::Path).string().not_null())
                    .col(ColumnDef::new(CourseMedia::Data).blob().not_null())
                    .foreign_key(&mut fk(
                        (CourseMedia::Table, CourseMedia::CourseVersionId),
                        (CourseVersions::Table, CourseVersions::Id),
                    ))
                    .index(
                        Index::create()
                            .unique()
                            .col(CourseMedia::CourseVersionId)
                            .col(CourseMedia::Path),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Enrolments::Table)
                    .col(id(Enrolments::Id))
                    .col(ColumnDef::new(Enrolments::UserId).big_integer().not_null())
                    .col(
                        ColumnDef::new(Enrolments::CourseId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Enrolments::CourseVersionId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Enrolments::Cycle)
                            .integer()
                            .not_null()
                            .default(1),
                    )
                    .col(ColumnDef::new(Enrolments::Source).string().not_null())
                    .col(ColumnDef::new(Enrolments::DueDate).date().null())
                    .col(
                        ColumnDef::new(Enrolments::EnrolledAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Enrolments::StartedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Enrolments::CompletedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(&mut fk(
                        (Enrolments::Table, Enrolments::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        (Enrolments::Table, Enrolments::CourseId),
                        (Courses::Table, Courses::Id),
                    ))
                    .foreign_key(&mut fk(
                        (Enrolments::Table, Enrolments::CourseVersionId),
                        (CourseVersions::Table, CourseVersions::Id),
                    ))
                    .index(
                        Index::create()
                            .unique()
                            .col(Enrolments::UserId)
                            .col(Enrolments::CourseId)
                            .col(Enrolments::Cycle),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LessonProgress::Table)
                    .col(id(LessonProgress::Id))
                    .col(
                        ColumnDef::new(LessonProgress::EnrolmentId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LessonProgress::LessonSlug)
                            .string()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LessonProgress::CompletedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        (LessonProgress::Table, LessonProgress::EnrolmentId),
                        (Enrolments::Table, Enrolments::Id),
                    ))
                    .index(
                        Index::create()
                            .unique()
                            .col(LessonProgress::EnrolmentId)
                            .col(LessonProgress::LessonSlug),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(QuizAttempts::Table)
                    .col(id(QuizAttempts::Id))
                    .col(
                        ColumnDef::new(QuizAttempts::EnrolmentId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(QuizAttempts::LessonSlug).string().not_null())
                    .col(
                        ColumnDef::new(QuizAttempts::AttemptNumber)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(QuizAttempts::Answers).text().not_null())
                    .col(ColumnDef::new(QuizAttempts::Score).integer().not_null())
                    .col(ColumnDef::new(QuizAttempts::Passed).boolean().not_null())
                    .col(
                        ColumnDef::new(QuizAttempts::SubmittedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        (QuizAttempts::Table, QuizAttempts::EnrolmentId),
                        (Enrolments::Table, Enrolments::Id),
                    ))
                    .index(
                        Index::create()
                            .unique()
                            .col(QuizAttempts::EnrolmentId)
                            .col(QuizAttempts::LessonSlug)
                            .col(QuizAttempts::AttemptNumber),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Settings::Table)
                    .col(
                        ColumnDef::new(Settings::Key)
                            .string()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Settings::Value).text().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_enrolments_course")
                    .table(Enrolments::Table)
                    .col(Enrolments::CourseId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Settings::Table.into_iden(),
            QuizAttempts::Table.into_iden(),
            LessonProgress::Table.into_iden(),
            Enrolments::Table.into_iden(),
            CourseMedia::Table.into_iden(),
            CourseVersions::Table.into_iden(),
            Courses::Table.into_iden(),
            Users::Table.into_iden(),
            Departments::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
