use super::super::{Content, LessonContent, SourceFile};
use super::*;

fn html(course: &Course, index: usize) -> &str {
    match &course.lessons[index].content {
        LessonContent::Text { html } => html,
        LessonContent::Quiz(_) => panic!("not a text lesson"),
    }
}

#[test]
fn lessons_are_ordered_by_number_and_named_by_file() {
    let course = course(&[("10-sist.md", "# Sist\n"), ("02-forst.md", "# Först\n")]);
    let order: Vec<_> = course
        .lessons
        .iter()
        .map(|l| (l.number, l.slug.as_str(), l.title.as_str()))
        .collect();
    assert_eq!(order, [(2, "forst", "Först"), (10, "sist", "Sist")]);
}

#[test]
fn the_title_heading_is_taken_out_of_the_lesson_body() {
    let course = course(&[("01-a.md", "# Titel\n\nBrödtext.\n")]);
    assert_eq!(course.lessons[0].title, "Titel");
    assert_eq!(html(&course, 0), "<p>Brödtext.</p>\n");
}

#[test]
fn a_front_matter_title_overrides_the_heading() {
    let course = course(&[(
        "01-a.md",
        "+++\ntitle = \"Kort titel\"\n+++\n# En mycket lång titel\n",
    )]);
    assert_eq!(course.lessons[0].title, "Kort titel");
}

#[test]
fn minutes_are_estimated_from_the_words_when_not_given() {
    let words = "ord ".repeat(310);
    let course = course(&[("01-a.md", &format!("# A\n\n{words}\n"))]);
    assert_eq!(course.lessons[0].minutes, 3);
}

#[test]
fn a_course_without_lessons_is_an_error() {
    assert_eq!(
        messages(&[]),
        [
            "courses/testkurs/course.toml: error: course has no lessons: add lesson files named like `01-valkommen.md`"
        ]
    );
}

#[test]
fn a_lesson_number_used_twice_is_an_error() {
    assert_eq!(
        messages(&[("01-a.md", "# A\n"), ("01-b.md", "# B\n")]),
        ["courses/testkurs/01-b.md: error: lesson number 01 is already used by `01-a.md`"]
    );
}

#[test]
fn a_lesson_name_used_twice_is_an_error() {
    assert_eq!(
        messages(&[("01-intro.md", "# A\n"), ("02-intro.md", "# B\n")]),
        [
            "courses/testkurs/02-intro.md: error: lesson name `intro` is already used by `01-intro.md`: lesson names must differ, since they are the lessons' addresses"
        ]
    );
}

#[test]
fn an_empty_lesson_file_is_an_error() {
    assert_eq!(
        messages(&[("01-a.md", "  \n")]),
        [
            "courses/testkurs/01-a.md:1:1: error: lesson file is empty: start it with a `# Title` line"
        ]
    );
}

#[test]
fn a_lesson_without_a_title_is_an_error() {
    assert_eq!(
        messages(&[("01-a.md", "Text utan rubrik.\n")]),
        [
            "courses/testkurs/01-a.md:1:1: error: lesson has no title: start it with a `# Title` line, or set `title` in the front matter"
        ]
    );
}

#[test]
fn a_second_level_one_heading_is_an_error() {
    assert_eq!(
        messages(&[("01-a.md", "# A\n\ntext\n\n# B\n")]),
        [
            "courses/testkurs/01-a.md:5:1: error: a lesson has one `# ` title; use `## ` for its sections"
        ]
    );
}

#[test]
fn a_ten_megabyte_file_is_an_error_not_a_crash() {
    let mut source = source(&[]);
    source.files.push(SourceFile {
        name: "01-a.md".into(),
        content: Content::TooLarge(10_000_000),
    });
    let errors = messages_of(&source);
    assert_eq!(
        errors,
        ["courses/testkurs/01-a.md: error: file is 10 MB; the limit is 8 MB"]
    );
}

#[test]
fn a_text_file_over_the_text_limit_is_an_error() {
    let big = format!("# A\n\n{}", "x".repeat(3 * 1024 * 1024));
    assert_eq!(
        messages(&[("01-a.md", &big)]),
        [
            "courses/testkurs/01-a.md: error: file is 3072 KB; text files may be at most 2048 KB: split the lesson"
        ]
    );
}

#[test]
fn front_matter_that_does_not_parse_is_an_error_at_its_line() {
    let errors = messages(&[("01-a.md", "+++\nminutes = 5\ntitle = \n+++\n# A\n")]);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(
        errors[0],
        "courses/testkurs/01-a.md:3:9: error: `title` has no value after `=`: write `title = \"…\"`"
    );
}

#[test]
fn an_unknown_front_matter_key_is_an_error_at_the_key() {
    assert_eq!(
        messages(&[("01-a.md", "+++\nminutes = 5\nknd = \"quiz\"\n+++\n# A\n")]),
        [
            "courses/testkurs/01-a.md:3:1: error: unknown key `knd` in front matter; did you mean `kind`?"
        ]
    );
}

