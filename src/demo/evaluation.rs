//! Assessment pairs and first quiz attempts for the generated organisation, so that the
//! evaluation report has figures to show at scale. Everyone who completed a course with an
//! assessment answered it before and after; the answers are a fixed scatter by id, with
//! some departments gaining more than others.

use std::collections::HashMap;

use chrono::Datelike;
use sea_orm::DatabaseConnection;

use crate::course::Course;
use crate::evaluation::{ItemCount, KNOWLEDGE, SumRow, Sums, form_measure};
use crate::learning::LearningCache;
use crate::learning::assessment::form_before;
use crate::store::assessments::{self, NewResponse, POST, PRE};
use crate::store::{StoreError, courses};

/// Generates the pairs of every published course with an assessment; returns how many.
pub async fn generate(db: &DatabaseConnection) -> Result<usize, StoreError> {
    let cache = LearningCache::default();
    let mut pairs = 0;
    for row in courses::published(db).await? {
        let Some(version) = row.current_version_id else {
            continue;
        };
        let course = cache.version(db, version).await?;
        let completed = assessments::completed(db, row.id).await?;
        let txn = crate::store::begin_write(db).await?;
        assessments::add_item_counts(
            &txn,
            row.id,
            &first_attempts(&course, completed.len() as u64),
        )
        .await?;
        if course.assessment.is_some() {
            let (responses, sums) = pairs_of(&course, row.id, &completed);
            pairs += completed.len();
            assessments::insert_responses(&txn, responses).await?;
            assessments::add_sums(&txn, row.id, &sums).await?;
        }
        txn.commit().await?;
    }
    Ok(pairs)
}

fn pairs_of(
    course: &Course,
    course_id: i64,
    completed: &[assessments::Completed],
) -> (
    Vec<(NewResponse, chrono::DateTime<chrono::Utc>)>,
    Vec<SumRow>,
) {
    let Some(assessment) = &course.assessment else {
        return (Vec::new(), Vec::new());
    };
    let statements: Vec<String> = assessment
        .self_assessment
        .iter()
        .flat_map(|s| s.statements.iter().map(|st| st.id.to_string()))
        .collect();
    let points = assessment
        .self_assessment
        .as_ref()
        .map_or(5, |s| s.scale.len() as u32);
    let mut responses = Vec::with_capacity(completed.len() * 2);
    let mut sums: HashMap<(i64, i32, String), Sums> = HashMap::new();
    for &(enrolment_id, user_id, department, completed_at) in completed {
        let h = (enrolment_id.unsigned_abs() * 7919) % 1000;
        // Some departments gain more: the report should show differences.
        let boost = u32::from(department % 3 != 0);
        let before_form = form_before(enrolment_id);
        let total = |form| {
            assessment
                .form(form)
                .map_or(0, |q| q.questions.len() as u32)
        };
        let (pre_total, post_total) = (total(before_form), total(before_form.other()));
        let pre = ((h / 7) % u64::from(pre_total + 1)) as u32;
        let post = (pre + (h % 2) as u32 + boost).min(post_total);
        let mut pre_ratings = serde_json::Map::new();
        let mut post_ratings = serde_json::Map::new();
        let year = completed_at.year();
        for (k, id) in statements.iter().enumerate() {
            let before = 1 + ((h as u32) + 3 * k as u32) % (points - 1).max(1);
            let after = (before + ((h as u32) + k as u32) % 2 + boost).min(points);
            pre_ratings.insert(id.clone(), before.into());
            post_ratings.insert(id.clone(), after.into());
            sums.entry((department, year, id.clone()))
                .or_default()
                .add(&Sums::pair(f64::from(before), f64::from(after)));
        }
        let percent = |c: u32, t: u32| {
            if t == 0 {
                0.0
            } else {
                f64::from(c) * 100.0 / f64::from(t)
            }
        };
        let knowledge = Sums::pair(percent(pre, pre_total), percent(post, post_total));
        sums.entry((department, year, KNOWLEDGE.to_owned()))
            .or_default()
            .add(&knowledge);
        let forms = !assessment.forms.is_empty();
        if forms {
            sums.entry((department, year, form_measure(before_form)))
                .or_default()
                .add(&knowledge);
        }
        for (phase, form, correct, total, ratings) in [
            (PRE, before_form, pre, pre_total, pre_ratings),
            (POST, before_form.other(), post, post_total, post_ratings),
        ] {
            responses.push((
                NewResponse {
                    enrolment_id,
                    user_id,
                    course_id,
                    phase,
                    form: forms.then_some(form.code()),
                    correct: correct as i32,
                    total: total as i32,
                    ratings_json: serde_json::Value::Object(ratings).to_string(),
                },
                completed_at,
            ));
        }
    }
    let sums = sums
        .into_iter()
        .map(|((department_id, year, measure), sums)| SumRow {
            department_id,
            year,
            measure,
            sums,
        })
        .collect();
    (responses, sums)
}

/// First attempts at each quiz: four in five pass; those who pass choose the right
/// options nine times in ten, those who fail half the time.
fn first_attempts(course: &Course, attempts: u64) -> Vec<ItemCount> {
    let passed = attempts * 4 / 5;
    let failed = attempts - passed;
    let mut out = Vec::new();
    for lesson in &course.lessons {
        let Some(quiz) = lesson.quiz() else { continue };
        for question in &quiz.questions {
            let wrong = question
                .options
                .iter()
                .filter(|o| !o.correct)
                .count()
                .max(1) as u64;
            let mut count = |option: &str, passed: bool, n: u64| {
                out.push(ItemCount {
                    lesson: lesson.slug.to_string(),
                    question: question.id.to_string(),
                    option: option.to_owned(),
                    passed,
                    n,
                });
            };
            count("", true, passed);
            count("", false, failed);
            for option in &question.options {
                let (p, f) = if option.correct {
                    (passed * 9 / 10, failed / 2)
                } else {
                    (passed / 10 / wrong, failed / 2 / wrong)
                };
                count(&option.id, true, p);
                count(&option.id, false, f);
            }
        }
    }
    out
}
