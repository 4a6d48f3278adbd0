//! Hand-written SQL for the report queries, which sea-orm's builders would only obscure:
//! one text for both backends, with `?` placeholders numbered for PostgreSQL.

use sea_orm::{DbBackend, Statement, Value};

pub fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = match backend {
        DbBackend::Postgres => {
            let mut out = String::with_capacity(sql.len() + 16);
            let mut n = 0;
            for c in sql.chars() {
                if c == '?' {
                    n += 1;
                    out.push('$');
                    out.push_str(&n.to_string());
                } else {
                    out.push(c);
                }
            }
            out
        }
        _ => sql.to_owned(),
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// `?, ?, ?` for `n` values.
pub fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// The day number (`chrono`'s `num_days_from_ce`) of a date column, 0 when it is null.
pub fn day_number(backend: DbBackend, column: &str) -> String {
    match backend {
        DbBackend::Postgres => format!("COALESCE(({column} - DATE '0001-01-01') + 1, 0)"),
        _ => format!(
            "COALESCE(CAST(julianday({column}) - julianday('0001-01-01') AS INTEGER) + 1, 0)"
        ),
    }
}
