//! The register of personal data (GDPR Art. 30): `docs/personal-data.toml`, bundled into
//! the binary, checked for consistency here, and rendered as `docs/personal-data.md`.
//! The integration suite compares it with the live schema, so that a new column cannot
//! ship unclassified.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use serde::Deserialize;

/// The register as the repository holds it.
pub const BUNDLED: &str = include_str!("../../docs/personal-data.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Register {
    pub about: String,
    pub legal_bases: BTreeMap<String, String>,
    pub retention: BTreeMap<String, String>,
    pub recipients: BTreeMap<String, String>,
    #[serde(rename = "table")]
    pub tables: Vec<Table>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub name: String,
    pub about: String,
    /// How a row belongs to a person, such as `user_id`; none for tables about no one.
    #[serde(default)]
    pub person: Option<String>,
    #[serde(default)]
    pub personal: Vec<Entry>,
    #[serde(default)]
    pub not_personal: Vec<String>,
}

/// Columns that hold the same personal data for the same purpose.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub columns: Vec<String>,
    pub data: String,
    pub purpose: String,
    pub basis: String,
    pub retention: String,
    #[serde(default)]
    pub recipients: Vec<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RegisterError {
    #[error("the register is not valid TOML: {0}")]
    Syntax(String),
    #[error("{table}.{column} is classified twice")]
    Twice { table: String, column: String },
    #[error("table {0} is listed twice")]
    TableTwice(String),
    #[error("{table}.{column} names the {kind} {key:?}, which the register does not define")]
    Undefined {
        table: String,
        column: String,
        kind: &'static str,
        key: String,
    },
}

impl Register {
    pub fn bundled() -> Result<Register, RegisterError> {
        Register::parse(BUNDLED)
    }

    pub fn parse(text: &str) -> Result<Register, RegisterError> {
        let register: Register =
            toml::from_str(text).map_err(|e| RegisterError::Syntax(e.to_string()))?;
        register.check()?;
        Ok(register)
    }

    fn check(&self) -> Result<(), RegisterError> {
        let mut names = BTreeSet::new();
        for table in &self.tables {
            if !names.insert(&table.name) {
                return Err(RegisterError::TableTwice(table.name.clone()));
            }
            let mut seen = BTreeSet::new();
            let all = table
                .personal
                .iter()
                .flat_map(|e| e.columns.iter())
                .chain(&table.not_personal);
            for column in all {
                if !seen.insert(column) {
                    return Err(RegisterError::Twice {
                        table: table.name.clone(),
                        column: column.clone(),
                    });
                }
            }
            for entry in &table.personal {
                let undefined = |kind: &'static str, key: &str| RegisterError::Undefined {
                    table: table.name.clone(),
                    column: entry.columns.join(", "),
                    kind,
                    key: key.to_owned(),
                };
                if !self.legal_bases.contains_key(&entry.basis) {
                    return Err(undefined("legal basis", &entry.basis));
                }
                if !self.retention.contains_key(&entry.retention) {
                    return Err(undefined("retention rule", &entry.retention));
                }
                if let Some(r) = entry
                    .recipients
                    .iter()
                    .find(|r| !self.recipients.contains_key(*r))
                {
                    return Err(undefined("recipient", r));
                }
            }
        }
        Ok(())
    }

    /// Every classified column, personal or not, by table.
    pub fn columns(&self) -> BTreeMap<String, BTreeSet<String>> {
        self.tables
            .iter()
            .map(|t| {
                let columns = t
                    .personal
                    .iter()
                    .flat_map(|e| e.columns.iter())
                    .chain(&t.not_personal)
                    .cloned()
                    .collect();
                (t.name.clone(), columns)
            })
            .collect()
    }

    /// The readable register, `docs/personal-data.md`.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# Register of personal data\n");
        let _ = writeln!(
            out,
            "<!-- Generated from docs/personal-data.toml by `bryggan privacy register`; \
             edit the TOML and run it again. -->\n"
        );
        let _ = writeln!(out, "{}\n", self.about.trim());
        let _ = writeln!(out, "## Legal bases\n");
        for (key, text) in &self.legal_bases {
            let _ = writeln!(out, "- **{key}**: {}", text.trim());
        }
        let _ = writeln!(out, "\n## Retention rules\n");
        for (key, text) in &self.retention {
            let _ = writeln!(out, "- **{key}**: {}", text.trim());
        }
        let _ = writeln!(out, "\n## Recipients\n");
        for (key, text) in &self.recipients {
            let _ = writeln!(out, "- **{key}**: {}", text.trim());
        }
        let _ = writeln!(out, "\n## Tables\n");
        for table in &self.tables {
            let _ = writeln!(out, "### `{}`\n\n{}\n", table.name, table.about.trim());
            if let Some(person) = &table.person {
                let _ = writeln!(out, "A row belongs to a person through `{person}`.\n");
            }
            if !table.personal.is_empty() {
                let _ = writeln!(
                    out,
                    "| Columns | Data | Purpose | Legal basis | Retention | Recipients |\n\
                     |---|---|---|---|---|---|"
                );
                for e in &table.personal {
                    let columns: Vec<String> = e.columns.iter().map(|c| format!("`{c}`")).collect();
                    let recipients = if e.recipients.is_empty() {
                        "none".to_owned()
                    } else {
                        e.recipients.join(", ")
                    };
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} | {} | {} | {} |",
                        columns.join(", "),
                        e.data.trim(),
                        e.purpose.trim(),
                        e.basis,
                        e.retention,
                        recipients
                    );
                }
                out.push('\n');
            }
            if !table.not_personal.is_empty() {
                let columns: Vec<String> = table
                    .not_personal
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect();
                let _ = writeln!(out, "Not personal data: {}.\n", columns.join(", "));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_register_is_consistent() {
        let register = Register::bundled().expect("docs/personal-data.toml");
        assert!(register.columns().contains_key("users"));
    }

    #[test]
    fn the_readable_register_is_generated_from_the_toml() {
        let register = Register::bundled().expect("docs/personal-data.toml");
        let written = include_str!("../../docs/personal-data.md");
        assert!(
            written == register.markdown(),
            "docs/personal-data.md is out of date: run \
             `cargo run -- privacy register > docs/personal-data.md`"
        );
    }

    #[test]
    fn a_column_classified_twice_or_an_undefined_rule_is_refused() {
        let base = "about = \"x\"\n[legal_bases]\npublic-task = \"x\"\n[retention]\nkept = \"x\"\n\
                    [recipients]\n";
        let twice = format!(
            "{base}[[table]]\nname = \"t\"\nabout = \"x\"\nnot_personal = [\"a\"]\n\
             [[table.personal]]\ncolumns = [\"a\"]\ndata = \"x\"\npurpose = \"x\"\n\
             basis = \"public-task\"\nretention = \"kept\"\n"
        );
        assert_eq!(
            Register::parse(&twice).unwrap_err(),
            RegisterError::Twice {
                table: "t".into(),
                column: "a".into()
            }
        );
        let undefined = format!(
            "{base}[[table]]\nname = \"t\"\nabout = \"x\"\n\
             [[table.personal]]\ncolumns = [\"a\"]\ndata = \"x\"\npurpose = \"x\"\n\
             basis = \"public-task\"\nretention = \"forever\"\n"
        );
        assert!(matches!(
            Register::parse(&undefined),
            Err(RegisterError::Undefined {
                kind: "retention rule",
                ..
            })
        ));
    }
}
