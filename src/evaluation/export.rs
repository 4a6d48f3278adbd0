//! The evaluation export for the coordination body: one line per group, period and
//! measure, figures with a decimal point for machines, withheld groups left blank.

use crate::domain::Language;
use crate::reports::export::guarded;

use super::{Measures, Period, Row};

pub fn header(lang: Language) -> [&'static str; 13] {
    match lang {
        Language::Sv => [
            "kurs",
            "avdelning",
            "period",
            "mått",
            "påstående",
            "par",
            "medel före",
            "medel efter",
            "medel förändring",
            "95 % KI låg",
            "95 % KI hög",
            "normaliserad vinst",
            "status",
        ],
        Language::En => [
            "course",
            "department",
            "period",
            "measure",
            "statement",
            "pairs",
            "mean before",
            "mean after",
            "mean change",
            "95% CI low",
            "95% CI high",
            "normalized gain",
            "status",
        ],
    }
}

/// One line: `statement` (id, text) and `index` name a statement; `None`, the knowledge
/// score.
pub fn cells(
    course: &str,
    department: &str,
    period: Period,
    statement: Option<&(String, String)>,
    row: &Row,
    index: Option<usize>,
) -> Vec<String> {
    let measures: Option<Measures> = match index {
        None => row.knowledge,
        Some(i) => row.statements.get(i).copied().flatten(),
    };
    let f = |x: f64| format!("{x:.3}");
    let (id, statement_text) =
        statement.map_or(("knowledge", ""), |(id, text)| (id.as_str(), text.as_str()));
    let text = |s: &str| guarded(s).into_owned();
    let mut cells = vec![
        text(course),
        text(department),
        match period {
            Period::All => "all".to_owned(),
            Period::Year(y) => y.to_string(),
        },
        id.to_owned(),
        text(statement_text),
    ];
    match measures {
        Some(m) => {
            cells.push(m.n.to_string());
            cells.push(f(m.mean_pre));
            cells.push(f(m.mean_post));
            cells.push(f(m.mean_change));
            cells.push(m.ci.map(|c| f(c.0)).unwrap_or_default());
            cells.push(m.ci.map(|c| f(c.1)).unwrap_or_default());
            cells.push(if index.is_none() {
                m.normalized_gain().map(f).unwrap_or_default()
            } else {
                String::new()
            });
            cells.push("published".to_owned());
        }
        None => {
            cells.extend(std::iter::repeat_n(String::new(), 7));
            cells.push("withheld".to_owned());
        }
    }
    cells
}
