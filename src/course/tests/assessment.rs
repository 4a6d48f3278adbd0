use super::super::Form;
use super::*;

const LESSON: (&str, &str) = ("01-a.md", "# A\n\nText.\n");

const FORM_A: &str = "# Form A\n\nFyra frågor.\n\n## Vem bokar tolken? {#vem}\n\n- [ ] Invånaren.\n- [x] Förvaltningen.\n";
const FORM_B: &str =
    "## Tolkens uppdrag {#uppdrag}\n\n- [x] Att återge allt.\n- [ ] Att sammanfatta.\n";
const SELF: &str = "# Självskattning\n\nHur väl stämmer det?\n\n1. Stämmer inte alls\n2. Stämmer delvis\n3. Stämmer helt\n\n- Jag vet när jag ska boka *tolk*. {#boka-tolk}\n- Jag skriver begripliga brev.\n";

fn with(files: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut all = vec![LESSON];
    all.extend_from_slice(files);
    all
}

#[test]
fn a_course_without_an_assessment_folder_has_no_assessment() {
    assert_eq!(course(&[LESSON]).assessment, None);
}

#[test]
fn two_forms_and_a_self_assessment_compile_to_parallel_forms_and_rated_statements() {
    let course = course(&with(&[
        ("assessment/form-a.md", FORM_A),
        ("assessment/form-b.md", FORM_B),
        ("assessment/self.md", SELF),
    ]));
    let assessment = course.assessment.expect("an assessment");
    assert_eq!(assessment.forms.len(), 2);
    let a = assessment.form(Form::A).unwrap();
    let b = assessment.form(Form::B).unwrap();
    assert_eq!(a.intro_html, "<p>Fyra frågor.</p>\n");
    assert_eq!(a.questions[0].id.as_str(), "vem");
    assert_eq!(b.questions[0].id.as_str(), "uppdrag");
    let rated = assessment.self_assessment.expect("statements");
    assert_eq!(rated.intro_html, "<p>Hur väl stämmer det?</p>\n");
    assert_eq!(
        rated.scale,
        ["Stämmer inte alls", "Stämmer delvis", "Stämmer helt"]
    );
    let statements: Vec<_> = rated
        .statements
        .iter()
        .map(|s| (s.id.as_str(), s.text.as_str(), s.html.as_str()))
        .collect();
    assert_eq!(
        statements,
        [
            (
                "boka-tolk",
                "Jag vet när jag ska boka tolk.",
                "Jag vet när jag ska boka <em>tolk</em>."
            ),
            (
                "jag-skriver-begripliga-brev",
                "Jag skriver begripliga brev.",
                "Jag skriver begripliga brev."
            ),
        ]
    );
}

#[test]
fn the_assessment_files_are_part_of_the_course_version() {
    let without = course(&[LESSON]);
    let with_self = course(&with(&[("assessment/self.md", SELF)]));
    assert_ne!(without.version, with_self.version);
}

#[test]
fn a_single_form_is_used_before_and_after_with_a_warning() {
    let compilation = compiled(&with(&[("assessment/form-a.md", FORM_A)]));
    let course = compilation.course.as_ref().expect("a course");
    let assessment = course.assessment.as_ref().unwrap();
    assert_eq!(
        assessment.form(Form::B).unwrap().questions[0].id.as_str(),
        "vem"
    );
    assert_eq!(
        lines(&compilation),
        [
            "courses/testkurs/assessment/form-a.md:1:1: warning: with one form, learners answer the same questions before and after and may remember them: add `form-b.md` with parallel questions so that memory does not inflate the gain"
        ]
    );
}

#[test]
fn form_b_without_form_a_is_an_error() {
    assert_eq!(
        messages(&with(&[("assessment/form-b.md", FORM_B)])),
        [
            "courses/testkurs/assessment/form-b.md:1:1: error: `form-b.md` is the parallel of `form-a.md`, which is missing: name a single form `form-a.md`"
        ]
    );
}

#[test]
fn forms_of_different_length_get_a_warning() {
    let longer = format!("{FORM_A}\n## Tolkens plats {{#plats}}\n\n- [x] Bredvid.\n- [ ] Bakom.\n");
    let longer: &'static str = Box::leak(longer.into_boxed_str());
    assert_eq!(
        messages(&with(&[
            ("assessment/form-a.md", longer),
            ("assessment/form-b.md", FORM_B)
        ])),
        [
            "courses/testkurs/assessment/form-b.md:1:1: warning: form A has 2 questions and form B 1: parallel forms ask as many questions, of the same difficulty"
        ]
    );
}

