//! The `report` command's outputs once the inputs are loaded: the canonical tables (`data/`), the
//! indicators computed in one plan (`tables/<name>.csv`), the workbook (`mobistat.xlsx`), the
//! charts (`charts/`), the key-figures card and the HTML report (`report.html`).

use crate::error::{Error, Result};
use crate::i18n;
use crate::i18n::Language;
use crate::indicators::privacy::{self, Hidden};
use crate::indicators::{self, catalogue, Computed, Indicator, Params, Unavailable};
use crate::load::Loaded;
use crate::render::charts::{self, Chart, ChartContext};
use crate::render::frame_csv::write_frame_file_as;
use crate::render::html::{self, HtmlInput};
use crate::render::key_figures;
use crate::render::workbook::{self, DefinitionRow, SheetTable, WorkbookInput};
use crate::scope;
use crate::settings::Settings;
use polars::prelude::DataFrame;
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes every report file into `staging` (the folder that will replace the output folder)
/// and says on `out` what was written, naming the files where they will be once in place.
/// With `explain`, prints the indicators' optimised plan first.
pub fn write_reports(
    settings: &Settings,
    loaded: &Loaded,
    explain: bool,
    staging: &Path,
    out: &mut dyn Write,
) -> Result<()> {
    // A faculty's report: its rows, its targets, and its name beside the institution's.
    let scoped = match &settings.faculty {
        Some(faculty) => Some(scope::restrict_checked(&loaded.tables, faculty, settings)?),
        None => None,
    };
    let owned;
    let settings = match &settings.faculty {
        Some(faculty) => {
            owned = scope::settings_for(settings, faculty);
            &owned
        }
        None => settings,
    };
    let tables = scoped.as_ref().unwrap_or(&loaded.tables);
    let dir = &settings.output_dir;
    let params = Params {
        whole: scoped.as_ref().map(|_| loaded.tables.clone()),
        institution_only: match scoped {
            Some(_) => scope::INSTITUTION_ONLY
                .into_iter()
                .filter(|t| loaded.tables.get(*t).is_some())
                .collect(),
            None => Vec::new(),
        },
        year: settings.reporting_year,
        min_outgoing_days: settings.min_outgoing_days,
        dormant_years: settings.dormant_years,
        rates: settings.rates.clone(),
        home_city: settings.home_city.clone(),
        home_country: settings.home_country.to_string(),
        targets: settings.targets.clone(),
    };
    // A year the data does not reach is named where it was asked: the flag or the config line.
    let plan = indicators::plan(tables, &params).map_err(|e| match e {
        Error::YearOutsideData { .. } => Error::Config {
            path: settings.reporting_year_from.clone(),
            message: e.message(),
        },
        _ => e,
    })?;
    if explain {
        let _ = write!(out, "{}", plan.explain()?);
    }
    crate::events::stage("indicators");
    let computed = plan.collect()?;
    crate::events::stage("tables");
    // Written once the figures are known to be computable: a refused year writes no report.
    // The canonical and indicator CSV files are for the office: every row, every count
    // (`--public` leaves them out).
    let public_run = settings.privacy.public;
    let mut files: Vec<(&DataFrame, PathBuf)> = Vec::new();
    for (table, df) in tables.frames.iter().filter(|_| !public_run) {
        files.push((df, staging.join("data").join(format!("{table}.csv"))));
    }
    // Every euro traces to rows: the grant of each mobility the Erasmus+ projects pay, as
    // the plan computed it.
    if tables.get(crate::schema::TableKind::Mobilities).is_some() && !public_run {
        let path = staging.join("data").join("erasmus_grants.csv");
        files.push((&computed.erasmus_grants, path));
    }
    for (indicator, df) in computed.tables.iter().filter(|_| !public_run) {
        let path = staging
            .join("tables")
            .join(format!("{}.csv", indicator.id()));
        files.push((df, path));
    }
    // Each file is written whole by one thread: on a million rows the canonical mobilities
    // and the grants take seconds each, and they do not depend on each other.
    files
        .par_iter()
        .try_for_each(|(df, path)| write_frame_file_as(df, path, settings.csv_dialect))?;
    // Nothing after reads the per-mobility grants (as large as the funded mobilities), and the
    // writers' buffers were freed on rayon's threads, where the allocator keeps them: both
    // given back, the workbook, charts and html do not stack on top of them (1M-row xlsx:
    // 330–346 MB at the html without, BENCHMARKS.md, issue 18, eleventh pass).
    let computed = Computed {
        erasmus_grants: DataFrame::empty(),
        ..computed
    };
    crate::memory::release();
    // The outputs meant for people read the tables with their small counts hidden.
    let hidden = privacy::hidden(&computed, settings.privacy.min_cell);
    let public = privacy::with_tables(&computed, privacy::emptied(&computed, &hidden)?);
    crate::events::stage("workbook");
    // rust_xlsxwriter writes the workbook on one thread (0.4 s for a 1M-row list's indicator
    // rows); the charts and page, which need nothing of it, are drawn meanwhile. Its error
    // is told first, as when they came after it.
    let xlsx = staging.join("mobistat.xlsx");
    let (workbook, visuals) = rayon::join(
        || write_workbook(settings, loaded, &public, &hidden, &xlsx),
        || write_visuals(settings, &params, loaded, &public, staging, &hidden),
    );
    workbook?;
    let visuals = visuals?;

    let lang = settings.language;
    let year = computed.year.to_string();
    let key = if computed.year_is_default {
        "terminal.written.year_default"
    } else {
        "terminal.written.year"
    };
    let _ = writeln!(out, "{}", i18n::fill(lang, key, &[("year", &year)]));
    let note = i18n::text(lang, "terminal.note");
    for unavailable in &computed.unavailable {
        let _ = writeln!(out, "{note}{}", unavailable_note(lang, unavailable));
    }
    for line in office_notes(lang, settings, &visuals.left_out) {
        let _ = writeln!(out, "{note}{line}");
    }
    let path = |p: PathBuf| p.display().to_string();
    if public_run {
        let min = settings.privacy.min_cell.to_string();
        let _ = writeln!(
            out,
            "{}",
            i18n::fill(lang, "privacy.public", &[("min", &min)])
        );
    }
    let lines = [
        (
            "terminal.written.tables",
            vec![
                ("count", computed.tables.len().to_string()),
                ("dir", path(dir.join("tables"))),
                ("workbook", path(dir.join("mobistat.xlsx"))),
            ],
        ),
        (
            if visuals.card {
                "terminal.written.charts_and_card"
            } else {
                "terminal.written.charts"
            },
            vec![
                ("count", visuals.charts.to_string()),
                ("dir", path(dir.join("charts"))),
                ("card", path(dir.join("key_figures.png"))),
            ],
        ),
        (
            "terminal.written.report",
            vec![
                ("path", path(dir.join("report.html"))),
                (
                    "preset",
                    i18n::text(lang, &format!("preset.{}", settings.preset.as_str())),
                ),
            ],
        ),
        (
            "terminal.written.data",
            vec![("dir", path(dir.join("data")))],
        ),
    ];
    // A public run wrote neither tables/ nor data/: the lines naming them are left out.
    let lines = lines.into_iter().filter(|(key, _)| {
        !public_run || !matches!(*key, "terminal.written.tables" | "terminal.written.data")
    });
    for (key, args) in lines {
        let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let _ = writeln!(out, "{}", i18n::fill(lang, key, &args));
    }
    Ok(())
}

