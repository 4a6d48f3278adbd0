//! Mistakes trainers make that Markdown accepts silently, each reported at its line with
//! what to type, in English and in Swedish.

use crate::course::LessonContent;
use crate::domain::Language::{En, Sv};

use super::*;

const Q: &str = "courses/testkurs/01-quiz.md";

/// Both languages' first lines for a quiz lesson with the given questions.
fn quiz_messages(questions: &str) -> (Vec<String>, Vec<String>) {
    let quiz = quiz_file(questions);
    let files = [("01-quiz.md", quiz.as_str())];
    (messages_in(&files, En), messages_in(&files, Sv))
}

#[test]
fn a_last_option_without_a_space_after_the_dash_is_not_swallowed_silently() {
    // Markdown reads `-[ ] C` as more of B's feedback: the question would lose an answer.
    let (en, sv) = quiz_messages("## Fråga\n\n- [x] A\n  > Rätt.\n- [ ] B\n  > Fel.\n-[ ] C\n");
    assert_eq!(
        en,
        [format!(
            "{Q}:12:1: error: a space is missing after `-`, so this is not an option and learners will not see it as one: write `- [ ] C`"
        )]
    );
    assert_eq!(
        sv,
        [format!(
            "{Q}:12:1: error: det saknas ett mellanslag efter `-`, så det här blir inget svarsalternativ: skriv `- [ ] C`"
        )]
    );
}

#[test]
fn a_missing_space_after_the_box_is_named_as_such() {
    let (en, sv) = quiz_messages("## Fråga\n\n- [ ] A\n- [x]Leta efter tolken\n");
    assert_eq!(
        en,
        [format!(
            "{Q}:9:1: error: a space is missing after the box, so this is not an option: write `- [x] Leta efter tolken`"
        )]
    );
    assert_eq!(
        sv,
        [format!(
            "{Q}:9:1: error: det saknas ett mellanslag efter rutan, så det här blir inget svarsalternativ: skriv `- [x] Leta efter tolken`"
        )]
    );
}

#[test]
fn an_empty_or_odd_box_says_what_goes_inside() {
    let (en, sv) = quiz_messages("## Fråga\n\n- [x] A\n- [] B\n- [v] C\n");
    assert_eq!(
        en,
        [
            format!(
                "{Q}:9:1: error: the box is empty: write `[ ]` with a space for a wrong option, or `[x]` for a correct one"
            ),
            format!(
                "{Q}:10:1: error: the box holds `v`: write `[ ]` with one space for a wrong option, or `[x]` for a correct one"
            ),
        ]
    );
    assert_eq!(
        sv,
        [
            format!(
                "{Q}:9:1: error: rutan är tom: skriv `[ ]` med ett mellanslag för ett fel svar, eller `[x]` för ett rätt svar"
            ),
            format!(
                "{Q}:10:1: error: i rutan står `v`: skriv `[ ]` med ett mellanslag för ett fel svar, eller `[x]` för ett rätt svar"
            ),
        ]
    );
}

#[test]
fn an_option_with_another_list_mark_is_reported_instead_of_a_second_list() {
    let (en, sv) = quiz_messages("## Fråga\n\n- [x] A\n- [ ] B\n* [ ] C\n");
    assert_eq!(
        en,
        [format!(
            "{Q}:10:1: error: this option starts with `*` and the ones above with `-`: another mark starts a new list, so write `- [ ] C`"
        )]
    );
    assert_eq!(
        sv,
        [format!(
            "{Q}:10:1: error: det här alternativet börjar med `*` och de ovanför med `-`: ett annat tecken startar en ny lista, så skriv `- [ ] C`"
        )]
    );
}

#[test]
fn uppercase_x_marks_a_correct_option() {
    let course = course(&[("01-quiz.md", &quiz_file("## Fråga\n\n- [X] A\n- [ ] B\n"))]);
    let quiz = course.lessons[0].quiz().unwrap();
    assert!(quiz.questions[0].options[0].correct);
}

