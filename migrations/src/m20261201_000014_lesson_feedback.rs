//! Learners' feedback per lesson: "was this helpful?" and an optional comment, once per
//! person, lesson and course version (changeable). Trainers read it without names.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000014_lesson_feedback"
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CourseVersions {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum LessonFeedback {
    Table,
    Id,
    UserId,
    CourseId,
    CourseVersionId,
    LessonSlug,
    Helpful,
    Comment,
    GivenAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LessonFeedback::Table)
                    .col(
                        ColumnDef::new(LessonFeedback::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(LessonFeedback::UserId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LessonFeedback::CourseId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LessonFeedback::CourseVersionId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LessonFeedback::LessonSlug)
                            .string()
                            .not_null(),
                    )
                    .col(ColumnDef::new(LessonFeedback::Helpful).boolean().not_null())
                    .col(ColumnDef::new(LessonFeedback::Comment).text().null())
                    .col(
                        ColumnDef::new(LessonFeedback::GivenAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LessonFeedback::Table, LessonFeedback::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LessonFeedback::Table, LessonFeedback::CourseId)
                            .to(Courses::Table, Courses::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LessonFeedback::Table, LessonFeedback::CourseVersionId)
                            .to(CourseVersions::Table, CourseVersions::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // One answer per person, lesson and version: giving it again changes it.
        manager
            .create_index(
                Index::create()
                    .name("idx_lesson_feedback_once")
                    .table(LessonFeedback::Table)
                    .col(LessonFeedback::UserId)
                    .col(LessonFeedback::CourseVersionId)
                    .col(LessonFeedback::LessonSlug)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // Trainers read a course's feedback, newest first.
        manager
            .create_index(
                Index::create()
                    .name("idx_lesson_feedback_course")
                    .table(LessonFeedback::Table)
                    .col(LessonFeedback::CourseId)
                    .col(LessonFeedback::GivenAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LessonFeedback::Table).to_owned())
            .await
    }
}
