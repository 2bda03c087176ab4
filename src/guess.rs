//! What a file holds, guessed from its first rows before any setting says: its import
//! profile (a known export layout) or else its table. The command line uses it for files given
//! without `--table`, `init` to write a config, and reconcile to check the Beneficiary
//! Module's export.

use crate::error::{Error, Result};
use crate::ingest::{read_file, Collect};
use crate::profiles::Profile;
use crate::schema::mapping::{header_score, MappingConfig, HEADER_SEARCH_ROWS};
use crate::schema::TableKind;
use std::path::Path;

/// The first `rows` rows of a file (or sheet): what the guesses below look at. One read serves
/// them all.
pub fn sample(path: &Path, display: &str, sheet: Option<&str>, rows: usize) -> Result<Collect> {
    let mut sample = Collect {
        limit: rows,
        ..Default::default()
    };
    read_file(path, display, sheet, &mut sample)?;
    Ok(sample)
}

/// The import profile whose layout a file's header row (among its first rows) is, if any.
pub fn guess_profile(path: &Path, display: &str, sheet: Option<&str>) -> Result<Option<Profile>> {
    let sample = sample(path, display, sheet, HEADER_SEARCH_ROWS)?;
    Ok(profile_of(&sample))
}

/// The import profile of a sample's header row, if any.
pub fn profile_of(sample: &Collect) -> Option<Profile> {
    sample
        .rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .find_map(|(_, cells)| Profile::recognise(cells))
}

/// Guesses the table a sample holds from its header-like rows: the table with most fields
/// matched, then the one whose required fields are best covered. (Required fields alone
/// mislead: an export of outgoing students lacks the direction column but matches a dozen
/// mobility fields, and only one of the students table.)
pub fn table_of(sample: &Collect, display: &str) -> Result<(TableKind, usize)> {
    let config = MappingConfig::default();
    let mut best: Option<((i64, usize, usize), TableKind)> = None;
    for table in TableKind::ALL {
        let required = table.fields().iter().filter(|f| f.required).count();
        let header_rows = sample.rows.iter().take(HEADER_SEARCH_ROWS);
        for (_, cells) in header_rows {
            let (matched, req) = header_score(table, cells, &config);
            // Fields matched less required fields missing (a partner list's "Date de début"
            // matches a mobility's start date, but the list has no direction nor activity),
            // then fields matched, then the fraction of required fields (in thousandths).
            let missing = required - req;
            let score = (
                matched as i64 - missing as i64,
                matched,
                req * 1000 / required,
            );
            // The same test as the row builder's header search, so a guess is always readable.
            if matched >= 2 && req >= 1 && best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, table));
            }
        }
    }
    match best {
        Some((score, table)) => Ok((table, score.1)),
        None => Err(Error::UnknownTable {
            file: display.to_string(),
            found: sample
                .rows
                .iter()
                .find(|(_, cells)| cells.iter().filter(|c| !c.is_blank()).count() >= 2)
                .map(|(_, cells)| {
                    cells
                        .iter()
                        .filter(|c| !c.is_blank())
                        .map(|c| format!("\"{}\"", c.display()))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_else(|| "none".into()),
        }),
    }
}