/// How many charts were written, whether the card was, and the report's blocks left out.
struct Visuals {
    charts: usize,
    card: bool,
    left_out: Vec<&'static str>,
}

/// Writes the charts, the key-figures card and the HTML report into `dir`.
fn write_visuals(
    settings: &Settings,
    params: &Params,
    loaded: &Loaded,
    computed: &Computed,
    dir: &Path,
    hidden: &Hidden,
) -> Result<Visuals> {
    let source = source_files(loaded);
    let sources: Vec<(String, String)> = loaded
        .accounts
        .iter()
        .map(|a| (a.table.clone(), file_name(&a.file).to_string()))
        .collect();
    let ctx = ChartContext {
        lang: settings.language,
        institution: &settings.institution,
        sources: &sources,
        targets: &params.targets,
        min_outgoing_days: settings.min_outgoing_days,
        hidden,
    };
    crate::events::stage("charts");
    let charts = charts::render_charts(computed, &ctx)?;
    let headlines = key_figures::headlines(computed, hidden, key_figures::card(settings.preset));
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
        dormant_years: settings.dormant_years,
        scope_note: settings.faculty.as_ref().map(|f| {
            let lang = settings.language;
            match f {
                scope::Faculty::Named(_) => {
                    i18n::fill(lang, "report.scope.note", &[("faculty", &f.label(lang))])
                }
                scope::Faculty::NotGiven => i18n::text(lang, "report.scope.not_given_note"),
            }
        }),
        hidden,
    };
    crate::events::stage("html");
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
fn write_chart(chart: &Chart, dir: &Path) -> Result<()> {
    crate::render::write_file(&dir.join(format!("{}.png", chart.name)), |out| {
        out.write_all(&chart.png)
    })?;
    crate::render::write_file(&dir.join(format!("{}.svg", chart.name)), |out| {
        out.write_all(chart.svg.as_bytes())
    })
}

