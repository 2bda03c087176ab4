//! The `report` command's outputs after ingestion: the canonical tables (`data/`), the
//! indicators computed in one plan (`tables/<name>.csv`) and the workbook (`mobistat.xlsx`).

use crate::error::Result;
use crate::indicators::{self, catalogue, Computed, Params};
use crate::pipeline::Ingested;
use crate::render::frame_csv::write_frame_file_as;
use crate::render::workbook::{self, DefinitionRow, SheetTable, WorkbookLabels};
use crate::settings::{Language, Settings};
use std::io::Write;

/// Writes every report file under the output folder and says what was written on `out`.
/// With `explain`, prints the indicators' optimised plan first.
pub fn write_reports(
    settings: &Settings,
    ingested: &Ingested,
    explain: bool,
    out: &mut dyn Write,
) -> Result<Computed> {
    let dir = &settings.output_dir;
    for (table, df) in &ingested.tables.frames {
        let path = dir.join("data").join(format!("{table}.csv"));
        write_frame_file_as(df, &path, settings.csv_dialect)?;
    }
    let params = Params {
        year: settings.reporting_year.clone(),
        min_outgoing_days: settings.min_outgoing_days,
        home_country: settings.home_country.to_string(),
        targets: settings.targets.clone(),
    };
    let plan = indicators::plan(&ingested.tables, &params)?;
    if explain {
        let _ = write!(out, "{}", plan.explain()?);
    }
    let computed = plan.collect()?;
    for (name, df) in &computed.tables {
        let path = dir.join("tables").join(format!("{name}.csv"));
        write_frame_file_as(df, &path, settings.csv_dialect)?;
    }
    let workbook_path = dir.join("mobistat.xlsx");
    write_workbook(settings, ingested, &computed, &workbook_path)?;

    let _ = writeln!(
        out,
        "reporting year {}{}",
        computed.year,
        if computed.year_is_default {
            " (the latest in the data; choose another with --year)"
        } else {
            ""
        }
    );
    for (_, why) in &computed.unavailable {
        let _ = writeln!(out, "note: {why}");
    }
    let _ = writeln!(
        out,
        "{} indicator tables written to {}, all in {}",
        computed.tables.len(),
        dir.join("tables").display(),
        workbook_path.display()
    );
    let _ = writeln!(
        out,
        "canonical tables written to {}",
        dir.join("data").display()
    );
    Ok(computed)
}

fn write_workbook(
    settings: &Settings,
    ingested: &Ingested,
    computed: &Computed,
    path: &std::path::Path,
) -> Result<()> {
    let lang = settings.language;
    let sheets: Vec<SheetTable> = computed
        .tables
        .iter()
        .map(|(name, frame)| SheetTable { name, frame })
        .collect();
    let definitions: Vec<DefinitionRow> = computed
        .tables
        .iter()
        .filter_map(|(name, _)| catalogue::entry(name))
        .map(|e| DefinitionRow {
            name: e.name.clone(),
            title: e.title(lang).to_string(),
            definition: e.definition(lang).to_string(),
            inputs: e
                .needs
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            columns: e.columns.join(", "),
        })
        .collect();
    workbook::write_workbook(
        path,
        &sheets,
        &definitions,
        &ingested.accounts,
        &ingested.issues,
        &labels(lang),
    )
}

fn labels(lang: Language) -> WorkbookLabels {
    let strings = |items: &[&str]| -> Vec<String> { items.iter().map(|s| s.to_string()).collect() };
    let (definitions, quality, def_header, acc_header) = match lang {
        Language::Fr => (
            "Définitions",
            "Qualité des données",
            strings(&[
                "indicateur",
                "titre",
                "définition",
                "tables utilisées",
                "colonnes",
            ]),
            strings(&[
                "fichier",
                "feuille",
                "table",
                "lues",
                "acceptées",
                "avec avertissement",
                "rejetées",
                "ignorées",
            ]),
        ),
        Language::En => (
            "Definitions",
            "Data quality",
            strings(&["indicator", "title", "definition", "inputs", "columns"]),
            strings(&[
                "file",
                "sheet",
                "table",
                "read",
                "accepted",
                "with warnings",
                "rejected",
                "skipped",
            ]),
        ),
    };
    WorkbookLabels {
        definitions_sheet: definitions.to_string(),
        quality_sheet: quality.to_string(),
        definitions_header: def_header.try_into().expect("five labels"),
        accounts_header: acc_header.try_into().expect("eight labels"),
    }
}
