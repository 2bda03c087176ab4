//! The inputs of a run: each one's files found (folders and globs expanded, sorted, each real
//! file once) and the one constructor of its [`InputSpec`], whose mapping the config file, the
//! command line and reconcile all build through it.

use crate::error::{Error, Result};
use crate::i18n::Message;
use crate::ingest::Format;
use crate::profiles::Profile;
use crate::schema::mapping::MappingConfig;
use crate::schema::TableKind;
use std::collections::{BTreeMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// Which sheets of a workbook an input reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Sheets {
    /// The first sheet that holds data (the default without a profile).
    #[default]
    First,
    /// These sheets, by name (`sheet = "..."`, `sheets = [...]`).
    Named(Vec<String>),
    /// Every sheet that holds data (`sheets = "all"`; the default of a profile, since the
    /// Commission's workbooks put one programme period on each sheet).
    All,
}

impl Sheets {
    /// The named sheets, if the input names any.
    pub fn named(&self) -> Option<&[String]> {
        match self {
            Sheets::Named(names) => Some(names),
            _ => None,
        }
    }
}

/// One input, ready to read, made by [`InputSpec::new`] (which builds its mapping).
#[derive(Debug, Clone)]
pub struct InputSpec {
    pub table: TableKind,
    /// (path to open, name shown to the user).
    pub files: Vec<(PathBuf, String)>,
    pub sheets: Sheets,
    /// The import profile that translates the files' layout, if any.
    pub profile: Option<Profile>,
    pub mapping: MappingConfig,
}

/// How one input's files are read, as the user gave it (an `[[inputs]]` entry of the config,
/// or the command line's `--sheet`, `--header-row`, `--map`, `--set`, `--programme-columns`).
#[derive(Debug, Clone, Default)]
pub struct InputOptions {
    pub sheets: Sheets,
    /// The 1-based header row, when not found automatically.
    pub header_row: Option<u32>,
    /// field name → header text, overriding the aliases.
    pub columns: BTreeMap<String, String>,
    /// field name → fixed value for fields the files lack.
    pub constants: BTreeMap<String, String>,
    /// Headers of the one-column-per-programme layout of partner lists.
    pub programme_columns: Vec<String>,
}

impl InputSpec {
    /// The one constructor of an input, for the config file, the command line and reconcile:
    /// its mapping takes the user's options, and relaxes the required fields the profile's
    /// layout cannot supply.
    pub fn new(
        table: TableKind,
        files: Vec<(PathBuf, String)>,
        profile: Option<Profile>,
        options: InputOptions,
    ) -> InputSpec {
        // A known layout is read on every sheet unless the user chose sheets.
        let sheets = match (options.sheets, profile) {
            (Sheets::First, Some(_)) => Sheets::All,
            (sheets, _) => sheets,
        };
        InputSpec {
            table,
            files,
            sheets,
            profile,
            mapping: MappingConfig {
                columns: options.columns,
                constants: options.constants,
                programme_columns: options.programme_columns,
                header_row: options.header_row,
                relaxed: profile.map(Profile::relaxed).unwrap_or_default(),
            },
        }
    }
}

