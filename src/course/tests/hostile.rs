//! Hostile input: nothing a course file says may put script into a learner's page, and
//! nothing may make the compiler panic or run away.

use super::super::LessonContent;
use super::super::markdown::{Context, parse, render};
use super::super::{Diagnostics, LinkStyle, SourceText, links::LinkTargets};
use super::*;

/// The HTML the compiler renders for a lesson body, errors or not, and the errors.
fn render_body(markdown: &str) -> (String, Vec<String>) {
    let file = SourceText::new("t.md", markdown.to_owned());
    let targets = LinkTargets::default();
    let ctx = Context {
        file: &file,
        targets: &targets,
        style: LinkStyle::Clean,
        language: crate::domain::Language::Sv,
    };
    let mut sink = Diagnostics::default();
    let html = render(&parse(&ctx, &file.text, 0, &mut sink));
    (
        html,
        sink.into_sorted()
            .iter()
            .map(|d| d.message.text(crate::domain::Language::En).to_owned())
            .collect(),
    )
}

fn assert_inert(html: &str) {
    // Escaped text (`&lt;script&gt;`) is harmless; only real tags and their attributes count.
    const ALLOWED: &[&str] = &[
        "p",
        "a",
        "img",
        "em",
        "strong",
        "del",
        "code",
        "pre",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "blockquote",
        "br",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "input",
        "sup",
        "div",
        "section",
    ];
    for tag in html
        .split('<')
        .skip(1)
        .map(|t| t.split('>').next().unwrap_or_default())
    {
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(ALLOWED.contains(&name.as_str()), "tag <{tag}> in {html}");
        let lower = tag.to_ascii_lowercase();
        for bad in ["javascript:", "vbscript:", "data:", " on", "style="] {
            assert!(!lower.contains(bad), "{bad:?} in <{tag}> in {html}");
        }
    }
}

#[test]
fn a_script_tag_is_escaped_and_reported() {
    let (html, errors) =
        render_body("Hej <script>alert(1)</script>\n\n<script>\nalert(2)\n</script>\n");
    assert_inert(&html);
    assert!(html.contains("&lt;script&gt;"), "{html}");
    assert_eq!(errors.len(), 3, "{errors:#?}");
}

#[test]
fn event_handler_attributes_in_raw_html_are_escaped() {
    let (html, errors) =
        render_body("<img src=x onerror=alert(1)>\n\ntext <b onclick=\"x()\">b</b>\n");
    assert_inert(&html);
    assert!(!errors.is_empty());
}

#[test]
fn heading_attributes_cannot_add_event_handlers() {
    let (html, errors) = render_body("## Rubrik {#ok onclick=alert(1) .x}\n");
    assert_eq!(html, "<h2 id=\"ok\">Rubrik</h2>\n");
    assert_eq!(errors.len(), 1);
}

#[test]
fn script_links_in_every_markdown_form_are_dropped() {
    let markdown = "[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) <javascript:alert(1)> [c][ref] ![d](javascript:x) [e](data:text/html;base64,PHNjcmlwdD4=) [f](<java\tscript:x>)\n\n[ref]: vbscript:msgbox(1)\n";
    let (html, errors) = render_body(markdown);
    assert_inert(&html);
    assert_eq!(errors.len(), 7, "{errors:#?}");
}

#[test]
fn html_entities_do_not_smuggle_a_script_link() {
    let (html, errors) = render_body("[x](&#106;avascript:alert(1))\n");
    assert_inert(&html);
    assert_eq!(errors.len(), 1);
}

#[test]
fn comments_are_dropped_silently() {
    let (html, errors) = render_body("Text <!-- not for learners -->\n\n<!--\nTrainer note\n-->\n");
    assert_eq!(html, "<p>Text </p>\n");
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn a_comment_cannot_hide_an_unclosed_tag() {
    let (html, _) = render_body("<!-- x --><script>alert(1)</script>\n");
    assert_inert(&html);
}

#[test]
fn quiz_feedback_and_options_are_sanitized_too() {
    let quiz =
        "## Q\n\n- [x] <script>a()</script>\n  > [x](javascript:b)\n- [ ] B\n\n> <iframe src=x>\n";
    let compilation = compiled(&[("01-q.md", &quiz_file(quiz))]);
    assert!(compilation.course.is_none());
    assert!(
        compilation.diagnostics.len() >= 3,
        "{:#?}",
        compilation.diagnostics
    );
}

#[test]
fn deeply_nested_quotes_and_lists_compile_without_overflowing() {
    let quotes = format!("# A\n\n{}deep\n", "> ".repeat(20_000));
    let lists = format!(
        "# B\n\n{}",
        (0..5_000)
            .map(|i| format!("{}- item\n", "  ".repeat(i)))
            .collect::<String>()
    );
    let quiz_lists = quiz_file(&format!(
        "## Q\n\n- [x] a\n{}- [ ] b\n",
        (1..3_000)
            .map(|i| format!("{}> - [x] x\n", "  ".repeat(i)))
            .collect::<String>()
    ));
    let compilation = compiled(&[
        ("01-a.md", &quotes),
        ("02-b.md", &lists),
        ("03-q.md", &quiz_lists),
    ]);
    if let Some(course) = compilation.course {
        assert_eq!(course.lessons.len(), 3);
        if let LessonContent::Text { html } = &course.lessons[0].content {
            assert!(html.contains("deep"));
        }
    } else {
        // Rejected is fine; what matters is an answer instead of a crash.
        assert!(!compilation.diagnostics.is_empty());
    }
}

#[test]
fn a_one_megabyte_line_compiles() {
    let line = "ord ".repeat(256 * 1024);
    let course = course(&[("01-a.md", &format!("# A\n\n{line}\n"))]);
    assert!(course.lessons[0].minutes > 1000);
}

#[test]
fn control_characters_and_nul_bytes_do_not_break_the_compiler() {
    let text = "# A\u{0}\u{1b}[31m\n\n\u{feff}text\u{0}\r\n- [x]\u{0}\n";
    let compilation = compiled(&[("01-a.md", text)]);
    assert!(compilation.course.is_some() || !compilation.diagnostics.is_empty());
}
