//! The accessibility statement holds every part DIGG asks for, from settings: the
//! body's and the service's names, the compliance status, the inaccessible content with
//! reasons (or that none is known), the exemptions claimed, the method, the dates of the
//! assessment and the last review, the feedback form and DIGG's report form.

use bryggan::accessibility::statement::{BothLanguages, Compliance, Method, Statement};
use bryggan::domain::Email;
use chrono::NaiveDate;

use super::app::{TestApp, hidden_field};

#[tokio::test]
async fn without_settings_the_statement_gives_bryggan_s_own_assessment_with_every_part() {
    let app = TestApp::spawn().await;
    let page = app.get_html("/tillganglighet").await;
    for part in [
        "Tjänsten Bryggan tillhandahålls av <strong>Malmö stad</strong>",
        "delvis förenlig med lagen (2018:1937)",
        "QR-kod",
        "Kurserna skrivs av utbildare",
        "Vi åberopar inga undantag",
        "Vi har bedömt tjänsten själva",
        "<dt>Tjänsten bedömdes</dt><dd>27 november 2026</dd>",
        "<dt>Redogörelsen granskades senast</dt><dd>30 november 2026</dd>",
        "action=\"/tillganglighet\" class=\"stack\" novalidate",
        "href=\"https://www.digg.se/tdosanmalan\"",
    ] {
        assert!(page.contains(part), "the statement has {part:?}");
    }
}

#[tokio::test]
async fn each_municipality_sets_its_own_statement_in_both_languages() {
    let app = TestApp::spawn_customised(
        None,
        std::sync::Arc::new(|settings| {
            settings.accessibility = Statement {
                compliance: Compliance::Full,
                method: Method::ThirdParty,
                assessed_on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
                reviewed_on: NaiveDate::from_ymd_opt(2026, 9, 14).unwrap(),
                issues: Vec::new(),
                exemptions: vec![BothLanguages {
                    sv: "Inspelade webbinarier från före 2020 är inte textade.".into(),
                    en: "Recorded webinars from before 2020 are not captioned.".into(),
                }],
                contact: Some(Email::parse("tillganglighet@malmo.se").unwrap()),
            };
        }),
    )
    .await;
    let page = app.get_html("/tillganglighet").await;
    for part in [
        "helt förenlig",
        "Vi känner inte till några brister",
        "Inspelade webbinarier",
        "granskats av en oberoende part",
        "<dd>2 mars 2026</dd>",
        "<dd>14 september 2026</dd>",
        "href=\"mailto:tillganglighet@malmo.se\"",
    ] {
        assert!(page.contains(part), "the statement has {part:?}");
    }
    assert!(
        !page.contains("QR-kod"),
        "no shipped issue when none is set"
    );
    let csrf = hidden_field(&page, "csrf");
    app.post_form(
        "/language",
        &[("csrf", &csrf), ("lang", "en"), ("back", "/tillganglighet")],
    )
    .await;
    let page = app.get_html("/tillganglighet").await;
    for part in [
        "fully complies",
        "We know of no accessibility shortcomings",
        "Recorded webinars",
        "<dd>14 September 2026</dd>",
    ] {
        assert!(page.contains(part), "the English statement has {part:?}");
    }
}

#[tokio::test]
async fn a_refused_barrier_report_shows_the_form_again_with_a_summary_that_links_to_the_field() {
    let app = TestApp::spawn().await;
    let page = app.get_html("/tillganglighet").await;
    let csrf = hidden_field(&page, "csrf");
    let refused = app
        .post_form(
            "/tillganglighet",
            &[
                ("csrf", &csrf),
                ("text", "Knappen syns inte"),
                ("page", "/courses"),
                ("reply_to", "inte-en-adress"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 400);
    let body = refused.text().await.unwrap();
    for part in [
        "<title>Fel: Tillgänglighetsredogörelse",
        "class=\"error-summary\" role=\"alert\"",
        "<a href=\"#f-reply_to\">Skriv en hel e-postadress",
        "aria-describedby=\"f-reply_to-error f-reply_to-hint\" aria-invalid=\"true\"",
        ">Knappen syns inte</textarea>",
        "value=\"/courses\"",
        "value=\"inte-en-adress\"",
    ] {
        assert!(body.contains(part), "the page has {part:?}: {body}");
    }
    assert_eq!(app.count("audit_log").await, 0, "nothing was written");
    assert_eq!(app.count("outbox").await, 0);
}
