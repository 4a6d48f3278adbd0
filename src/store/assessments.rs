//! Assessment responses, the evaluation sums kept beside them, and the item counts of
//! first quiz attempts. The report reads only the sums and counts: a few thousand rows
//! whatever the number of learners.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    SqlErr, Value,
};

use crate::evaluation::{ItemCount, SumRow, Sums};

use super::StoreError;
use super::entities::{assessment_response, user};
use super::sql::statement;

pub use assessment_response::Model as Response;

pub const PRE: i16 = 0;
pub const POST: i16 = 1;

/// The responses of one enrolment, pre first.
pub async fn responses(
    db: &impl ConnectionTrait,
    enrolment_id: i64,
) -> Result<Vec<Response>, StoreError> {
    Ok(assessment_response::Entity::find()
        .filter(assessment_response::Column::EnrolmentId.eq(enrolment_id))
        .order_by_asc(assessment_response::Column::Phase)
        .all(db)
        .await?)
}

#[derive(Debug, Clone)]
pub struct NewResponse {
    pub enrolment_id: i64,
    pub user_id: i64,
    pub course_id: i64,
    pub phase: i16,
    pub form: Option<&'static str>,
    pub correct: i32,
    pub total: i32,
    pub ratings_json: String,
}

/// Stores a response; `None` when the enrolment already has one for that phase.
pub async fn insert_response(
    db: &impl ConnectionTrait,
    new: NewResponse,
    now: DateTime<Utc>,
) -> Result<Option<Response>, StoreError> {
    let row = assessment_response::ActiveModel {
        enrolment_id: Set(new.enrolment_id),
        user_id: Set(new.user_id),
        course_id: Set(new.course_id),
        phase: Set(new.phase),
        form: Set(new.form.map(str::to_owned)),
        correct: Set(new.correct),
        total: Set(new.total),
        ratings: Set(new.ratings_json),
        submitted_at: Set(now),
        ..Default::default()
    };
    match row.insert(db).await {
        Ok(response) => Ok(Some(response)),
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Ok(None),
        Err(err) => Err(err.into()),
    }
}

/// One measure of a completed pair: the value before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct PairMeasure {
    pub measure: String,
    pub pre: f64,
    pub post: f64,
}

/// Adds a completed pair to the sums of its course, the learner's department and the year,
/// in the caller's transaction.
pub async fn add_pair(
    db: &impl ConnectionTrait,
    course_id: i64,
    user_id: i64,
    year: i32,
    measures: &[PairMeasure],
) -> Result<(), StoreError> {
    let department_id = user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .and_then(|u| u.department_id)
        .unwrap_or(0);
    let rows: Vec<SumRow> = measures
        .iter()
        .map(|m| SumRow {
            department_id,
            year,
            measure: m.measure.clone(),
            sums: Sums::pair(m.pre, m.post),
        })
        .collect();
    add_sums(db, course_id, &rows).await
}

/// Every sum of one course: per department, year and measure.
pub async fn sums(db: &impl ConnectionTrait, course_id: i64) -> Result<Vec<SumRow>, StoreError> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(statement(
            backend,
            "SELECT department_id, year, measure, n, sum_pre, sum_post, sum_d2 \
             FROM evaluation_sums WHERE course_id = ?",
            vec![course_id.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            let n: i64 = r.try_get_by_index(3)?;
            Ok(SumRow {
                department_id: r.try_get_by_index(0)?,
                year: r.try_get_by_index(1)?,
                measure: r.try_get_by_index(2)?,
                sums: Sums {
                    n: u64::try_from(n).unwrap_or(0),
                    sum_pre: r.try_get_by_index(4)?,
                    sum_post: r.try_get_by_index(5)?,
                    sum_d2: r.try_get_by_index(6)?,
                },
            })
        })
        .collect()
}

/// Counts a first quiz attempt: the attempt (option ``) and each chosen option.
pub async fn count_first_attempt(
    db: &impl ConnectionTrait,
    course_id: i64,
    lesson: &str,
    chosen: &[(&str, Vec<&str>)],
    passed: bool,
) -> Result<(), StoreError> {
    let rows: Vec<ItemCount> = chosen
        .iter()
        .flat_map(|(question, options)| {
            std::iter::once("")
                .chain(options.iter().copied())
                .map(move |option| ItemCount {
                    lesson: lesson.to_owned(),
                    question: (*question).to_owned(),
                    option: option.to_owned(),
                    passed,
                    n: 1,
                })
        })
        .collect();
    add_item_counts(db, course_id, &rows).await
}