#[test]
fn an_unknown_kind_is_an_error() {
    assert_eq!(
        messages(&[("01-a.md", "+++\nkind = \"exam\"\n+++\n# A\n")]),
        ["courses/testkurs/01-a.md:2:8: error: unknown kind \"exam\": use \"lesson\" or \"quiz\""]
    );
}

#[test]
fn unclosed_front_matter_is_an_error() {
    let errors = messages(&[("01-a.md", "+++\ntitle = \"A\"\n# A\n")]);
    assert_eq!(
        errors[0],
        "courses/testkurs/01-a.md:1:1: error: front matter is not closed: add a line with only `+++` after it"
    );
}

#[test]
fn a_link_to_a_missing_lesson_is_an_error_at_the_link_target() {
    assert_eq!(
        messages(&[("01-a.md", "# A\n\nLäs [nästa](02-saknas.md).\n")]),
        [
            "courses/testkurs/01-a.md:3:13: error: link to a lesson that does not exist: `02-saknas.md`"
        ]
    );
}

#[test]
fn links_to_lessons_and_media_become_relative_urls() {
    let source = source(&[
        (
            "01-a.md",
            "# A\n\n[B](02-b.md#del) och [PDF](media/blad.pdf) och ![Karta](media/karta.png)\n",
        ),
        ("02-b.md", "# B\n"),
    ])
    .with_file("media/blad.pdf", b"%PDF".to_vec())
    .with_file("media/karta.png", b"png".to_vec());
    let course = compile(&source, &CompileOptions::default()).course.unwrap();
    assert_eq!(
        html(&course, 0),
        "<p><a href=\"b#del\">B</a> och <a href=\"media/blad.pdf\">PDF</a> och <img src=\"media/karta.png\" alt=\"Karta\" /></p>\n"
    );
    assert_eq!(course.media, ["media/blad.pdf", "media/karta.png"]);
}

#[test]
fn a_missing_image_is_an_error() {
    assert_eq!(
        messages(&[("01-a.md", "# A\n\n![Karta](media/karta.png)\n")]),
        [
            "courses/testkurs/01-a.md:3:10: error: link to a file that does not exist: `media/karta.png`"
        ]
    );
}

#[test]
fn an_image_without_alt_text_is_an_accessibility_error() {
    let source = source(&[("01-a.md", "# A\n\n![](media/karta.png)\n")])
        .with_file("media/karta.png", b"png".to_vec());
    let errors = messages_of(&source);
    assert_eq!(
        errors,
        [
            "courses/testkurs/01-a.md:3:1: error: image has no alt text: describe it between the brackets, as in ![An interpreter and a resident at a desk](media/tolk.png)"
        ]
    );
}

#[test]
fn an_image_from_the_web_is_an_error() {
    assert_eq!(
        messages(&[(
            "01-a.md",
            "# A\n\n![Logga](https://example.org/logga.png)\n"
        )]),
        [
            "courses/testkurs/01-a.md:3:10: error: images must be files in the course's `media/` folder (not web addresses), so pages load fast and learners are not tracked"
        ]
    );
}

#[test]
fn a_link_out_of_the_course_folder_is_an_error() {
    assert_eq!(
        messages(&[("01-a.md", "# A\n\n[annan](../annan-kurs/01-a.md)\n")]),
        [
            "courses/testkurs/01-a.md:3:9: error: link leaves the course folder: a course may link only to its own lessons and media"
        ]
    );
}

#[test]
fn a_checked_task_list_in_a_plain_lesson_warns_that_kind_quiz_may_be_missing() {
    let compilation = compiled(&[("01-a.md", "# A\n\n## Fråga\n\n- [x] Ja\n- [ ] Nej\n")]);
    let messages = lines(&compilation);
    assert_eq!(
        messages,
        [
            "courses/testkurs/01-a.md:5:3: warning: this lesson has a checklist with `[x]`; if it is a quiz question, add `kind = \"quiz\"` to the front matter"
        ]
    );
}

#[test]
fn the_version_changes_when_any_file_changes_and_only_then() {
    let a = course(&[("01-a.md", "# A\n")]).version;
    let same = course(&[("01-a.md", "# A\n")]).version;
    let edited = course(&[("01-a.md", "# A!\n")]).version;
    assert_eq!(a, same);
    assert_ne!(a, edited);
    assert_eq!(a.len(), 64);
}

#[test]
fn a_lesson_named_like_a_course_address_is_an_error() {
    assert_eq!(
        messages(&[("01-media.md", "# Media\n")]),
        [
            "courses/testkurs/01-media.md: error: lesson name `media` is reserved for the course's own pages: rename the file"
        ]
    );
}
