use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Runs the real `bryggan` binary.
pub fn bryggan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bryggan"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the bryggan binary runs")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Writes `files` (relative path, contents) under `dir`.
pub fn write_files(dir: &Path, files: &[(&str, &str)]) {
    for (name, contents) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folder");
        std::fs::write(path, contents).expect("write file");
    }
}

pub const MANIFEST: &str = "title = \"Kurs\"\nlanguage = \"sv\"\nsummary = \"S\"\npass_mark = 80\n";

/// The one number a query such as `SELECT COUNT(*) …` answers.
pub async fn scalar(db: &sea_orm::DatabaseConnection, sql: &str) -> i64 {
    use sea_orm::ConnectionTrait;
    db.query_one_raw(sea_orm::Statement::from_string(
        db.get_database_backend(),
        sql,
    ))
    .await
    .expect("the query runs")
    .expect("a row")
    .try_get_by_index::<i64>(0)
    .expect("a number")
}
