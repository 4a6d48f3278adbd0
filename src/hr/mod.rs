//! HR and governance work: reports on who is trained, staff uploads and assignments, each
//! checked against the viewer's role and department scope before anything is read.

mod assign;
mod assignment_run;
mod evaluation;
mod handle;
mod scoped_reports;
mod upload;

use crate::domain::Role;
use crate::reports::{DepartmentTree, FilterError, Scope};
use crate::store::StoreError;
use crate::store::audit::Actor;
use crate::store::users::User;

pub use assign::{AssignmentProblem, AssignmentView, NewAssignment};
pub use assignment_run::{Applied, apply_assignments, apply_assignments_in};
pub use evaluation::{EvaluationQuery, EvaluationReport, ExportLine};
pub use handle::Hr;
pub use scoped_reports::{
    Dashboard, PAGE_SIZE, PeoplePage, ReportContext, dashboard, export, people,
};
pub use upload::Upload;

/// An HR officer or admin, with what they may see.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub actor: Actor,
    pub scope: Scope,
    pub admin: bool,
}

impl Viewer {
    /// The viewer for a signed-in user, or `Forbidden` for roles without HR access.
    pub fn of(user: &User, role: Role) -> Result<Viewer, HrError> {
        let scope = Scope::of(role, user.scope_department_id).ok_or(HrError::Forbidden)?;
        Ok(Viewer {
            actor: Actor::user(user.id, user.email.as_str()),
            scope,
            admin: role == Role::Admin,
        })
    }
}

impl Viewer {
    /// Whether the viewer may work on `department` (`None`: the whole organisation). A
    /// scoped viewer gets `Forbidden` for a department that does not exist as well as for
    /// one outside their tree, so that the answer reveals nothing; others learn it is
    /// unknown.
    fn check_department(
        &self,
        tree: &DepartmentTree,
        department: Option<i64>,
    ) -> Result<(), HrError> {
        if let Some(id) = department
            && tree.get(id).is_none()
        {
            return Err(self.unknown(HrError::UnknownDepartment(id)));
        }
        if self.scope.covers(tree, department) {
            Ok(())
        } else {
            Err(HrError::Forbidden)
        }
    }

    /// `error` for a viewer who sees everything; `Forbidden` for a scoped one.
    fn unknown(&self, error: HrError) -> HrError {
        match self.scope {
            Scope::Organisation => error,
            Scope::Tree(_) => HrError::Forbidden,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HrError {
    /// Not an HR officer or admin, or outside their department scope. Says nothing more.
    #[error("not allowed")]
    Forbidden,
    #[error("there is no department {0}")]
    UnknownDepartment(i64),
    #[error("there is no course {0:?}")]
    UnknownCourse(String),
    #[error("there is no assignment {0}")]
    UnknownAssignment(i64),
    #[error("{0}")]
    Filter(#[from] FilterError),
    #[error("{0}")]
    Invalid(String),
    /// The assignment form's problems, each tied to its field.
    #[error("{}", .0.iter().map(|p| p.describe()).collect::<Vec<_>>().join(" "))]
    Assignment(Vec<AssignmentProblem>),
    /// The directory provisions staff through SCIM: a CSV import beside it is refused.
    #[error(
        "staff come from the directory through SCIM, so the CSV import is off; revoke the \
         directory's tokens (bryggan scim token revoke) to import a file instead"
    )]
    DirectoryOwnsStaff,
    /// A staff file with errors, each with its line.
    #[error("the file has {} problems", .0.len())]
    File(Vec<crate::staff::RowError>),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Notice(#[from] crate::reminders::ReminderError),
}
