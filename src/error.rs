//! Typed errors of the library and the `Location` that every error and issue carries.

use crate::i18n::{fill, Language, Message};
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
///
/// Each is one sentence of the translation table ([`Error::message`]); `Display` gives it in
/// English, and the binary prints it in the report language.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message().render(Language::En))]
pub enum Error {
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    UnsupportedFormat {
        file: String,
        extension: String,
    },
    /// A file whose first bytes are not what its extension announces.
    ContentMismatch {
        file: String,
        extension: String,
        /// What the file is, and what to do: a translation key ("message.content.csv_text").
        content: &'static str,
    },
    /// A workbook whose XML declares and uses its own entities, as "billion laughs" files do.
    XmlEntities {
        file: String,
    },
    /// An .xls file whose compound-file structure is broken (a sector chain that loops or
    /// leaves the file): `problem` says which.
    DamagedXls {
        file: String,
        problem: Message,
    },
    Workbook {
        file: String,
        reason: String,
    },
    Sheet {
        location: Box<Location>,
        reason: String,
    },
    SheetNotFound {
        file: String,
        sheet: String,
        available: String,
    },
    NoData {
        file: String,
    },
    NoHeader {
        location: Box<Location>,
        table: String,
        searched: usize,
        examples: String,
    },
    MissingColumn {
        location: Box<Location>,
        field: String,
        found: String,
        /// What to do about it: the closest unused header, or the headers that would do.
        hint: Message,
    },
    MappedColumnNotFound {
        location: Box<Location>,
        field: String,
        header: String,
        found: String,
    },
    Panicked {
        file: String,
        reason: String,
    },
    /// A setting that cannot be used, where it was given: a file and line, a flag, or
    /// "command line" ([`COMMAND_LINE`]).
    Config {
        path: String,
        message: Message,
    },
    NoFiles {
        pattern: String,
    },
    UnknownTable {
        file: String,
        found: String,
    },
    Polars {
        table: String,
        #[source]
        source: polars::error::PolarsError,
    },
    YearOutsideData {
        /// The academic year asked for.
        year: String,
        /// The years each table holds ("mobilities: 2021-2022 to 2024-2025", one per table).
        present: Vec<Message>,
    },
    Indicators {
        #[source]
        source: polars::error::PolarsError,
    },
    Write {
        path: String,
        reason: String,
    },
    /// The output folder could not be locked, prepared or put in place; the previous reports
    /// are left as they were.
    Output {
        dir: String,
        reason: String,
    },
    /// `mobistat app` could not listen on its address (a port in use, an address not this
    /// machine's).
    Listen {
        addr: String,
        reason: String,
    },
    /// Another run holds the output folder's lock.
    OutputBusy {
        dir: String,
        /// " (process N)", or empty when the number cannot be read (Windows keeps a locked
        /// file from other processes; the holder may not have written it yet).
        holder: String,
    },
    /// The output folder holds files mobistat did not write: replacing it would delete them.
    OutputNotOurs {
        dir: String,
        example: String,
    },
    /// An input file lies inside the output folder, which each run replaces.
    OutputHoldsInput {
        dir: String,
        file: String,
    },
    /// The `[reference] eche` list could not be read: the check the user asked for cannot run.
    EcheList {
        file: String,
        reason: String,
    },
    /// A file crossed one of the `[limits]`: it is not read, the run goes on with the others.
    Limit {
        location: Box<Location>,
        limit: crate::ingest::limits::Limit,
        /// The limit's value.
        max: u64,
        /// What the file holds (or reached when it was stopped).
        found: u64,
    },
    /// `reconcile` was given, as the Beneficiary Module's export, a file without its header.
    NotBeneficiaryModule {
        file: String,
    },
}

/// The `path` of a [`Error::Config`] given on the command line, translated when shown.
pub const COMMAND_LINE: &str = "command line";

