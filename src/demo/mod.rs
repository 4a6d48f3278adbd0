//! `serve --demo`: a small organisation with one account per role, so a newcomer can sign
//! in at once. Each start sets fresh random passwords and prints them. [`organisation`]
//! generates a large one for benchmarks.

pub mod evaluation;
pub mod organisation;

use chrono::{DateTime, Duration, Utc};
use sea_orm::DatabaseConnection;

use crate::auth::password;
use crate::domain::{Email, EnrolmentSource, Language, Role};
use crate::store::learning::NewEnrolment;
use crate::store::users::{self, NewUser};
use crate::store::{StoreError, courses, learning};

#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub role: Role,
    pub name: &'static str,
    pub email: &'static str,
    pub password: String,
}

const PEOPLE: &[(Role, &str, &str, Language, &str)] = &[
    (
        Role::Learner,
        "Lina Andersson",
        "lina@demo.bryggan.se",
        Language::Sv,
        "Malmö stad/Arbetsmarknads- och socialförvaltningen/Kontaktcenter",
    ),
    (
        Role::Learner,
        "Sam Okafor",
        "sam@demo.bryggan.se",
        Language::En,
        "Malmö stad/Kulturförvaltningen/Stadsbiblioteket",
    ),
    (
        Role::Hr,
        "Hamid Rahimi",
        "hamid@demo.bryggan.se",
        Language::Sv,
        "Malmö stad/Stadskontoret/HR-avdelningen",
    ),
    (
        Role::Trainer,
        "Tove Lindqvist",
        "tove@demo.bryggan.se",
        Language::Sv,
        "Malmö stad/Stadskontoret/Kompetensutveckling",
    ),
    (
        Role::Admin,
        "Ada Nilsson",
        "ada@demo.bryggan.se",
        Language::Sv,
        "Malmö stad/Stadskontoret",
    ),
];

/// Creates (or refreshes) the demo accounts and assigns Lina a course due in 30 days.
pub async fn seed(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<Vec<DemoAccount>, DemoError> {
    let mut accounts = Vec::new();
    for (role, name, email, locale, department) in PEOPLE {
        let plain = readable_password();
        let hash = password::hash(&plain)?;
        let address = Email::parse(email).map_err(|e| DemoError::Data(e.to_string()))?;
        let department_id = users::ensure_department(db, department).await?;
        match users::find_by_email(db, &address).await? {
            Some(user) => users::set_password(db, user.id, &hash).await?,
            None => {
                let new = NewUser {
                    email: address,
                    name: (*name).to_owned(),
                    role: *role,
                    locale: *locale,
                    department_id: Some(department_id),
                    password_hash: Some(hash),
                };
                users::create(db, new, now).await?;
            }
        }
        accounts.push(DemoAccount {
            role: *role,
            name,
            email,
            password: plain,
        });
    }
    let lina = Email::parse(PEOPLE[0].2).map_err(|e| DemoError::Data(e.to_string()))?;
    if let (Some(user), Some(course)) = (
        users::find_by_email(db, &lina).await?,
        courses::find_by_slug(db, "mota-invanare").await?,
    ) && let Some(version) = course.current_version_id
        && learning::enrolment(db, user.id, course.id).await?.is_none()
    {
        let due = (now + Duration::days(30)).date_naive();
        let new = NewEnrolment {
            user_id: user.id,
            course_id: course.id,
            version_id: version,
            cycle: 1,
            source: EnrolmentSource::Assigned,
            due_date: Some(due),
            assignment_id: None,
        };
        crate::learning::enrol_on(db, new, now).await?;
    }
    Ok(accounts)
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Password(#[from] password::PasswordError),
    #[error("demo data is invalid: {0}")]
    Data(String),
}

/// 16 characters without look-alikes (no 0/O, 1/l/I), easy to type from a console.
fn readable_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    rand::fill(&mut bytes);
    bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}
