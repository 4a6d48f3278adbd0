//! `bryggan serve` in its own process, as an operator runs it: for the tests of signals
//! and logs.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::helpers::repo_path;
use crate::server::app::{JWT_SECRET, copy_dir, fresh_database};

/// A folder with the fixture courses under `courses/`, and a fresh database.
pub async fn folder_and_database() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &repo_path("tests/fixtures/courses"),
        &dir.path().join("courses"),
    );
    let url = fresh_database(dir.path()).await;
    (dir, url)
}

/// `bryggan serve` in its own process, on a port of its choosing.
pub struct Served {
    child: Child,
    pub address: String,
    /// Its log: JSON lines.
    log: std::path::PathBuf,
}

impl Served {
    pub fn start(database_url: &str, dir: &Path, smtp_url: &str, log_filter: &str) -> Served {
        Served::start_with(database_url, dir, smtp_url, log_filter, &[])
    }

    /// [`Served::start`] with more settings in the environment.
    pub fn start_with(
        database_url: &str,
        dir: &Path,
        smtp_url: &str,
        log_filter: &str,
        env: &[(&str, &str)],
    ) -> Served {
        let log = dir.join(format!("server-{}.log", bryggan::auth::random_hex(3)));
        let mut child = Command::new(env!("CARGO_BIN_EXE_bryggan"))
            .envs(env.iter().copied())
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("BRYGGAN_BIND", "127.0.0.1:0")
            .env("BRYGGAN_COURSES", dir.join("courses"))
            .env("BRYGGAN_JWT_SECRET", JWT_SECRET)
            .env("BRYGGAN_SMTP_URL", smtp_url)
            .env("BRYGGAN_MAIL_DIR", dir.join("mail"))
            .env("BRYGGAN_REMINDER_RUN_MINUTES", "0")
            .env("BRYGGAN_SHUTDOWN_TIMEOUT", "20")
            .env("BRYGGAN_WORKERS", "2")
            .env("BRYGGAN_LOG", log_filter)
            .env("BRYGGAN_LOG_FORMAT", "json")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("the bryggan binary starts");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let address = loop {
            let line = lines
                .next()
                .expect("the server says where it listens")
                .unwrap();
            if let Some(rest) = line.strip_prefix("Bryggan is listening on ") {
                break rest.trim_end_matches('/').to_owned();
            }
        };
        // Keep reading, so that nothing the server prints can block it.
        std::thread::spawn(move || lines.for_each(drop));
        Served {
            child,
            address,
            log,
        }
    }

    /// Every line logged so far, each a JSON object.
    pub fn log_lines(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(&self.log)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
            .collect()
    }

    /// How many `/sign-in` requests the server answered.
    pub fn answered(&self) -> usize {
        self.log_lines()
            .iter()
            .filter(|l| l["message"] == "request" && l["path"] == "/sign-in")
            .count()
    }

    pub fn terminate(&self) {
        self.signal("TERM");
    }

    /// Sends the signal `name` (`TERM`, `HUP`) to the server.
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits for the process to exit, at most `patience`.
    pub async fn exit_status(mut self, patience: Duration) -> std::process::ExitStatus {
        let deadline = std::time::Instant::now() + patience;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the server did not exit"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
