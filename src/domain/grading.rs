//! Grading a quiz: the learner's choices in, a score and pass or fail out.
//!
//! Choices that do not fit the quiz (an unknown question or option, two choices for a
//! single-choice question) are refused rather than scored: they come from a tampered form.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::course::{Choice, Quiz};

use super::Percent;

/// Option ids chosen per question id.
pub type Answers = BTreeMap<String, BTreeSet<String>>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("the quiz has no question {0:?}")]
    UnknownQuestion(String),
    #[error("question {question:?} has no option {option:?}")]
    UnknownOption { question: String, option: String },
    #[error("question {0:?} takes one answer")]
    SeveralForSingleChoice(String),
    #[error("question {0:?} is not answered")]
    Unanswered(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grade {
    pub correct: usize,
    pub total: usize,
    pub score: Percent,
    pub passed: bool,
    /// Question id to whether it was answered right.
    pub per_question: BTreeMap<String, bool>,
}

/// Scores `answers` against `quiz`; multiple-choice questions are all or nothing.
pub fn grade(quiz: &Quiz, answers: &Answers, pass_mark: Percent) -> Result<Grade, AnswerError> {
    for (question_id, chosen) in answers {
        let question = quiz
            .questions
            .iter()
            .find(|q| q.id.as_str() == question_id)
            .ok_or_else(|| AnswerError::UnknownQuestion(question_id.clone()))?;
        if let Some(option) = chosen
            .iter()
            .find(|o| !question.options.iter().any(|q| &q.id == *o))
        {
            return Err(AnswerError::UnknownOption {
                question: question_id.clone(),
                option: option.clone(),
            });
        }
        if question.choice == Choice::Single && chosen.len() > 1 {
            return Err(AnswerError::SeveralForSingleChoice(question_id.clone()));
        }
    }
    let mut per_question = BTreeMap::new();
    for question in &quiz.questions {
        let chosen = answers.get(question.id.as_str());
        if question.choice == Choice::Single && chosen.is_none_or(BTreeSet::is_empty) {
            return Err(AnswerError::Unanswered(question.id.to_string()));
        }
        let correct: BTreeSet<&str> = question
            .options
            .iter()
            .filter(|o| o.correct)
            .map(|o| o.id.as_str())
            .collect();
        let chosen: BTreeSet<&str> = chosen.into_iter().flatten().map(String::as_str).collect();
        per_question.insert(question.id.to_string(), chosen == correct);
    }
    let correct = per_question.values().filter(|right| **right).count();
    let total = quiz.questions.len();
    let score = Percent::of(correct, total);
    Ok(Grade {
        correct,
        total,
        score,
        passed: score >= pass_mark,
        per_question,
    })
}
