//! Erasure (`privacy erase`): the person's name and address leave every table, the
//! outbox, the audit log and waiting uploads included, while the figures stay the same.

use super::{
    EMAIL, TRACE, args, bryggan, dump, figures, hex, leaves, outbox_settled,
    person_with_data_everywhere, user_id,
};
use crate::helpers::{scalar, stderr};
use crate::server::app::{PASSWORD, TestApp};

#[tokio::test]
async fn erasing_a_person_leaves_no_trace_of_their_name_or_address_and_the_figures_unchanged() {
    let mut app = TestApp::spawn().await;
    let person = person_with_data_everywhere(&mut app).await;
    leaves(&app, person.id).await;
    let before = figures(&app).await;
    let everything = dump(&app).await;
    assert!(
        everything.contains(TRACE) && everything.contains(&hex(TRACE)),
        "the dump finds her before, in text and in the waiting upload"
    );

    let output = bryggan(args(&app, &["privacy", "erase", "--email", EMAIL, "--yes"])).await;
    assert!(output.status.success(), "{}", stderr(&output));

    let everything = dump(&app).await;
    assert!(
        !everything.contains(TRACE) && !everything.contains(&hex(TRACE)),
        "no trace of her name or address is left anywhere"
    );
    assert_eq!(figures(&app).await, before, "the figures are the same");
    let verify = app
        .get_html(&format!("/verify/{}", person.certificate))
        .await;
    assert!(verify.contains("Anonymiserad"), "{verify}");
    assert!(
        !verify.contains("Anonymised #"),
        "not even the pseudonym is shown"
    );
    let visitor = app.another_visitor();
    let csrf = visitor.csrf().await;
    let refused = visitor
        .post_form(
            "/sign-in",
            &[
                ("csrf", &csrf),
                ("email", EMAIL),
                ("password", PASSWORD),
                ("next", "/courses"),
            ],
        )
        .await;
    assert_ne!(refused.status(), 303, "her account no longer signs in");
    assert_eq!(
        scalar(
            &app.db,
            "SELECT COUNT(*) FROM users WHERE manager_email IS NOT NULL AND name = 'Kim Kollega'"
        )
        .await,
        0,
        "her colleague no longer has her as manager"
    );
    assert_eq!(
        scalar(
            &app.db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'privacy.erased'"
        )
        .await,
        1
    );
    // What the statistics count stays, anonymous.
    assert_eq!(
        scalar(
            &app.db,
            &format!(
                "SELECT COUNT(*) FROM department_history WHERE user_id = {}",
                person.id
            )
        )
        .await,
        2
    );
    assert_eq!(
        scalar(
            &app.db,
            &format!(
                "SELECT COUNT(*) FROM assessment_responses WHERE user_id = {}",
                person.id
            )
        )
        .await,
        2
    );
    // Her lesson comment named her: it goes, and her yes stays with the trainers' figures.
    assert_eq!(
        scalar(
            &app.db,
            &format!(
                "SELECT COUNT(*) FROM lesson_feedback WHERE user_id = {} AND helpful AND comment IS NULL",
                person.id
            )
        )
        .await,
        1
    );
}

#[tokio::test]
async fn erasing_someone_still_active_deactivates_them_and_the_counts_stay_consistent() {
    let mut app = TestApp::spawn().await;
    let person = person_with_data_everywhere(&mut app).await;
    let output = bryggan(args(&app, &["privacy", "erase", "--email", EMAIL, "--yes"])).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        scalar(
            &app.db,
            &format!(
                "SELECT COUNT(*) FROM users WHERE id = {} AND NOT active",
                person.id
            )
        )
        .await,
        1
    );
    let after = figures(&app).await;
    bryggan::store::report_queries::rebuild_counts(&app.db)
        .await
        .unwrap();
    assert_eq!(
        figures(&app).await,
        after,
        "the counts moved exactly as a rebuild from scratch would"
    );
}

#[tokio::test]
async fn erasure_of_an_unknown_address_an_admin_or_without_confirmation_exits_2_and_writes_nothing()
{
    let mut app = TestApp::spawn().await;
    person_with_data_everywhere(&mut app).await;
    outbox_settled(&app).await;
    let everything = dump(&app).await;
    let admin = user_id(&app, "admin@malmo.se").await;
    assert!(admin > 0);
    for (words, message) in [
        (
            vec!["--email", "ingen@malmo.se", "--yes"],
            "nobody in Bryggan has the address ingen@malmo.se",
        ),
        (
            vec!["--email", "admin@malmo.se", "--yes"],
            "admin@malmo.se is an administrator",
        ),
        (vec!["--email", EMAIL], "run again with --yes"),
        (
            vec!["--email", "inte-en-adress", "--yes"],
            "is not an email address",
        ),
    ] {
        let mut all = vec!["privacy", "erase"];
        all.extend(words.iter());
        let output = bryggan(args(&app, &all)).await;
        assert_eq!(output.status.code(), Some(2), "{words:?}");
        assert!(stderr(&output).contains(message), "{}", stderr(&output));
    }
    assert!(dump(&app).await == everything, "nothing was written");
}
