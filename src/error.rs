//! Typed errors of the library and the `Location` that every error and issue carries.

use crate::i18n::{fill, Language};
use std::fmt;
use std::path::PathBuf;

/// Where a value sits in the inputs, as the user sees it in their spreadsheet program.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Location {
    /// The file as given in the config or on the command line.
    pub file: String,
    /// The sheet name; empty for CSV files.
    pub sheet: String,
    /// The 1-based row number as the spreadsheet shows it (0 when the problem is the whole sheet).
    pub row: u32,
    /// The column as "D (Pays)": letter and header; empty when the problem is the whole row.
    pub column: String,
}

impl Location {
    /// A location naming a whole sheet (no row, no column).
    pub fn sheet(file: &str, sheet: &str) -> Self {
        Location {
            file: file.to_string(),
            sheet: sheet.to_string(),
            row: 0,
            column: String::new(),
        }
    }
}

impl Location {
    /// The place in `lang`: "in.xlsx, sheet \"S\", row 12, column D (Pays)" or
    /// "in.xlsx, feuille « S », ligne 12, colonne D (Pays)".
    pub fn phrase(&self, lang: Language) -> String {
        let mut out = self.file.clone();
        let mut part = |key: &str, name: &str, value: &str| {
            out.push_str(", ");
            out.push_str(&fill(lang, key, &[(name, value)]));
        };
        if !self.sheet.is_empty() {
            part("location.sheet", "sheet", &self.sheet);
        }
        if self.row > 0 {
            part("location.row", "row", &self.row.to_string());
        }
        if !self.column.is_empty() {
            part("location.column", "column", &self.column);
        }
        out
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.phrase(Language::En))
    }
}

/// Spreadsheet column letters for a 0-based index: 0 → "A", 27 → "AB".
pub fn column_letter(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// Everything that stops mobistat from reading a file or running at all.
/// Row-level problems are not errors: they are [`crate::validate::Issue`]s.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{file} is a .{extension} file, which mobistat cannot read (it reads .xlsx, .xlsm, .xlsb, .xls, .ods, .csv, .tsv and .txt)")]
    UnsupportedFormat { file: String, extension: String },
    #[error("{file} could not be opened as a spreadsheet: {reason}")]
    Workbook { file: String, reason: String },
    #[error("{location}: the spreadsheet could not be read: {reason}")]
    Sheet {
        location: Box<Location>,
        reason: String,
    },
    #[error("{file} has no sheet named \"{sheet}\" (its sheets are: {available})")]
    SheetNotFound {
        file: String,
        sheet: String,
        available: String,
    },
    #[error("{file} has no sheet with any data")]
    NoData { file: String },
    #[error("{location}: no header row found in the first {searched} rows (looked for {table} headers such as {examples}); set header_row for this input in mobistat.toml")]
    NoHeader {
        location: Box<Location>,
        table: String,
        searched: usize,
        examples: String,
    },
    #[error(
        "{location}: the required column \"{field}\" is missing (headers found: {found}){hint}"
    )]
    MissingColumn {
        location: Box<Location>,
        field: String,
        found: String,
        hint: String,
    },
    #[error("{location}: the configured column \"{header}\" for {field} is not among the headers ({found})")]
    MappedColumnNotFound {
        location: Box<Location>,
        field: String,
        header: String,
        found: String,
    },
    #[error("{file}: the spreadsheet library stopped on this file ({reason}); the file is probably damaged: open it and save it again")]
    Panicked { file: String, reason: String },
    #[error("{path}: {message}")]
    Config { path: String, message: String },
    #[error("{pattern} matches no file")]
    NoFiles { pattern: String },
    #[error("cannot guess which table {file} holds (its headers: {found}); give it with --table")]
    UnknownTable { file: String, found: String },
    #[error("could not build the {table} table: {source}")]
    Polars {
        table: String,
        #[source]
        source: polars::error::PolarsError,
    },
    #[error("the data does not reach {year}: it holds {present}; choose one of those years")]
    YearOutsideData {
        /// The academic year asked for.
        year: String,
        /// The years each table holds, as a phrase ("mobilities 2021-2022 to 2024-2025; ...").
        present: String,
    },
    #[error("could not compute the indicators: {source}")]
    Indicators {
        #[source]
        source: polars::error::PolarsError,
    },
    #[error("cannot write {path}: {reason}")]
    Write { path: String, reason: String },
    /// The `[reference] eche` list could not be read: the check the user asked for cannot run.
    #[error("{file} could not be read as the list of ECHE holders: {reason}")]
    EcheList { file: String, reason: String },
    /// A file crossed one of the `[limits]`: it is not read, the run goes on with the others.
    #[error("{location}: {} ({}); the file is not read; if it is a genuine export, raise the limit in mobistat.toml: [limits] {} = {}", .limit.phrase(*.found, *.max), .limit.key(), .limit.key(), .limit.suggestion(*.found, *.max))]
    Limit {
        location: Box<Location>,
        limit: crate::ingest::limits::Limit,
        /// The limit's value.
        max: u64,
        /// What the file holds (or reached when it was stopped).
        found: u64,
    },
    /// `reconcile` was given, as the Beneficiary Module's export, a file without its header.
    #[error("{file} is not a Beneficiary Module export: none of its first rows is the export's header (with \"Activity Type\", \"Start Date\", \"Sending Country\" and \"Receiving Country\")")]
    NotBeneficiaryModule { file: String },
}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_follow_spreadsheet_order() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn location_reads_as_a_phrase() {
        let loc = Location {
            file: "in.xlsx".into(),
            sheet: "Feuil1".into(),
            row: 12,
            column: "D (Pays)".into(),
        };
        assert_eq!(
            loc.to_string(),
            "in.xlsx, sheet \"Feuil1\", row 12, column D (Pays)"
        );
        assert_eq!(Location::sheet("a.csv", "").to_string(), "a.csv");
    }
}
