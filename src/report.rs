//! The `report` command's outputs once the inputs are loaded: the canonical tables (`data/`), the
//! indicators computed in one plan (`tables/<name>.csv`), the workbook (`mobistat.xlsx`), the
//! charts (`charts/`), the key-figures card and the HTML report (`report.html`).

use crate::error::{Error, Result};
use crate::i18n;
use crate::i18n::Language;
use crate::indicators::{self, catalogue, Computed, Params, Unavailable};
use crate::load::Loaded;
use crate::render::charts::{self, Chart, ChartContext};
use crate::render::frame_csv::write_frame_file_as;
use crate::render::html::{self, HtmlInput};
use crate::render::key_figures;
use crate::render::workbook::{self, DefinitionRow, SheetTable, WorkbookLabels};
use crate::settings::Settings;
use std::io::Write;

/// Writes every report file under the output folder and says what was written on `out`.
/// With `explain`, prints the indicators' optimised plan first.
pub fn write_reports(
    settings: &Settings,
    loaded: &Loaded,
    explain: bool,
    out: &mut dyn Write,
) -> Result<Computed> {
    let dir = &settings.output_dir;
    let params = Params {
        year: settings.reporting_year,
        min_outgoing_days: settings.min_outgoing_days,
        home_country: settings.home_country.to_string(),
        targets: settings.targets.clone(),
    };
    // A year the data does not reach is named where it was asked: the flag or the config line.
    let plan = indicators::plan(&loaded.tables, &params).map_err(|e| {
        match (&e, settings.asked_year()) {
            (Error::YearOutsideData { .. }, Some(asked)) => Error::Config {
                path: asked.from.to_string(),
                message: e.to_string(),
            },
            _ => e,
        }
    })?;
    if explain {
        let _ = write!(out, "{}", plan.explain()?);
    }
    let computed = plan.collect()?;
    // Written once the figures are known to be computable: a refused year writes no report.
    for (table, df) in &loaded.tables.frames {
        let path = dir.join("data").join(format!("{table}.csv"));
        write_frame_file_as(df, &path, settings.csv_dialect)?;
    }
    for (indicator, df) in &computed.tables {
        let path = dir.join("tables").join(format!("{}.csv", indicator.id()));
        write_frame_file_as(df, &path, settings.csv_dialect)?;
    }
    let workbook_path = dir.join("mobistat.xlsx");
    write_workbook(settings, loaded, &computed, &workbook_path)?;
    let visuals = write_visuals(settings, &params, loaded, &computed)?;

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
    for unavailable in &computed.unavailable {
        let _ = writeln!(out, "note: {}", unavailable_note(Language::En, unavailable));
    }
    for note in office_notes(Language::En, settings, &visuals.left_out) {
        let _ = writeln!(out, "note: {note}");
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
        "{} charts written to {} (PNG and SVG){}",
        visuals.charts,
        dir.join("charts").display(),
        if visuals.card {
            format!(
                ", the key-figures card to {}",
                dir.join("key_figures.png").display()
            )
        } else {
            String::new()
        }
    );
    let _ = writeln!(
        out,
        "report written to {} ({} preset, {})",
        dir.join("report.html").display(),
        settings.preset.as_str(),
        match settings.language {
            Language::Fr => "French",
            Language::En => "English",
        }
    );
    let _ = writeln!(
        out,
        "canonical tables written to {}",
        dir.join("data").display()
    );
    Ok(computed)
}

/// How many charts were written, whether the card was, and the report's blocks left out.
struct Visuals {
    charts: usize,
    card: bool,
    left_out: Vec<&'static str>,
}

/// Writes the charts, the key-figures card and the HTML report.
fn write_visuals(
    settings: &Settings,
    params: &Params,
    loaded: &Loaded,
    computed: &Computed,
) -> Result<Visuals> {
    let dir = &settings.output_dir;
    let source = source_files(loaded);
    let ctx = ChartContext {
        lang: settings.language,
        institution: &settings.institution,
        source: &source,
        targets: &params.targets,
        min_outgoing_days: settings.min_outgoing_days,
    };
    let charts = charts::render_charts(computed, &ctx)?;
    let headlines = key_figures::headlines(computed);
    let card = charts::render_card(&headlines, &computed.year, &ctx)?;
    for chart in &charts {
        write_chart(chart, &dir.join("charts"))?;
    }
    if let Some(card) = &card {
        write_chart(card, dir)?;
    }
    let input = HtmlInput {
        lang: settings.language,
        institution: &settings.institution,
        preset: settings.preset,
        computed,
        charts: &charts,
        headlines: &headlines,
        accounts: &loaded.accounts,
        issues: &loaded.issues,
        source: &source,
        min_outgoing_days: settings.min_outgoing_days,
    };
    let page = html::render_html(&input)?;
    crate::render::write_file(&dir.join("report.html"), |out| {
        out.write_all(page.as_bytes())
    })?;
    Ok(Visuals {
        charts: charts.len(),
        card: card.is_some(),
        left_out: html::left_out(&input),
    })
}