#[test]
fn a_knowledge_form_follows_the_quiz_rules() {
    assert_eq!(
        messages(&with(&[
            (
                "assessment/form-a.md",
                "## Fråga\n\n- [ ] Ett.\n- [ ] Två.\n"
            ),
            ("assessment/form-b.md", FORM_B),
        ])),
        [
            "courses/testkurs/assessment/form-a.md:3:1: error: question “Fråga” has no correct option: mark the right answer with `[x]`"
        ]
    );
}

#[test]
fn statements_before_the_scale_are_an_error() {
    assert_eq!(
        messages(&with(&[(
            "assessment/self.md",
            "- Jag vet.\n\n1. Nej\n2. Ja\n"
        )])),
        [
            "courses/testkurs/assessment/self.md:1:1: error: statements before the scale: write the scale first, as a numbered list (`1. Stämmer inte alls`, `2. …`)"
        ]
    );
}

#[test]
fn a_scale_must_count_from_one_and_have_two_to_eleven_points() {
    assert_eq!(
        messages(&with(&[(
            "assessment/self.md",
            "0. Nej\n1. Ja\n\n- Jag vet.\n"
        )])),
        [
            "courses/testkurs/assessment/self.md:1:1: error: the scale starts at 0: number its first point `1.`, since answers count from 1"
        ]
    );
    assert_eq!(
        messages(&with(&[(
            "assessment/self.md",
            "1. Bara en\n\n- Jag vet.\n"
        )])),
        [
            "courses/testkurs/assessment/self.md:1:1: error: the scale has 1 points; a scale has from 2 to 11"
        ]
    );
}

#[test]
fn a_self_assessment_without_a_scale_or_statements_is_an_error() {
    assert_eq!(
        messages(&with(&[("assessment/self.md", "Hur väl stämmer det?\n")])),
        [
            "courses/testkurs/assessment/self.md:1:1: error: self-assessment has no scale: write its points as a numbered list, as in `1. Stämmer inte alls` … `5. Stämmer helt`"
        ]
    );
    assert_eq!(
        messages(&with(&[("assessment/self.md", "1. Nej\n2. Ja\n")])),
        [
            "courses/testkurs/assessment/self.md:1:1: error: self-assessment has no statements: write them after the scale as `- ` items"
        ]
    );
}

#[test]
fn a_statement_written_as_a_quiz_option_is_an_error() {
    assert_eq!(
        messages(&with(&[(
            "assessment/self.md",
            "1. Nej\n2. Ja\n\n- [ ] Jag vet.\n"
        )])),
        [
            "courses/testkurs/assessment/self.md:4:3: error: a statement is a plain `- ` item: `[ ]` marks quiz options, and statements have no right answer"
        ]
    );
}

#[test]
fn two_statements_with_one_id_are_an_error() {
    assert_eq!(
        messages(&with(&[(
            "assessment/self.md",
            "1. Nej\n2. Ja\n\n- Jag vet. {#vet}\n- Jag kan. {#vet}\n"
        )])),
        [
            "courses/testkurs/assessment/self.md:5:3: error: statement id `vet` is already used on line 4: reword one of them or give it another `{#id}`"
        ]
    );
}

#[test]
fn text_after_the_scale_that_is_no_statement_is_an_error() {
    assert_eq!(
        messages(&with(&[(
            "assessment/self.md",
            "1. Nej\n2. Ja\n\n- Jag vet.\n\nTack!\n"
        )])),
        [
            "courses/testkurs/assessment/self.md:6:1: error: text after the scale is not shown: statements are `- ` items, and other text goes before the scale"
        ]
    );
}

#[test]
fn other_files_in_the_assessment_folder_are_ignored_with_a_warning() {
    assert_eq!(
        messages(&with(&[("assessment/notes.md", "Anteckningar")])),
        [
            "courses/testkurs/assessment/notes.md: warning: ignored: `assessment/` holds `form-a.md`, `form-b.md` and `self.md`"
        ]
    );
}

#[test]
fn the_shipped_courses_have_two_forms_of_equal_length_and_a_self_assessment() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("courses");
    let compiled = crate::course::compile_all(&root, &CompileOptions::default()).unwrap();
    let with_assessment: Vec<_> = compiled
        .iter()
        .filter_map(|(_, c)| c.course.as_ref())
        .filter_map(|c| c.assessment.as_ref().map(|a| (c.slug.as_str(), a)))
        .collect();
    assert!(with_assessment.len() >= 2, "{}", with_assessment.len());
    for (slug, a) in with_assessment {
        assert_eq!(a.forms.len(), 2, "{slug}");
        assert_eq!(
            a.forms[0].questions.len(),
            a.forms[1].questions.len(),
            "{slug}"
        );
        assert!(
            a.self_assessment
                .as_ref()
                .is_some_and(|s| s.statements.len() >= 4),
            "{slug}"
        );
    }
}
