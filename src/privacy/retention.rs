//! Retention rules (gallring): how long each kind of personal data is kept. None applies
//! until it is set, because a municipality may remove public records only under its own
//! retention decision (gallringsbeslut); Bryggan does not decide that for it.

use chrono::{DateTime, Duration, Months, Utc};
use serde::Deserialize;

/// The kinds of data a rule can remove, in the order a purge applies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    /// People deactivated more than N years ago: anonymised.
    PeopleWhoLeft,
    /// The bodies of mail sent more than N days ago.
    EmailBodies,
    /// Sign-in links made more than N days ago.
    SignInLinks,
    /// Staff files uploaded and never applied, after N hours.
    PendingImports,
    /// Audit-log entries older than N years.
    AuditLog,
    /// The options chosen in quiz attempts older than N years; scores stay.
    QuizAnswers,
}

impl Rule {
    pub const ALL: [Rule; 6] = [
        Rule::PeopleWhoLeft,
        Rule::EmailBodies,
        Rule::SignInLinks,
        Rule::PendingImports,
        Rule::AuditLog,
        Rule::QuizAnswers,
    ];

    /// The rule's name in the register, the audit log and the command's output.
    pub fn name(self) -> &'static str {
        match self {
            Rule::PeopleWhoLeft => "people-who-left",
            Rule::EmailBodies => "email-bodies",
            Rule::SignInLinks => "sign-in-links",
            Rule::PendingImports => "pending-imports",
            Rule::AuditLog => "audit-log",
            Rule::QuizAnswers => "quiz-answers",
        }
    }
}

/// How long a rule keeps its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Years(u32),
    Days(u32),
    Hours(u32),
}

impl Period {
    /// What is older than this goes.
    pub fn cutoff(self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Period::Years(n) => now
                .checked_sub_months(Months::new(n.saturating_mul(12)))
                .unwrap_or(DateTime::<Utc>::MIN_UTC),
            Period::Days(n) => now - Duration::days(i64::from(n)),
            Period::Hours(n) => now - Duration::hours(i64::from(n)),
        }
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Period::Years(n) => write!(f, "{n} years"),
            Period::Days(n) => write!(f, "{n} days"),
            Period::Hours(n) => write!(f, "{n} hours"),
        }
    }
}

/// Retention as flags and environment, for `bryggan privacy purge`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RetentionArgs {
    /// Anonymise people deactivated more than this many years ago.
    #[arg(long, env = "BRYGGAN_RETAIN_PEOPLE_WHO_LEFT_YEARS")]
    pub people_who_left_years: Option<u32>,
    /// Empty the bodies of mail sent more than this many days ago (subject, date and
    /// status stay).
    #[arg(long, env = "BRYGGAN_RETAIN_EMAIL_BODIES_DAYS")]
    pub email_bodies_days: Option<u32>,
    /// Remove sign-in links made more than this many days ago.
    #[arg(long, env = "BRYGGAN_RETAIN_SIGN_IN_LINKS_DAYS")]
    pub sign_in_links_days: Option<u32>,
    /// Remove staff files uploaded and not applied after this many hours.
    #[arg(long, env = "BRYGGAN_RETAIN_PENDING_IMPORTS_HOURS")]
    pub pending_imports_hours: Option<u32>,
    /// Remove audit-log entries older than this many years.
    #[arg(long, env = "BRYGGAN_RETAIN_AUDIT_LOG_YEARS")]
    pub audit_log_years: Option<u32>,
    /// Remove the chosen options of quiz attempts older than this many years, keeping
    /// their scores.
    #[arg(long, env = "BRYGGAN_RETAIN_QUIZ_ANSWERS_YEARS")]
    pub quiz_answers_years: Option<u32>,
}

/// The `[retention]` table of the config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionFile {
    people_who_left_years: Option<u32>,
    email_bodies_days: Option<u32>,
    sign_in_links_days: Option<u32>,
    pending_imports_hours: Option<u32>,
    audit_log_years: Option<u32>,
    quiz_answers_years: Option<u32>,
}

/// The rules in force: each set one with its period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RetentionRules(Vec<(Rule, Period)>);

impl RetentionArgs {
    /// Flags and environment first, then the file.
    pub fn resolve(&self, file: Option<RetentionFile>) -> RetentionRules {
        let f = file.unwrap_or_default();
        let set = [
            (
                Rule::PeopleWhoLeft,
                self.people_who_left_years
                    .or(f.people_who_left_years)
                    .map(Period::Years),
            ),
            (
                Rule::EmailBodies,
                self.email_bodies_days
                    .or(f.email_bodies_days)
                    .map(Period::Days),
            ),
            (
                Rule::SignInLinks,
                self.sign_in_links_days
                    .or(f.sign_in_links_days)
                    .map(Period::Days),
            ),
            (
                Rule::PendingImports,
                self.pending_imports_hours
                    .or(f.pending_imports_hours)
                    .map(Period::Hours),
            ),
            (
                Rule::AuditLog,
                self.audit_log_years
                    .or(f.audit_log_years)
                    .map(Period::Years),
            ),
            (
                Rule::QuizAnswers,
                self.quiz_answers_years
                    .or(f.quiz_answers_years)
                    .map(Period::Years),
            ),
        ];
        RetentionRules(
            set.into_iter()
                .filter_map(|(rule, period)| period.map(|p| (rule, p)))
                .collect(),
        )
    }
}

impl RetentionRules {
    pub fn new(rules: Vec<(Rule, Period)>) -> Self {
        let mut rules = rules;
        rules.sort_by_key(|(rule, _)| *rule);
        rules.dedup_by_key(|(rule, _)| *rule);
        RetentionRules(rules)
    }

    pub fn rules(&self) -> &[(Rule, Period)] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_period_in_years_counts_calendar_years() {
        let now = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap();
        assert_eq!(
            Period::Years(2).cutoff(now),
            Utc.with_ymd_and_hms(2024, 11, 30, 12, 0, 0).unwrap()
        );
        assert_eq!(
            Period::Hours(24).cutoff(now),
            Utc.with_ymd_and_hms(2026, 11, 29, 12, 0, 0).unwrap()
        );
    }

    #[test]
    fn no_rule_applies_until_it_is_set_and_flags_come_before_the_file() {
        assert!(RetentionArgs::default().resolve(None).is_empty());
        let file: RetentionFile =
            toml::from_str("audit_log_years = 10\nemail_bodies_days = 90").unwrap();
        let args = RetentionArgs {
            email_bodies_days: Some(30),
            ..RetentionArgs::default()
        };
        assert_eq!(
            args.resolve(Some(file)).rules(),
            &[
                (Rule::EmailBodies, Period::Days(30)),
                (Rule::AuditLog, Period::Years(10))
            ]
        );
    }

    #[test]
    fn an_unknown_setting_in_the_file_is_refused() {
        assert!(toml::from_str::<RetentionFile>("audit_years = 10").is_err());
    }
}
