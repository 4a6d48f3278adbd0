//! The pre/post assessment: open before the first lesson and after the last, counted for
//! nothing but the evaluation, with each learner's own change shown back to them.

mod submit;

use std::collections::HashMap;

use crate::course::{Assessment, Form, Quiz, SelfAssessment};
use crate::store::assessments::{self, POST, PRE, Response};

use super::Learning;
use super::LearningError;
use super::journey::CourseState;

pub use submit::{AssessmentAnswers, RatingError, unrated};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Before,
    After,
}

impl Phase {
    pub fn code(self) -> i16 {
        match self {
            Phase::Before => PRE,
            Phase::After => POST,
        }
    }

    /// The address segment: `before` or `after`.
    pub fn slug(self) -> &'static str {
        match self {
            Phase::Before => "before",
            Phase::After => "after",
        }
    }

    pub fn parse(s: &str) -> Option<Phase> {
        match s {
            "before" => Some(Phase::Before),
            "after" => Some(Phase::After),
            _ => None,
        }
    }
}

/// Counterbalancing: by the enrolment's number, alternately A then B or B then A. People
/// assigned together get consecutive numbers, so each group splits in half.
pub fn form_before(enrolment_id: i64) -> Form {
    if enrolment_id % 2 == 0 {
        Form::A
    } else {
        Form::B
    }
}

/// Why a phase is not open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Closed {
    #[error("the assessment before the course closes when the first lesson is done")]
    BeforeAfterLessons,
    #[error("the assessment after the course opens when every lesson is done")]
    AfterBeforeLastLesson,
    #[error("the assessment after the course needs the one before it, which was not taken")]
    AfterWithoutBefore,
}

/// The assessment of one enrolment: what is open and what has been answered.
#[derive(Debug, Clone)]
pub struct AssessmentState {
    pub course: CourseState,
    pub before: Option<Response>,
    pub after: Option<Response>,
}

impl AssessmentState {
    pub fn assessment(&self) -> Option<&Assessment> {
        self.course.course.assessment.as_ref()
    }

    pub(super) fn enrolment_id(&self) -> Result<i64, LearningError> {
        self.course
            .enrolment
            .as_ref()
            .map(|e| e.id)
            .ok_or(LearningError::NotEnrolled)
    }

    /// Whether `phase` can be answered now.
    pub fn check_open(&self, phase: Phase) -> Result<(), LearningError> {
        let enrolment = self
            .course
            .enrolment
            .as_ref()
            .ok_or(LearningError::NotEnrolled)?;
        let taken = match phase {
            Phase::Before => self.before.is_some(),
            Phase::After => self.after.is_some(),
        };
        if taken {
            return Err(LearningError::AlreadySubmitted);
        }
        let closed = match phase {
            Phase::Before if !self.course.done.is_empty() || enrolment.completed_at.is_some() => {
                Some(Closed::BeforeAfterLessons)
            }
            Phase::Before => None,
            Phase::After if self.before.is_none() => Some(Closed::AfterWithoutBefore),
            Phase::After if enrolment.completed_at.is_none() => Some(Closed::AfterBeforeLastLesson),
            Phase::After => None,
        };
        closed.map_or(Ok(()), |c| Err(LearningError::AssessmentClosed(c)))
    }

    /// The phase to answer now, if any.
    pub fn open(&self) -> Option<Phase> {
        self.assessment()?;
        [Phase::Before, Phase::After]
            .into_iter()
            .find(|p| self.check_open(*p).is_ok())
    }

    /// The knowledge form of `phase`: the other one after than before.
    pub fn form(&self, phase: Phase) -> Option<(Form, &Quiz)> {
        let assessment = self.assessment()?;
        let before = match self.before.as_ref().and_then(|r| r.form.as_deref()) {
            Some(code) => Form::from_code(code)?,
            None => form_before(self.course.enrolment.as_ref()?.id),
        };
        let form = match phase {
            Phase::Before => before,
            Phase::After => before.other(),
        };
        assessment.form(form).map(|quiz| (form, quiz))
    }

    pub fn self_assessment(&self) -> Option<&SelfAssessment> {
        self.assessment()?.self_assessment.as_ref()
    }

    /// The learner's own change, once both are answered.
    pub fn change(&self) -> Option<Change> {
        let (before, after) = (self.before.as_ref()?, self.after.as_ref()?);
        let pre = ratings(before);
        let post = ratings(after);
        let statements = self
            .self_assessment()
            .map(|s| {
                s.statements
                    .iter()
                    .filter_map(|st| {
                        let id = st.id.as_str();
                        Some(StatementChange {
                            id: id.to_owned(),
                            html: st.html.clone(),
                            before: *pre.get(id)?,
                            after: *post.get(id)?,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(Change {
            knowledge: (before.total > 0 && after.total > 0).then(|| (score(before), score(after))),
            statements,
        })
    }
}

/// What changed for one learner: the knowledge score before and after, and each
/// statement's rating before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub knowledge: Option<(f64, f64)>,
    pub statements: Vec<StatementChange>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementChange {
    pub id: String,
    pub html: String,
    pub before: u8,
    pub after: u8,
}

pub(super) fn score(r: &Response) -> f64 {
    if r.total == 0 {
        0.0
    } else {
        f64::from(r.correct) * 100.0 / f64::from(r.total)
    }
}

pub(super) fn ratings(r: &Response) -> HashMap<String, u8> {
    serde_json::from_str(&r.ratings).unwrap_or_default()
}

impl Learning<'_> {
    /// True when the course has an assessment whose first part the learner still owes:
    /// the lessons wait for it.
    pub(in crate::learning) async fn before_is_due(
        &self,
        state: &CourseState,
    ) -> Result<bool, LearningError> {
        // Most lesson views come after the first lesson: those cost no query.
        let may_be_open = state.course.assessment.is_some()
            && state.done.is_empty()
            && state
                .enrolment
                .as_ref()
                .is_some_and(|e| e.completed_at.is_none());
        if !may_be_open {
            return Ok(false);
        }
        let assessment = self.assessment_of(state.clone()).await?;
        Ok(assessment.check_open(Phase::Before).is_ok())
    }

    pub async fn assessment_state(
        &self,
        user_id: i64,
        slug: &str,
    ) -> Result<AssessmentState, LearningError> {
        let course = self.course_state(user_id, slug).await?;
        self.assessment_of(course).await
    }

    /// The assessment of a course state already loaded: one query, for the responses.
    pub async fn assessment_of(
        &self,
        course: CourseState,
    ) -> Result<AssessmentState, LearningError> {
        if course.course.assessment.is_none() {
            return Err(LearningError::NoAssessment);
        }
        let responses = match &course.enrolment {
            Some(e) => assessments::responses(self.db, e.id).await?,
            None => Vec::new(),
        };
        let find = |phase| responses.iter().find(|r| r.phase == phase).cloned();
        Ok(AssessmentState {
            before: find(PRE),
            after: find(POST),
            course,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_enrolments_alternate_the_forms_and_each_takes_the_other_after() {
        let forms: Vec<Form> = (10..14).map(form_before).collect();
        assert_eq!(forms, [Form::A, Form::B, Form::A, Form::B]);
        assert!(forms.iter().all(|f| f.other() != *f));
    }
}
