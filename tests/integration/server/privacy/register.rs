//! The register of personal data against the schema the migrations build: every column
//! classified, and nothing classified that does not exist.

use std::collections::{BTreeMap, BTreeSet};

use bryggan::privacy::register::Register;
use sea_orm::{ConnectionTrait, Statement};

use crate::server::app::TestApp;

/// `(table, column)` for every column of every table, from the database itself.
pub async fn live_columns(app: &TestApp) -> Vec<(String, String)> {
    let backend = app.db.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Postgres => {
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() ORDER BY 1, ordinal_position"
        }
        _ => {
            "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid"
        }
    };
    app.db
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .into_iter()
        .map(|row| {
            (
                row.try_get_by_index::<String>(0).unwrap(),
                row.try_get_by_index::<String>(1).unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn every_column_of_the_live_schema_is_in_the_register_and_the_register_names_no_other() {
    let app = TestApp::spawn().await;
    let mut live: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (table, column) in live_columns(&app).await {
        live.entry(table).or_default().insert(column);
    }
    let register = Register::bundled().unwrap().columns();
    let mut unclassified = Vec::new();
    for (table, columns) in &live {
        for column in columns {
            if !register.get(table).is_some_and(|c| c.contains(column)) {
                unclassified.push(format!("{table}.{column}"));
            }
        }
    }
    assert!(
        unclassified.is_empty(),
        "classify these columns in docs/personal-data.toml, as personal data or not, then run \
         `cargo run -- privacy register > docs/personal-data.md`: {unclassified:?}"
    );
    let mut stale = Vec::new();
    for (table, columns) in &register {
        for column in columns {
            if !live.get(table).is_some_and(|c| c.contains(column)) {
                stale.push(format!("{table}.{column}"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "docs/personal-data.toml names columns the schema does not have: {stale:?}"
    );
}
