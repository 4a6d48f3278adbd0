//! Any bytes, as a lesson, as a quiz and as course.toml: the compiler must answer with a
//! course or diagnostics, never panic or hang, and never emit a script-capable tag.
#![no_main]

use bryggan::course::{CompileOptions, CourseSource, LessonContent, compile};
use libfuzzer_sys::fuzz_target;

const MANIFEST: &[u8] = b"title = \"F\"\nlanguage = \"sv\"\nsummary = \"S\"\npass_mark = 50\n";

fuzz_target!(|data: &[u8]| {
    let mut quiz = b"+++\nkind = \"quiz\"\n+++\n".to_vec();
    quiz.extend_from_slice(data);
    let lessons = CourseSource::new("fuzz", "fuzz")
        .with_file("course.toml", MANIFEST)
        .with_file("01-a.md", data)
        .with_file("02-b.md", quiz)
        .with_file("media/x.png", b"x".to_vec());
    let manifest = CourseSource::new("fuzz", "fuzz")
        .with_file("course.toml", data)
        .with_file("01-a.md", b"# A\n".to_vec());
    for source in [lessons, manifest] {
        let compilation = compile(&source, &CompileOptions::default());
        let Some(course) = compilation.course else {
            assert!(compilation.diagnostics.iter().any(|d| d.is_error()));
            continue;
        };
        for lesson in &course.lessons {
            let html = match &lesson.content {
                LessonContent::Text { html } => html.clone(),
                LessonContent::Quiz(quiz) => {
                    let mut all = quiz.intro_html.clone();
                    for q in &quiz.questions {
                        all += &q.title_html;
                        all += &q.body_html;
                        all += q.explanation_html.as_deref().unwrap_or_default();
                        for o in &q.options {
                            all += &o.html;
                            all += o.feedback_html.as_deref().unwrap_or_default();
                        }
                    }
                    all
                }
            };
            let lower = html.to_ascii_lowercase();
            assert!(!lower.contains("<script"), "script tag in {html}");
            assert!(!lower.contains("href=\"javascript:"), "script link in {html}");
        }
    }
});
