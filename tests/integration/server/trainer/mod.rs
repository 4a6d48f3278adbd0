//! The trainer's workspace: publishing while the server runs (a watched folder, "Publish
//! now", the webhook, several instances), `/trainer` and its course pages, and the
//! learners' feedback per lesson.

mod feedback;
mod publishing;
mod workspace;

use std::time::Duration;

use bryggan::domain::Role;

use super::app::TestApp;

/// Waits for `sql` to count `want` rows, as a file event takes its time to arrive. A
/// deadline, not a measurement: the test fails only if it never happens.
pub async fn eventually(app: &TestApp, sql: &str, want: i64) {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let got = crate::helpers::scalar(&app.db, sql).await;
        if got == want {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{sql}: {got}, waited for {want}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A learner on the course's current version, signed in as another visitor.
pub async fn enrolled_learner(app: &TestApp, email: &str) -> TestApp {
    let learner = app.another_visitor();
    learner.add_user(email, Role::Learner).await;
    learner.sign_in(email).await;
    let csrf = learner.csrf().await;
    let enrolled = learner
        .post_form("/courses/provkurs/enrol", &[("csrf", &csrf)])
        .await;
    assert_eq!(enrolled.status(), 303);
    learner
}

/// Signs in a visitor of `app` with `role`.
pub async fn signed_in(app: &TestApp, email: &str, role: Role) -> TestApp {
    let visitor = app.another_visitor();
    visitor.add_user(email, role).await;
    visitor.sign_in(email).await;
    visitor
}
