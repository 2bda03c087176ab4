//! Test fixtures for the workbook: sample labels, a frame covering every cell type, sample
//! definitions, accounts and issues, writing them out, and reading sheets back with calamine.

use super::{write_workbook, DefinitionRow, SheetTable, WorkbookLabels};
use crate::error::Location;
use crate::schema::{ColumnDef, ColumnKind};
use crate::validate::{Account, Issue, Rule, Severity};
use calamine::{open_workbook_auto, Data, Reader};
use polars::prelude::*;
use std::path::Path;

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

pub(super) fn labels() -> WorkbookLabels {
    WorkbookLabels {
        definitions_sheet: "Définitions".into(),
        quality_sheet: "Qualité des données".into(),
        definitions_header: strings(&["indicateur", "titre", "définition", "tables", "colonnes"])
            .try_into()
            .unwrap(),
        accounts_header: strings(&[
            "fichier",
            "feuille",
            "table",
            "lues",
            "acceptées",
            "averties",
            "rejetées",
            "ignorées",
        ])
        .try_into()
        .unwrap(),
    }
}

/// The kinds of [`frame`]'s columns.
pub(super) const COLUMNS: [ColumnDef; 8] = [
    ColumnDef::new("call_year", ColumnKind::Year),
    ColumnDef::new("students", ColumnKind::Count),
    ColumnDef::new("share_pct", ColumnKind::Percent),
    ColumnDef::new("grant_eur", ColumnKind::Money),
    ColumnDef::new("country", ColumnKind::Text),
    ColumnDef::new("funded", ColumnKind::Vocabulary),
    ColumnDef::new("start", ColumnKind::Text),
    ColumnDef::new("fields", ColumnKind::Text),
];

/// Two rows covering every cell type the indicators produce.
pub(super) fn frame() -> DataFrame {
    let start = Series::new("start".into(), [Some(19968i32), None])
        .cast(&DataType::Date)
        .unwrap();
    let fields = Series::new(
        "fields".into(),
        [
            Series::new("".into(), ["Droit", "Économie"]),
            Series::new("".into(), ["Chimie"]),
        ],
    );
    df!(
        "call_year" => [2024i32, 2025],
        "students" => [1234i64, 7],
        "share_pct" => [12.5, 33.333333333333336],
        "grant_eur" => [1500.25, 0.0],
        "country" => [Some("Autriche"), None],
        "funded" => [true, false],
    )
    .unwrap()
    .hstack(&[start.into_column(), fields.into_column()])
    .unwrap()
}

pub(super) fn definitions() -> Vec<DefinitionRow> {
    vec![DefinitionRow {
        name: "outgoing_by_country".into(),
        title: "Mobilités sortantes par pays".into(),
        definition: "Nombre d'étudiants partis, par pays d'accueil.".into(),
        inputs: "mobilities".into(),
        columns: "call_year, country, students".into(),
    }]
}

pub(super) fn accounts() -> Vec<Account> {
    // 12 rows read: 10 accepted (1 with warnings) + 1 rejected + 1 skipped.
    let mut read = Account::with_counts("in.xlsx", "mobilities", 10, 1, 1, 1);
    read.sheet = "Feuil1".into();
    vec![
        read,
        Account::unreadable("broken.xlsx", "", "mobilities", "not a zip file".into()),
    ]
}

pub(super) fn issues() -> Vec<Issue> {
    let issue = |row, column: &str, rule, value: &str, message: &str| Issue {
        location: Location {
            file: "in.xlsx".into(),
            sheet: "Feuil1".into(),
            row,
            column: column.into(),
        },
        severity: Severity::Error,
        rule,
        value: value.into(),
        message: message.into(),
    };
    vec![
        issue(
            12,
            "D (Pays)",
            Rule::UnknownCountry,
            "Atlantide",
            "not a country",
        ),
        issue(0, "", Rule::UnreadableFile, "", "not a zip file"),
    ]
}

pub(super) fn write(path: &Path) {
    let df = frame();
    let sheets = [SheetTable {
        name: "outgoing_by_country",
        frame: &df,
        columns: &COLUMNS,
    }];
    write_workbook(
        path,
        &sheets,
        &definitions(),
        &accounts(),
        &issues(),
        &labels(),
    )
    .unwrap();
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
