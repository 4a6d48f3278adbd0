//! `bryggan courses preview`: the preview site served on this computer while an author
//! writes. Every save recompiles the folder and the open page reloads itself. A course
//! with errors keeps its last good pages, with the diagnostics (and the source line they
//! point at) at the top, instead of an error page. No database is opened.

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use actix_web::http::header;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};

use crate::course::{self, CompileOptions, LinkStyle};
use crate::domain::Language;
use crate::publishing::watch::FolderChanges;
use handlebars::html_escape as escape_html;

use super::render_site;

/// Polls for a new build and reloads the page when there is one: the only script in the
/// preview, served only by this local server.
const RELOAD_SCRIPT: &str = r#"(function () {
  var seen = null;
  function ask() {
    fetch("/__live/generation", { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (g) {
        if (seen !== null && g !== seen) { location.reload(); }
        seen = g;
      })
      .catch(function () {})
      .finally(function () { setTimeout(ask, 500); });
  }
  ask();
})();
"#;

/// What is served now.
#[derive(Debug, Default)]
struct Build {
    /// Counts the builds; the page reloads when it changes.
    generation: u64,
    files: BTreeMap<String, Vec<u8>>,
    /// Per course folder with errors: its diagnostics as `courses check` prints them, and
    /// the language to introduce them in.
    problems: BTreeMap<String, (Language, String)>,
    /// A problem with the folder itself or the site, shown on every page.
    failure: Option<String>,
}

#[derive(Debug)]
struct Preview {
    dir: PathBuf,
    lang: Option<Language>,
    build: RwLock<Build>,
}

impl Preview {
    /// Compiles the folder again. The pages of a course that no longer compiles stay as
    /// they were, under its diagnostics.
    fn rebuild(&self) {
        let options = CompileOptions {
            link_style: LinkStyle::HtmlFile,
            today: Some(chrono::Utc::now().date_naive()),
        };
        let compiled = course::compile_all(&self.dir, &options);
        let Ok(mut build) = self.build.write() else {
            return;
        };
        build.generation += 1;
        let results = match compiled {
            Ok(results) => results,
            Err(err) => {
                build.failure = Some(format!("cannot read {}: {err}", self.dir.display()));
                return;
            }
        };
        let site = match render_site(&results, self.lang) {
            Ok(site) => site,
            Err(err) => {
                build.failure = Some(format!("{err:#}"));
                return;
            }
        };
        let mut files = site.files;
        let mut problems = BTreeMap::new();
        for (source, compilation) in &results {
            let lang = self
                .lang
                .unwrap_or_else(|| compilation.diagnostics_language());
            if compilation.course.is_some() {
                continue;
            }
            let report: Vec<String> = compilation
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.render(lang))
                .collect();
            let prefix = format!("{}/", source.folder);
            for (path, bytes) in build.files.iter().filter(|(p, _)| p.starts_with(&prefix)) {
                files.entry(path.clone()).or_insert_with(|| bytes.clone());
            }
            problems.insert(source.folder.clone(), (lang, report.join("\n\n")));
        }
        for (folder, (_, report)) in &problems {
            eprintln!("{folder}: errors\n{report}\n");
        }
        if problems.is_empty() {
            eprintln!("compiled {} courses: no errors", results.len());
        }
        build.files = files;
        build.problems = problems;
        build.failure = None;
    }
}

/// Serves the preview of `dir` on 127.0.0.1:`port` until Ctrl-C; prints the address.
pub async fn serve(dir: &Path, port: u16, lang: Option<Language>) -> anyhow::Result<()> {
    if !dir.is_dir() {
        anyhow::bail!("{} is not a folder of courses", dir.display());
    }
    let preview = Arc::new(Preview {
        dir: dir.to_owned(),
        lang,
        build: RwLock::default(),
    });
    preview.rebuild();
    let mut changes = FolderChanges::watch(dir)?;
    let rebuilding = preview.clone();
    tokio::spawn(async move {
        while changes.next().await.is_some() {
            let preview = rebuilding.clone();
            if tokio::task::spawn_blocking(move || preview.rebuild())
                .await
                .is_err()
            {
                break;
            }
        }
    });
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    let address = listener.local_addr()?;
    let state = web::Data::from(preview);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .route("/__live/generation", web::get().to(generation))
            .route("/__live/reload.js", web::get().to(script))
            .default_service(web::get().to(page))
    })
    .workers(1)
    .listen(listener)?
    .run();
    println!("Preview on http://{address}/ (it follows your edits; Ctrl-C stops it)");
    server.await?;
    Ok(())
}