#[test]
fn unindented_feedback_after_the_last_option_is_flagged_as_shown_to_everyone() {
    let (en, sv) = quiz_messages(
        "## Fråga\n\n- [ ] A\n  > Fel.\n- [x] B\n> Rätt. Tolken ska vara opartisk.\n",
    );
    assert_eq!(
        en,
        [format!(
            "{Q}:11:1: warning: this quote is shown to everyone as the question's explanation, but it reads like feedback on the last option: to make it that option's feedback, indent it two spaces (`  > …`); to keep it as the explanation, start it with `> Explanation:`"
        )]
    );
    assert_eq!(
        sv,
        [format!(
            "{Q}:11:1: warning: citatet visas för alla som frågans förklaring, men det ser ut som återkoppling på det sista alternativet: dra in det två mellanslag (`  > …`) så hör det till alternativet; ska det vara en förklaring, börja det med `> Förklaring:`"
        )]
    );
}

#[test]
fn an_explanation_that_opens_like_feedback_is_flagged_even_when_no_option_has_any() {
    let (en, sv) = quiz_messages("## Fråga\n\n- [ ] A\n- [x] B\n\n> Rätt svar är B.\n");
    assert_eq!(en.len(), 1, "{en:#?}");
    assert!(en[0].starts_with(&format!(
        "{Q}:11:1: warning: this quote is shown to everyone"
    )));
    assert!(sv[0].starts_with(&format!("{Q}:11:1: warning: citatet visas för alla")));
}

#[test]
fn a_marked_explanation_is_left_alone() {
    let (en, _) = quiz_messages(
        "## Fråga\n\n- [ ] A\n  > Fel.\n- [x] B\n\n> Förklaring: rätt svar är B, eftersom …\n",
    );
    assert_eq!(
        en,
        [format!(
            "{Q}:8:1: warning: option b has no feedback while the others have: learners who choose it get none (options are a, b, c… from the top)"
        )]
    );
}

#[test]
fn options_without_feedback_among_options_with_it_are_named() {
    let (en, sv) =
        quiz_messages("## Fråga\n\n- [ ] A\n  > Fel.\n- [x] B\n- [ ] C\n- [ ] D\n  > Fel.\n");
    assert_eq!(
        en,
        [format!(
            "{Q}:8:1: warning: options b, c have no feedback while the others have: learners who choose them get none (options are a, b, c… from the top)"
        )]
    );
    assert_eq!(
        sv,
        [format!(
            "{Q}:8:1: warning: alternativ b, c saknar återkoppling, men de andra har: den som väljer något av dem får ingen (alternativen är a, b, c … uppifrån)"
        )]
    );
}

#[test]
fn an_unindented_quote_under_the_first_option_says_to_indent_it() {
    let (en, sv) = quiz_messages("## Fråga\n\n- [x] A\n> Rätt.\n- [ ] B\n");
    assert_eq!(
        en,
        [format!(
            "{Q}:9:1: error: this quote ends the list of options, so the options below it are lost: indent the quote two spaces (`  > …`) so that it belongs to the option above"
        )]
    );
    assert_eq!(
        sv,
        [format!(
            "{Q}:9:1: error: citatet avslutar listan med svarsalternativ, så alternativen under det försvinner: dra in citatet två mellanslag (`  > …`) så att det hör till alternativet ovanför"
        )]
    );
}

#[test]
fn a_question_without_a_correct_option_is_named_by_its_heading() {
    let (_, sv) = quiz_messages("## Vem bokar tolken?\n\n- [ ] A\n- [ ] B\n");
    assert_eq!(
        sv,
        [format!(
            "{Q}:8:1: error: frågan ”Vem bokar tolken?” har inget rätt svar: markera det rätta svaret med `[x]`"
        )]
    );
}

