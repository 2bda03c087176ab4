//! The canonical tables: each file's columns concatenated in input order, duplicate mobilities
//! rejected across files, and the result turned into one Polars DataFrame per table.

use crate::error::{Error, Location, Result};
use crate::normalise::text::fold;
use crate::schema::columns::ColumnBuilder;
use crate::schema::rows::table_columns;
use crate::schema::TableKind;
use crate::validate::{Account, Issue, Rule, Severity};
use polars::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// One file's contribution to a table.
pub struct Part {
    pub table: TableKind,
    pub columns: Vec<ColumnBuilder>,
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

/// Concatenates the parts of each table (in the order given), rejects duplicate mobilities
/// (adding their issues and correcting the accounts), and builds the DataFrames.
pub fn assemble(parts: Vec<Part>, issues: &mut Vec<Issue>, accounts: &mut [Account]) -> Result<Tables> {
    let mut merged: BTreeMap<TableKind, Vec<ColumnBuilder>> = BTreeMap::new();
    for part in parts {
        match merged.get_mut(&part.table) {
            None => {
                merged.insert(part.table, part.columns);
            }
            Some(columns) => {
                for (col, more) in columns.iter_mut().zip(part.columns) {
                    col.append(more);
                }
            }
        }
    }
    let mut frames = BTreeMap::new();
    for (table, mut columns) in merged {
        if table == TableKind::Mobilities {
            reject_duplicates(&mut columns, issues, accounts);
        }
        let height = columns.first().map_or(0, ColumnBuilder::len);
        let cols = columns
            .into_iter()
            .map(ColumnBuilder::into_column)
            .collect::<PolarsResult<Vec<_>>>()
            .and_then(|cols| DataFrame::new(height, cols))
            .map_err(|source| Error::Polars { table: table.to_string(), source })?;
        frames.insert(table, cols);
    }
    Ok(Tables { frames })
}

/// An empty DataFrame with the table's canonical columns (for tables without inputs).
pub fn empty_frame(table: TableKind) -> Result<DataFrame> {
    let cols = table_columns(table)
        .into_iter()
        .map(|(name, ty)| ColumnBuilder::new(name, ty).into_column())
        .collect::<PolarsResult<Vec<_>>>()
        .and_then(|cols| DataFrame::new(0, cols))
        .map_err(|source| Error::Polars { table: table.to_string(), source })?;
    Ok(cols)
}

fn column<'a>(columns: &'a [ColumnBuilder], name: &str) -> &'a ColumnBuilder {
    columns.iter().find(|c| c.name() == name).expect("canonical column")
}

/// A mobility seen twice (same person, same partner, same start date) is kept the first time
/// and rejected after: two exports pasted together, or one period entered twice.
fn reject_duplicates(columns: &mut [ColumnBuilder], issues: &mut Vec<Issue>, accounts: &mut [Account]) {
    let n = columns.first().map_or(0, ColumnBuilder::len);
    let mut keep = vec![true; n];
    let mut first_seen: HashMap<(String, String, i32), usize> = HashMap::new();
    let mut found = Vec::new();
    {
        let person = column(columns, "person_id");
        let code = column(columns, "partner_erasmus_code");
        let name = column(columns, "partner_name");
        let start = column(columns, "start_date");
        for (row, kept) in keep.iter_mut().enumerate() {
            let (Some(p), Some(s)) = (person.text(row), start.date_days(row)) else { continue };
            // The Erasmus code identifies a partner best; without it, its folded name.
            let partner = code.text(row).map(str::to_string).or_else(|| name.text(row).map(fold)).unwrap_or_default();
            match first_seen.get(&(p.to_string(), partner.clone(), s)) {
                Some(&first) => {
                    *kept = false;
                    found.push((row, first));
                }
                None => {
                    first_seen.insert((p.to_string(), partner, s), row);
                }
            }
        }
    }
    if found.is_empty() {
        return;
    }
    let loc = |row: usize| Location {
        file: column(columns, "source_file").text(row).unwrap_or_default().to_string(),
        sheet: column(columns, "source_sheet").text(row).unwrap_or_default().to_string(),
        row: column(columns, "source_row").row_number(row).unwrap_or(0),
        column: String::new(),
    };
    for (row, first) in found {
        let at = loc(row);
        let earlier = loc(first);
        let had_warning = issues.iter().any(|i| i.severity == Severity::Warning && i.location.file == at.file && i.location.sheet == at.sheet && i.location.row == at.row);
        if let Some(account) = accounts.iter_mut().find(|a| a.file == at.file && a.sheet == at.sheet) {
            account.accepted -= 1;
            account.rejected += 1;
            if had_warning {
                account.warned -= 1;
            }
        }
        issues.push(Issue {
            message: format!(
                "same person ({}), partner and start date as {}; the second entry is rejected",
                column(columns, "person_id").text(row).unwrap_or_default(),
                earlier
            ),
            value: column(columns, "person_id").text(row).unwrap_or_default().to_string(),
            location: at,
            severity: Severity::Error,
            rule: Rule::DuplicateMobility,
        });
    }
    for c in columns.iter_mut() {
        c.retain(&keep);
    }
}
