//! Which part of the organisation a viewer may see.

use crate::domain::Role;

use super::DepartmentTree;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Admins, and HR officers without a department scope.
    Organisation,
    /// An HR officer's department and everything under it.
    Tree(i64),
}

impl Scope {
    /// The reporting scope of a role, or `None` when the role sees no reports.
    pub fn of(role: Role, scope_department: Option<i64>) -> Option<Scope> {
        match role {
            Role::Admin => Some(Scope::Organisation),
            Role::Hr => Some(scope_department.map_or(Scope::Organisation, Scope::Tree)),
            Role::Learner | Role::Trainer => None,
        }
    }

    /// Whether a department (`None`: the whole organisation) is inside the scope.
    pub fn covers(&self, tree: &DepartmentTree, department: Option<i64>) -> bool {
        match (self, department) {
            (Scope::Organisation, _) => true,
            (Scope::Tree(_), None) => false,
            (Scope::Tree(top), Some(id)) => tree.is_within(id, *top),
        }
    }

    /// The departments inside the scope, sorted by path, for pickers.
    pub fn departments<'t>(&self, tree: &'t DepartmentTree) -> Vec<&'t super::Department> {
        match self {
            Scope::Organisation => tree.all(),
            Scope::Tree(top) => {
                let ids: std::collections::HashSet<i64> = tree.subtree(*top).into_iter().collect();
                tree.all()
                    .into_iter()
                    .filter(|d| ids.contains(&d.id))
                    .collect()
            }
        }
    }

    /// The department a report opens at: the scope's top.
    pub fn top(&self) -> Option<i64> {
        match self {
            Scope::Organisation => None,
            Scope::Tree(id) => Some(*id),
        }
    }
}