/// Expands one `paths` entry: a file, a folder (its readable files) or a glob, sorted.
/// Returns (path to open, name to show); the name is the entry as written, joined to the file.
/// Symbolic links are followed, but each real folder is searched once (a link back to a folder
/// above is skipped with a note) and each real file is listed once, under its first name.
pub fn expand(base: &Path, pattern: &str) -> Result<Vec<(PathBuf, String)>> {
    let joined = base.join(pattern);
    let shown = |p: &Path| -> String {
        p.strip_prefix(base)
            .map(|r| r.display().to_string())
            .unwrap_or_else(|_| p.display().to_string())
    };
    let mut out: Vec<PathBuf> = if pattern.contains(['*', '?', '[']) {
        glob_files(&joined).map_err(|e| Error::Config {
            path: pattern.to_string(),
            message: Message::new("config.bad_pattern").with("reason", e),
        })?
    } else if joined.is_dir() {
        std::fs::read_dir(&joined)
            .map_err(|source| Error::Io {
                path: joined.clone(),
                source,
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && Format::of(p).is_some() && !is_lock_file(p))
            .collect()
    } else if joined.is_file() {
        vec![joined.clone()]
    } else {
        Vec::new()
    };
    if out.is_empty() {
        return Err(Error::NoFiles {
            pattern: joined.display().to_string(),
        });
    }
    out.sort();
    let mut files = out
        .into_iter()
        .map(|p| {
            let name = shown(&p);
            (p, name)
        })
        .collect();
    once_each(&mut files, &mut HashSet::new());
    Ok(files)
}

/// Keeps the first of the files (path, name) that lead to one real file; `seen` holds the
/// real paths already kept, across calls. A path that cannot be resolved is kept as it is.
pub fn once_each(files: &mut Vec<(PathBuf, String)>, seen: &mut HashSet<PathBuf>) {
    files.retain(|(p, _)| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
}

/// The readable files a glob matches. The glob crate follows symbolic links into loops
/// forever (`d/loop -> .` under `d/**`), so the folders are walked here, each real folder
/// once, from the pattern's longest folder without wildcards; the glob crate only matches.
fn glob_files(joined: &Path) -> std::result::Result<Vec<PathBuf>, glob::PatternError> {
    let wild = |c: &Component| c.as_os_str().to_string_lossy().contains(['*', '?', '[']);
    let components: Vec<Component> = joined.components().collect();
    let split = components.iter().position(wild).unwrap_or(components.len());
    let root: PathBuf = components[..split].iter().collect();
    let rest: Vec<String> = components[split..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let pattern = glob::Pattern::new(&rest.join("/"))?;
    // `**` crosses any number of folders; otherwise the pattern says how deep to go.
    let depth = if rest.iter().any(|c| c.contains("**")) {
        usize::MAX
    } else {
        rest.len().saturating_sub(1)
    };
    let options = glob::MatchOptions {
        // `*` stays within one folder, as in the glob crate's own walk.
        require_literal_separator: true,
        ..glob::MatchOptions::new()
    };
    let root_dir = if root.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        root.clone()
    };
    let mut found = Vec::new();
    walk(&root_dir, depth, &mut HashSet::new(), &mut found);
    Ok(found
        .into_iter()
        .filter_map(|p| {
            let relative = p.strip_prefix(&root_dir).ok()?.to_path_buf();
            let matches = pattern.matches_path_with(&relative, options);
            (matches && Format::of(&p).is_some()).then(|| root.join(relative))
        })
        .collect())
}

/// Lists the files under `dir`, `depth` folders down, entering each real folder once.
fn walk(dir: &Path, depth: usize, visited: &mut HashSet<PathBuf>, found: &mut Vec<PathBuf>) {
    let Ok(real) = std::fs::canonicalize(dir) else {
        return;
    };
    if !visited.insert(real.clone()) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            if depth == 0 {
                continue;
            }
            match std::fs::canonicalize(&path) {
                // A link to this folder or one above it: searching it would never end.
                Ok(target) if real.starts_with(&target) => eprintln!(
                    "note: {} leads back to {}, a folder already searched (a loop of symbolic links); skipped",
                    path.display(),
                    target.display()
                ),
                Ok(_) => walk(&path, depth - 1, visited, found),
                Err(_) => {}
            }
        } else if path.is_file() && !is_lock_file(&path) {
            found.push(path);
        }
    }
}

/// Office and LibreOffice lock files ("~$x.xlsx", ".~lock.x.ods#") sit beside open workbooks.
pub fn is_lock_file(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("~$") || n.starts_with(".~lock"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_relaxes_the_fields_its_layout_lacks() {
        let options = InputOptions {
            sheets: Sheets::Named(vec!["Feuil1".into()]),
            header_row: Some(3),
            constants: BTreeMap::from([("direction".into(), "outgoing".into())]),
            ..Default::default()
        };
        let plain = InputSpec::new(TableKind::Mobilities, Vec::new(), None, options.clone());
        assert_eq!(plain.sheets, Sheets::Named(vec!["Feuil1".into()]));
        assert_eq!(plain.mapping.header_row, Some(3));
        assert_eq!(plain.mapping.constants["direction"], "outgoing");
        assert!(plain.mapping.relaxed.is_empty());
        let llp = InputSpec::new(
            TableKind::Mobilities,
            Vec::new(),
            Some(Profile::LlpLegacy),
            options,
        );
        assert_eq!(llp.profile, Some(Profile::LlpLegacy));
        assert_eq!(llp.mapping.relaxed, Profile::LlpLegacy.relaxed());
        // The user's sheet stands; without one, a profile reads every sheet.
        assert_eq!(llp.sheets, Sheets::Named(vec!["Feuil1".into()]));
        let bm = InputSpec::new(
            TableKind::Mobilities,
            Vec::new(),
            Some(Profile::BeneficiaryModule),
            InputOptions::default(),
        );
        assert_eq!(bm.sheets, Sheets::All);
    }

    #[test]
    fn lock_files_beside_open_workbooks_are_not_inputs() {
        assert!(is_lock_file(Path::new("in/~$export.xlsx")));
        assert!(is_lock_file(Path::new("in/.~lock.export.ods#")));
        assert!(!is_lock_file(Path::new("in/export.xlsx")));
    }
}
