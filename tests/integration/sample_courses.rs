//! The shipped courses are what a municipality sees first: they must compile cleanly and be
//! complete training, not filler.

use bryggan::course::{CompileOptions, Course, compile_all};
use bryggan::domain::Language;

use crate::helpers::repo_path;

fn shipped() -> Vec<Course> {
    let results = compile_all(&repo_path("courses"), &CompileOptions::default()).unwrap();
    results
        .into_iter()
        .map(|(source, c)| {
            assert!(
                c.diagnostics.is_empty(),
                "{}: {:#?}",
                source.display_dir,
                c.diagnostics
            );
            c.course.expect("a compiled course")
        })
        .collect()
}

#[test]
fn there_are_at_least_three_courses_two_in_swedish_and_one_in_english() {
    let courses = shipped();
    assert!(courses.len() >= 3);
    assert!(
        courses
            .iter()
            .filter(|c| c.language == Language::Sv)
            .count()
            >= 2
    );
    assert!(courses.iter().any(|c| c.language == Language::En));
}

#[test]
fn each_course_has_three_to_six_lessons_and_a_quiz_of_five_to_ten_questions() {
    for course in shipped() {
        let (quizzes, lessons): (Vec<_>, Vec<_>) =
            course.lessons.iter().partition(|l| l.quiz().is_some());
        assert!(
            (3..=6).contains(&lessons.len()),
            "{}: {} lessons",
            course.slug,
            lessons.len()
        );
        let quiz = quizzes.last().and_then(|l| l.quiz()).expect("a quiz");
        assert!(
            (5..=10).contains(&quiz.questions.len()),
            "{}: {} questions",
            course.slug,
            quiz.questions.len()
        );
    }
}

#[test]
fn most_quiz_questions_give_feedback_on_their_options() {
    for course in shipped() {
        let questions: Vec<_> = course
            .lessons
            .iter()
            .filter_map(|l| l.quiz())
            .flat_map(|q| &q.questions)
            .collect();
        let with_feedback = questions
            .iter()
            .filter(|q| {
                q.options
                    .iter()
                    .filter(|o| !o.correct)
                    .any(|o| o.feedback_html.is_some())
            })
            .count();
        assert!(
            with_feedback * 2 > questions.len(),
            "{}: {with_feedback} of {}",
            course.slug,
            questions.len()
        );
    }
}

/// The words of a question as a learner reads them: its title, its text and its options,
/// lower-cased, without markup, punctuation or short words.
fn words(question: &bryggan::course::Question) -> std::collections::BTreeSet<String> {
    let mut text = format!("{} {}", question.title, question.body_html);
    for option in &question.options {
        text.push(' ');
        text.push_str(&option.html);
    }
    let mut plain = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => plain.push(c),
            _ => {}
        }
    }
    plain
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 3)
        .map(str::to_lowercase)
        .collect()
}

/// How much two questions share: the Dice coefficient of their words (0 to 1).
fn overlap(a: &bryggan::course::Question, b: &bryggan::course::Question) -> f64 {
    let (a, b) = (words(a), words(b));
    let shared = a.intersection(&b).count() as f64;
    shared / (a.len() + b.len()) as f64 * 2.0
}

/// A learner who has just answered the quiz scores higher on a form item that repeats a
/// quiz question because they remember it, not because they learned: the measured gain
/// would be inflated. Items must test the same points in new situations.
#[test]
fn no_assessment_item_repeats_a_quiz_question_of_its_course() {
    const MOST: f64 = 0.30;
    let mut repeats = Vec::new();
    for course in shipped() {
        let Some(assessment) = &course.assessment else {
            continue;
        };
        let quiz: Vec<_> = course
            .lessons
            .iter()
            .filter_map(|l| l.quiz())
            .flat_map(|q| &q.questions)
            .collect();
        for item in assessment.forms.iter().flat_map(|f| &f.questions) {
            for question in &quiz {
                let shared = overlap(item, question);
                if shared > MOST {
                    repeats.push(format!(
                        "{}: form item `{}` and quiz question `{}` share {:.0}% of their words",
                        course.slug,
                        item.id,
                        question.id,
                        shared * 100.0
                    ));
                }
            }
        }
    }
    assert!(repeats.is_empty(), "{}", repeats.join("\n"));
}

#[test]
fn every_shipped_course_states_its_legal_status_and_expires() {
    for course in shipped() {
        assert!(course.legal_status.is_some(), "{}", course.slug);
        assert!(course.valid_for_months.is_some(), "{}", course.slug);
    }
}
