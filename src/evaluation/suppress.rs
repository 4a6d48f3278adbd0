//! Which group figures may be published: none for a group of fewer than the minimum, and
//! none that would let someone subtract published figures to reach such a group.
//!
//! A group is a department with everything under it (or the whole organisation) in one
//! period: a year, or all years. Two sums tie the groups together: a department is its
//! own people plus its sub-departments, and all years are the sum of the years. For each
//! such sum, what is left unpublished must be nothing or at least the minimum; where it is
//! not, the smallest published part is withheld too, until every sum holds.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::reports::DepartmentTree;

/// `None`: the whole organisation.
pub type Node = Option<i64>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    All,
    Year(i32),
}

#[derive(Debug, Clone, Default)]
pub struct Groups {
    /// Pairs per node and period, everything under the node included.
    totals: HashMap<(Node, Period), u64>,
    /// Pairs placed directly at a node (at the top: people without a department).
    direct: HashMap<(Node, Period), u64>,
    withheld: HashSet<(Node, Period)>,
    years: BTreeSet<i32>,
}

impl Groups {
    /// `pairs`: the number of pairs per department id (0 or unknown: none) and year.
    pub fn new(tree: &DepartmentTree, pairs: &HashMap<(i64, i32), u64>, minimum: u64) -> Groups {
        let mut groups = Groups::default();
        for (&(department, year), &n) in pairs {
            if n == 0 {
                continue;
            }
            groups.years.insert(year);
            let chain = tree.ancestry(department);
            let at: Node = chain.last().map(|d| d.id);
            for period in [Period::All, Period::Year(year)] {
                *groups.direct.entry((at, period)).or_default() += n;
                *groups.totals.entry((None, period)).or_default() += n;
                for d in &chain {
                    *groups.totals.entry((Some(d.id), period)).or_default() += n;
                }
            }
        }
        groups.withhold(tree, minimum.max(1));
        groups
    }

    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    pub fn n(&self, node: Node, period: Period) -> u64 {
        self.totals.get(&(node, period)).copied().unwrap_or(0)
    }

    /// True when the group has pairs and its figures may be shown.
    pub fn published(&self, node: Node, period: Period) -> bool {
        self.n(node, period) > 0 && !self.withheld.contains(&(node, period))
    }

    fn withhold(&mut self, tree: &DepartmentTree, minimum: u64) {
        // Primary: every group below the minimum.
        for (&cell, &n) in &self.totals {
            if n < minimum {
                self.withheld.insert(cell);
            }
        }
        let mut nodes: Vec<Node> = vec![None];
        nodes.extend(tree.all().into_iter().map(|d| Some(d.id)));
        let mut periods = vec![Period::All];
        periods.extend(self.years.iter().map(|y| Period::Year(*y)));
        // Each pass withholds at least one more group or stops: it ends.
        loop {
            let mut changed = false;
            for &period in &periods {
                for &node in &nodes {
                    if self.n(node, period) == 0 {
                        continue;
                    }
                    let parts: Vec<(Node, Period)> = tree
                        .children(node)
                        .iter()
                        .map(|c| (Some(c.id), period))
                        .collect();
                    let hidden = self.direct.get(&(node, period)).copied().unwrap_or(0);
                    changed |= self.protect(hidden, &parts, minimum);
                }
            }
            for &node in &nodes {
                if self.n(node, Period::All) == 0 {
                    continue;
                }
                let parts: Vec<(Node, Period)> = self
                    .years
                    .iter()
                    .map(|y| (node, Period::Year(*y)))
                    .collect();
                changed |= self.protect(0, &parts, minimum);
            }
            if !changed {
                break;
            }
        }
    }

    /// One sum: the whole is `hidden` (never shown on its own) plus `parts`. When what is
    /// withheld of it is above zero but below the minimum, withholds the smallest
    /// published part. Returns whether it withheld one.
    fn protect(&mut self, hidden: u64, parts: &[(Node, Period)], minimum: u64) -> bool {
        let withheld: u64 = hidden
            + parts
                .iter()
                .filter(|p| self.withheld.contains(p))
                .map(|p| self.n(p.0, p.1))
                .sum::<u64>();
        if withheld == 0 || withheld >= minimum {
            return false;
        }
        let smallest = parts
            .iter()
            .filter(|p| self.published(p.0, p.1))
            .min_by_key(|p| (self.n(p.0, p.1), p.0, p.1));
        match smallest {
            Some(&part) => self.withheld.insert(part),
            None => false,
        }
    }
}
