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

/// `LOWER(column) LIKE '%text%'`, with `text` matched literally and without regard to
/// case (`%`, `_` and `\` in it are escaped).
pub fn contains_ignoring_case(
    column: impl sea_orm::sea_query::IntoColumnRef,
    text: &str,
) -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
    let mut escaped = String::with_capacity(text.len() + 2);
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    Expr::expr(Func::lower(Expr::col(column)))
        .like(LikeExpr::new(format!("%{escaped}%")).escape('\\'))
}
