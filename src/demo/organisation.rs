//! `bryggan demo --staff N`: a whole organisation for benchmarks and demonstrations: N
//! people in about 300 departments, every course assigned to everyone with staggered due
//! dates, and enrolments in every state (about 55% completed, 15% in progress, the rest
//! not started; courses due in the past make some overdue), with the assessments and
//! first quiz attempts of those who completed ([`super::evaluation`]).

use std::collections::BTreeSet;

use chrono::{DateTime, Days, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};

use crate::domain::{DueRule, Email, Language};
use crate::hr::Applied;
use crate::staff::{StaffFile, StaffRow};
use crate::store::assignments;
use crate::store::audit::Actor;
use crate::store::staff::{ImportOptions, import};
use crate::store::{StoreError, courses, report_queries, users};

const FIRST: &[&str] = &[
    "Anna", "Erik", "Fatima", "Mohammed", "Nguyễn", "Zoë", "Øyvind", "Şükrü", "Łukasz", "Maria",
    "Johan", "Amina", "Ali", "Sara", "Karin", "Hassan", "Elin", "Ahmed", "Lars", "Leyla",
];
const LAST: &[&str] = &[
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Ali",
    "Mohammed",
    "Hussein",
    "Nowak",
    "Yilmaz",
    "Tran",
    "Öberg",
];
const BRANCHES: &[&str] = &[
    "Stadskontoret",
    "Arbetsmarknads- och socialförvaltningen",
    "Funktionsstödsförvaltningen",
    "Förskoleförvaltningen",
    "Grundskoleförvaltningen",
    "Gymnasie- och vuxenutbildningsförvaltningen",
    "Hälsa-, vård- och omsorgsförvaltningen",
    "Kulturförvaltningen",
    "Miljöförvaltningen",
    "Stadsbyggnadskontoret",
];
/// Due dates of the assigned courses, in days from today: the first two have passed.
const DUE_OFFSETS: [i64; 10] = [-60, -14, 7, 14, 30, 45, 60, 90, 120, 180];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generated {
    pub people: usize,
    pub departments: usize,
    pub courses: usize,
    pub applied: Applied,
    /// Pre/post assessment pairs answered.
    pub pairs: usize,
}

/// The leaf units people are placed in: 10 administrations × 3 divisions × 9 units, which
/// with their parents and the top make 311 departments.
fn units() -> Vec<String> {
    let mut out = Vec::new();
    for branch in BRANCHES {
        for division in 1..=3 {
            for unit in 1..=9 {
                out.push(format!(
                    "Bänkstad/{branch}/Avdelning {division}/Enhet {division}.{unit}"
                ));
            }
        }
    }
    out
}

fn staff(people: usize) -> Result<StaffFile, StoreError> {
    let units = units();
    let mut rows = Vec::with_capacity(people);
    for i in 0..people {
        let email = Email::parse(&format!("person{i}@bench.bryggan.se"))
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        rows.push(StaffRow {
            line: i as u64 + 2,
            email,
            name: format!(
                "{} {}",
                FIRST[i % FIRST.len()],
                LAST[(i / FIRST.len()) % LAST.len()]
            ),
            department: units[i % units.len()].clone(),
            manager_email: None,
            locale: Some(if i % 5 == 0 {
                Language::En
            } else {
                Language::Sv
            }),
        });
    }
    Ok(StaffFile {
        rows,
        delimiter: ',',
        windows_1252: false,
    })
}

/// Builds the organisation in `db`, whose courses must already be registered.
pub async fn generate(
    db: &DatabaseConnection,
    people: usize,
    now: DateTime<Utc>,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<Generated, StoreError> {
    let actor = Actor::command_line();
    progress("importing staff");
    let file = staff(people)?;
    let departments: BTreeSet<String> = file
        .rows
        .iter()
        .flat_map(|r| {
            let parts: Vec<&str> = r.department.split('/').collect();
            (1..=parts.len()).map(move |n| parts[..n].join("/"))
        })
        .collect();
    import(db, &file, ImportOptions::default(), &actor, now, &|_| {}).await?;
    let top = users::find_department(db, "Bänkstad")
        .await?
        .ok_or_else(|| StoreError::Corrupt("the top department is missing".into()))?;
    let published = courses::published(db).await?;
    progress("assigning courses");
    let today = now.date_naive();
    for (course, offset) in published.iter().zip(DUE_OFFSETS) {
        let due = if offset < 0 {
            today.checked_sub_days(Days::new(offset.unsigned_abs()))
        } else {
            today.checked_add_days(Days::new(offset as u64))
        }
        .unwrap_or(today);
        assignments::create(db, course.id, Some(top), DueRule::Fixed(due), &actor, now).await?;
    }
    let applied = crate::hr::apply_assignments(db, now, 30).await?;
    progress("setting progress");
    // A fixed scatter by id: the same figures on every run and backend.
    let started = now - chrono::Duration::days(20);
    let backend = db.get_database_backend();
    for (sql, when) in [
        (
            "UPDATE enrolments SET started_at = ?, completed_at = ? WHERE (id * 7919) % 100 < 55",
            Some(now - chrono::Duration::days(3)),
        ),
        (
            "UPDATE enrolments SET started_at = ?, completed_at = ? WHERE (id * 7919) % 100 >= 55 AND (id * 7919) % 100 < 70",
            None,
        ),
    ] {
        db.execute_raw(crate::store::sql_statement(
            backend,
            sql,
            vec![started.into(), when.into()],
        ))
        .await?;
    }
    report_queries::recount(db).await?;
    progress("answering assessments");
    let pairs = super::evaluation::generate(db).await?;
    Ok(Generated {
        pairs,
        people,
        departments: departments.len(),
        courses: published.len().min(DUE_OFFSETS.len()),
        applied,
    })
}