#[test]
fn a_lesson_file_that_breaks_the_name_pattern_is_an_error_with_the_right_name() {
    let files = [
        ("01-a.md", "# A\n"),
        ("02-Under samtalet.md", "# B\n"),
        ("2-intro.md", "# C\n"),
        ("03_tolk.md", "# D\n"),
        ("README.md", "anteckningar"),
    ];
    let compilation = compiled(&files);
    assert!(compilation.course.is_none());
    let dir = "courses/testkurs";
    assert_eq!(
        messages_in(&files, Sv),
        [
            format!(
                "{dir}/02-Under samtalet.md: error: `02-Under samtalet.md` har inte ett lektionsnamn, så deltagarna skulle inte se den: döp om den till `02-under-samtalet.md` (två siffror, ett bindestreck och sedan små bokstäver a–z, siffror och bindestreck)"
            ),
            format!(
                "{dir}/03_tolk.md: error: `03_tolk.md` har inte ett lektionsnamn, så deltagarna skulle inte se den: döp om den till `03-tolk.md` (två siffror, ett bindestreck och sedan små bokstäver a–z, siffror och bindestreck)"
            ),
            format!(
                "{dir}/2-intro.md: error: `2-intro.md` har inte ett lektionsnamn, så deltagarna skulle inte se den: döp om den till `02-intro.md` (två siffror, ett bindestreck och sedan små bokstäver a–z, siffror och bindestreck)"
            ),
        ]
    );
    assert_eq!(
        messages_in(&files, En)[2],
        format!(
            "{dir}/2-intro.md: error: `2-intro.md` is not named like a lesson, so learners would not see it: rename it `02-intro.md` (a two-digit number, a hyphen, then lowercase letters a-z, digits and hyphens)"
        )
    );
}

#[test]
fn yaml_front_matter_is_an_error_that_shows_the_toml_to_write() {
    let source = source(&[(
        "01-a.md",
        "---\ntitle: Under samtalet\nminutes: 5\n---\n# Under samtalet\n",
    )]);
    let compilation = compile(&source, &CompileOptions::default());
    assert!(compilation.course.is_none());
    let [diagnostic] = &compilation.diagnostics[..] else {
        panic!("{:#?}", compilation.diagnostics);
    };
    assert_eq!(
        diagnostic.render(Sv),
        "courses/testkurs/01-a.md:1:1: error: inledningen mellan `---`-rader läses inte, och deltagarna skulle se den som text: skriv den mellan `+++`-rader, med `=` och citattecken\n 1 | ---\n   | ^\n = så här: byt ut raderna till och med den andra `---` mot:\n =         +++\n =         title = \"Under samtalet\"\n =         minutes = 5\n =         +++"
    );
    assert_eq!(
        diagnostic.line(En),
        "courses/testkurs/01-a.md:1:1: error: front matter between `---` lines is not read, and learners would see it as text: write it between `+++` lines, with `=` and quotes"
    );
}

#[test]
fn yaml_that_says_quiz_does_not_add_the_checklist_warning() {
    let quiz = "---\nkind: quiz\n---\n# Quiz\n\n## Fråga\n\n- [x] A\n- [ ] B\n";
    let errors = messages(&[("01-quiz.md", quiz)]);
    assert_eq!(errors.len(), 1, "{errors:#?}");
}

#[test]
fn an_image_name_that_differs_only_in_capitals_suggests_the_real_file() {
    let files = [
        (
            "01-a.md",
            "# A\n\n![En tolk i skärmen](media/Distanstolk.PNG)\n",
        ),
        ("media/distanstolk.png", "png"),
    ];
    assert_eq!(
        messages_in(&files, Sv),
        [
            "courses/testkurs/01-a.md:3:22: error: `media/Distanstolk.PNG` finns inte, även om den kanske öppnas på din egen dator: på servern spelar stora och små bokstäver roll; menade du `media/distanstolk.png`?"
        ]
    );
    assert_eq!(
        messages_in(&files, En),
        [
            "courses/testkurs/01-a.md:3:22: error: `media/Distanstolk.PNG` does not exist, though it may open on your own computer: names differ in capital letters on the server; did you mean `media/distanstolk.png`?"
        ]
    );
}

#[test]
fn a_windows_path_is_called_a_file_on_your_computer_not_a_web_address() {
    let files = [("01-a.md", "# A\n\n![Karta](C:\\Bilder\\karta.png)\n")];
    assert_eq!(
        messages_in(&files, Sv),
        [
            "courses/testkurs/01-a.md:3:10: error: `C:\\Bilder\\karta.png` är en fil på din egen dator, som deltagarna inte kommer åt: kopiera den till kursens mapp `media/` och skriv `media/` och filens namn"
        ]
    );
    assert_eq!(
        messages_in(&files, En),
        [
            "courses/testkurs/01-a.md:3:10: error: `C:\\Bilder\\karta.png` is a file on your own computer, which learners cannot reach: copy it into the course's `media/` folder and write `media/` and its name"
        ]
    );
}

