//! Snapshots of what the compiler produces for a small course that uses every feature, and
//! of how `check` prints the problems of a broken one.

use super::*;

fn feature_course() -> CourseSource {
    source(&[
        (
            "01-valkommen.md",
            "# Välkommen\n\nDen här kursen handlar om **klarspråk**.\n\n## Mål\n\n- Skriva enkelt\n- Tala tydligt\n\n| Före | Efter |\n| --- | --- |\n| erfordras | behövs |\n\nSe [quizet](02-quiz.md) och ![Ett tomt kontor](media/kontor.png).\n",
        ),
        (
            "02-quiz.md",
            "+++\nkind = \"quiz\"\nminutes = 5\n+++\n# Quiz\n\nTvå frågor.\n\n## Vad gör du? {#vad}\n\nEn invånare förstår inte brevet.\n\n- [ ] Skickar samma brev igen.\n  > Det hjälper inte.\n- [x] Ringer och förklarar.\n  > Rätt.\n\n> Fråga hellre än gissa.\n\n## Vilka ord är klarspråk?\n\n- [x] behöver\n- [x] ansökan\n- [ ] erfordras\n",
        ),
        (
            "assessment/form-a.md",
            "# Före\n\n## Vem bokar tolken? {#vem}\n\n- [ ] Invånaren.\n- [x] Förvaltningen.\n",
        ),
        (
            "assessment/form-b.md",
            "## Vad gör tolken? {#uppdrag}\n\n- [x] Återger allt.\n- [ ] Sammanfattar.\n",
        ),
        (
            "assessment/self.md",
            "Hur väl stämmer det?\n\n1. Stämmer inte alls\n2. Stämmer delvis\n3. Stämmer helt\n\n- Jag skriver *begripliga* brev. {#brev}\n",
        ),
    ])
    .with_file("media/kontor.png", b"not really a png".to_vec())
}

#[test]
fn a_course_using_every_feature_compiles_to_this_model() {
    let compilation = compile(&feature_course(), &CompileOptions::default());
    assert!(
        compilation.diagnostics.is_empty(),
        "{:#?}",
        compilation.diagnostics
    );
    insta::assert_yaml_snapshot!(compilation.course);
}

#[test]
fn a_broken_course_is_reported_like_this() {
    let broken = source(&[
        (
            "course.toml",
            "title = \"Trasig\"\nlanguage = \"sv\"\nsummary = \"S\"\npass_mark = 180\nlevel = 2\n",
        ),
        ("01-a.md", "# A\n\n![](media/saknas.png) <b>fet</b>\n"),
        (
            "02-quiz.md",
            "+++\nkind = \"quiz\"\n+++\n# Q\n\n## Fråga utan rätt svar\n\n- [ ] A\n- [ ] B\n\n## Fråga utan alternativ\n",
        ),
        ("01-dubblett.md", "# Dubblett\n"),
    ]);
    let compilation = compile(&broken, &CompileOptions::default());
    let rendered = |lang| {
        compilation
            .diagnostics
            .iter()
            .map(|d| d.render(lang))
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    insta::assert_snapshot!(rendered(crate::domain::Language::En));
    insta::assert_snapshot!(
        "a_broken_course_is_reported_like_this_in_swedish",
        rendered(crate::domain::Language::Sv)
    );
}
