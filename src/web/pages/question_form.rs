//! A quiz or assessment form's questions as the templates show them: numbered, with the
//! options a learner may see and whether more than one may be chosen.

use serde::Serialize;

use crate::course::{Choice, LearnerQuestion, Quiz};

#[derive(Serialize)]
pub struct QuestionForm<'a> {
    number: usize,
    #[serde(flatten)]
    question: LearnerQuestion<'a>,
    multiple: bool,
}

/// Every question of `quiz`, numbered from 1.
pub fn question_forms(quiz: &Quiz) -> Vec<QuestionForm<'_>> {
    quiz.questions
        .iter()
        .enumerate()
        .map(|(i, q)| QuestionForm {
            number: i + 1,
            question: q.for_learner(),
            multiple: q.choice == Choice::Multiple,
        })
        .collect()
}
