//! The output folder, replaced as a whole: a run writes into a fresh staging folder beside it
//! (`.<name>.mobistat-new-<pid>`) and, once everything is written, puts that folder in its place
//! (the previous one renamed `.<name>.mobistat-old` until the new one is there, then removed).
//! A lock (`.<name>.mobistat-lock`, held by the operating system for the life of the process)
//! keeps a second run off the same folder; the staging folders of runs that died are removed by
//! the next run. The folder is replaced only when it is absent, empty or holds only what
//! mobistat writes; input files inside it are not read.

use crate::error::{Error, Result};
use crate::settings::InputSpec;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// Files mobistat writes at the top of its output folder. A new output file must be added here
/// or in [`FOLDERS`]: else the next run refuses the folder (tests/atomic.rs runs `report` twice
/// on one folder, so the test suite says so at once).
const FILES: [&str; 6] = [
    "data_quality.csv",
    "mobistat.xlsx",
    "report.html",
    "key_figures.png",
    "key_figures.svg",
    RECONCILIATION,
];

/// Folders mobistat writes in its output folder, with the extensions of their files.
const FOLDERS: [(&str, &[&str]); 3] = [
    ("data", &["csv"]),
    ("tables", &["csv"]),
    ("charts", &["png", "svg"]),
];

/// What `reconcile` writes: kept when `check` or `report` replace the folder, since they do
/// not write it.
const RECONCILIATION: &str = "reconciliation.csv";

/// The output folder's place on disk: its real parent folder and its name.
struct Place {
    /// The folder as the user gave it, for sentences.
    shown: PathBuf,
    parent: PathBuf,
    name: String,
}

impl Place {
    /// Resolves `output` (following a symbolic link to the real folder), creating its parent
    /// folder when needed.
    fn of(output: &Path) -> Result<Place> {
        let fail = |reason: String| Error::Output {
            dir: output.display().to_string(),
            reason,
        };
        let real = match std::fs::canonicalize(output) {
            Ok(real) => real,
            Err(_) => {
                let name = output
                    .file_name()
                    .ok_or_else(|| fail("it has no folder name".into()))?;
                let parent = match output.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                std::fs::create_dir_all(&parent).map_err(|e| fail(e.to_string()))?;
                std::fs::canonicalize(&parent)
                    .map_err(|e| fail(e.to_string()))?
                    .join(name)
            }
        };
        let name = real
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| fail("it has no folder name".into()))?
            .to_string();
        let parent = real.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(Place {
            shown: output.to_path_buf(),
            parent,
            name,
        })
    }

    fn path(&self) -> PathBuf {
        self.parent.join(&self.name)
    }

    /// A sibling of the folder that belongs to mobistat: `.<name>.mobistat-<suffix>`.
    fn sibling(&self, suffix: &str) -> PathBuf {
        self.parent
            .join(format!(".{}.mobistat-{suffix}", self.name))
    }

    fn error(&self, reason: impl std::fmt::Display) -> Error {
        Error::Output {
            dir: self.shown.display().to_string(),
            reason: reason.to_string(),
        }
    }
}

/// The lock on an output folder, released when dropped or when the process ends (however it
/// ends: the operating system releases it, so a killed run leaves no lock to take over).
struct Lock {
    _file: File,
}

impl Lock {
    /// Takes the lock of `place`, or says which run holds it.
    fn take(place: &Place) -> Result<Lock> {
        let path = place.sibling("lock");
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| place.error(e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                // No number when Windows keeps the locked file from other processes, or when
                // the holder has not written it yet.
                let mut pid = String::new();
                let _ = file.read_to_string(&mut pid);
                let pid = pid.trim();
                return Err(Error::OutputBusy {
                    dir: place.shown.display().to_string(),
                    holder: if pid.is_empty() {
                        String::new()
                    } else {
                        format!(" (process {pid})")
                    },
                });
            }
            Err(TryLockError::Error(e)) => return Err(place.error(e)),
        }
        // The holder's process id, for the sentence a second run prints.
        let _ = file
            .set_len(0)
            .and_then(|_| file.rewind())
            .and_then(|_| write!(file, "{}", std::process::id()));
        Ok(Lock { _file: file })
    }
}

/// Removes what runs that died left beside the folder: their staging folders, and the previous
/// folder of a run killed while putting its own in place (put back if the folder is missing).
/// Called with the lock held, so no live run owns any of them.
fn clean_up(place: &Place) -> Result<()> {
    let backup = place.sibling("old");
    if backup.exists() {
        if place.path().exists() {
            std::fs::remove_dir_all(&backup).map_err(|e| place.error(e))?;
        } else {
            std::fs::rename(&backup, place.path()).map_err(|e| place.error(e))?;
        }
    }
    let prefix = format!(".{}.mobistat-new-", place.name);
    let entries = std::fs::read_dir(&place.parent).map_err(|e| place.error(e))?;
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let path = entry.path();
            let removed = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            removed.map_err(|e| place.error(e))?;
        }
    }
    Ok(())
}

