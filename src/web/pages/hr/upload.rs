//! `/hr/import`: upload the HR system's staff file, see what it would change, confirm.

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use futures_util::TryStreamExt;
use serde::{Deserialize, Serialize};

use crate::domain::Language;
use crate::hr::HrError;
use crate::staff::plan::{Change, Person};
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::form_errors::FormErrors;
use crate::web::render::Frame;
use crate::web::session::{HrPage, PageUser, check_csrf, frame};

/// A staff file of 100,000 people is about 8 MB.
pub const MAX_UPLOAD_BYTES: usize = 32 * 1024 * 1024;
/// Names shown per list in the preview; the rest are counted.
const SHOWN: usize = 20;

/// Problems listed at most; the rest are counted.
const MAX_PROBLEMS: usize = 200;

/// The import form, empty or with its problems in the one form-error pattern: the
/// summary links to the file field, the file's line problems are listed beside it, and
/// the "deactivate" choice is kept (a browser never refills a file field).
struct ImportForm<'a> {
    /// Why the file was refused, for the summary and the field.
    problem: Option<String>,
    /// The file's problems, line by line.
    lines: &'a [String],
    deactivate_missing: bool,
}

impl ImportForm<'_> {
    const EMPTY: ImportForm<'static> = ImportForm {
        problem: None,
        lines: &[],
        deactivate_missing: false,
    };
}

/// `hr_import.hbs`: the form, or why there is none while the directory provisions staff.
#[derive(Serialize)]
struct ImportPage<'a> {
    directory: bool,
    errors: FormErrors,
    problems: &'a [String],
    deactivate_missing: bool,
}

/// `hr_import_plan.hbs`: what the file would change, before it is confirmed.
#[derive(Serialize)]
struct ImportPlanPage<'a> {
    token: &'a str,
    file_name: &'a str,
    people: usize,
    windows_1252: bool,
    deactivate_missing: bool,
    created: Listed<&'a Person>,
    updated: Listed<UpdatedView<'a>>,
    unchanged: usize,
    deactivated: Listed<&'a Person>,
    new_departments: Listed<&'a String>,
}

#[derive(Serialize)]
struct UpdatedView<'a> {
    email: &'a str,
    name: &'a str,
    changes: Vec<String>,
}

/// `hr_import_done.hbs`: what the import changed.
#[derive(Serialize)]
struct ImportDone {
    created: usize,
    updated: usize,
    unchanged: usize,
    deactivated: usize,
    new_departments: usize,
    enrolled: usize,
}

fn page(
    state: &AppState,
    frame: &Frame,
    form: ImportForm<'_>,
    status: actix_web::http::StatusCode,
) -> Result<HttpResponse, WebError> {
    let t = |key: &str| state.templates.text(frame.lang, key);
    let errors = FormErrors::new(&["file"], form.problem.map(|p| ("file", p)));
    let title = if errors.any() {
        format!("{} {}", t("error_title_prefix"), t("import_title"))
    } else {
        t("import_title")
    };
    state.templates.page_with_status(
        status,
        "hr_import",
        frame,
        &title,
        ImportPage {
            directory: false,
            errors,
            problems: form.lines,
            deactivate_missing: form.deactivate_missing,
        },
    )
}

/// The import page while the directory provisions staff: why there is no form.
fn directory_page(
    state: &AppState,
    frame: &Frame,
    status: actix_web::http::StatusCode,
) -> Result<HttpResponse, WebError> {
    let title = state.templates.text(frame.lang, "import_title");
    let data = ImportPage {
        directory: true,
        errors: FormErrors::default(),
        problems: &[],
        deactivate_missing: false,
    };
    state
        .templates
        .page_with_status(status, "hr_import", frame, &title, data)
}

pub async fn import_page(
    state: web::Data<AppState>,
    hr_page: HrPage,
) -> Result<HttpResponse, WebError> {
    if !matches!(hr_page.viewer.scope, crate::reports::Scope::Organisation) {
        return Err(HrError::Forbidden.into());
    }
    if crate::provisioning::directory_owns_staff(&state.db).await? {
        return directory_page(&state, &hr_page.frame, actix_web::http::StatusCode::OK);
    }
    page(
        &state,
        &hr_page.frame,
        ImportForm::EMPTY,
        actix_web::http::StatusCode::OK,
    )
}

struct Form {
    csrf: String,
    file_name: String,
    content: Vec<u8>,
    deactivate_missing: bool,
}

async fn read_form(mut payload: Multipart) -> Result<Form, WebError> {
    let mut form = Form {
        csrf: String::new(),
        file_name: String::new(),
        content: Vec::new(),
        deactivate_missing: false,
    };
    let bad = |e: actix_multipart::MultipartError| {
        WebError::BadRequest(format!("The upload could not be read: {e}"))
    };
    let mut total = 0;
    while let Some(mut field) = payload.try_next().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_owned();
        let mut value = Vec::new();
        while let Some(chunk) = field.try_next().await.map_err(bad)? {
            total += chunk.len();
            if total > MAX_UPLOAD_BYTES {
                return Err(WebError::TooLarge);
            }
            value.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "csrf" => form.csrf = String::from_utf8_lossy(&value).into_owned(),
            "deactivate_missing" => form.deactivate_missing = true,
            "file" => {
                form.file_name = field
                    .content_disposition()
                    .and_then(|d| d.get_filename())
                    .unwrap_or("staff.csv")
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(200)
                    .collect();
                form.content = value;
            }
            _ => {}
        }
    }
    Ok(form)
}

