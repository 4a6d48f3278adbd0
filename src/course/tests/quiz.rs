use super::super::{Choice, Quiz};
use super::*;

fn quiz(questions: &str) -> Quiz {
    let course = course(&[("01-quiz.md", &quiz_file(questions))]);
    course.lessons[0].quiz().cloned().expect("a quiz lesson")
}

fn quiz_messages(questions: &str) -> Vec<String> {
    messages(&[("01-quiz.md", &quiz_file(questions))])
}

const SCENARIO: &str = "## Barnet som tolk {#barn}

Amal kommer med sin son.

- [ ] Låt sonen tolka.
  > Barn ska aldrig tolka.
- [x] Boka en tolk.
  > Rätt.
- [ ] Tala *långsamt*.

> Förvaltningslagen kräver tolk när det behövs.
";

#[test]
fn a_scenario_question_has_body_options_feedback_and_explanation() {
    let quiz = quiz(SCENARIO);
    let q = &quiz.questions[0];
    assert_eq!(q.id.as_str(), "barn");
    assert_eq!(q.title, "Barnet som tolk");
    assert_eq!(q.body_html, "<p>Amal kommer med sin son.</p>\n");
    assert_eq!(q.choice, Choice::Single);
    let options: Vec<_> = q
        .options
        .iter()
        .map(|o| {
            (
                o.id.as_str(),
                o.html.as_str(),
                o.correct,
                o.feedback_html.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        options,
        [
            (
                "a",
                "Låt sonen tolka.",
                false,
                Some("<p>Barn ska aldrig tolka.</p>\n")
            ),
            ("b", "Boka en tolk.", true, Some("<p>Rätt.</p>\n")),
            ("c", "Tala <em>långsamt</em>.", false, None),
        ]
    );
    assert_eq!(
        q.explanation_html.as_deref(),
        Some("<p>Förvaltningslagen kräver tolk när det behövs.</p>\n")
    );
}

#[test]
fn several_correct_options_make_a_multiple_choice_question() {
    let quiz = quiz("## Vilka?\n\n- [x] A\n- [x] B\n- [ ] C\n");
    assert_eq!(quiz.questions[0].choice, Choice::Multiple);
}

#[test]
fn without_an_explicit_id_the_question_id_is_the_heading_slug() {
    let quiz = quiz("## Är tolken neutral?\n\n- [x] Ja\n- [ ] Nej\n");
    assert_eq!(quiz.questions[0].id.as_str(), "ar-tolken-neutral");
}

#[test]
fn text_before_the_first_question_is_the_quiz_intro() {
    let quiz = quiz("Sex frågor.\n\n## A\n\n- [x] Ja\n- [ ] Nej\n");
    assert_eq!(quiz.intro_html, "<p>Sex frågor.</p>\n");
}

#[test]
fn loose_option_lists_give_inline_option_text() {
    let quiz = quiz("## A\n\n- [x] Ja\n\n- [ ] Nej\n");
    assert_eq!(quiz.questions[0].options[0].html, "Ja");
}

#[test]
fn a_question_with_no_correct_option_is_an_error() {
    assert_eq!(
        quiz_messages("## Fråga\n\n- [ ] A\n- [ ] B\n"),
        [
            "courses/testkurs/01-quiz.md:8:1: error: question “Fråga” has no correct option: mark the right answer with `[x]`"
        ]
    );
}

#[test]
fn a_question_with_fewer_than_two_options_is_an_error() {
    assert_eq!(
        quiz_messages("## Fråga\n\n- [x] A\n"),
        ["courses/testkurs/01-quiz.md:8:1: error: question “Fråga” needs at least two options"]
    );
}

#[test]
fn a_question_heading_with_no_option_list_is_an_error() {
    assert_eq!(
        quiz_messages("## Fråga\n\nBara text.\n"),
        [
            "courses/testkurs/01-quiz.md:6:1: error: question “Fråga” has no options: add a list of `- [ ]` and `- [x]` items"
        ]
    );
}

#[test]
fn duplicate_question_ids_are_an_error_naming_the_first_line() {
    assert_eq!(
        quiz_messages(
            "## A {#samma}\n\n- [x] Ja\n- [ ] Nej\n\n## B {#samma}\n\n- [x] Ja\n- [ ] Nej\n"
        ),
        [
            "courses/testkurs/01-quiz.md:11:1: error: question id `samma` is already used on line 6: give one of them another `{#id}`"
        ]
    );
}

#[test]
fn identical_headings_without_ids_collide() {
    let errors = quiz_messages(
        "## Vad gör du?\n\n- [x] Ja\n- [ ] Nej\n\n## Vad gör du?\n\n- [x] Ja\n- [ ] Nej\n",
    );
    assert_eq!(
        errors,
        [
            "courses/testkurs/01-quiz.md:11:1: error: question id `vad-gor-du` is already used on line 6: give one of them another `{#id}`"
        ]
    );
}

#[test]
fn an_option_without_a_checkbox_is_an_error() {
    assert_eq!(
        quiz_messages("## Fråga\n\n- [x] A\n- B\n"),
        [
            "courses/testkurs/01-quiz.md:9:1: error: every option starts with `[ ]` (wrong) or `[x]` (correct)"
        ]
    );
}

#[test]
fn text_after_the_options_is_an_error() {
    assert_eq!(
        quiz_messages("## Fråga\n\n- [x] A\n- [ ] B\n\nEfterord.\n"),
        [
            "courses/testkurs/01-quiz.md:11:1: error: text after the options is not shown: move it before the list, or quote it with `> ` to make it the explanation shown after answering"
        ]
    );
}

#[test]
fn a_second_option_list_is_an_error() {
    assert_eq!(
        quiz_messages("## Fråga\n\n- [x] A\n- [ ] B\n\n1. [x] C\n2. [ ] D\n"),
        [
            "courses/testkurs/01-quiz.md:11:1: error: a question has one list of options; start the next question with a `## ` heading"
        ]
    );
}

#[test]
fn options_before_the_first_question_are_an_error() {
    let errors = quiz_messages("- [x] A\n- [ ] B\n\n## Fråga\n\n- [x] A\n- [ ] B\n");
    assert_eq!(
        errors,
        [
            "courses/testkurs/01-quiz.md:6:1: error: options before the first question: start each question with a `## ` heading"
        ]
    );
}

#[test]
fn a_quiz_without_questions_is_an_error() {
    assert_eq!(
        quiz_messages("Bara text.\n"),
        [
            "courses/testkurs/01-quiz.md:6:1: error: quiz has no questions: start each question with a `## ` heading"
        ]
    );
}

#[test]
fn an_invalid_explicit_id_is_an_error() {
    let errors = quiz_messages("## Fråga {#Fråga_1}\n\n- [x] A\n- [ ] B\n");
    assert_eq!(
        errors,
        [
            "courses/testkurs/01-quiz.md:6:12: error: heading id `Fråga_1` may only contain lowercase letters a-z, digits and hyphens (found 'F')"
        ]
    );
}

#[test]
fn every_option_marked_correct_is_a_warning() {
    let compilation = compiled(&[("01-quiz.md", &quiz_file("## Fråga\n\n- [x] A\n- [x] B\n"))]);
    let messages = lines(&compilation);
    assert_eq!(
        messages,
        [
            "courses/testkurs/01-quiz.md:8:1: warning: every option is marked correct, so any answer with all of them ticked passes"
        ]
    );
}

#[test]
fn the_learner_view_carries_no_correct_flags_or_feedback() {
    let quiz = quiz(SCENARIO);
    let json = serde_json::to_string(&quiz.questions[0].for_learner()).unwrap();
    assert!(json.contains("Boka en tolk."), "{json}");
    for secret in [
        "correct",
        "feedback",
        "Barn ska aldrig tolka",
        "Förvaltningslagen",
        "explanation",
    ] {
        assert!(!json.contains(secret), "{secret} leaked: {json}");
    }
}
