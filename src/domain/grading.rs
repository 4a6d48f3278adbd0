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

/// The fewest right answers out of `total` that pass, by the same rounding as [`grade`].
pub fn correct_needed(total: usize, pass_mark: Percent) -> usize {
    (0..=total)
        .find(|c| Percent::of(*c, total) >= pass_mark)
        .unwrap_or(total)
}

/// The single-choice questions of `quiz` left without an answer, in the quiz's order:
/// a form that comes back names each of them at once, not only the first.
pub fn unanswered<'q>(quiz: &'q Quiz, answers: &Answers) -> Vec<&'q str> {
    quiz.questions
        .iter()
        .filter(|q| q.choice == Choice::Single)
        .filter(|q| answers.get(q.id.as_str()).is_none_or(BTreeSet::is_empty))
        .map(|q| q.id.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::{Question, QuizOption};
    use crate::domain::Slug;

    fn question(id: &str, correct: &[bool]) -> Question {
        let options = correct
            .iter()
            .enumerate()
            .map(|(i, c)| QuizOption {
                id: crate::course::option_id(i),
                html: String::new(),
                correct: *c,
                feedback_html: None,
            })
            .collect();
        Question {
            line: 0,
            id: Slug::parse(id).unwrap(),
            title: id.into(),
            title_html: id.into(),
            body_html: String::new(),
            choice: if correct.iter().filter(|c| **c).count() > 1 {
                Choice::Multiple
            } else {
                Choice::Single
            },
            options,
            explanation_html: None,
        }
    }

    fn quiz() -> Quiz {
        Quiz {
            intro_html: String::new(),
            questions: vec![
                question("tolk", &[false, true, false]),
                question("ord", &[true, true, false]),
            ],
        }
    }

    fn answers(pairs: &[(&str, &[&str])]) -> Answers {
        pairs
            .iter()
            .map(|(q, o)| (q.to_string(), o.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    fn pass_mark(p: i64) -> Percent {
        Percent::new(p).unwrap()
    }

    #[test]
    fn all_right_scores_one_hundred_and_passes() {
        let grade = grade(
            &quiz(),
            &answers(&[("tolk", &["b"]), ("ord", &["a", "b"])]),
            pass_mark(80),
        )
        .unwrap();
        assert_eq!(
            (
                grade.correct,
                grade.total,
                grade.score.value(),
                grade.passed
            ),
            (2, 2, 100, true)
        );
    }

    #[test]
    fn multiple_choice_is_all_or_nothing() {
        let grade = grade(
            &quiz(),
            &answers(&[("tolk", &["b"]), ("ord", &["a"])]),
            pass_mark(50),
        )
        .unwrap();
        assert!(!grade.per_question["ord"]);
        assert_eq!((grade.score.value(), grade.passed), (50, true));
        let too_many = grade_of(&[("tolk", &["b"]), ("ord", &["a", "b", "c"])]);
        assert!(!too_many.per_question["ord"]);
    }

    fn grade_of(pairs: &[(&str, &[&str])]) -> Grade {
        grade(&quiz(), &answers(pairs), pass_mark(100)).unwrap()
    }

    #[test]
    fn a_score_below_the_pass_mark_fails() {
        let grade = grade(
            &quiz(),
            &answers(&[("tolk", &["a"]), ("ord", &["a", "b"])]),
            pass_mark(51),
        )
        .unwrap();
        assert_eq!((grade.score.value(), grade.passed), (50, false));
    }

    #[test]
    fn answers_that_do_not_fit_the_quiz_are_refused() {
        let q = quiz();
        let mark = pass_mark(80);
        assert_eq!(
            grade(&q, &answers(&[("tolk", &["z"])]), mark),
            Err(AnswerError::UnknownOption {
                question: "tolk".into(),
                option: "z".into()
            })
        );
        assert_eq!(
            grade(&q, &answers(&[("annan", &["a"])]), mark),
            Err(AnswerError::UnknownQuestion("annan".into()))
        );
        assert_eq!(
            grade(&q, &answers(&[("tolk", &["a", "b"])]), mark),
            Err(AnswerError::SeveralForSingleChoice("tolk".into()))
        );
        assert_eq!(
            grade(&q, &answers(&[("ord", &["a"])]), mark),
            Err(AnswerError::Unanswered("tolk".into()))
        );
    }

    #[test]
    fn only_single_choice_questions_without_an_answer_count_as_unanswered() {
        let q = quiz();
        assert_eq!(unanswered(&q, &answers(&[])), vec!["tolk"]);
        assert_eq!(unanswered(&q, &answers(&[("tolk", &[])])), vec!["tolk"]);
        assert!(unanswered(&q, &answers(&[("tolk", &["b"])])).is_empty());
    }

    #[test]
    fn an_unticked_multiple_choice_question_is_wrong_not_refused() {
        let grade = grade(&quiz(), &answers(&[("tolk", &["b"])]), pass_mark(50)).unwrap();
        assert!(!grade.per_question["ord"]);
    }

    #[test]
    fn the_right_answers_needed_follow_the_grading_rounding() {
        assert_eq!(correct_needed(5, pass_mark(80)), 4);
        assert_eq!(correct_needed(3, pass_mark(80)), 3);
        assert_eq!(correct_needed(6, pass_mark(50)), 3);
        assert_eq!(correct_needed(4, pass_mark(0)), 0);
    }
}