fn no_store() -> (header::HeaderName, &'static str) {
    (header::CACHE_CONTROL, "no-store")
}

async fn generation(preview: web::Data<Preview>) -> HttpResponse {
    let generation = preview.build.read().map(|b| b.generation).unwrap_or(0);
    HttpResponse::Ok()
        .insert_header(no_store())
        .content_type("text/plain")
        .body(generation.to_string())
}

async fn script() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(no_store())
        .content_type("text/javascript; charset=utf-8")
        .body(RELOAD_SCRIPT)
}

async fn page(req: HttpRequest, preview: web::Data<Preview>) -> HttpResponse {
    let Ok(build) = preview.build.read() else {
        return HttpResponse::ServiceUnavailable().finish();
    };
    let path = req.path().trim_start_matches('/');
    let path = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_owned()
    };
    let folder = path.split('/').next().unwrap_or_default();
    let problem = build.problems.get(folder).filter(|_| path.contains('/'));
    let banner = match (&build.failure, problem) {
        (Some(failure), _) => Some(banner(Language::En, "", failure)),
        (None, Some((lang, report))) => Some(banner(*lang, folder, report)),
        (None, None) => None,
    };
    let found = build.files.get(&path);
    if !path.ends_with(".html") {
        return match found {
            Some(bytes) => HttpResponse::Ok()
                .insert_header(no_store())
                .content_type(content_type(&path))
                .body(bytes.clone()),
            None => HttpResponse::NotFound().finish(),
        };
    }
    let html = match found {
        Some(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        // A broken course with no good version yet: its problems, not an error page.
        None if banner.is_some() => standalone(),
        None => {
            return HttpResponse::NotFound()
                .insert_header(no_store())
                .content_type("text/html; charset=utf-8")
                .body(with_script(standalone_missing(&path), None));
        }
    };
    HttpResponse::Ok()
        .insert_header(no_store())
        .content_type("text/html; charset=utf-8")
        .body(with_script(html, banner.as_deref()))
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "css" => "text/css; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The diagnostics above the page, as `courses check` prints them.
fn banner(lang: Language, folder: &str, report: &str) -> String {
    let (title, note) = match lang {
        Language::Sv => (
            format!("Fel i {folder}"),
            "Sidan nedan är den senaste versionen utan fel. Den uppdateras när du sparar en rättning.",
        ),
        Language::En => (
            format!("Errors in {folder}"),
            "The page below is the last version without errors. It updates when you save a fix.",
        ),
    };
    format!(
        "<section class=\"live-problems\" role=\"alert\" aria-labelledby=\"live-problems-title\">\
         <h2 id=\"live-problems-title\">{}</h2><p>{}</p>\
         <div class=\"live-report\" role=\"region\" tabindex=\"0\" aria-labelledby=\"live-problems-title\">\
         <pre>{}</pre></div></section>",
        escape_html(title.trim()),
        escape_html(note),
        escape_html(report)
    )
}

fn standalone() -> String {
    "<!doctype html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n\
     <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
     <title>Förhandsvisning</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n\
     <body>\n<main id=\"main\">\n<p><a href=\"/index.html\">Alla kurser</a></p>\n</main>\n</body>\n</html>\n"
        .into()
}

fn standalone_missing(path: &str) -> String {
    standalone().replace(
        "<main id=\"main\">\n",
        &format!(
            "<main id=\"main\">\n<h1>Sidan finns inte</h1>\n<p>{} finns inte i förhandsvisningen.</p>\n",
            escape_html(path)
        ),
    )
}

/// Puts the reload script in the head and the banner at the top of the main content.
fn with_script(html: String, banner: Option<&str>) -> String {
    let html = html.replacen(
        "</head>",
        "<script src=\"/__live/reload.js\" defer></script>\n</head>",
        1,
    );
    match banner {
        Some(banner) => html.replacen(
            "<main id=\"main\">\n",
            &format!("<main id=\"main\">\n{banner}\n"),
            1,
        ),
        None => html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_banner_escapes_the_diagnostics_and_sits_at_the_top_of_the_main_content() {
        let html = with_script(
            standalone(),
            Some(&banner(
                Language::Sv,
                "provkurs",
                "a.md:1:1: error: <b>\n 1 | <b>",
            )),
        );
        assert!(html.contains("<script src=\"/__live/reload.js\" defer></script>\n</head>"));
        let main = html.find("<main id=\"main\">").unwrap();
        let banner = html.find("class=\"live-problems\"").unwrap();
        assert!(banner > main);
        assert!(html.contains("error: &lt;b&gt;\n 1 | &lt;b&gt;"));
        assert!(html.contains("Fel i provkurs"));
    }
}