/// The first entry of `dir` that mobistat did not write, if any (one that cannot be listed
/// counts as not written by mobistat).
/// The folder of `report --by faculty`'s reports.
const BY_FACULTY: &str = "by-faculty";

fn foreign_entry(dir: &Path) -> Option<PathBuf> {
    let entries = std::fs::read_dir(dir).ok()?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if incidental(&name) || path.is_file() && FILES.contains(&name.as_str()) {
            continue;
        }
        // `report --by faculty`: one output set per faculty.
        if name == BY_FACULTY && path.is_dir() {
            let Ok(inside) = std::fs::read_dir(&path) else {
                return Some(path);
            };
            for sub in inside.flatten() {
                let p = sub.path();
                if p.is_dir() {
                    if let Some(foreign) = foreign_entry(&p) {
                        return Some(foreign);
                    }
                } else if !incidental(&sub.file_name().to_string_lossy()) {
                    return Some(p);
                }
            }
            continue;
        }
        let Some((_, extensions)) = FOLDERS.iter().find(|(folder, _)| *folder == name) else {
            return Some(path);
        };
        let Ok(inside) = std::fs::read_dir(&path) else {
            return Some(path);
        };
        for file in inside {
            let Ok(file) = file else {
                return Some(path);
            };
            let p = file.path();
            let ext = p.extension().and_then(|x| x.to_str()).unwrap_or_default();
            let ours = p.is_file() && extensions.contains(&ext);
            if !ours && !incidental(&file.file_name().to_string_lossy()) {
                return Some(p);
            }
        }
    }
    None
}

/// Files that file browsers and office programs leave in any folder they open: the folder
/// stays mobistat's.
fn incidental(name: &str) -> bool {
    matches!(name, ".DS_Store" | "Thumbs.db" | "desktop.ini")
        || name.starts_with("~$")
        || name.starts_with(".~lock")
}

/// A run's staging folder, locked output folder and all: write into [`Staging::dir`], then
/// [`Staging::commit`]. Dropped without a commit, it removes the staging folder and leaves
/// the output folder as it was.
pub(crate) struct Staging {
    place: Place,
    dir: PathBuf,
    _lock: Lock,
}

impl Staging {
    /// Locks the output folder, checks that mobistat may replace it, removes what dead runs
    /// left, and creates a fresh staging folder.
    pub(crate) fn begin(output: &Path) -> Result<Staging> {
        let place = Place::of(output)?;
        let lock = Lock::take(&place)?;
        clean_up(&place)?;
        let target = place.path();
        if target.exists() && !target.is_dir() {
            return Err(place.error("it is a file, not a folder"));
        }
        if let Some(foreign) = foreign_entry(&target) {
            let example = foreign
                .strip_prefix(&target)
                .map(|p| place.shown.join(p))
                .unwrap_or(foreign);
            return Err(Error::OutputNotOurs {
                dir: place.shown.display().to_string(),
                example: example.display().to_string(),
            });
        }
        let dir = place.sibling(&format!("new-{}", std::process::id()));
        std::fs::create_dir(&dir).map_err(|e| place.error(e))?;
        Ok(Staging {
            place,
            dir,
            _lock: lock,
        })
    }

    /// Where the run writes its outputs.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether an output folder was there before this run.
    pub(crate) fn had_previous(&self) -> bool {
        self.place.path().is_dir()
    }

    /// An error about a file of the staging folder names the file where it would have been.
    pub(crate) fn name_final(&self, error: Error) -> Error {
        match error {
            Error::Write { path, reason } => {
                let staging = self.dir.display().to_string();
                let path = match path.strip_prefix(&staging) {
                    Some(rest) => format!("{}{rest}", self.place.shown.display()),
                    None => path,
                };
                Error::Write { path, reason }
            }
            other => other,
        }
    }

