//! What changed between two versions of a course, in the words a trainer uses: lessons and
//! questions added, removed or changed, by their names. Questions are keyed by where they
//! live (a lesson's quiz, or an assessment form) and their id, which stays stable when the
//! text around them moves.

use std::collections::BTreeMap;

use serde::Serialize;

use super::model::{Course, Lesson, Question};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    /// Lesson names (the `name` of `NN-name.md`).
    pub lessons_added: Vec<String>,
    pub lessons_removed: Vec<String>,
    pub lessons_changed: Vec<String>,
    /// `lesson#question`, or `assessment/a#question` for a knowledge form.
    pub questions_added: Vec<String>,
    pub questions_removed: Vec<String>,
    pub questions_changed: Vec<String>,
    /// `course.toml` or the self-assessment changed: title, summary, pass mark and the like.
    pub settings_changed: bool,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }
}

/// The changes from `old` to `new`; `None` for `old` is the first version.
pub fn between(old: &Course, new: &Course) -> Changes {
    let mut changes = Changes::default();
    let lessons = |c: &Course| -> BTreeMap<String, Lesson> {
        c.lessons
            .iter()
            .map(|l| (l.slug.to_string(), comparable_lesson(l)))
            .collect()
    };
    let (before, after) = (lessons(old), lessons(new));
    diff(
        &before,
        &after,
        &mut changes.lessons_added,
        &mut changes.lessons_removed,
        &mut changes.lessons_changed,
    );
    let (before, after) = (questions(old), questions(new));
    diff(
        &before,
        &after,
        &mut changes.questions_added,
        &mut changes.questions_removed,
        &mut changes.questions_changed,
    );
    changes.settings_changed = settings(old) != settings(new)
        || old.assessment.as_ref().map(|a| &a.self_assessment)
            != new.assessment.as_ref().map(|a| &a.self_assessment);
    changes
}

fn diff<T: PartialEq>(
    before: &BTreeMap<String, T>,
    after: &BTreeMap<String, T>,
    added: &mut Vec<String>,
    removed: &mut Vec<String>,
    changed: &mut Vec<String>,
) {
    for (key, value) in after {
        match before.get(key) {
            None => added.push(key.clone()),
            Some(old) if old != value => changed.push(key.clone()),
            Some(_) => {}
        }
    }
    removed.extend(before.keys().filter(|k| !after.contains_key(*k)).cloned());
}

/// A lesson without what moves when nothing in it changed: its question lines.
fn comparable_lesson(lesson: &Lesson) -> Lesson {
    let mut lesson = lesson.clone();
    if let super::model::LessonContent::Quiz(quiz) = &mut lesson.content {
        quiz.questions.iter_mut().for_each(|q| q.line = 0);
    }
    lesson
}

fn questions(course: &Course) -> BTreeMap<String, Question> {
    let comparable = |q: &Question| Question {
        line: 0,
        ..q.clone()
    };
    let mut out = BTreeMap::new();
    for lesson in &course.lessons {
        for question in lesson.quiz().map_or(&[][..], |q| &q.questions[..]) {
            out.insert(
                format!("{}#{}", lesson.slug, question.id),
                comparable(question),
            );
        }
    }
    if let Some(assessment) = &course.assessment {
        for (index, form) in assessment.forms.iter().enumerate() {
            let name = if index == 0 { "a" } else { "b" };
            for question in &form.questions {
                out.insert(
                    format!("assessment/{name}#{}", question.id),
                    comparable(question),
                );
            }
        }
    }
    out
}

/// The course's own settings, without its lessons, assessment, media list and hash.
fn settings(course: &Course) -> (&str, &str, u32, u8, Option<u16>, String, String) {
    (
        &course.title,
        &course.summary,
        course.estimated_minutes,
        course.pass_mark.value(),
        course.valid_for_months,
        format!("{:?}", course.translation),
        format!("{:?}", course.legal_status),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::tests::{MANIFEST, course, quiz_file};

    const TEXT: &str = "# Intro\n\nText.\n";
    const FIRST: &str = "## Första {#forsta}\n\nVad gör du?\n\n- [x] Rätt\n- [ ] Fel\n";
    const SECOND: &str = "## Andra {#andra}\n\nOch nu?\n\n- [x] Ja\n- [ ] Nej\n";

    #[test]
    fn the_same_course_has_no_changes() {
        let a = course(&[("01-intro.md", TEXT)]);
        assert!(between(&a, &a).is_empty());
    }

    #[test]
    fn lessons_added_removed_and_changed_are_named() {
        let old = course(&[
            ("01-intro.md", TEXT),
            ("02-gammal.md", "# Gammal\n\nText.\n"),
        ]);
        let new = course(&[
            ("01-intro.md", "# Intro\n\nAnnan text.\n"),
            ("03-ny.md", "# Ny\n\nText.\n"),
        ]);
        let changes = between(&old, &new);
        assert_eq!(changes.lessons_added, ["ny"]);
        assert_eq!(changes.lessons_removed, ["gammal"]);
        assert_eq!(changes.lessons_changed, ["intro"]);
        assert!(!changes.settings_changed);
    }

    #[test]
    fn a_question_is_changed_by_its_text_not_by_moving_down_the_file() {
        let quiz = |questions: &str| course(&[("01-quiz.md", &quiz_file(questions))]);
        let old = quiz(FIRST);
        let moved = between(&old, &quiz(&format!("Läs noga.\n\n{FIRST}")));
        assert!(moved.questions_changed.is_empty(), "{moved:?}");
        let reworded = between(&old, &quiz(&FIRST.replace("- [ ] Fel", "- [ ] Helt fel")));
        assert_eq!(reworded.questions_changed, ["quiz#forsta"]);
        let added = between(&old, &quiz(&format!("{FIRST}\n{SECOND}")));
        assert_eq!(added.questions_added, ["quiz#andra"]);
        assert!(added.questions_removed.is_empty() && added.questions_changed.is_empty());
        assert_eq!(added.lessons_changed, ["quiz"]);
    }

    #[test]
    fn a_new_pass_mark_is_a_change_of_settings() {
        let old = course(&[("01-intro.md", TEXT)]);
        let toml = MANIFEST.replace("80", "70");
        let new = course(&[("course.toml", &toml), ("01-intro.md", TEXT)]);
        assert!(between(&old, &new).settings_changed);
    }
}
