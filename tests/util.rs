//! Test helpers: `Workdir`, a temporary folder in which the real binary runs, and `realdata`,
//! which finds ../shared/realdata (absent outside CI: skip; absent under CI: fail).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary folder holding copies of inputs, in which `mobistat` runs.
pub struct Workdir {
    dir: tempfile::TempDir,
}

/// What one run of the program gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Both streams, for assertion messages.
    pub fn all(&self) -> String {
        format!(
            "exit {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Copies a file of the repository (path relative to the crate root) into the workdir.
    pub fn copy_from_repo(&self, from: &str, to: &str) {
        let src = repo().join(from);
        let dst = self.path().join(to);
        std::fs::create_dir_all(dst.parent().unwrap()).unwrap();
        std::fs::copy(&src, &dst).unwrap_or_else(|e| panic!("copy {}: {e}", src.display()));
    }

    /// Writes a text file into the workdir.
    pub fn write(&self, name: &str, text: &str) {
        let dst = self.path().join(name);
        std::fs::create_dir_all(dst.parent().unwrap()).unwrap();
        std::fs::write(dst, text).unwrap();
    }

    /// Reads a text file of the workdir.
    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path().join(name))
            .unwrap_or_else(|e| panic!("read {name}: {e}"))
    }

    /// Runs the program with `args` in the workdir.
    pub fn run(&self, args: &[&str]) -> Run {
        let out: Output = Command::new(env!("CARGO_BIN_EXE_mobistat"))
            .args(args)
            .current_dir(self.path())
            .output()
            .expect("run mobistat");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// The crate's root folder.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// ../shared/realdata, or None (with a note) when it is absent outside CI.
pub fn realdata() -> Option<PathBuf> {
    let dir = repo().join("../shared/realdata");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("../shared/realdata is missing, and CI=true requires it");
    }
    eprintln!("note: ../shared/realdata is absent; skipping the real-data test");
    None
}

/// Reads a CSV file's records (header included) as strings.
pub fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The records of a CSV file as maps from header to value.
pub fn csv_maps(text: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let records = csv_records(text);
    let header = &records[0];
    records[1..]
        .iter()
        .map(|r| header.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

/// Parses "N rows read = A accepted (W with warnings) + R rejected + S skipped" lines, and
/// their French "N lignes lues = …" form.
pub fn accountings(stdout: &str) -> Vec<(usize, usize, usize, usize, usize)> {
    stdout
        .lines()
        .filter(|line| !line.starts_with("total"))
        .filter_map(|line| {
            let rest = line.split(": ").last()?;
            let nums: Vec<usize> = rest
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty())
                .filter_map(|s| s.parse().ok())
                .collect();
            let counted = rest.contains("rows read =") || rest.contains("lignes lues =");
            (counted && nums.len() == 5).then(|| (nums[0], nums[1], nums[2], nums[3], nums[4]))
        })
        .collect()
}