    /// Puts the staging folder in place of the output folder; the previous one is kept until
    /// the new one is there. `reconcile`'s file is carried over.
    pub(crate) fn commit(self) -> Result<()> {
        let place = &self.place;
        let target = place.path();
        let backup = place.sibling("old");
        let previous = target.join(RECONCILIATION);
        if previous.is_file() {
            std::fs::copy(&previous, self.dir.join(RECONCILIATION)).map_err(|e| place.error(e))?;
        }
        let had_previous = target.exists();
        if had_previous {
            std::fs::rename(&target, &backup).map_err(|e| place.error(e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &target) {
            if had_previous {
                let _ = std::fs::rename(&backup, &target);
            }
            return Err(place.error(e));
        }
        // Left behind if it cannot be removed now (a file still open elsewhere): the next run
        // removes it.
        if had_previous {
            let _ = std::fs::remove_dir_all(&backup);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // After a commit the staging folder is the output folder, under another name.
        if self.dir.exists() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Replaces the file `name` of the output folder `output` (creating the folder if needed) by
/// what `write` writes to the path it is given, in one rename, under the folder's lock.
pub(crate) fn replace_file(
    output: &Path,
    name: &str,
    write: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    let place = Place::of(output)?;
    let _lock = Lock::take(&place)?;
    clean_up(&place)?;
    let target = place.path();
    std::fs::create_dir_all(&target).map_err(|e| place.error(e))?;
    let temporary = place.sibling(&format!("new-{}-{name}", std::process::id()));
    let result = write(&temporary)
        .and_then(|_| std::fs::rename(&temporary, target.join(name)).map_err(|e| place.error(e)));
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result.map_err(|e| match e {
        Error::Write { reason, .. } => Error::Write {
            path: place.shown.join(name).display().to_string(),
            reason,
        },
        other => other,
    })
}

/// Keeps mobistat from reading its own outputs: drops from the inputs the files that a run
/// wrote inside the output folder or beside it in a staging folder (a glob such as
/// `inputs/**/*.csv` with `--output inputs/reports` finds them from the second run on), and
/// refuses any other input file inside the output folder (`--output inputs` would replace the
/// inputs), or inputs left with no file at all. Returns how many files were dropped.
pub(crate) fn exclude_outputs(output: &Path, inputs: &mut Vec<InputSpec>) -> Result<usize> {
    let place = Place::of(output)?;
    let target = place.path();
    let staging = format!(".{}.mobistat-", place.name);
    let refuse = |file: &str| Error::OutputHoldsInput {
        dir: place.shown.display().to_string(),
        file: file.to_string(),
    };
    let mut dropped = Vec::new();
    for input in inputs.iter_mut() {
        let mut kept = Vec::new();
        for (path, shown) in std::mem::take(&mut input.files) {
            let real = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            let in_staging = real
                .strip_prefix(&place.parent)
                .ok()
                .and_then(|rest| rest.components().next())
                .is_some_and(|c| c.as_os_str().to_string_lossy().starts_with(&staging));
            match real.strip_prefix(&target) {
                Ok(inside) if written_by_mobistat(inside) => dropped.push(shown),
                Ok(_) => return Err(refuse(&shown)),
                Err(_) if in_staging => dropped.push(shown),
                Err(_) => kept.push((path, shown)),
            }
        }
        input.files = kept;
    }
    // The command line makes one input of each file a glob finds: those of the output folder
    // leave no input behind.
    inputs.retain(|input| !input.files.is_empty());
    match dropped.first() {
        Some(first) if inputs.is_empty() => Err(refuse(first)),
        _ => Ok(dropped.len()),
    }
}

/// Whether a path inside the output folder is one mobistat writes there.
fn written_by_mobistat(inside: &Path) -> bool {
    let parts: Vec<String> = inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.as_slice() {
        [file] => FILES.contains(&file.as_str()),
        [folder, file] => FOLDERS.iter().any(|(name, extensions)| {
            name == folder
                && Path::new(file)
                    .extension()
                    .and_then(|x| x.to_str())
                    .is_some_and(|x| extensions.contains(&x))
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_mobistat_writes_counts_as_its_own() {
        assert!(written_by_mobistat(Path::new("data_quality.csv")));
        assert!(written_by_mobistat(Path::new("data/mobilities.csv")));
        assert!(written_by_mobistat(Path::new("charts/flows.svg")));
        assert!(!written_by_mobistat(Path::new("charts/flows.csv")));
        assert!(!written_by_mobistat(Path::new("notes.docx")));
        assert!(!written_by_mobistat(Path::new("data/old/mobilities.csv")));
        assert!(incidental(".DS_Store") && incidental("~$mobistat.xlsx"));
        assert!(!incidental("mobistat.xlsx"));
    }

    #[test]
    fn a_folder_is_mobistat_s_when_it_holds_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("tables")).unwrap();
        std::fs::write(root.join("tables/partners.csv"), "").unwrap();
        std::fs::write(root.join("report.html"), "").unwrap();
        std::fs::write(root.join("Thumbs.db"), "").unwrap();
        assert_eq!(foreign_entry(root), None);
        std::fs::write(root.join("tables/mine.xlsx"), "").unwrap();
        assert_eq!(foreign_entry(root), Some(root.join("tables/mine.xlsx")));
        std::fs::remove_file(root.join("tables/mine.xlsx")).unwrap();
        std::fs::create_dir(root.join("report.html.d")).unwrap();
        assert_eq!(foreign_entry(root), Some(root.join("report.html.d")));
    }
}
