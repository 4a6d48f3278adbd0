//! What an import does to each person, worked out before anything is written, so that HR
//! can check names and changes in the preview.

use serde::Serialize;

use super::StaffRow;

/// What an import does (or, in a dry run, would do).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportPlan {
    pub created: Vec<Person>,
    pub updated: Vec<Updated>,
    pub unchanged: usize,
    pub deactivated: Vec<Person>,
    pub new_departments: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    pub email: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Updated {
    pub email: String,
    pub name: String,
    pub changes: Vec<Change>,
}

/// One field that changes, from what is stored to what the file says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum Change {
    Name {
        from: String,
        to: String,
    },
    Department {
        from: Option<String>,
        to: String,
    },
    Language {
        from: String,
        to: String,
    },
    Manager {
        from: Option<String>,
        to: Option<String>,
    },
    /// Deactivated before, listed again.
    Reactivated,
}

/// A person as stored, in the terms the file uses.
pub struct Stored<'a> {
    pub name: &'a str,
    pub department: Option<&'a str>,
    pub locale: &'a str,
    pub manager_email: Option<&'a str>,
    pub active: bool,
}

/// What `row` changes for the person `stored`; `locale` is the language the row leaves
/// them with (a row without one keeps theirs).
pub fn changes(stored: &Stored<'_>, row: &StaffRow, locale: &str) -> Vec<Change> {
    let mut changes = Vec::new();
    if stored.name != row.name {
        changes.push(Change::Name {
            from: stored.name.to_owned(),
            to: row.name.clone(),
        });
    }
    if stored.department != Some(row.department.as_str()) {
        changes.push(Change::Department {
            from: stored.department.map(str::to_owned),
            to: row.department.clone(),
        });
    }
    if stored.locale != locale {
        changes.push(Change::Language {
            from: stored.locale.to_owned(),
            to: locale.to_owned(),
        });
    }
    let manager = row.manager_email.as_ref().map(|m| m.as_str());
    if stored.manager_email != manager {
        changes.push(Change::Manager {
            from: stored.manager_email.map(str::to_owned),
            to: manager.map(str::to_owned),
        });
    }
    if !stored.active {
        changes.push(Change::Reactivated);
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Email;

    fn row() -> StaffRow {
        StaffRow {
            line: 2,
            email: Email::parse("anna@malmo.se").unwrap(),
            name: "Anna Berg".into(),
            department: "Malmö stad/Soc".into(),
            manager_email: Email::parse("chef@malmo.se").ok(),
            locale: None,
        }
    }

    #[test]
    fn a_person_as_the_file_says_has_no_changes() {
        let stored = Stored {
            name: "Anna Berg",
            department: Some("Malmö stad/Soc"),
            locale: "sv",
            manager_email: Some("chef@malmo.se"),
            active: true,
        };
        assert_eq!(changes(&stored, &row(), "sv"), []);
    }

    #[test]
    fn each_changed_field_is_listed_from_what_is_stored_to_what_the_file_says() {
        let stored = Stored {
            name: "Anna Svensson",
            department: Some("Malmö stad/Kultur"),
            locale: "en",
            manager_email: None,
            active: false,
        };
        assert_eq!(
            changes(&stored, &row(), "sv"),
            [
                Change::Name {
                    from: "Anna Svensson".into(),
                    to: "Anna Berg".into()
                },
                Change::Department {
                    from: Some("Malmö stad/Kultur".into()),
                    to: "Malmö stad/Soc".into()
                },
                Change::Language {
                    from: "en".into(),
                    to: "sv".into()
                },
                Change::Manager {
                    from: None,
                    to: Some("chef@malmo.se".into())
                },
                Change::Reactivated,
            ]
        );
    }
}