impl Error {
    /// The error as a sentence of the translation table (`error.*`).
    pub fn message(&self) -> Message {
        let m = |key: &'static str| Message::new(key);
        match self {
            Error::Io { path, source } => m("error.io")
                .with("path", path.display())
                .with("reason", source),
            Error::UnsupportedFormat { file, extension } => m("error.unsupported_format")
                .with("file", file)
                .with("extension", extension),
            Error::ContentMismatch {
                file,
                extension,
                content,
            } => m("error.content_mismatch")
                .with("file", file)
                .with("extension", extension)
                .with_word("content", *content),
            Error::XmlEntities { file } => m("error.xml_entities").with("file", file),
            Error::DamagedXls { file, problem } => m("error.damaged_xls")
                .with("file", file)
                .with_sentence("problem", problem.clone()),
            Error::Workbook { file, reason } => m("error.workbook")
                .with("file", file)
                .with("reason", reason),
            Error::Sheet { location, reason } => m("error.sheet")
                .with_place("location", (**location).clone())
                .with("reason", reason),
            Error::SheetNotFound {
                file,
                sheet,
                available,
            } => m("error.sheet_not_found")
                .with("file", file)
                .with("sheet", sheet)
                .with("available", available),
            Error::NoData { file } => m("error.no_data").with("file", file),
            Error::NoHeader {
                location,
                table,
                searched,
                examples,
            } => m("error.no_header")
                .with_place("location", (**location).clone())
                .with("searched", searched)
                .with("table", table)
                .with("examples", examples),
            Error::MissingColumn {
                location,
                field,
                found,
                hint,
            } => m("error.missing_column")
                .with_place("location", (**location).clone())
                .with("field", field)
                .with("found", found)
                .with_sentence("hint", hint.clone()),
            Error::MappedColumnNotFound {
                location,
                field,
                header,
                found,
            } => m("error.mapped_column_not_found")
                .with_place("location", (**location).clone())
                .with("header", header)
                .with("field", field)
                .with("found", found),
            Error::Panicked { file, reason } => m("error.panicked")
                .with("file", file)
                .with("reason", reason),
            Error::Config { path, message } => {
                let m = m("error.config").with_sentence("message", message.clone());
                if path == COMMAND_LINE {
                    m.with_word("path", "message.error.command_line")
                } else {
                    m.with("path", path)
                }
            }
            Error::NoFiles { pattern } => m("error.no_files").with("pattern", pattern),
            Error::UnknownTable { file, found } => m("error.unknown_table")
                .with("file", file)
                .with("found", found),
            Error::Polars { table, source } => m("error.polars")
                .with("table", table)
                .with("reason", source),
            Error::YearOutsideData { year, present } => m("error.year_outside_data")
                .with("year", year)
                .with_list("present", present.clone(), "semicolon"),
            Error::Indicators { source } => m("error.indicators").with("reason", source),
            Error::Write { path, reason } => {
                m("error.write").with("path", path).with("reason", reason)
            }
            Error::Output { dir, reason } => {
                m("error.output").with("dir", dir).with("reason", reason)
            }
            Error::Listen { addr, reason } => {
                m("error.listen").with("addr", addr).with("reason", reason)
            }
            Error::OutputBusy { dir, holder } => m("error.output_busy")
                .with("dir", dir)
                .with("holder", holder),
            Error::OutputNotOurs { dir, example } => m("error.output_not_ours")
                .with("dir", dir)
                .with("example", example),
            Error::OutputHoldsInput { dir, file } => m("error.output_holds_input")
                .with("dir", dir)
                .with("file", file),
            Error::Limit {
                location,
                limit,
                max,
                found,
            } => m("error.limit")
                .with_place("location", (**location).clone())
                .with_sentence("phrase", limit.phrase(*found, *max))
                .with("key", limit.key())
                .with("suggestion", limit.suggestion(*found, *max)),
            Error::EcheList { file, reason } => m("error.eche_list")
                .with("file", file)
                .with("reason", reason),
            Error::NotBeneficiaryModule { file } => {
                m("error.not_beneficiary_module").with("file", file)
            }
        }
    }
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