/// The item counts of one course's quizzes.
pub async fn item_counts(
    db: &impl ConnectionTrait,
    course_id: i64,
) -> Result<Vec<ItemCount>, StoreError> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(statement(
            backend,
            "SELECT lesson_slug, question_id, option_id, passed, n FROM item_counts \
             WHERE course_id = ?",
            vec![course_id.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            let n: i64 = r.try_get_by_index(4)?;
            Ok(ItemCount {
                lesson: r.try_get_by_index(0)?,
                question: r.try_get_by_index(1)?,
                option: r.try_get_by_index(2)?,
                passed: r.try_get_by_index(3)?,
                n: u64::try_from(n).unwrap_or(0),
            })
        })
        .collect()
}

/// Stores many responses at once, as `bryggan demo` generates them; in batches that stay
/// under the backends' limit on bound values.
pub async fn insert_responses(
    db: &impl ConnectionTrait,
    rows: Vec<(NewResponse, DateTime<Utc>)>,
) -> Result<(), StoreError> {
    for chunk in rows.chunks(500) {
        let models = chunk
            .iter()
            .map(|(new, at)| assessment_response::ActiveModel {
                enrolment_id: Set(new.enrolment_id),
                user_id: Set(new.user_id),
                course_id: Set(new.course_id),
                phase: Set(new.phase),
                form: Set(new.form.map(str::to_owned)),
                correct: Set(new.correct),
                total: Set(new.total),
                ratings: Set(new.ratings_json.clone()),
                submitted_at: Set(*at),
                ..Default::default()
            });
        assessment_response::Entity::insert_many(models)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Adds sums to those of one course: a completed pair's, or those `bryggan demo` generates.
pub async fn add_sums(
    db: &impl ConnectionTrait,
    course_id: i64,
    rows: &[SumRow],
) -> Result<(), StoreError> {
    let backend = db.get_database_backend();
    let sql = "INSERT INTO evaluation_sums \
         (course_id, department_id, year, measure, n, sum_pre, sum_post, sum_d2) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (course_id, department_id, year, measure) DO UPDATE SET \
         n = evaluation_sums.n + excluded.n, sum_pre = evaluation_sums.sum_pre + excluded.sum_pre, \
         sum_post = evaluation_sums.sum_post + excluded.sum_post, \
         sum_d2 = evaluation_sums.sum_d2 + excluded.sum_d2";
    for row in rows {
        let values: Vec<Value> = vec![
            course_id.into(),
            row.department_id.into(),
            row.year.into(),
            row.measure.clone().into(),
            (row.sums.n as i64).into(),
            row.sums.sum_pre.into(),
            row.sums.sum_post.into(),
            row.sums.sum_d2.into(),
        ];
        db.execute_raw(statement(backend, sql, values)).await?;
    }
    Ok(())
}

/// Adds counts to those of one course's quizzes: a first attempt's, or those `bryggan demo`
/// generates.
pub async fn add_item_counts(
    db: &impl ConnectionTrait,
    course_id: i64,
    rows: &[ItemCount],
) -> Result<(), StoreError> {
    let backend = db.get_database_backend();
    let sql = "INSERT INTO item_counts (course_id, lesson_slug, question_id, option_id, passed, n) \
         VALUES (?, ?, ?, ?, ?, ?) \
         ON CONFLICT (course_id, lesson_slug, question_id, option_id, passed) \
         DO UPDATE SET n = item_counts.n + excluded.n";
    for row in rows {
        let values: Vec<Value> = vec![
            course_id.into(),
            row.lesson.clone().into(),
            row.question.clone().into(),
            row.option.clone().into(),
            row.passed.into(),
            (row.n as i64).into(),
        ];
        db.execute_raw(statement(backend, sql, values)).await?;
    }
    Ok(())
}

/// A completed current enrolment: id, person, their department (0: none) and when.
pub type Completed = (i64, i64, i64, DateTime<Utc>);

/// The completed current enrolments of a course, for `bryggan demo`.
pub async fn completed(
    db: &impl ConnectionTrait,
    course_id: i64,
) -> Result<Vec<Completed>, StoreError> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(statement(
            backend,
            "SELECT e.id, e.user_id, COALESCE(u.department_id, 0), e.completed_at \
             FROM enrolments e JOIN users u ON u.id = e.user_id \
             WHERE e.course_id = ? AND e.is_current = ? AND e.completed_at IS NOT NULL \
             ORDER BY e.id",
            vec![course_id.into(), true.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get_by_index(0)?,
                r.try_get_by_index(1)?,
                r.try_get_by_index(2)?,
                r.try_get_by_index(3)?,
            ))
        })
        .collect()
}
