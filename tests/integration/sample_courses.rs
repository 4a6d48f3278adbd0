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
