//! The department tree and the roll-up of counts from each department to its ancestors.

use std::collections::{BTreeMap, HashMap};

use super::{CountRow, Counts, Filter};

/// The department id the store uses for people without a department.
pub const NO_DEPARTMENT: i64 = 0;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    /// `Socialförvaltningen/Försörjningsstöd/Enhet Nord`.
    pub path: String,
}

#[derive(Debug, Clone, Default)]
pub struct DepartmentTree {
    by_id: HashMap<i64, Department>,
    children: HashMap<Option<i64>, Vec<i64>>,
}

/// A report at one node of the tree: its figures, its sub-departments' figures (each with
/// everything under it) and the figures per course.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub total: Counts,
    /// People placed directly in this department (at the top: people without one).
    pub direct: Counts,
    pub children: Vec<(Department, Counts)>,
    /// By course id, in id order.
    pub courses: BTreeMap<i64, Counts>,
}

impl DepartmentTree {
    pub fn new(departments: Vec<Department>) -> DepartmentTree {
        let mut children: HashMap<Option<i64>, Vec<i64>> = HashMap::new();
        for d in &departments {
            children.entry(d.parent_id).or_default().push(d.id);
        }
        let by_id: HashMap<i64, Department> = departments.into_iter().map(|d| (d.id, d)).collect();
        for ids in children.values_mut() {
            ids.sort_by(|a, b| by_id[a].name.cmp(&by_id[b].name).then(a.cmp(b)));
        }
        DepartmentTree { by_id, children }
    }

    pub fn get(&self, id: i64) -> Option<&Department> {
        self.by_id.get(&id)
    }

    /// Every department, sorted by path, for pickers.
    pub fn all(&self) -> Vec<&Department> {
        let mut all: Vec<&Department> = self.by_id.values().collect();
        all.sort_by(|a, b| a.path.cmp(&b.path));
        all
    }

    /// The direct sub-departments of `id` (`None`: the top-level departments), by name.
    pub fn children(&self, id: Option<i64>) -> Vec<&Department> {
        self.children
            .get(&id)
            .map(|ids| ids.iter().filter_map(|c| self.by_id.get(c)).collect())
            .unwrap_or_default()
    }

    /// `top` and every department under it.
    pub fn subtree(&self, top: i64) -> Vec<i64> {
        let mut out = Vec::new();
        let mut stack = vec![top];
        while let Some(id) = stack.pop() {
            if self.by_id.contains_key(&id) {
                out.push(id);
                stack.extend(self.children.get(&Some(id)).into_iter().flatten());
            }
        }
        out
    }

    /// The departments from the top down to `id`, for breadcrumbs.
    pub fn ancestry(&self, id: i64) -> Vec<&Department> {
        let mut chain = Vec::new();
        let mut next = Some(id);
        while let Some(current) = next.and_then(|i| self.by_id.get(&i)) {
            // A cycle in stored data must not hang a request.
            if chain.len() > self.by_id.len() {
                break;
            }
            chain.push(current);
            next = current.parent_id;
        }
        chain.reverse();
        chain
    }

    pub fn is_within(&self, id: i64, top: i64) -> bool {
        self.ancestry(id).iter().any(|d| d.id == top)
    }

    /// The child of `at` (`None`: the top) that `id` lies under, if it lies under `at`.
    fn branch(&self, id: i64, at: Option<i64>) -> Option<i64> {
        let chain = self.ancestry(id);
        match at {
            None => chain.first().map(|d| d.id),
            Some(at) => {
                let i = chain.iter().position(|d| d.id == at)?;
                chain.get(i + 1).map(|d| d.id)
            }
        }
    }

    /// Rolls counted rows up to the node `at` (`None`: the whole organisation). The figures
    /// per department come from `rows`; the figures per course from `by_course`, the same
    /// enrolments counted per course (its `department_id` is not read).
    pub fn summarize(
        &self,
        rows: &[CountRow],
        by_course: &[CountRow],
        at: Option<i64>,
        filter: &Filter,
    ) -> Summary {
        let mut summary = Summary::default();
        let mut branches: HashMap<i64, Counts> = HashMap::new();
        let mut placed: HashMap<i64, Option<Option<i64>>> = HashMap::new();
        for row in rows.iter().filter(|r| filter.keeps(r)) {
            // Some(None): directly at `at`; Some(Some(child)): under a child; None: outside.
            let place =
                *placed
                    .entry(row.department_id)
                    .or_insert_with(|| match (at, row.department_id) {
                        (None, NO_DEPARTMENT) => Some(None),
                        (Some(at), id) if id == at => Some(None),
                        (_, id) => self.branch(id, at).map(Some),
                    });
            let Some(place) = place else { continue };
            summary.total.add_row(row);
            match place {
                None => summary.direct.add_row(row),
                Some(child) => branches.entry(child).or_default().add_row(row),
            }
        }
        for row in by_course.iter().filter(|r| filter.keeps(r)) {
            summary
                .courses
                .entry(row.course_id)
                .or_default()
                .add_row(row);
        }
        summary.children = self
            .children(at)
            .into_iter()
            .map(|d| (d.clone(), branches.get(&d.id).copied().unwrap_or_default()))
            .collect();
        summary
    }
}
