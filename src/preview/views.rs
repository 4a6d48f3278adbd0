//! The data each preview template renders.

use serde::Serialize;

use crate::course::{Choice, Course, LessonContent, Quiz};
use crate::domain::Language;

use super::labels::Labels;

#[derive(Serialize)]
pub struct Page<T: Serialize> {
    lang: Language,
    page_title: String,
    root: &'static str,
    course_title: Option<String>,
    labels: &'static Labels,
    #[serde(flatten)]
    body: T,
}

#[derive(Serialize)]
pub struct IndexBody {
    courses: Vec<CourseCard>,
}

#[derive(Serialize)]
struct CourseCard {
    slug: String,
    title: String,
    summary: String,
    language: Language,
    lessons: usize,
    minutes: u32,
    version: String,
}

/// The index is in Swedish, the working language of the municipalities; each course card
/// carries its own `lang`.
pub fn index<'a>(courses: impl Iterator<Item = &'a Course>) -> Page<IndexBody> {
    let labels = Labels::for_language(Language::Sv);
    let courses = courses
        .map(|c| CourseCard {
            slug: c.slug.to_string(),
            title: c.title.clone(),
            summary: c.summary.clone(),
            language: c.language,
            lessons: c.lessons.len(),
            minutes: c.estimated_minutes,
            version: short(&c.version),
        })
        .collect();
    Page {
        lang: Language::Sv,
        page_title: labels.courses.to_owned(),
        root: "",
        course_title: None,
        labels,
        body: IndexBody { courses },
    }
}

#[derive(Serialize)]
pub struct CourseBody<'a> {
    course: &'a Course,
    version: String,
    lessons: Vec<LessonLink>,
}

#[derive(Serialize)]
struct LessonLink {
    href: String,
    title: String,
    minutes: u32,
    is_quiz: bool,
    questions: usize,
}

pub fn course<'a>(course: &'a Course, labels: &'static Labels) -> Page<CourseBody<'a>> {
    let lessons = course
        .lessons
        .iter()
        .map(|l| LessonLink {
            href: format!("{}.html", l.slug),
            title: l.title.clone(),
            minutes: l.minutes,
            is_quiz: l.quiz().is_some(),
            questions: l.quiz().map_or(0, |q| q.questions.len()),
        })
        .collect();
    Page {
        lang: course.language,
        page_title: course.title.clone(),
        root: "../",
        course_title: None,
        labels,
        body: CourseBody {
            course,
            version: short(&course.version),
            lessons,
        },
    }
}

#[derive(Serialize)]
pub struct LessonBody<'a> {
    number: u16,
    title: &'a str,
    minutes: u32,
    html: Option<&'a str>,
    quiz: Option<QuizView<'a>>,
    prev: Option<NavLink>,
    next: Option<NavLink>,
}

#[derive(Serialize)]
struct QuizView<'a> {
    intro_html: &'a str,
    questions: Vec<QuestionView<'a>>,
}

#[derive(Serialize)]
struct QuestionView<'a> {
    #[serde(flatten)]
    question: &'a crate::course::Question,
    multiple: bool,
}

#[derive(Serialize)]
struct NavLink {
    href: String,
    title: String,
}

pub fn lesson<'a>(
    course: &'a Course,
    index: usize,
    labels: &'static Labels,
) -> Page<LessonBody<'a>> {
    let lesson = &course.lessons[index];
    let nav = |i: usize| {
        course.lessons.get(i).map(|l| NavLink {
            href: format!("{}.html", l.slug),
            title: l.title.clone(),
        })
    };
    let (html, quiz) = match &lesson.content {
        LessonContent::Text { html } => (Some(html.as_str()), None),
        LessonContent::Quiz(quiz) => (None, Some(quiz_view(quiz))),
    };
    Page {
        lang: course.language,
        page_title: format!("{} · {}", lesson.title, course.title),
        root: "../",
        course_title: Some(course.title.clone()),
        labels,
        body: LessonBody {
            number: lesson.number,
            title: &lesson.title,
            minutes: lesson.minutes,
            html,
            quiz,
            prev: index.checked_sub(1).and_then(nav),
            next: nav(index + 1),
        },
    }
}

fn quiz_view(quiz: &Quiz) -> QuizView<'_> {
    QuizView {
        intro_html: &quiz.intro_html,
        questions: quiz
            .questions
            .iter()
            .map(|q| QuestionView {
                question: q,
                multiple: q.choice == Choice::Multiple,
            })
            .collect(),
    }
}

fn short(version: &str) -> String {
    version.chars().take(12).collect()
}
