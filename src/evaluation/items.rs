//! Item analysis of a course's quizzes, from each learner's first attempt: how often each
//! option was chosen, by attempts that passed and by attempts that failed. A scenario
//! almost everyone gets right teaches little; a wrong option that draws those who passed
//! as much as those who failed is probably ambiguous.

use std::collections::HashMap;

use serde::Serialize;

use crate::course::{Course, Question};

/// A stored count: first attempts that passed (or failed) and chose `option` in
/// `question`; an empty `option` counts the attempts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemCount {
    pub lesson: String,
    pub question: String,
    pub option: String,
    pub passed: bool,
    pub n: u64,
}

/// Correct options chosen by at least this share of all attempts: too easy to teach.
const EASY: f64 = 0.95;
/// A wrong option chosen by at least this share of passing attempts draws people who know.
const ATTRACTIVE: f64 = 0.2;
/// A correct option that passing attempts choose less than this much more often than
/// failing ones does not tell them apart.
const DISCRIMINATES: f64 = 0.1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    TooEasy,
    Ambiguous,
    DoesNotDiscriminate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionAnalysis {
    pub id: String,
    pub html: String,
    pub correct: bool,
    /// Shares of attempts that chose it, 0–1; `None` for a group below the minimum.
    pub all: Option<f64>,
    pub passed: Option<f64>,
    pub failed: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionAnalysis {
    pub lesson_title: String,
    pub question_id: String,
    pub title_html: String,
    pub attempts_passed: u64,
    pub attempts_failed: u64,
    pub options: Vec<OptionAnalysis>,
    pub flags: Vec<Flag>,
}

/// Every quiz question of `course` (its current text), with the counts stored for it.
pub fn analyse(course: &Course, counts: &[ItemCount], minimum: u64) -> Vec<QuestionAnalysis> {
    let mut by_key: HashMap<(&str, &str, &str, bool), u64> = HashMap::new();
    for c in counts {
        *by_key
            .entry((&c.lesson, &c.question, &c.option, c.passed))
            .or_default() += c.n;
    }
    let minimum = minimum.max(1);
    let mut out = Vec::new();
    for lesson in &course.lessons {
        let Some(quiz) = lesson.quiz() else { continue };
        for question in &quiz.questions {
            let count = |option: &str, passed: bool| {
                by_key
                    .get(&(lesson.slug.as_str(), question.id.as_str(), option, passed))
                    .copied()
                    .unwrap_or(0)
            };
            out.push(question_analysis(&lesson.title, question, count, minimum));
        }
    }
    out
}

fn question_analysis(
    lesson_title: &str,
    question: &Question,
    count: impl Fn(&str, bool) -> u64,
    minimum: u64,
) -> QuestionAnalysis {
    let passed = count("", true);
    let failed = count("", false);
    let share = |n: u64, of: u64| (of >= minimum).then(|| n as f64 / of as f64);
    let options: Vec<OptionAnalysis> = question
        .options
        .iter()
        .map(|o| {
            let (p, f) = (count(&o.id, true), count(&o.id, false));
            OptionAnalysis {
                id: o.id.clone(),
                html: o.html.clone(),
                correct: o.correct,
                all: share(p + f, passed + failed),
                passed: share(p, passed),
                failed: share(f, failed),
            }
        })
        .collect();
    let mut flags = Vec::new();
    let correct = || options.iter().filter(|o| o.correct);
    if correct().all(|o| o.all.is_some_and(|s| s >= EASY)) && correct().next().is_some() {
        flags.push(Flag::TooEasy);
    }
    if options
        .iter()
        .filter(|o| !o.correct)
        .any(|o| matches!((o.passed, o.failed), (Some(p), Some(f)) if p >= ATTRACTIVE && p >= f))
    {
        flags.push(Flag::Ambiguous);
    }
    if correct()
        .any(|o| matches!((o.passed, o.failed), (Some(p), Some(f)) if p - f < DISCRIMINATES))
        && !flags.contains(&Flag::TooEasy)
    {
        flags.push(Flag::DoesNotDiscriminate);
    }
    QuestionAnalysis {
        lesson_title: lesson_title.to_owned(),
        question_id: question.id.to_string(),
        title_html: question.title_html.clone(),
        attempts_passed: passed,
        attempts_failed: failed,
        options,
        flags,
    }
}