pub async fn upload(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    payload: Multipart,
) -> Result<HttpResponse, WebError> {
    let user = user.0;
    let viewer = super::viewer(&user)?;
    let form = read_form(payload).await?;
    check_csrf(&req, &form.csrf)?;
    let frame = frame(&req, &user);
    if form.content.is_empty() {
        let form = ImportForm {
            problem: Some(state.templates.text(frame.lang, "import_no_file")),
            lines: &[],
            deactivate_missing: form.deactivate_missing,
        };
        return page(
            &state,
            &frame,
            form,
            actix_web::http::StatusCode::BAD_REQUEST,
        );
    }
    let result = state
        .hr(&viewer)
        .upload(
            &form.file_name,
            form.content,
            form.deactivate_missing,
            Utc::now(),
        )
        .await;
    let upload = match result {
        Ok(upload) => upload,
        Err(HrError::DirectoryOwnsStaff) => {
            return directory_page(&state, &frame, actix_web::http::StatusCode::CONFLICT);
        }
        Err(HrError::File(problems)) => {
            let mut listed: Vec<String> = problems
                .iter()
                .take(MAX_PROBLEMS)
                .map(|p| p.message(frame.lang))
                .collect();
            if problems.len() > MAX_PROBLEMS {
                let more = state.templates.text(frame.lang, "and_more");
                listed.push(format!("{more} {}", problems.len() - MAX_PROBLEMS));
            }
            let refused = ImportForm {
                problem: Some(format!(
                    "{} ({} {})",
                    state.templates.text(frame.lang, "import_rejected_short"),
                    problems.len(),
                    state.templates.text(frame.lang, "import_problems_count"),
                )),
                lines: &listed,
                deactivate_missing: form.deactivate_missing,
            };
            return page(
                &state,
                &frame,
                refused,
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
        Err(other) => return Err(other.into()),
    };
    let plan = &upload.plan;
    let updated = Listed::of(&plan.updated, |person| UpdatedView {
        email: &person.email,
        name: &person.name,
        changes: person
            .changes
            .iter()
            .map(|c| describe(&state, frame.lang, c))
            .collect(),
    });
    let data = ImportPlanPage {
        token: &upload.token,
        file_name: &upload.file_name,
        people: upload.people,
        windows_1252: upload.windows_1252,
        deactivate_missing: upload.deactivate_missing,
        created: Listed::of(&plan.created, |p| p),
        updated,
        unchanged: plan.unchanged,
        deactivated: Listed::of(&plan.deactivated, |p| p),
        new_departments: Listed::of(&plan.new_departments, |d| d),
    };
    let title = state.templates.text(frame.lang, "import_preview_title");
    state.templates.page("hr_import_plan", &frame, &title, data)
}

/// A list in the preview: the first [`SHOWN`] items, and how many there are.
#[derive(Serialize)]
struct Listed<T> {
    count: usize,
    shown: Vec<T>,
    more: usize,
}

impl<T> Listed<T> {
    fn of<'a, I>(items: &'a [I], view: impl Fn(&'a I) -> T) -> Listed<T> {
        Listed {
            count: items.len(),
            shown: items.iter().take(SHOWN).map(view).collect(),
            more: items.len().saturating_sub(SHOWN),
        }
    }
}

/// One change in words: "Avdelning: Malmö stad/Kultur → Malmö stad/Soc".
fn describe(state: &AppState, lang: Language, change: &Change) -> String {
    let text = |key: &str| state.templates.text(lang, key);
    let none = || text("import_change_none");
    match change {
        Change::Name { from, to } => format!("{}: {from} → {to}", text("import_change_name")),
        Change::Department { from, to } => format!(
            "{}: {} → {to}",
            text("import_change_department"),
            from.clone().unwrap_or_else(none)
        ),
        Change::Language { from, to } => {
            format!("{}: {from} → {to}", text("import_change_language"))
        }
        Change::Manager { from, to } => format!(
            "{}: {} → {}",
            text("import_change_manager"),
            from.clone().unwrap_or_else(none),
            to.clone().unwrap_or_else(none)
        ),
        Change::Reactivated => text("import_change_reactivated"),
    }
}

#[derive(Deserialize)]
pub struct ApplyForm {
    csrf: String,
}

pub async fn apply(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    path: web::Path<String>,
    form: web::Form<ApplyForm>,
) -> Result<HttpResponse, WebError> {
    check_csrf(&req, &form.csrf)?;
    let user = user.0;
    let viewer = super::viewer(&user)?;
    let (plan, applied) = state.hr(&viewer).apply_upload(&path, Utc::now()).await?;
    let frame = frame(&req, &user);
    let data = ImportDone {
        created: plan.created.len(),
        updated: plan.updated.len(),
        unchanged: plan.unchanged,
        deactivated: plan.deactivated.len(),
        new_departments: plan.new_departments.len(),
        enrolled: applied.enrolled,
    };
    let title = state.templates.text(frame.lang, "import_done_title");
    state.templates.page("hr_import_done", &frame, &title, data)
}
