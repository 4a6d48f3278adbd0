//! `bryggan courses preview`: the preview site on localhost, rebuilt on every save, with a
//! broken file's diagnostics at the top of its course's pages; no database is opened.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::helpers::repo_path;
use crate::server::app::copy_dir;

struct Preview {
    child: Child,
    address: String,
    client: reqwest::Client,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Preview {
    fn start(dir: &std::path::Path) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bryggan"))
            .args(["courses", "preview", "courses"])
            .current_dir(dir)
            .env_remove("DATABASE_URL")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let line = lines.next().unwrap().unwrap();
        let address = line
            .strip_prefix("Preview on ")
            .and_then(|rest| rest.split('/').take(3).collect::<Vec<_>>().join("/").into())
            .unwrap_or_else(|| panic!("an address: {line}"));
        assert!(address.starts_with("http://127.0.0.1:"), "{address}");
        Preview {
            child,
            address,
            client: crate::server::app::client(),
        }
    }

    async fn get(&self, path: &str) -> (u16, String) {
        let response = self
            .client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// Waits for the build after `seen`, as a save takes a moment to arrive.
    async fn build_after(&self, seen: &str) -> String {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            let (_, generation) = self.get("/__live/generation").await;
            if generation != seen {
                return generation;
            }
            assert!(std::time::Instant::now() < deadline, "no new build");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

#[tokio::test]
async fn the_preview_follows_each_save_and_shows_a_broken_file_above_the_last_good_page() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &repo_path("tests/fixtures/courses"),
        &dir.path().join("courses"),
    );
    let preview = Preview::start(dir.path());
    let (status, index) = preview.get("/").await;
    assert_eq!(status, 200);
    assert!(
        index.contains("<script src=\"/__live/reload.js\" defer>"),
        "{index}"
    );
    let (status, script) = preview.get("/__live/reload.js").await;
    assert_eq!(status, 200);
    assert!(script.contains("location.reload()"));
    let (_, lesson) = preview.get("/provkurs/forsta.html").await;
    assert!(lesson.contains("Första lektionen") && !lesson.contains("live-problems"));
    let (_, first) = preview.get("/__live/generation").await;

    let quiz = dir.path().join("courses/provkurs/03-quiz.md");
    let good = std::fs::read_to_string(&quiz).unwrap();
    std::fs::write(
        &quiz,
        good.replace("- [x] En auktoriserad tolk", "- [ ] En auktoriserad tolk"),
    )
    .unwrap();
    let broken = preview.build_after(&first).await;
    let (status, lesson) = preview.get("/provkurs/forsta.html").await;
    assert_eq!(status, 200, "the page, not an error page");
    assert!(lesson.contains("class=\"live-problems\""), "{lesson}");
    assert!(lesson.contains("courses/provkurs/03-quiz.md:"), "{lesson}");
    assert!(lesson.contains(" | "), "the source line: {lesson}");
    assert!(
        lesson.contains("Första lektionen"),
        "the last good page below"
    );

    std::fs::write(&quiz, good).unwrap();
    preview.build_after(&broken).await;
    let (_, lesson) = preview.get("/provkurs/forsta.html").await;
    assert!(!lesson.contains("live-problems"), "fixed: {lesson}");
    assert_eq!(preview.get("/provkurs/okand.html").await.0, 404);

    let entries: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(entries, ["courses"], "no database or other file was made");
}
