//! A graded attempt question by question: what was chosen, what is right, and the
//! feedback to show. Built once here for the result page and the API, so the two cannot
//! tell a learner different things about the same attempt.

use std::sync::Arc;

use crate::course::{Course, Question, QuizOption};
use crate::domain::grading::{Answers, Grade};

/// One question of a graded attempt.
#[derive(Debug)]
pub struct QuestionReview<'a> {
    /// From 1, in the quiz's order.
    pub number: usize,
    pub question: &'a Question,
    pub right: bool,
    /// The option ids chosen, in order; empty when the question was left unanswered.
    pub chosen: Vec<&'a str>,
    pub options: Vec<OptionReview<'a>>,
}

#[derive(Debug)]
pub struct OptionReview<'a> {
    pub option: &'a QuizOption,
    pub chosen: bool,
}

impl QuestionReview<'_> {
    pub fn left_empty(&self) -> bool {
        self.chosen.is_empty()
    }
}

/// Each question of `questions` with the answers given and the grade they got.
pub fn review<'a>(
    questions: &'a [Question],
    answers: &'a Answers,
    grade: &Grade,
) -> Vec<QuestionReview<'a>> {
    questions
        .iter()
        .enumerate()
        .map(|(i, question)| {
            let given = answers.get(question.id.as_str());
            let is_chosen = |id: &str| given.is_some_and(|c| c.contains(id));
            QuestionReview {
                number: i + 1,
                question,
                right: grade
                    .per_question
                    .get(question.id.as_str())
                    .copied()
                    .unwrap_or(false),
                chosen: given
                    .map(|c| c.iter().map(String::as_str).collect())
                    .unwrap_or_default(),
                options: question
                    .options
                    .iter()
                    .map(|option| OptionReview {
                        option,
                        chosen: is_chosen(&option.id),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The course version a submission was graded against, with the quiz's place in it, so
/// a caller shows the result without reading the course again.
#[derive(Debug, Clone)]
pub struct GradedOn {
    pub course: Arc<Course>,
    pub lesson_index: usize,
}

impl GradedOn {
    /// The quiz's questions (none if the lesson is not a quiz, which grading rules out).
    pub fn questions(&self) -> &[Question] {
        self.course.lessons[self.lesson_index]
            .quiz()
            .map_or(&[], |quiz| quiz.questions.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::course::Choice;
    use crate::domain::{Percent, Slug};

    fn question(id: &str, correct: &str) -> Question {
        let option = |id: &str| QuizOption {
            id: id.to_owned(),
            html: format!("option {id}"),
            correct: id == correct,
            feedback_html: None,
        };
        Question {
            line: 1,
            id: Slug::parse(id).unwrap(),
            title: id.to_owned(),
            title_html: id.to_owned(),
            body_html: String::new(),
            choice: Choice::Single,
            options: vec![option("a"), option("b")],
            explanation_html: None,
        }
    }

    #[test]
    fn each_question_says_what_was_chosen_and_whether_it_was_right() {
        let questions = vec![question("tolk", "a"), question("klarsprak", "b")];
        let answers: Answers =
            BTreeMap::from([("tolk".to_owned(), BTreeSet::from(["a".to_owned()]))]);
        let grade = Grade {
            correct: 1,
            total: 2,
            score: Percent::new(50).unwrap(),
            passed: false,
            per_question: BTreeMap::from([
                ("tolk".to_owned(), true),
                ("klarsprak".to_owned(), false),
            ]),
        };
        let reviewed = review(&questions, &answers, &grade);
        assert_eq!(reviewed[0].number, 1);
        assert!(reviewed[0].right);
        assert_eq!(reviewed[0].chosen, ["a"]);
        assert!(reviewed[0].options[0].chosen && !reviewed[0].options[1].chosen);
        assert!(!reviewed[1].right);
        assert!(reviewed[1].left_empty());
        assert!(reviewed[1].options.iter().all(|o| !o.chosen));
    }
}
