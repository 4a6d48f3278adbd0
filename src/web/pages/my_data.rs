//! "Mina uppgifter" (`/my-data`): everything Bryggan holds about the signed-in person, on
//! the page and as a JSON download (GDPR Art. 15).

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::domain::Language;
use crate::privacy::{PersonalData, Privacy};
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::render::Templates;
use crate::web::session::SignedInPage;

/// A labelled fact about the person.
#[derive(Serialize)]
struct Fact {
    label: String,
    value: String,
}

/// One kind of data, as a table.
#[derive(Serialize)]
struct Section {
    id: &'static str,
    heading: String,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
}

#[derive(Serialize)]
struct PageView {
    wide: bool,
    profile: Vec<Fact>,
    sections: Vec<Section>,
}

fn minute(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn maybe(at: Option<DateTime<Utc>>) -> String {
    at.map(minute).unwrap_or_default()
}

/// `{"q.tolk": ["b"], "s.boka": 3}` as `q.tolk: b; s.boka: 3`.
fn flat(value: &Value) -> String {
    match value {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{k}: {}", flat(v)))
            .collect::<Vec<_>>()
            .join("; "),
        Value::Array(items) => items.iter().map(flat).collect::<Vec<_>>().join(", "),
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

struct Texts<'a> {
    templates: &'a Templates,
    lang: Language,
}

impl Texts<'_> {
    fn t(&self, key: &str) -> String {
        self.templates.text(self.lang, key)
    }

    fn columns(&self, keys: &[&str]) -> Vec<String> {
        keys.iter()
            .map(|k| self.t(&format!("my_data_col_{k}")))
            .collect()
    }

    /// A stored code in words, or the code itself when it has none.
    fn word(&self, kind: &str, code: &str) -> String {
        self.templates
            .lookup(self.lang, &format!("my_data_{kind}_{code}"))
            .unwrap_or_else(|| code.to_owned())
    }

    fn department(&self, path: Option<&String>) -> String {
        path.cloned()
            .unwrap_or_else(|| self.t("my_data_no_department"))
    }

    fn yes_no(&self, yes: bool) -> String {
        self.t(if yes { "my_data_yes" } else { "my_data_no" })
    }

    fn section(&self, id: &'static str, columns: &[&str], rows: Vec<Vec<String>>) -> Section {
        Section {
            id,
            heading: self.t(&format!("my_data_{id}")),
            columns: self.columns(columns),
            rows,
        }
    }
}

fn profile(t: &Texts, data: &PersonalData) -> Vec<Fact> {
    let p = &data.profile;
    let fact = |key: &str, value: String| Fact {
        label: t.t(&format!("my_data_profile_{key}")),
        value,
    };
    let mut facts = vec![
        fact("name", p.name.clone()),
        fact("email", p.email.clone()),
        fact("role", t.t(&format!("role_{}", p.role))),
        fact("language", t.word("language", &p.language)),
        fact("department", p.department.clone().unwrap_or_default()),
        fact("manager", p.manager_email.clone().unwrap_or_default()),
        fact("created", minute(p.created_at)),
        fact("active", t.yes_no(p.active)),
        fact("password", t.yes_no(p.has_password)),
    ];
    if let Some(at) = p.deactivated_at {
        facts.push(fact("deactivated", minute(at)));
    }
    if let Some(scope) = &p.hr_scope {
        facts.push(fact("scope", scope.clone()));
    }
    if let Some(d) = &p.directory {
        let ids = [
            d.user_name.as_deref(),
            d.external_id.as_deref(),
            d.employee_number.as_deref(),
        ];
        let ids: Vec<&str> = ids.into_iter().flatten().collect();
        facts.push(fact("directory", ids.join(", ")));
    }
    facts.retain(|f| !f.value.is_empty());
    facts
}

fn sections(t: &Texts, data: &PersonalData) -> Vec<Section> {
    let course_of = |enrolment: i64| {
        data.enrolments
            .iter()
            .find(|e| e.id == enrolment)
            .map(|e| e.course.clone())
            .unwrap_or_default()
    };
    let mut all = vec![
        t.section(
            "departments",
            &["department", "since"],
            data.department_history
                .iter()
                .map(|h| vec![t.department(h.department.as_ref()), minute(h.since)])
                .collect(),
        ),
        t.section(
            "enrolments",
            &["course", "cycle", "source", "due", "enrolled", "completed"],
            data.enrolments
                .iter()
                .map(|e| {
                    vec![
                        e.course.clone(),
                        e.cycle.to_string(),
                        t.word("source", e.source.as_str()),
                        e.due_date.map(|d| d.to_string()).unwrap_or_default(),
                        minute(e.enrolled_at),
                        maybe(e.completed_at),
                    ]
                })
                .collect(),
        ),
        t.section(
            "lessons",
            &["course", "lesson", "completed"],
            data.lesson_progress
                .iter()
                .map(|l| {
                    vec![
                        course_of(l.enrolment),
                        l.lesson.clone(),
                        minute(l.completed_at),
                    ]
                })
                .collect(),
        ),
        t.section(
            "quizzes",
            &[
                "course",
                "lesson",
                "attempt",
                "answers",
                "score",
                "passed",
                "submitted",
            ],
            data.quiz_attempts
                .iter()
                .map(|a| {
                    vec![
                        course_of(a.enrolment),
                        a.lesson.clone(),
                        a.attempt.to_string(),
                        flat(&a.answers),
                        format!("{} %", a.score),
                        t.yes_no(a.passed),
                        minute(a.submitted_at),
                    ]
                })
                .collect(),
        ),
        t.section(
            "feedback",
            &["course", "lesson", "helpful", "comment", "given"],
            data.lesson_feedback
                .iter()
                .map(|f| {
                    vec![
                        f.course.clone(),
                        f.lesson.clone(),
                        t.yes_no(f.helpful),
                        f.comment.clone().unwrap_or_default(),
                        minute(f.given_at),
                    ]
                })
                .collect(),
        ),
        t.section(
            "assessments",
            &["course", "phase", "knowledge", "ratings", "submitted"],
            data.assessments
                .iter()
                .map(|a| {
                    vec![
                        course_of(a.enrolment),
                        t.t(&format!("my_data_phase_{}", a.phase)),
                        format!("{}/{}", a.correct, a.total),
                        flat(&a.ratings),
                        minute(a.submitted_at),
                    ]
                })
                .collect(),
        ),
        t.section(
            "certificates",
            &[
                "code",
                "course",
                "holder",
                "completed",
                "valid_until",
                "revoked",
            ],
            data.certificates
                .iter()
                .map(|c| {
                    vec![
                        c.code.clone(),
                        c.course_title.clone(),
                        c.holder_name.clone(),
                        c.completed_on.to_string(),
                        c.valid_until.map(|d| d.to_string()).unwrap_or_default(),
                        maybe(c.revoked_at),
                    ]
                })
                .collect(),
        ),
        t.section(
            "emails",
            &["subject", "reason", "created", "status", "sent"],
            data.emails
                .iter()
                .map(|m| {
                    vec![
                        m.subject.clone(),
                        t.word("reason", &m.reason),
                        minute(m.created_at),
                        t.word("status", &m.status),
                        maybe(m.sent_at),
                    ]
                })
                .collect(),
        ),
        t.section(
            "sign_in_links",
            &["created", "expires", "used"],
            data.sign_in_links
                .iter()
                .map(|l| vec![minute(l.created_at), minute(l.expires_at), maybe(l.used_at)])
                .collect(),
        ),
        t.section(
            "sso",
            &["issuer", "subject_id", "linked"],
            data.sso_identities
                .iter()
                .map(|s| vec![s.issuer.clone(), s.subject.clone(), minute(s.linked_at)])
                .collect(),
        ),
        t.section(
            "audit",
            &["at", "actor", "action", "details"],
            data.audit_log
                .iter()
                .map(|a| {
                    vec![
                        minute(a.at),
                        a.actor.clone(),
                        a.action.clone(),
                        flat(&a.details),
                    ]
                })
                .collect(),
        ),
        t.section(
            "held",
            &["requested", "status", "decided"],
            data.deactivations_held
                .iter()
                .map(|h| {
                    vec![
                        minute(h.requested_at),
                        h.status.clone(),
                        maybe(h.decided_at),
                    ]
                })
                .collect(),
        ),
        t.section(
            "assignments",
            &["created"],
            data.assignments_made
                .iter()
                .map(|a| vec![minute(a.created_at)])
                .collect(),
        ),
        t.section(
            "uploads",
            &["file", "created"],
            data.staff_uploads
                .iter()
                .map(|u| vec![u.file_name.clone(), minute(u.created_at)])
                .collect(),
        ),
    ];
    // What only HR officers and admins can have is shown when there is some.
    all.retain(|s| !s.rows.is_empty() || !matches!(s.id, "held" | "assignments" | "uploads"));
    all
}

async fn personal_data(state: &AppState, user_id: i64) -> Result<PersonalData, WebError> {
    Privacy::new(&state.db)
        .export(user_id, Utc::now())
        .await?
        .ok_or(WebError::NotFound)
}

/// `GET /my-data`
pub async fn page(
    state: web::Data<AppState>,
    page: SignedInPage,
) -> Result<HttpResponse, WebError> {
    let SignedInPage { user, frame } = page;
    let data = personal_data(&state, user.id()).await?;
    let texts = Texts {
        templates: &state.templates,
        lang: frame.lang,
    };
    let view = PageView {
        wide: true,
        profile: profile(&texts, &data),
        sections: sections(&texts, &data),
    };
    let title = texts.t("my_data_title");
    state.templates.page("my_data", &frame, &title, view)
}

/// `GET /my-data.json`: the same, whole, as a file.
pub async fn download(
    state: web::Data<AppState>,
    page: SignedInPage,
) -> Result<HttpResponse, WebError> {
    let data = personal_data(&state, page.user.id()).await?;
    let body = serde_json::to_vec_pretty(&data).map_err(WebError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"bryggan-mina-uppgifter.json\"",
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(body))
}
