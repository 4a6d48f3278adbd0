//! What the accessibility statement at `/tillganglighet` says, as settings: each
//! municipality publishes its own assessment. DIGG asks for the body's and the
//! service's names, the compliance status, the inaccessible content with reasons, the
//! dates of the assessment and of the last review, the method, the feedback function,
//! the link to DIGG's report form and any exemptions claimed. The names, the form and
//! the link are the page's; the rest is here, with Bryggan's own assessment as the
//! default until the municipality makes its own.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{Email, Language};

/// How far the service complies with the law on accessibility of digital public
/// services (lag 2018:1937).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Compliance {
    Full,
    Partial,
    None,
}

/// How the service was assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// By the organisation itself (or its supplier).
    SelfAssessment,
    /// By an independent third party.
    ThirdParty,
}

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BothLanguages {
    pub sv: String,
    pub en: String,
}

impl BothLanguages {
    pub fn get(&self, lang: Language) -> &str {
        match lang {
            Language::Sv => &self.sv,
            Language::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub compliance: Compliance,
    pub method: Method,
    pub assessed_on: NaiveDate,
    pub reviewed_on: NaiveDate,
    /// Content that is not accessible, each with the reason; empty when none is known.
    pub issues: Vec<BothLanguages>,
    /// Exemptions claimed, such as a disproportionate burden; usually none.
    pub exemptions: Vec<BothLanguages>,
    /// Where to write about accessibility, besides the form.
    pub contact: Option<Email>,
}

/// Bryggan's own assessment, shipped with the release.
const ASSESSED_ON: (i32, u32, u32) = (2026, 11, 27);
const REVIEWED_ON: (i32, u32, u32) = (2026, 11, 30);

fn date((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn known_issues() -> Vec<BothLanguages> {
    vec![
        BothLanguages {
            sv: "Intygets QR-kod går bara att läsa med kamera. Adressen den leder till står i \
                 klartext bredvid, och PDF-filen är taggad enligt PDF/UA-1 för skärmläsare."
                .into(),
            en: "The certificate's QR code can only be read with a camera. The address it leads \
                 to is written out beside it, and the PDF is tagged to PDF/UA-1 for screen \
                 readers."
                .into(),
        },
        BothLanguages {
            sv: "Kurserna skrivs av utbildare. Verktyget kräver alternativtext för bilder och \
                 kontrollerar rubriker och språk, men kan inte bedöma allt innehåll; rapportera \
                 gärna brister i en kurs nedan."
                .into(),
            en: "The courses are written by trainers. The tool requires alternative text for \
                 images and checks headings and language, but cannot judge all content; please \
                 report any barrier in a course below."
                .into(),
        },
    ]
}

impl Default for Statement {
    fn default() -> Self {
        Statement {
            compliance: Compliance::Partial,
            method: Method::SelfAssessment,
            assessed_on: date(ASSESSED_ON),
            reviewed_on: date(REVIEWED_ON),
            issues: known_issues(),
            exemptions: Vec::new(),
            contact: None,
        }
    }
}

/// The statement as flags and environment.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct StatementArgs {
    /// Whether the service complies with the accessibility law: full, partial or none
    /// [default: partial].
    #[arg(long, env = "BRYGGAN_ACCESSIBILITY_COMPLIANCE", value_enum)]
    pub accessibility_compliance: Option<Compliance>,
    /// How it was assessed: self-assessment or third-party [default: self-assessment].
    #[arg(long, env = "BRYGGAN_ACCESSIBILITY_METHOD", value_enum)]
    pub accessibility_method: Option<Method>,
    /// The date of the assessment, YYYY-MM-DD [default: Bryggan's own, 2026-11-27].
    #[arg(long, env = "BRYGGAN_ACCESSIBILITY_ASSESSED_ON")]
    pub accessibility_assessed_on: Option<NaiveDate>,
    /// The date the statement was last reviewed, YYYY-MM-DD [default: 2026-11-30].
    #[arg(long, env = "BRYGGAN_ACCESSIBILITY_REVIEWED_ON")]
    pub accessibility_reviewed_on: Option<NaiveDate>,
    /// An address for questions about accessibility, shown beside the form.
    #[arg(long, env = "BRYGGAN_ACCESSIBILITY_CONTACT")]
    pub accessibility_contact: Option<String>,
}

/// The `[accessibility]` table of the config file; the lists are set only here.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementFile {
    compliance: Option<Compliance>,
    method: Option<Method>,
    assessed_on: Option<FileDate>,
    reviewed_on: Option<FileDate>,
    contact: Option<String>,
    /// `[[accessibility.issue]]` with `sv` and `en`; an empty list says none is known.
    issue: Option<Vec<BothLanguages>>,
    exemption: Option<Vec<BothLanguages>>,
}

/// A date in the file, written as TOML writes dates (`2026-11-30`) or as a string.
#[derive(Debug, Clone, Copy)]
struct FileDate(NaiveDate);

impl<'de> Deserialize<'de> for FileDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = match toml::Value::deserialize(deserializer)? {
            toml::Value::Datetime(date) => date.to_string(),
            toml::Value::String(text) => text,
            other => {
                return Err(serde::de::Error::custom(format!(
                    "expected a date such as 2026-11-30, found {}",
                    other.type_str()
                )));
            }
        };
        NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map(FileDate)
            .map_err(|_| {
                serde::de::Error::custom(format!("{text:?} is not a date such as 2026-11-30"))
            })
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StatementError {
    #[error(
        "the accessibility statement's review ({reviewed}) is before its assessment ({assessed})"
    )]
    ReviewBeforeAssessment {
        assessed: NaiveDate,
        reviewed: NaiveDate,
    },
    #[error("the accessibility contact {0:?} is not an email address")]
    Contact(String),
    #[error("an accessibility issue or exemption needs both its Swedish and English text")]
    EmptyText,
}

