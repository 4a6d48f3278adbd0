//! Sending one part of the assessment: checked against what is open and against the
//! course's questions and scale, stored, and after the last, added to the evaluation sums.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};
use sea_orm::TransactionTrait;

use crate::course::{Form, SelfAssessment};
use crate::domain::Percent;
use crate::domain::grading::{Answers, grade};
use crate::evaluation::{KNOWLEDGE, form_measure};
use crate::store::assessments::{self, NewResponse, PairMeasure};

use super::super::LearningError;
use super::{AssessmentState, Phase, score};
use crate::learning::Learning;

/// A bad rating in a submitted self-assessment.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RatingError {
    #[error("statement {0:?} is not rated")]
    Missing(String),
    #[error("the assessment has no statement {0:?}")]
    Unknown(String),
    #[error("{value:?} is not a point of the scale for {statement:?}: answer 1 to {points}")]
    OutOfRange {
        statement: String,
        value: String,
        points: usize,
    },
}

/// What a learner sends: the chosen options per knowledge question, and the point chosen
/// per statement, as the form's text.
#[derive(Debug, Clone, Default)]
pub struct AssessmentAnswers {
    pub answers: Answers,
    pub ratings: BTreeMap<String, String>,
}

/// Every statement rated once, on its scale.
/// The statements of `rated` without a point in `given`, in the assessment's order.
pub fn unrated<'a>(rated: &'a SelfAssessment, given: &BTreeMap<String, String>) -> Vec<&'a str> {
    rated
        .statements
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| given.get(*id).is_none_or(|v| v.trim().is_empty()))
        .collect()
}

fn parse_ratings(
    rated: Option<&SelfAssessment>,
    given: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, u8>, RatingError> {
    let Some(rated) = rated else {
        return match given.keys().next() {
            Some(id) => Err(RatingError::Unknown(id.clone())),
            None => Ok(BTreeMap::new()),
        };
    };
    if let Some(id) = given.keys().find(|id| {
        !rated
            .statements
            .iter()
            .any(|s| s.id.as_str() == id.as_str())
    }) {
        return Err(RatingError::Unknown(id.clone()));
    }
    let points = rated.scale.len();
    rated
        .statements
        .iter()
        .map(|s| {
            let id = s.id.as_str();
            let value = given
                .get(id)
                .ok_or_else(|| RatingError::Missing(id.to_owned()))?;
            match value.trim().parse::<u8>() {
                Ok(v) if (1..=points).contains(&usize::from(v)) => Ok((id.to_owned(), v)),
                _ => Err(RatingError::OutOfRange {
                    statement: id.to_owned(),
                    value: value.clone(),
                    points,
                }),
            }
        })
        .collect()
}

impl Learning<'_> {
    /// Stores one phase. After the last, the pair's change is added to the evaluation sums of
    /// the learner's department and the year, in the same transaction.
    pub async fn submit_assessment(
        &self,
        user_id: i64,
        slug: &str,
        phase: Phase,
        submitted: &AssessmentAnswers,
        now: DateTime<Utc>,
    ) -> Result<AssessmentState, LearningError> {
        let state = self.assessment_state(user_id, slug).await?;
        state.check_open(phase)?;
        let enrolment_id = state.enrolment_id()?;
        let (form, correct, total) = match state.form(phase) {
            Some((form, quiz)) => {
                let graded = grade(quiz, &submitted.answers, Percent::ZERO)?;
                (
                    Some(form.code()),
                    graded.correct as i32,
                    quiz.questions.len() as i32,
                )
            }
            None if !submitted.answers.is_empty() => {
                return Err(LearningError::Answers(
                    crate::domain::grading::AnswerError::UnknownQuestion(
                        submitted.answers.keys().next().cloned().unwrap_or_default(),
                    ),
                ));
            }
            None => (None, 0, 0),
        };
        let ratings = parse_ratings(state.self_assessment(), &submitted.ratings)?;
        let ratings_json = serde_json::to_string(&ratings)
            .map_err(|e| crate::store::StoreError::Corrupt(e.to_string()))?;
        let course_id = state.course.row.id;
        let txn = self.db.begin().await?;
        let new = NewResponse {
            enrolment_id,
            user_id,
            course_id,
            phase: phase.code(),
            form,
            correct,
            total,
            ratings_json,
        };
        let Some(response) = assessments::insert_response(&txn, new, now).await? else {
            return Err(LearningError::AlreadySubmitted);
        };
        if phase == Phase::After
            && let Some(before) = &state.before
        {
            let pre = super::ratings(before);
            let mut measures = vec![PairMeasure {
                measure: KNOWLEDGE.to_owned(),
                pre: score(before),
                post: score(&response),
            }];
            if let Some(form) = before.form.as_deref().and_then(Form::from_code) {
                measures.push(PairMeasure {
                    measure: form_measure(form),
                    pre: score(before),
                    post: score(&response),
                });
            }
            measures.extend(ratings.iter().filter_map(|(id, post)| {
                Some(PairMeasure {
                    measure: id.clone(),
                    pre: f64::from(*pre.get(id)?),
                    post: f64::from(*post),
                })
            }));
            assessments::add_pair(&txn, course_id, user_id, now.year(), &measures).await?;
        }
        txn.commit().await?;
        self.assessment_state(user_id, slug).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rated() -> SelfAssessment {
        let source = crate::course::CourseSource::new("k", "k")
            .with_file(
                "course.toml",
                "title = \"K\"\nlanguage = \"sv\"\nsummary = \"S\"\npass_mark = 50\n",
            )
            .with_file("01-a.md", "# A\n\nText.\n")
            .with_file(
                "assessment/self.md",
                "1. Nej\n2. Delvis\n3. Ja\n\n- Jag kan. {#kan}\n- Jag vet. {#vet}\n",
            );
        let course = crate::course::compile(&source, &Default::default())
            .course
            .unwrap();
        course.assessment.unwrap().self_assessment.unwrap()
    }

    fn given(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn ratings_must_cover_every_statement_within_the_scale() {
        let rated = rated();
        assert_eq!(
            parse_ratings(Some(&rated), &given(&[("kan", "1"), ("vet", "3")])).unwrap(),
            [("kan".to_string(), 1), ("vet".to_string(), 3)]
                .into_iter()
                .collect()
        );
        assert_eq!(
            parse_ratings(Some(&rated), &given(&[("kan", "1")])),
            Err(RatingError::Missing("vet".into()))
        );
        for bad in ["0", "4", "-1", "2.5", "", "tre"] {
            assert!(
                matches!(
                    parse_ratings(Some(&rated), &given(&[("kan", bad), ("vet", "2")])),
                    Err(RatingError::OutOfRange { .. })
                ),
                "{bad:?}"
            );
        }
        assert_eq!(
            parse_ratings(
                Some(&rated),
                &given(&[("kan", "1"), ("vet", "2"), ("annan", "2")])
            ),
            Err(RatingError::Unknown("annan".into()))
        );
    }
}
