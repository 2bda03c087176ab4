//! Test fixtures for the workbook: sample labels, a frame covering every cell type, sample
//! definitions, accounts and issues, writing them out, and reading sheets back with calamine.

use super::{write_workbook, DefinitionRow, SheetTable, WorkbookInput};
use crate::error::Location;
use crate::i18n::{Language, Message};
use crate::schema::{ColumnDef, ColumnKind};
use crate::validate::{Account, Issue, Rule, Severity};
use calamine::{open_workbook_auto, Data, Reader};
use polars::prelude::*;
use std::path::Path;

/// The kinds of [`frame`]'s columns.
/// Catalogue column names, so that their headers have labels; the date and list columns
/// borrow text columns' names (no indicator has such columns yet, but a frame may).
pub(super) const COLUMNS: [ColumnDef; 9] = [
    ColumnDef::new("graduation_year", ColumnKind::Year),
    ColumnDef::new("students", ColumnKind::Count),
    ColumnDef::new("share_pct", ColumnKind::Percent),
    ColumnDef::new("budget_eur", ColumnKind::Money),
    ColumnDef::new("country", ColumnKind::Country),
    ColumnDef::new("direction", ColumnKind::Vocabulary),
    ColumnDef::new("erasmus", ColumnKind::Text),
    ColumnDef::new("activity_code", ColumnKind::Text),
    ColumnDef::new("project_reference", ColumnKind::OwnWords),
];

/// Two rows covering every cell type the indicators produce.
pub(super) fn frame() -> DataFrame {
    let start = Series::new("activity_code".into(), [Some(19968i32), None])
        .cast(&DataType::Date)
        .unwrap();
    let fields = Series::new(
        "project_reference".into(),
        [
            Series::new("".into(), ["Droit", "Économie"]),
            Series::new("".into(), ["Chimie"]),
        ],
    );
    df!(
        "graduation_year" => [2024i32, 2025],
        "students" => [1234i64, 7],
        "share_pct" => [12.5, 33.333333333333336],
        "budget_eur" => [1500.25, 0.0],
        "country" => [Some("AT"), Some("other")],
        "direction" => [Some("incoming"), None],
        "erasmus" => [true, false],
    )
    .unwrap()
    .hstack(&[start.into_column(), fields.into_column()])
    .unwrap()
}

pub(super) fn definitions() -> Vec<DefinitionRow> {
    vec![DefinitionRow {
        title: "Mobilités par pays".into(),
        definition: "Nombre d'étudiants partis, par pays d'accueil.".into(),
        inputs: "Mobilités".into(),
        columns: "Pays, Étudiants".into(),
        csv_file: "tables/mobility_by_country.csv".into(),
    }]
}

pub(super) fn accounts() -> Vec<Account> {
    // 12 rows read: 10 accepted (1 with warnings) + 1 rejected + 1 skipped.
    let mut read = Account::with_counts("in.xlsx", "mobilities", 10, 1, 1, 1);
    read.sheet = "Feuil1".into();
    vec![
        read,
        Account::unreadable(
            "broken.xlsx",
            "",
            "mobilities",
            Message::new("error.no_data").with("file", "broken.xlsx"),
        ),
    ]
}

pub(super) fn issues() -> Vec<Issue> {
    let issue = |row, column: &str, rule, value: &str, message: Message| Issue {
        location: Location {
            file: "in.xlsx".into(),
            sheet: "Feuil1".into(),
            row,
            column: column.into(),
        },
        severity: Severity::Error,
        rule,
        value: value.into(),
        message,
    };
    vec![
        issue(
            12,
            "D (Pays)",
            Rule::UnknownCountry,
            "Atlantide",
            Message::new("parse.not_a_number").with("value", "Atlantide"),
        ),
        issue(
            0,
            "",
            Rule::UnreadableFile,
            "",
            Message::new("error.workbook")
                .with("file", "broken.xlsx")
                .with("reason", "not a zip file"),
        ),
    ]
}

/// The sheet name [`write`] gives its one table.
pub(super) const TABLE_SHEET: &str = "Mobilités par pays";

/// Writes the fixtures in French, for "Arts & Métiers (démo)" in 2024-2025.
pub(super) fn write(path: &Path) {
    let df = frame();
    let sheets = [SheetTable {
        title: TABLE_SHEET,
        frame: &df,
        columns: &COLUMNS,
        hidden: &crate::indicators::privacy::Mask::EMPTY,
        marker: "< 5",
    }];
    write_workbook(
        path,
        &input(&sheets, &definitions(), &accounts(), &issues()),
    )
    .unwrap();
}

/// The workbook input of these parts, in French.
pub(super) fn input<'a>(
    sheets: &'a [SheetTable<'a>],
    definitions: &'a [DefinitionRow],
    accounts: &'a [Account],
    issues: &'a [Issue],
) -> WorkbookInput<'a> {
    WorkbookInput {
        lang: Language::Fr,
        institution: "Arts & Métiers (démo)",
        year: "2024-2025",
        sheets,
        definitions,
        accounts,
        issues,
        privacy_note: None,
    }
}

/// The xml of the workbook's part `name` ("xl/workbook.xml").
pub(super) fn part(path: &Path, name: &str) -> String {
    let mut zip = ::zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
    text
}

pub(super) fn read(path: &Path, sheet: &str) -> calamine::Range<Data> {
    open_workbook_auto(path)
        .unwrap()
        .worksheet_range(sheet)
        .unwrap()
}

pub(super) fn row_texts(range: &calamine::Range<Data>, row: usize) -> Vec<String> {
    range
        .rows()
        .nth(row)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect()
}
