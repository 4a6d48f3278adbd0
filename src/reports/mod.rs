//! HR reports: the figures per department tree, who may see which part of the
//! organisation, and how they are drawn and exported.
//!
//! Nothing here knows about the web or the database: the store hands over counted rows,
//! this module rolls them up the tree.

pub mod chart;
pub mod export;
mod filter;
mod scope;
pub mod tree;

use serde::Serialize;

use crate::domain::Percent;

pub use filter::{Filter, FilterError, RawFilter, Status};
pub use scope::Scope;
pub use tree::{Department, DepartmentTree, NO_DEPARTMENT};

/// The state of an enrolment's current cycle, as stored in the report counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    NotStarted = 0,
    InProgress = 1,
    Completed = 2,
}

impl State {
    pub fn from_code(code: i16) -> Option<State> {
        match code {
            0 => Some(State::NotStarted),
            1 => Some(State::InProgress),
            2 => Some(State::Completed),
            _ => None,
        }
    }

    pub fn code(self) -> i16 {
        self as i16
    }
}

/// A counted group of current enrolments, as the store returns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountRow {
    pub department_id: i64,
    pub course_id: i64,
    pub state: State,
    /// Not completed and the due date has passed.
    pub overdue: bool,
    pub n: u64,
}

/// The figures of one department (with everything under it), course or organisation.
/// Overdue enrolments are also counted as in progress or not started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Counts {
    pub enrolled: u64,
    pub completed: u64,
    pub in_progress: u64,
    pub not_started: u64,
    pub overdue: u64,
}

impl Counts {
    pub fn add_row(&mut self, row: &CountRow) {
        self.enrolled += row.n;
        match row.state {
            State::Completed => self.completed += row.n,
            State::InProgress => self.in_progress += row.n,
            State::NotStarted => self.not_started += row.n,
        }
        if row.overdue {
            self.overdue += row.n;
        }
    }

    pub fn add(&mut self, other: &Counts) {
        self.enrolled += other.enrolled;
        self.completed += other.completed;
        self.in_progress += other.in_progress;
        self.not_started += other.not_started;
        self.overdue += other.overdue;
    }

    /// Completed of enrolled, rounded down.
    pub fn rate(&self) -> Percent {
        Percent::of(self.completed as usize, self.enrolled as usize)
    }
}

#[cfg(test)]
mod tests;