/// `<dir>/<name>.png` and `<dir>/<name>.svg`.
fn write_chart(chart: &Chart, dir: &std::path::Path) -> Result<()> {
    crate::render::write_file(&dir.join(format!("{}.png", chart.name)), |out| {
        out.write_all(&chart.png)
    })?;
    crate::render::write_file(&dir.join(format!("{}.svg", chart.name)), |out| {
        out.write_all(chart.svg.as_bytes())
    })
}

/// The names of the files read, for the "Source:" footers, sorted and without folders.
fn source_files(loaded: &Loaded) -> String {
    let mut names: Vec<&str> = loaded
        .accounts
        .iter()
        .map(|a| {
            std::path::Path::new(&a.file)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or(&a.file)
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    names.join(", ")
}

fn write_workbook(
    settings: &Settings,
    loaded: &Loaded,
    computed: &Computed,
    path: &std::path::Path,
) -> Result<()> {
    let lang = settings.language;
    let sheets: Vec<SheetTable> = computed
        .tables
        .iter()
        .map(|(indicator, frame)| SheetTable {
            name: indicator.id(),
            frame,
            columns: indicator.columns(),
        })
        .collect();
    let definitions: Vec<DefinitionRow> = computed
        .tables
        .iter()
        .map(|(indicator, _)| {
            let e = catalogue::entry(*indicator);
            DefinitionRow {
                name: indicator.id().to_string(),
                title: e.title(lang).to_string(),
                definition: e.definition(lang).to_string(),
                inputs: indicator
                    .needs()
                    .iter()
                    .map(|t| t.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                columns: indicator
                    .columns()
                    .iter()
                    .map(|c| c.name)
                    .collect::<Vec<_>>()
                    .join(", "),
            }
        })
        .collect();
    workbook::write_workbook(
        path,
        &sheets,
        &definitions,
        &loaded.accounts,
        &loaded.issues,
        &labels(lang),
    )
}

/// The workbook's fixed labels, from the translation table's `workbook` section.
fn labels(lang: Language) -> WorkbookLabels {
    let texts = |group: &str, keys: &[&str]| -> Vec<String> {
        keys.iter()
            .map(|key| i18n::text(lang, &format!("workbook.{group}.{key}")))
            .collect()
    };
    let definitions = texts(
        "definitions_header",
        &["indicator", "title", "definition", "inputs", "columns"],
    );
    let accounts = texts(
        "accounts_header",
        &[
            "file", "sheet", "table", "read", "accepted", "warned", "rejected", "skipped",
        ],
    );
    WorkbookLabels {
        definitions_sheet: i18n::text(lang, "workbook.definitions_sheet"),
        quality_sheet: i18n::text(lang, "workbook.quality_sheet"),
        definitions_header: definitions.try_into().expect("five labels"),
        accounts_header: accounts.try_into().expect("eight labels"),
    }
}

/// Guidance for the office that report.html does not give its readers: how to set targets,
/// what the label dossier needs besides mobistat's figures, which sections were left out.
fn office_notes(lang: Language, settings: &Settings, left_out: &[&str]) -> Vec<String> {
    let mut notes = Vec::new();
    if settings.targets.is_empty() {
        notes.push(i18n::text(lang, "terminal.no_targets"));
    }
    if settings.preset == crate::settings::Preset::BienvenueEnFrance {
        notes.push(i18n::text(lang, "terminal.courses"));
    }
    if !left_out.is_empty() {
        notes.push(i18n::fill(
            lang,
            "terminal.left_out",
            &[
                ("count", &left_out.len().to_string()),
                ("names", &left_out.join(", ")),
            ],
        ));
    }
    notes
}

/// The terminal's note on an indicator that was not computed, naming the tables it lacked.
fn unavailable_note(lang: Language, unavailable: &Unavailable) -> String {
    let tables: Vec<&str> = unavailable.missing.iter().map(|t| t.as_str()).collect();
    i18n::fill(
        lang,
        "terminal.unavailable",
        &[
            ("name", unavailable.indicator.id()),
            (
                "tables",
                &tables.join(&i18n::text(lang, "terminal.table_joiner")),
            ),
            ("table", tables.first().copied().unwrap_or_default()),
        ],
    )
}
