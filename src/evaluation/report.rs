//! A course's evaluation: the sums rolled up the department tree and over the years, and
//! each group's figures where they may be published.

use std::collections::HashMap;

use crate::course::{Course, Form};
use crate::reports::DepartmentTree;

use super::stats::{Measures, Sums};
use super::suppress::{Groups, Node, Period};

/// The measure key of the knowledge score in the stored sums; statements use their id.
pub const KNOWLEDGE: &str = "";

const FORM_PREFIX: &str = "form:";

/// The measure key of the knowledge score of the pairs that started with `form`: whether
/// the forms are as hard as each other. No statement id has a colon.
pub fn form_measure(form: Form) -> String {
    format!("{FORM_PREFIX}{}", form.code())
}

/// Running sums of one department, year and measure, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct SumRow {
    /// 0: no department.
    pub department_id: i64,
    pub year: i32,
    /// Empty: the knowledge score (and the count of pairs); else a statement id.
    pub measure: String,
    pub sums: Sums,
}

/// One group's published figures; all `None` when it is withheld.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub node: Node,
    /// Pairs in the group, when published.
    pub pairs: Option<u64>,
    /// Whether the group has any pairs at all (a withheld group may).
    pub has_pairs: bool,
    pub knowledge: Option<Measures>,
    /// One per statement of the course, in its order.
    pub statements: Vec<Option<Measures>>,
}

impl Row {
    pub fn withheld(&self) -> bool {
        self.has_pairs && self.pairs.is_none()
    }
}

#[derive(Debug, Clone)]
pub struct Evaluation {
    /// The knowledge scores of the pairs that started with form A and with form B, for
    /// the whole organisation and all years.
    forms: [Sums; 2],
    groups: Groups,
    sums: HashMap<(Node, Period, usize), Sums>,
    statement_count: usize,
    has_knowledge: bool,
    minimum: u64,
}

impl Evaluation {
    /// `rows`: every stored sum of the course. Statements no longer in the course are left
    /// out; so is a pair's knowledge score when the course has no knowledge items.
    pub fn new(tree: &DepartmentTree, course: &Course, rows: &[SumRow], minimum: u64) -> Self {
        let statements: HashMap<&str, usize> = course
            .assessment
            .iter()
            .flat_map(|a| a.self_assessment.iter())
            .flat_map(|s| s.statements.iter())
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i + 1))
            .collect();
        let mut pairs: HashMap<(i64, i32), u64> = HashMap::new();
        let mut sums: HashMap<(Node, Period, usize), Sums> = HashMap::new();
        let mut forms = [Sums::default(); 2];
        for row in rows {
            if let Some(form) = row.measure.strip_prefix(FORM_PREFIX) {
                if let Some(form) = Form::from_code(form) {
                    forms[form.index()].add(&row.sums);
                }
                continue;
            }
            let index = if row.measure == KNOWLEDGE {
                *pairs.entry((row.department_id, row.year)).or_default() += row.sums.n;
                0
            } else {
                match statements.get(row.measure.as_str()) {
                    Some(i) => *i,
                    None => continue,
                }
            };
            let chain = tree.ancestry(row.department_id);
            let nodes = std::iter::once(None).chain(chain.iter().map(|d| Some(d.id)));
            for node in nodes {
                for period in [Period::All, Period::Year(row.year)] {
                    sums.entry((node, period, index))
                        .or_default()
                        .add(&row.sums);
                }
            }
        }
        Evaluation {
            forms,
            groups: Groups::new(tree, &pairs, minimum),
            sums,
            statement_count: statements.len(),
            has_knowledge: course
                .assessment
                .as_ref()
                .is_some_and(|a| !a.forms.is_empty()),
            minimum: minimum.max(1),
        }
    }

    /// The years with pairs, oldest first.
    pub fn years(&self) -> Vec<i32> {
        self.groups.years().collect()
    }

    pub fn minimum(&self) -> u64 {
        self.minimum
    }

    /// The knowledge scores of those who started with form A and with form B: random
    /// halves, so their scores before tell whether the forms are as hard. Both withheld
    /// when either half is below the minimum, since the total minus one gives the other.
    pub fn forms(&self) -> Option<[Measures; 2]> {
        let [a, b] = self.forms;
        if a.n < self.minimum || b.n < self.minimum {
            return None;
        }
        Some([a.measures()?, b.measures()?])
    }

    pub fn row(&self, node: Node, period: Period) -> Row {
        let published = self.groups.published(node, period);
        let measures = |index: usize| {
            self.sums
                .get(&(node, period, index))
                .filter(|s| published && s.n >= self.minimum)
                .and_then(Sums::measures)
        };
        Row {
            node,
            pairs: published.then(|| self.groups.n(node, period)),
            has_pairs: self.groups.n(node, period) > 0,
            knowledge: if self.has_knowledge {
                measures(0)
            } else {
                None
            },
            statements: (1..=self.statement_count).map(measures).collect(),
        }
    }
}
