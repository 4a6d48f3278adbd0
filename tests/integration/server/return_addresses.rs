//! Every redirect to an address the client sent stays on this site, and no such address
//! can reach a header unchecked: browsers drop tabs and line breaks and read `\` as `/`.

use bryggan::domain::Role;

use super::app::{PASSWORD, TestApp, hidden_field};

/// What a browser would make of each: another site, or a header that cannot be written.
const HOSTILE: [&str; 9] = [
    "/\t/evil.example",
    "/\t\\evil.example",
    "/\\evil.example",
    "//evil.example",
    "https://evil.example/",
    "/\n/x",
    "/\r\n/x",
    "\t//evil.example",
    "/\u{2028}/x",
];

#[tokio::test]
async fn the_sign_in_page_never_carries_an_address_that_leaves_the_site() {
    let app = TestApp::spawn().await;
    for next in HOSTILE {
        let url = reqwest::Url::parse_with_params(&app.url("/sign-in"), &[("next", next)]).unwrap();
        let response = app.client.get(url).send().await.unwrap();
        assert_eq!(response.status(), 200, "{next:?}");
        let html = response.text().await.unwrap();
        assert_eq!(hidden_field(&html, "next"), "/courses", "{next:?}");
    }
    let html = app.get_html("/sign-in?next=/hr/people%3Fpage%3D2").await;
    // Handlebars writes `=` as an entity; the browser reads it back.
    assert_eq!(
        hidden_field(&html, "next").replace("&#x3D;", "="),
        "/hr/people?page=2"
    );
}

/// Lina signs in, in a browser of her own, asking to return to `next`.
async fn sign_in_returning_to(app: &TestApp, next: &str) -> reqwest::Response {
    let visitor = app.another_visitor();
    let csrf = visitor.csrf().await;
    let fields = [
        ("csrf", csrf.as_str()),
        ("email", "lina@malmo.se"),
        ("password", PASSWORD),
        ("next", next),
    ];
    visitor.post_form("/sign-in", &fields).await
}

#[tokio::test]
async fn a_correct_password_with_a_hostile_return_address_lands_on_my_courses() {
    let app = TestApp::spawn().await;
    app.add_user("lina@malmo.se", Role::Learner).await;
    for next in HOSTILE {
        let response = sign_in_returning_to(&app, next).await;
        assert_eq!(response.status(), 303, "{next:?}");
        assert_eq!(response.headers()["location"], "/courses", "{next:?}");
    }
    let response = sign_in_returning_to(&app, "/courses/provkurs").await;
    assert_eq!(response.headers()["location"], "/courses/provkurs");
}

#[tokio::test]
async fn the_language_switch_returns_only_to_pages_on_this_site() {
    let app = TestApp::spawn().await;
    let csrf = app.csrf().await;
    for back in HOSTILE {
        let response = app
            .post_form(
                "/language",
                &[("csrf", &csrf), ("lang", "en"), ("back", back)],
            )
            .await;
        assert_eq!(response.status(), 303, "{back:?}");
        assert_eq!(response.headers()["location"], "/courses", "{back:?}");
    }
}
