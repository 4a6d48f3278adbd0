//! Lesson pages with their quiz questions as a reviewer checks them: where each question
//! is written, which options lack feedback, what passing takes and what each image says.

use serde::Serialize;

use crate::course::{Choice, Course, LessonContent, Question, QuizOption};
use crate::domain::Percent;
use crate::domain::grading::correct_needed;

use super::labels::Labels;
use super::views::Page;

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
pub struct QuizView<'a> {
    intro_html: &'a str,
    /// "4 av 5 rätt".
    passing: String,
    questions: Vec<QuestionView<'a>>,
}

#[derive(Serialize)]
pub struct QuestionView<'a> {
    id: &'a str,
    title_html: &'a str,
    body_html: &'a str,
    explanation_html: Option<&'a str>,
    multiple: bool,
    /// `02-quiz.md, rad 14`.
    source: String,
    options: Vec<OptionView<'a>>,
    /// The alt text of every image in the question, its options and feedback.
    alt_texts: Vec<String>,
}

#[derive(Serialize)]
struct OptionView<'a> {
    #[serde(flatten)]
    option: &'a QuizOption,
    /// Some options have feedback and this one has none.
    feedback_missing: bool,
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
        LessonContent::Quiz(quiz) => (
            None,
            Some(quiz_view(
                &quiz.intro_html,
                &quiz.questions,
                &lesson.file,
                course.pass_mark,
                labels,
            )),
        ),
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

pub fn quiz_view<'a>(
    intro_html: &'a str,
    questions: &'a [Question],
    file: &str,
    pass_mark: Percent,
    labels: &Labels,
) -> QuizView<'a> {
    let total = questions.len();
    let needed = correct_needed(total, pass_mark);
    QuizView {
        intro_html,
        passing: format!("{needed} {} {total} {}", labels.of, labels.right),
        questions: questions
            .iter()
            .map(|q| question_view(q, file, labels))
            .collect(),
    }
}

pub fn question_view<'a>(q: &'a Question, file: &str, labels: &Labels) -> QuestionView<'a> {
    let some_have_feedback = q.options.iter().any(|o| o.feedback_html.is_some());
    let mut html = vec![q.title_html.as_str(), q.body_html.as_str()];
    for option in &q.options {
        html.push(&option.html);
        html.extend(option.feedback_html.as_deref());
    }
    html.extend(q.explanation_html.as_deref());
    QuestionView {
        id: q.id.as_str(),
        title_html: &q.title_html,
        body_html: &q.body_html,
        explanation_html: q.explanation_html.as_deref(),
        multiple: q.choice == Choice::Multiple,
        source: if q.line > 0 {
            format!("{file}, {} {}", labels.line, q.line)
        } else {
            file.to_owned()
        },
        options: q
            .options
            .iter()
            .map(|o| OptionView {
                option: o,
                feedback_missing: some_have_feedback && o.feedback_html.is_none(),
            })
            .collect(),
        alt_texts: html.iter().flat_map(|h| alt_texts(h)).collect(),
    }
}

/// The `alt` attributes of the images in compiler-made HTML, still escaped as HTML.
fn alt_texts(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<img ") {
        rest = &rest[start..];
        let tag_end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..tag_end];
        if let Some(alt) = tag.find(" alt=\"") {
            let value = &tag[alt + 6..];
            found.push(value[..value.find('"').unwrap_or(value.len())].to_owned());
        }
        rest = &rest[tag_end..];
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_texts_are_read_from_every_image() {
        let html = r#"<p><img src="media/a.png" alt="En tolk &amp; en invånare" /> och <img src="b.png" alt="Karta" /></p>"#;
        assert_eq!(alt_texts(html), ["En tolk &amp; en invånare", "Karta"]);
    }
}
