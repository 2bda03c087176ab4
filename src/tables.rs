//! The canonical tables: each file's columns concatenated in input order, duplicate mobilities
//! rejected across files, and the result turned into one Polars DataFrame per table.

use crate::error::{Error, Location, Result};
use crate::i18n::Message;
use crate::schema::duplicates::mobility_key;
use crate::schema::text_column::TextColumn;
use crate::schema::TableKind;
use crate::validate::{Account, Issue, Rule, Severity};
use polars::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// One file's contribution to a table: its accepted rows.
pub struct Part {
    pub table: TableKind,
    pub frame: DataFrame,
}

/// The canonical tables that had at least one input.
#[derive(Debug, Default, Clone)]
pub struct Tables {
    pub frames: BTreeMap<TableKind, DataFrame>,
}

impl Tables {
    /// The table, if it had inputs.
    pub fn get(&self, table: TableKind) -> Option<&DataFrame> {
        self.frames.get(&table)
    }
}

fn polars_error(table: TableKind) -> impl Fn(PolarsError) -> Error {
    move |source| Error::Polars {
        table: table.to_string(),
        source,
    }
}

/// Concatenates the parts of each table (in the order given), rejects duplicate mobilities
/// (adding their issues and correcting the accounts), and returns the canonical tables.
pub fn assemble(
    parts: Vec<Part>,
    issues: &mut Vec<Issue>,
    accounts: &mut [Account],
) -> Result<Tables> {
    let mut frames: BTreeMap<TableKind, DataFrame> = BTreeMap::new();
    let mut mobility_files = 0;
    for part in parts {
        mobility_files += usize::from(part.table == TableKind::Mobilities);
        match frames.get_mut(&part.table) {
            None => {
                frames.insert(part.table, part.frame);
            }
            Some(df) => {
                df.vstack_mut_owned(part.frame)
                    .map_err(polars_error(part.table))?;
            }
        }
    }
    // Within a file, the row builder has already rejected duplicates: only several files need
    // looking across.
    let several = mobility_files > 1;
    if let Some(df) = several
        .then(|| frames.remove(&TableKind::Mobilities))
        .flatten()
    {
        let error = polars_error(TableKind::Mobilities);
        let keep = duplicate_free_rows(&df, issues, accounts).map_err(&error)?;
        let df = if keep.iter().all(|k| *k) {
            df
        } else {
            filter_owned(df, &keep).map_err(&error)?
        };
        frames.insert(TableKind::Mobilities, df);
    }
    Ok(Tables { frames })
}

/// A mobility seen twice (same person, same partner, same start date) is kept the first time
/// and rejected after: two exports pasted together, or one period entered twice. Returns which
/// rows to keep; adds an issue per duplicate and corrects its file's account.
fn duplicate_free_rows(
    df: &DataFrame,
    issues: &mut Vec<Issue>,
    accounts: &mut [Account],
) -> PolarsResult<Vec<bool>> {
    let text =
        |name: &str| -> PolarsResult<TextColumn> { Ok(TextColumn::from_column(df.column(name)?)) };
    let (person, code, name) = (
        text("person_id")?,
        text("partner_erasmus_code")?,
        text("partner_name")?,
    );
    let start_col = df.column("start_date")?.to_physical_repr();
    let start = start_col.i32()?;
    let (file, sheet) = (text("source_file")?, text("source_sheet")?);
    let source_row = df.column("source_row")?.u32()?;
    let loc = |row: usize| Location {
        file: file.get(row).unwrap_or_default().to_string(),
        sheet: sheet.get(row).unwrap_or_default().to_string(),
        row: source_row.get(row).unwrap_or(0),
        column: String::new(),
    };
    let mut keep = vec![true; df.height()];
    let mut first_seen: HashMap<(u64, u64), usize> = HashMap::with_capacity(df.height());
    for (row, kept) in keep.iter_mut().enumerate() {
        let (Some(p), Some(s)) = (person.get(row), start.get(row)) else {
            continue;
        };
        let key = mobility_key(p, code.get(row), name.get(row), s);
        let Some(&first) = first_seen.get(&key) else {
            first_seen.insert(key, row);
            continue;
        };
        *kept = false;
        let at = loc(row);
        let had_warning = issues.iter().any(|i| {
            i.severity == Severity::Warning
                && i.location.file == at.file
                && i.location.sheet == at.sheet
                && i.location.row == at.row
        });
        if let Some(account) = accounts
            .iter_mut()
            .find(|a| a.file == at.file && a.sheet == at.sheet)
        {
            account.reject_accepted(had_warning);
        }
        issues.push(Issue {
            // Named by place only, never by person id (as in `schema::data_row`).
            message: Message::new("row.duplicate").with_place("earlier", loc(first)),
            value: String::new(),
            location: at,
            severity: Severity::Error,
            rule: Rule::DuplicateMobility,
        });
    }
    Ok(keep)
}

/// Keeps the rows flagged true, column by column, each old column dropped as soon as its
/// filtered copy exists: the peak is one column more than the table, not two tables.
fn filter_owned(df: DataFrame, keep: &[bool]) -> PolarsResult<DataFrame> {
    let mask = BooleanChunked::from_slice("keep".into(), keep);
    let height = keep.iter().filter(|k| **k).count();
    let mut columns = Vec::with_capacity(df.width());
    for column in df.into_columns() {
        columns.push(column.filter(&mask)?);
    }
    DataFrame::new(height, columns)
}
