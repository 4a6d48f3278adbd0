//! A quiz or assessment form's questions as the templates show them: numbered, with the
//! options a learner may see, whether more than one may be chosen, and, when the form
//! comes back with a problem, what was chosen and the message beside the question.

use serde::Serialize;

use crate::course::{Choice, Quiz};
use crate::domain::grading::{self, Answers};
use crate::web::form_errors::FormErrors;

#[derive(Serialize)]
pub struct QuestionForm<'a> {
    number: usize,
    id: &'a str,
    title_html: &'a str,
    body_html: &'a str,
    multiple: bool,
    options: Vec<OptionForm<'a>>,
    /// Why the form came back, for this question.
    error: Option<&'a str>,
}

#[derive(Serialize)]
struct OptionForm<'a> {
    id: &'a str,
    html: &'a str,
    checked: bool,
}

/// A question's field name in [`FormErrors`]: the summary links to `#f-q-<id>`.
pub fn question_field(id: &str) -> String {
    format!("q-{id}")
}

/// A problem for each single-choice question of `quiz` left unanswered in `answers`:
/// "`prefix` 3." with the question's number, in the quiz's order.
pub fn unanswered_problems(quiz: &Quiz, answers: &Answers, prefix: &str) -> Vec<(String, String)> {
    grading::unanswered(quiz, answers)
        .into_iter()
        .map(|id| {
            let number = quiz.questions.iter().position(|q| q.id.as_str() == id);
            let message = format!("{prefix} {}.", number.map_or(0, |i| i + 1));
            (question_field(id), message)
        })
        .collect()
}

/// Every question of `quiz`, numbered from 1, with the options in `kept` checked and the
/// messages in `errors` beside their questions (both empty on a fresh form).
pub fn question_forms<'a>(
    quiz: &'a Quiz,
    kept: &'a Answers,
    errors: &'a FormErrors,
) -> Vec<QuestionForm<'a>> {
    quiz.questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let chosen = kept.get(q.id.as_str());
            QuestionForm {
                number: i + 1,
                id: q.id.as_str(),
                title_html: &q.title_html,
                body_html: &q.body_html,
                multiple: q.choice == Choice::Multiple,
                options: q
                    .options
                    .iter()
                    .map(|o| OptionForm {
                        id: &o.id,
                        html: &o.html,
                        checked: chosen.is_some_and(|c| c.contains(&o.id)),
                    })
                    .collect(),
                error: errors.message(&question_field(q.id.as_str())),
            }
        })
        .collect()
}
