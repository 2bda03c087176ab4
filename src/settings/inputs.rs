//! The inputs of a run: each one's files found (folders and globs expanded, sorted) and the
//! one constructor of its [`InputSpec`], whose mapping the config file, the command line and
//! reconcile all build through it.

use crate::error::{Error, Result};
use crate::i18n::Message;
use crate::ingest::Format;
use crate::profiles::Profile;
use crate::schema::mapping::MappingConfig;
use crate::schema::TableKind;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One input, ready to read, made by [`InputSpec::new`] (which builds its mapping).
#[derive(Debug, Clone)]
pub struct InputSpec {
    pub table: TableKind,
    /// (path to open, name shown to the user).
    pub files: Vec<(PathBuf, String)>,
    pub sheet: Option<String>,
    /// The import profile that translates the files' layout, if any.
    pub profile: Option<Profile>,
    pub mapping: MappingConfig,
}

/// How one input's files are read, as the user gave it (an `[[inputs]]` entry of the config,
/// or the command line's `--sheet`, `--header-row`, `--map`, `--set`, `--programme-columns`).
#[derive(Debug, Clone, Default)]
pub struct InputOptions {
    pub sheet: Option<String>,
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
        InputSpec {
            table,
            files,
            sheet: options.sheet,
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
pub fn expand(base: &Path, pattern: &str) -> Result<Vec<(PathBuf, String)>> {
    let joined = base.join(pattern);
    let shown = |p: &Path| -> String {
        p.strip_prefix(base)
            .map(|r| r.display().to_string())
            .unwrap_or_else(|_| p.display().to_string())
    };
    let mut out: Vec<PathBuf> = if pattern.contains(['*', '?', '[']) {
        let pattern_text = joined.to_string_lossy().into_owned();
        glob::glob(&pattern_text)
            .map_err(|e| Error::Config {
                path: pattern.to_string(),
                message: Message::new("config.bad_pattern").with("reason", e),
            })?
            .filter_map(|p| p.ok())
            .filter(|p| p.is_file() && Format::of(p).is_some())
            .collect()
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
    Ok(out
        .into_iter()
        .map(|p| {
            let name = shown(&p);
            (p, name)
        })
        .collect())
}

/// Office and LibreOffice lock files ("~$x.xlsx", ".~lock.x.ods#") sit beside open workbooks.
fn is_lock_file(p: &Path) -> bool {
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
            sheet: Some("Feuil1".into()),
            header_row: Some(3),
            constants: BTreeMap::from([("direction".into(), "outgoing".into())]),
            ..Default::default()
        };
        let plain = InputSpec::new(TableKind::Mobilities, Vec::new(), None, options.clone());
        assert_eq!(plain.sheet.as_deref(), Some("Feuil1"));
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
    }

    #[test]
    fn lock_files_beside_open_workbooks_are_not_inputs() {
        assert!(is_lock_file(Path::new("in/~$export.xlsx")));
        assert!(is_lock_file(Path::new("in/.~lock.export.ods#")));
        assert!(!is_lock_file(Path::new("in/export.xlsx")));
    }
}
