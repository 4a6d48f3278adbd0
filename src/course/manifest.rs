//! `course.toml`: a course's title, language, summary, length, pass mark, validity and
//! the course that is its translation, and who maintains it.

use crate::domain::{Email, Language, Percent, Slug, YearMonth};

use super::diagnostics::Diagnostics;
use super::message::{self, Message};
use super::source_text::SourceText;
use super::toml_fields::Fields;

pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "language",
    "summary",
    "estimated_minutes",
    "pass_mark",
    "valid_for_months",
    "translation",
    "legal_status",
    "maintainers",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub title: String,
    pub language: Language,
    pub summary: String,
    pub estimated_minutes: Option<u32>,
    pub pass_mark: Percent,
    pub valid_for_months: Option<u16>,
    /// The same course in the other language (its folder name).
    pub translation: Option<Slug>,
    /// The month whose law and guidance the course states, and where in the file.
    pub legal_status: Option<(YearMonth, usize)>,
    /// Who looks after the course: their workspace lists it first.
    pub maintainers: Vec<Email>,
}

/// The `language` line, read on its own so that the course's diagnostics can be shown in
/// its language even when the rest of the file has problems.
pub fn declared_language(file: &SourceText) -> Option<Language> {
    let fields = Fields::parse(file, 0, &file.text, &mut Diagnostics::default());
    let (code, _) = fields.string("language", &mut Diagnostics::default())?;
    code.parse().ok()
}

/// The `maintainers` line, read on its own so that a trainer finds their course first even
/// when the rest of the file has problems. Addresses that do not parse are left out here
/// and reported by [`parse`].
pub fn declared_maintainers(file: &SourceText) -> Vec<Email> {
    let mut ignored = Diagnostics::default();
    let fields = Fields::parse(file, 0, &file.text, &mut ignored);
    fields
        .strings("maintainers", &mut ignored)
        .into_iter()
        .filter_map(|(address, _)| Email::parse(&address).ok())
        .collect()
}

fn maintainers(fields: &Fields<'_>, file: &SourceText, sink: &mut Diagnostics) -> Vec<Email> {
    let mut out: Vec<Email> = Vec::new();
    for (address, offset) in fields.strings("maintainers", sink) {
        match Email::parse(&address) {
            Ok(email) if !out.contains(&email) => out.push(email),
            Ok(_) => {}
            Err(_) => sink.error(
                file,
                offset,
                Message::new(
                    format!("`maintainers`: `{address}` is not an email address"),
                    format!("`maintainers`: `{address}` är ingen e-postadress"),
                ),
            ),
        }
    }
    out
}

/// Reports every problem in `course.toml`; `None` when any required field is unusable. A
/// legal status older than the course's validity is reported as of `today`.
pub fn parse(
    file: &SourceText,
    today: Option<chrono::NaiveDate>,
    sink: &mut Diagnostics,
) -> Option<Manifest> {
    let fields = Fields::parse(file, 0, &file.text, sink);
    fields.reject_unknown(Message::new("course.toml", "course.toml"), KNOWN_KEYS, sink);

    let title = fields.string("title", sink);
    let language = fields.string("language", sink);
    let summary = fields.string("summary", sink);
    let pass_mark = fields.integer(
        "pass_mark",
        0..=100,
        Message::new("percent", "procent"),
        sink,
    );
    let required = [
        ("title", "title = \"Möta invånare med tolk\""),
        ("language", "language = \"sv\""),
        (
            "summary",
            "summary = \"Vad kursen handlar om, i en eller två meningar.\"",
        ),
        ("pass_mark", "pass_mark = 80"),
    ];
    for (key, example) in required {
        if !fields.contains(key) {
            let message = Message::new(
                format!("course.toml has no `{key}`: add a line such as {example}"),
                format!("course.toml saknar `{key}`: lägg till en rad som {example}"),
            );
            sink.error(file, 0, message);
        }
    }

    let language = language.and_then(|(code, offset)| match code.parse::<Language>() {
        Ok(language) => Some(language),
        Err(err) => {
            let message = Message::new(
                err.to_string(),
                format!("okänt språk {code:?}: skriv \"sv\" (svenska) eller \"en\" (engelska)"),
            );
            sink.error(file, offset, message);
            None
        }
    });
    let minutes = Message::new("minutes", "minuter");
    let estimated_minutes = fields.integer("estimated_minutes", 1..=6000, minutes, sink);
    let months_unit = Message::new("months", "månader");
    let valid_for_months = fields.integer("valid_for_months", 1..=240, months_unit, sink);
    let translation =
        fields
            .string("translation", sink)
            .and_then(|(name, offset)| match Slug::parse(&name) {
                Ok(slug) => Some(slug),
                Err(err) => {
                    let problem = message::slug_problem(&err);
                    let message = Message::new(
                        format!(
                            "`translation` must name a course folder, and `{name}` {}",
                            problem.text(Language::En)
                        ),
                        format!(
                            "`translation` ska vara namnet på en kursmapp, och `{name}` {}",
                            problem.text(Language::Sv)
                        ),
                    );
                    sink.error(file, offset, message);
                    None
                }
            });
    let legal_status = fields
        .string("legal_status", sink)
        .and_then(|(raw, offset)| match YearMonth::parse(&raw) {
            Ok(month) => Some((month, offset)),
            Err(err) => {
                let message = Message::new(
                    format!("`legal_status`: {err}"),
                    format!(
                        "`legal_status`: `{raw}` är inte en månad skriven ÅÅÅÅ-MM, som \"2026-11\""
                    ),
                );
                sink.error(file, offset, message);
                None
            }
        });
    if let (Some((month, offset)), Some(months), Some(today)) =
        (legal_status, valid_for_months, today)
        && month.older_than(months as u16, today)
    {
        let message = Message::new(
            format!(
                "the legal status ({month}) is older than the course's validity of {months} months: \
                 check the law and guidance the course states, then set `legal_status` to this month"
            ),
            format!(
                "rättsläget ({month}) är äldre än kursens giltighetstid på {months} månader: \
                 kontrollera lagar och riktlinjer som kursen beskriver och sätt sedan `legal_status` till den här månaden"
            ),
        );
        sink.warning(file, offset, message);
    }
    if let Some((title, offset)) = &title
        && title.chars().count() > 200
    {
        let message = Message::new(
            "`title` is longer than 200 characters",
            "`title` är längre än 200 tecken",
        );
        sink.error(file, *offset, message);
    }

    let maintainers = maintainers(&fields, file, sink);
    Some(Manifest {
        title: title?.0,
        language: language?,
        summary: summary?.0,
        estimated_minutes: estimated_minutes.map(|m| m as u32),
        pass_mark: Percent::new(pass_mark?).ok()?,
        valid_for_months: valid_for_months.map(|m| m as u16),
        translation,
        legal_status,
        maintainers,
    })
}