#[test]
fn a_bare_word_value_asks_for_quotes_around_it() {
    let files = [("01-a.md", "+++\nkind = quiz\n+++\n# A\n")];
    assert_eq!(
        messages_in(&files, Sv),
        ["courses/testkurs/01-a.md:2:8: error: skriv citattecken runt texten: `kind = \"quiz\"`"]
    );
    assert_eq!(
        messages_in(&files, En),
        ["courses/testkurs/01-a.md:2:8: error: put quotes around the text: `kind = \"quiz\"`"]
    );
}

#[test]
fn a_misspelled_kind_gives_one_message_not_two() {
    let quiz = "+++\nkind = \"quizz\"\n+++\n# Q\n\n## Fråga\n\n- [x] A\n- [ ] B\n";
    assert_eq!(
        messages_in(&[("01-quiz.md", quiz)], Sv),
        [
            "courses/testkurs/01-quiz.md:2:8: error: okänd sort \"quizz\": skriv \"lesson\" (text) eller \"quiz\""
        ]
    );
    assert_eq!(
        messages_in(&[("01-quiz.md", quiz)], En),
        [
            "courses/testkurs/01-quiz.md:2:8: error: unknown kind \"quizz\": use \"lesson\" or \"quiz\""
        ]
    );
}

#[test]
fn a_file_not_saved_as_utf8_says_how_to_save_it_from_the_editors_trainers_use() {
    let source = source(&[]).with_file("01-a.md", b"# Titel\n\nG\xf6teborg\n".to_vec());
    let compilation = compile(&source, &CompileOptions::default());
    let diagnostic = &compilation.diagnostics[0];
    assert_eq!(
        diagnostic.line(Sv),
        "courses/testkurs/01-a.md:3:2: error: filen är inte sparad som UTF-8: troligen som Windows-1252 eller Latin-1 (”ANSI”), så å, ä och ö blir fel"
    );
    let rendered = diagnostic.render(Sv);
    assert!(
        rendered.contains("Anteckningar (Windows): Arkiv > Spara som, Kodning: UTF-8"),
        "{rendered}"
    );
    assert!(rendered.contains("TextEdit (Mac)"), "{rendered}");
    assert!(rendered.contains("Word: Arkiv > Spara som"), "{rendered}");
    assert!(
        diagnostic
            .render(En)
            .contains("Notepad (Windows): File > Save as, Encoding: UTF-8")
    );
}

#[test]
fn a_utf16_file_is_named_as_utf16_not_guessed_as_windows_1252() {
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("# Titel\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let source = source(&[]).with_file("01-a.md", utf16);
    let compilation = compile(&source, &CompileOptions::default());
    let [diagnostic] = &compilation.diagnostics[..] else {
        panic!("{:#?}", compilation.diagnostics);
    };
    assert_eq!(
        diagnostic.line(Sv),
        "courses/testkurs/01-a.md: error: filen är sparad som UTF-16 (”Unicode”), inte som UTF-8"
    );
    assert_eq!(
        diagnostic.line(En),
        "courses/testkurs/01-a.md: error: file is saved as UTF-16 (\"Unicode\"), not UTF-8"
    );
    assert!(diagnostic.render(Sv).contains("Anteckningar (Windows)"));
}

#[test]
fn tip_and_warning_boxes_get_a_visible_label_in_the_course_language() {
    let course = course(&[(
        "01-a.md",
        "# A\n\n> [!TIP]\n> Boka tolk i god tid.\n\n> [!IMPORTANT]\n> Tolken har tystnadsplikt.\n",
    )]);
    let LessonContent::Text { html } = &course.lessons[0].content else {
        panic!("a text lesson");
    };
    assert!(
        html.contains(
            "<blockquote class=\"markdown-alert-tip\">\n<p class=\"markdown-alert-title\">Tips</p>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<p class=\"markdown-alert-title\">Viktigt</p>"),
        "{html}"
    );
}

#[test]
fn the_shipped_form_of_a_good_quiz_gives_no_messages() {
    let (en, _) = quiz_messages(
        "## Fråga\n\n- [ ] A\n  > Fel.\n- [x] B\n  > Rätt.\n\n> Förklaring: B är rätt.\n",
    );
    assert!(en.is_empty(), "{en:#?}");
}