impl StatementArgs {
    /// Flags and environment first, then the file, then Bryggan's own assessment.
    pub fn resolve(&self, file: Option<StatementFile>) -> Result<Statement, StatementError> {
        let f = file.unwrap_or_default();
        let shipped = Statement::default();
        let contact = match self.accessibility_contact.clone().or(f.contact) {
            Some(text) if !text.trim().is_empty() => {
                Some(Email::parse(&text).map_err(|_| StatementError::Contact(text))?)
            }
            _ => None,
        };
        let statement = Statement {
            compliance: self
                .accessibility_compliance
                .or(f.compliance)
                .unwrap_or(shipped.compliance),
            method: self
                .accessibility_method
                .or(f.method)
                .unwrap_or(shipped.method),
            assessed_on: self
                .accessibility_assessed_on
                .or(f.assessed_on.map(|d| d.0))
                .unwrap_or(shipped.assessed_on),
            reviewed_on: self
                .accessibility_reviewed_on
                .or(f.reviewed_on.map(|d| d.0))
                .unwrap_or(shipped.reviewed_on),
            issues: f.issue.unwrap_or(shipped.issues),
            exemptions: f.exemption.unwrap_or_default(),
            contact,
        };
        if statement.reviewed_on < statement.assessed_on {
            return Err(StatementError::ReviewBeforeAssessment {
                assessed: statement.assessed_on,
                reviewed: statement.reviewed_on,
            });
        }
        let texts = statement.issues.iter().chain(&statement.exemptions);
        if texts
            .into_iter()
            .any(|t| t.sv.trim().is_empty() || t.en.trim().is_empty())
        {
            return Err(StatementError::EmptyText);
        }
        Ok(statement)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_settings_the_statement_is_bryggan_s_own_assessment() {
        let statement = StatementArgs::default().resolve(None).unwrap();
        assert_eq!(statement, Statement::default());
        assert_eq!(statement.compliance, Compliance::Partial);
        assert_eq!(statement.issues.len(), 2);
    }

    #[test]
    fn the_file_sets_the_lists_and_flags_come_before_it() {
        let file: StatementFile = toml::from_str(
            "compliance = \"none\"\nmethod = \"third-party\"\nassessed_on = 2026-01-10\n\
             reviewed_on = 2026-06-01\nissue = []\n\
             [[exemption]]\nsv = \"Gamla filmer\"\nen = \"Old films\"\n",
        )
        .unwrap();
        let args = StatementArgs {
            accessibility_compliance: Some(Compliance::Full),
            ..StatementArgs::default()
        };
        let statement = args.resolve(Some(file)).unwrap();
        assert_eq!(statement.compliance, Compliance::Full);
        assert_eq!(statement.method, Method::ThirdParty);
        assert!(statement.issues.is_empty());
        assert_eq!(statement.exemptions[0].get(Language::En), "Old films");
    }

    #[test]
    fn a_review_before_the_assessment_or_a_bad_contact_is_refused() {
        let args = StatementArgs {
            accessibility_assessed_on: NaiveDate::from_ymd_opt(2026, 5, 1),
            accessibility_reviewed_on: NaiveDate::from_ymd_opt(2026, 4, 1),
            ..StatementArgs::default()
        };
        assert!(matches!(
            args.resolve(None),
            Err(StatementError::ReviewBeforeAssessment { .. })
        ));
        let args = StatementArgs {
            accessibility_contact: Some("tillganglighet".into()),
            ..StatementArgs::default()
        };
        assert_eq!(
            args.resolve(None),
            Err(StatementError::Contact("tillganglighet".into()))
        );
        assert!(toml::from_str::<StatementFile>("compliance = \"mostly\"").is_err());
        assert!(toml::from_str::<StatementFile>("assessed_on = \"30/11/2026\"").is_err());
        assert!(toml::from_str::<StatementFile>("assessed_on = \"2026-11-30\"").is_ok());
    }
}