/// The names of the files read, for the "Source:" footers, sorted and without folders.
fn source_files(loaded: &Loaded) -> String {
    let mut names: Vec<&str> = loaded.accounts.iter().map(|a| file_name(&a.file)).collect();
    names.sort_unstable();
    names.dedup();
    names.join(", ")
}

/// A file's name without its folders.
fn file_name(path: &str) -> &str {
    std::path::Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
}

/// Writes `mobistat.xlsx` in the report language: its sheets are named by the indicators'
/// titles, its definitions name the CSV file of each.
fn write_workbook(
    settings: &Settings,
    loaded: &Loaded,
    computed: &Computed,
    hidden: &Hidden,
    path: &std::path::Path,
) -> Result<()> {
    let lang = settings.language;
    let titles: Vec<String> = computed
        .tables
        .iter()
        .map(|(indicator, _)| sheet_title(lang, *indicator))
        .collect();
    let marker = hidden.marker(lang);
    let sheets: Vec<SheetTable> = computed
        .tables
        .iter()
        .zip(&titles)
        .map(|((indicator, frame), title)| SheetTable {
            title,
            frame,
            columns: indicator.columns(),
            hidden: hidden.mask(*indicator),
            marker: &marker,
        })
        .collect();
    let definitions: Vec<DefinitionRow> = computed
        .tables
        .iter()
        .zip(&titles)
        .map(|((indicator, _), title)| {
            let e = catalogue::entry(*indicator);
            DefinitionRow {
                title: title.clone(),
                definition: e.definition(lang).to_string(),
                inputs: indicator
                    .needs()
                    .iter()
                    .map(|t| i18n::text(lang, &format!("workbook.table.{}", t.as_str())))
                    .collect::<Vec<_>>()
                    .join(", "),
                columns: indicator
                    .columns()
                    .iter()
                    .map(|c| i18n::labels::column(lang, c.name))
                    .collect::<Vec<_>>()
                    .join(", "),
                csv_file: format!("tables/{}.csv", indicator.id()),
            }
        })
        .collect();
    workbook::write_workbook(
        path,
        &WorkbookInput {
            lang,
            institution: &settings.institution,
            year: &computed.year,
            sheets: &sheets,
            definitions: &definitions,
            accounts: &loaded.accounts,
            issues: &loaded.issues,
            privacy_note: hidden.note(lang),
        },
    )
}

/// The workbook sheet of `indicator`: its title, or the shorter name the translation table
/// gives when the title is longer than the 31 characters Excel allows.
fn sheet_title(lang: Language, indicator: Indicator) -> String {
    let key = format!("workbook.sheet.{}", indicator.id());
    if i18n::has(&key) {
        i18n::text(lang, &key)
    } else {
        catalogue::entry(indicator).title(lang).to_string()
    }
}

/// Guidance for the office that report.html does not give its readers: how to set targets,
/// what the label dossier needs besides mobistat's figures, which sections were left out.
fn office_notes(lang: Language, settings: &Settings, left_out: &[&str]) -> Vec<String> {
    let mut notes = Vec::new();
    if settings.targets.is_empty() {
        notes.push(i18n::text(lang, "terminal.no_targets"));
    }
    // The label dossier's programmes and services come from two optional inputs.
    let has = |t: crate::schema::TableKind| settings.inputs.iter().any(|i| i.table == t);
    if settings.preset == crate::settings::Preset::BienvenueEnFrance
        && !(has(crate::schema::TableKind::Programmes) && has(crate::schema::TableKind::Welcome))
    {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sheet_title_fits_excel_s_31_characters_in_both_languages() {
        // So the workbook never has to cut a title: a long one has its short name.
        for lang in [Language::Fr, Language::En] {
            for indicator in Indicator::ALL {
                let title = sheet_title(lang, *indicator);
                assert!(title.chars().count() <= 31, "{indicator:?}: {title}");
                assert!(
                    !title.contains(['[', ']', ':', '*', '?', '/', '\\']),
                    "{title}"
                );
            }
        }
        assert_eq!(
            sheet_title(Language::Fr, Indicator::OutgoingRate),
            "Taux de mobilité des diplômés"
        );
        assert_eq!(
            sheet_title(Language::Fr, Indicator::TopOrigins),
            "Principaux pays d'origine"
        );
    }
}
