//! Pre/post assessments: each learner's two responses, the running sums the evaluation
//! report reads, and the per-option counts of first quiz attempts for the item analysis.

use std::collections::BTreeMap;

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261127_000008_assessments"
    }
}

#[derive(DeriveIden)]
enum AssessmentResponses {
    Table,
    Id,
    EnrolmentId,
    UserId,
    CourseId,
    Phase,
    Form,
    Correct,
    Total,
    Ratings,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum EvaluationSums {
    Table,
    CourseId,
    DepartmentId,
    Year,
    Measure,
    N,
    SumPre,
    SumPost,
    SumD2,
}

#[derive(DeriveIden)]
enum ItemCounts {
    Table,
    CourseId,
    LessonSlug,
    QuestionId,
    OptionId,
    Passed,
    N,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AssessmentResponses::Table)
                    .col(
                        ColumnDef::new(AssessmentResponses::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(AssessmentResponses::EnrolmentId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AssessmentResponses::UserId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AssessmentResponses::CourseId)
                            .big_integer()
                            .not_null(),
                    )
                    // 0 before the first lesson, 1 after the last.
                    .col(
                        ColumnDef::new(AssessmentResponses::Phase)
                            .small_integer()
                            .not_null(),
                    )
                    // `a` or `b`; null when the assessment has no knowledge items.
                    .col(
                        ColumnDef::new(AssessmentResponses::Form)
                            .string_len(1)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(AssessmentResponses::Correct)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AssessmentResponses::Total)
                            .integer()
                            .not_null(),
                    )
                    // `{"statement-id": 4, …}`
                    .col(
                        ColumnDef::new(AssessmentResponses::Ratings)
                            .text()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AssessmentResponses::SubmittedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        // One response per phase and enrolment: a second submit cannot count twice.
        manager
            .create_index(
                Index::create()
                    .name("idx_assessment_responses_enrolment_phase")
                    .table(AssessmentResponses::Table)
                    .col(AssessmentResponses::EnrolmentId)
                    .col(AssessmentResponses::Phase)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // Per course, department (0: none), year and measure (`` the knowledge score, else
        // a statement id): the number of pre/post pairs and the sums that give their means
        // and the variance of the change.
        manager
            .create_table(
                Table::create()
                    .table(EvaluationSums::Table)
                    .col(
                        ColumnDef::new(EvaluationSums::CourseId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(EvaluationSums::DepartmentId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(EvaluationSums::Year).integer().not_null())
                    .col(
                        ColumnDef::new(EvaluationSums::Measure)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(ColumnDef::new(EvaluationSums::N).big_integer().not_null())
                    .col(ColumnDef::new(EvaluationSums::SumPre).double().not_null())
                    .col(ColumnDef::new(EvaluationSums::SumPost).double().not_null())
                    .col(ColumnDef::new(EvaluationSums::SumD2).double().not_null())
                    .primary_key(
                        Index::create()
                            .col(EvaluationSums::CourseId)
                            .col(EvaluationSums::DepartmentId)
                            .col(EvaluationSums::Year)
                            .col(EvaluationSums::Measure),
                    )
                    .to_owned(),
            )
            .await?;
        // First quiz attempts per course, question and option (`` counts the attempts),
        // split by whether the attempt passed.
        manager
            .create_table(
                Table::create()
                    .table(ItemCounts::Table)
                    .col(
                        ColumnDef::new(ItemCounts::CourseId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ItemCounts::LessonSlug)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ItemCounts::QuestionId)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ItemCounts::OptionId)
                            .string_len(8)
                            .not_null(),
                    )
                    .col(ColumnDef::new(ItemCounts::Passed).boolean().not_null())
                    .col(ColumnDef::new(ItemCounts::N).big_integer().not_null())
                    .primary_key(
                        Index::create()
                            .col(ItemCounts::CourseId)
                            .col(ItemCounts::LessonSlug)
                            .col(ItemCounts::QuestionId)
                            .col(ItemCounts::OptionId)
                            .col(ItemCounts::Passed),
                    )
                    .to_owned(),
            )
            .await?;
        count_existing_attempts(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ItemCounts::Table.into_iden(),
            EvaluationSums::Table.into_iden(),
            AssessmentResponses::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// The item analysis of quizzes taken before this migration: their first attempts, counted
/// once here; from now on each first attempt is counted as it is stored.
async fn count_existing_attempts(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT e.course_id, a.lesson_slug, a.answers, a.passed FROM quiz_attempts a \
             JOIN enrolments e ON e.id = a.enrolment_id WHERE a.attempt_number = 1",
        ))
        .await?;
    let mut counts: BTreeMap<(i64, String, String, String, bool), i64> = BTreeMap::new();
    for row in rows {
        let course: i64 = row.try_get_by_index(0)?;
        let lesson: String = row.try_get_by_index(1)?;
        let answers: String = row.try_get_by_index(2)?;
        let passed: bool = row.try_get_by_index(3)?;
        let Ok(answers) = serde_json::from_str::<BTreeMap<String, Vec<String>>>(&answers) else {
            continue;
        };
        for (question, options) in answers {
            *counts
                .entry((
                    course,
                    lesson.clone(),
                    question.clone(),
                    String::new(),
                    passed,
                ))
                .or_default() += 1;
            for option in options {
                *counts
                    .entry((course, lesson.clone(), question.clone(), option, passed))
                    .or_default() += 1;
            }
        }
    }
    for chunk in counts.into_iter().collect::<Vec<_>>().chunks(500) {
        let mut insert = Query::insert();
        insert.into_table(ItemCounts::Table).columns([
            ItemCounts::CourseId,
            ItemCounts::LessonSlug,
            ItemCounts::QuestionId,
            ItemCounts::OptionId,
            ItemCounts::Passed,
            ItemCounts::N,
        ]);
        for ((course, lesson, question, option, passed), n) in chunk {
            insert.values_panic([
                (*course).into(),
                lesson.clone().into(),
                question.clone().into(),
                option.clone().into(),
                (*passed).into(),
                (*n).into(),
            ]);
        }
        manager.exec_stmt(insert.to_owned()).await?;
    }
    Ok(())
}
