//! The page as plain data for the templates: the preset's blocks in order, each turned into
//! already-translated, already-formatted strings (and the charts' own SVG, marked safe).

use super::quality::{quality, QualityView};
use super::table::{indicator_table, CellView, ColumnView, Shown, TableView};
use super::HtmlInput;
use crate::i18n::Language;
use crate::i18n::{self, fill, labels, percent};
use crate::indicators::words::TargetStatus;
use crate::indicators::{catalogue, Indicator, KeyFigure};
use crate::render::preset::{self, Block};
use minijinja::Value;
use polars::prelude::*;
use serde::Serialize;

/// The whole page.
#[derive(Serialize)]
pub(crate) struct Page {
    pub lang: &'static str,
    pub title: String,
    pub year_line: String,
    pub generated: String,
    pub contents: String,
    pub nav: Vec<NavItem>,
    pub blocks: Vec<BlockView>,
    pub footer: String,
}

/// A link of the table of contents.
#[derive(Serialize)]
pub(crate) struct NavItem {
    pub id: String,
    pub label: String,
}

/// One block of the page; `kind` picks its template part.
#[derive(Serialize)]
pub(crate) struct BlockView {
    pub kind: &'static str,
    /// The element's id (the anchor of the table of contents).
    pub id: String,
    pub title: String,
    pub key_figures: Vec<KeyFigureView>,
    /// Paragraphs under the heading.
    pub paragraphs: Vec<String>,
    pub figures: Vec<FigureView>,
    pub tables: Vec<TableView>,
    /// The indicator's definition, with its heading.
    pub definition: Option<(String, String)>,
    pub quality: Option<QualityView>,
}

impl BlockView {
    fn new(kind: &'static str, id: &str, title: String) -> Self {
        BlockView {
            kind,
            id: id.to_string(),
            title,
            key_figures: Vec::new(),
            paragraphs: Vec::new(),
            figures: Vec::new(),
            tables: Vec::new(),
            definition: None,
            quality: None,
        }
    }
}

/// One headline figure.
#[derive(Serialize)]
pub(crate) struct KeyFigureView {
    pub value: String,
    pub label: String,
    pub change: String,
}

/// A chart with its caption; `svg` is the chart's own SVG document, inlined as it is.
#[derive(Serialize)]
pub(crate) struct FigureView {
    pub title: String,
    pub alt: String,
    pub svg: Value,
}

/// The page of `input`.
pub(crate) fn page(input: &HtmlInput) -> Page {
    let lang = input.lang;
    let year = input.computed.year.as_str();
    let preset_title = i18n::text(lang, &format!("preset.{}", input.preset.as_str()));
    let blocks: Vec<BlockView> = preset::blocks(input.preset)
        .iter()
        .map(|block| block_view(input, *block))
        .collect();
    Page {
        lang: match lang {
            Language::Fr => "fr",
            Language::En => "en",
        },
        title: fill(
            lang,
            "report.heading",
            &[
                ("preset", &preset_title),
                ("institution", input.institution),
                ("year", year),
            ],
        ),
        year_line: fill(
            lang,
            if input.computed.year_is_default {
                "report.year_default"
            } else {
                "report.year_chosen"
            },
            &[("year", year)],
        ),
        generated: fill(lang, "report.generated", &[("source", input.source)]),
        contents: i18n::text(lang, "report.contents"),
        nav: blocks
            .iter()
            .map(|b| NavItem {
                id: b.id.clone(),
                label: b.title.clone(),
            })
            .collect(),
        blocks,
        footer: fill(
            lang,
            "report.footer",
            &[("source", input.source), ("year", year)],
        ),
    }
}

fn block_view(input: &HtmlInput, block: Block) -> BlockView {
    let lang = input.lang;
    match block {
        Block::KeyFigures => key_figures(input),
        Block::Targets => targets(input),
        Block::Indicator {
            indicator: which,
            table,
        } => indicator(input, which, table),
        Block::CoursesAndServices => {
            let mut view = BlockView::new(
                "courses",
                "courses_and_services",
                i18n::text(lang, "report.courses.title"),
            );
            view.paragraphs
                .push(i18n::text(lang, "report.courses.text"));
            view
        }
        Block::DataQuality { details } => {
            let mut view = BlockView::new(
                "quality",
                "data_quality",
                i18n::text(lang, "report.quality.title"),
            );
            view.quality = Some(quality(lang, input.accounts, input.issues, details));
            view
        }
    }
}

/// The headlines as HTML (the card's picture is not repeated: this is its accessible form).
fn key_figures(input: &HtmlInput) -> BlockView {
    let lang = input.lang;
    let title = fill(lang, "card.title", &[("year", &input.computed.year)]);
    let mut view = BlockView::new("key_figures", "key_figures", title);
    view.key_figures = input
        .headlines
        .iter()
        .map(|h| KeyFigureView {
            value: h.value_text(lang),
            label: h.label(lang),
            change: h.change_text(lang),
        })
        .collect();
    if input.card.is_some() {
        view.paragraphs
            .push(i18n::text(lang, "report.key_figures.files"));
    }
    view
}

/// The targets of the reporting year: value aimed at, actual, gap and status, the status as
/// a word in a coloured badge (the colour is never the only sign).
fn targets(input: &HtmlInput) -> BlockView {
    let lang = input.lang;
    let year = input.computed.year.as_str();
    let mut view = BlockView::new(
        "targets",
        "targets",
        i18n::text(lang, "report.targets.title"),
    );
    let rows = input
        .computed
        .get(Indicator::Targets)
        .map(|df| target_rows(lang, df, year))
        .unwrap_or_default();
    if rows.is_empty() {
        view.paragraphs
            .push(i18n::text(lang, "report.targets.none"));
        return view;
    }
    let names = ["target", "target_value", "actual", "gap", "status"];
    view.tables.push(TableView {
        caption: fill(lang, "report.targets.caption", &[("year", year)]),
        note: None,
        columns: names
            .iter()
            .enumerate()
            .map(|(i, n)| ColumnView {
                label: labels::column(lang, n),
                numeric: (1..=3).contains(&i),
            })
            .collect(),
        rows,
        row_header: true,
        totals: None,
    });
    view
}

fn target_rows(lang: Language, df: &DataFrame, year: &str) -> Vec<Vec<CellView>> {
    let text = |col: &str| -> Vec<Option<String>> {
        df.column(col)
            .ok()
            .and_then(|c| c.str().ok().cloned())
            .map(|c| c.iter().map(|v| v.map(str::to_string)).collect())
            .unwrap_or_default()
    };
    let float = |col: &str| -> Vec<Option<f64>> {
        df.column(col)
            .ok()
            .and_then(|c| c.cast(&DataType::Float64).ok())
            .and_then(|c| c.f64().ok().map(|c| c.iter().collect()))
            .unwrap_or_default()
    };
    let (years, targets, status) = (text("academic_year"), text("target"), text("status"));
    let (aimed, actual, gap) = (float("target_value"), float("actual"), float("gap"));
    let at = |v: &Vec<Option<f64>>, i: usize| v.get(i).copied().flatten();
    (0..df.height())
        .filter(|&i| years.get(i).and_then(|y| y.as_deref()) == Some(year))
        .map(|i| {
            let target = targets.get(i).cloned().flatten().unwrap_or_default();
            let is_pct = KeyFigure::from_id(&target).is_some_and(KeyFigure::is_percent);
            let amount = |v: Option<f64>| match v {
                Some(v) if is_pct => percent(lang, v),
                Some(v) => i18n::number_auto(lang, v, 1),
                None => "–".to_string(),
            };
            let gap_text = match at(&gap, i) {
                Some(g) => {
                    let value = i18n::signed(lang, g, 1);
                    if is_pct {
                        fill(lang, "report.targets.points", &[("value", &value)])
                    } else {
                        value
                    }
                }
                None => "–".to_string(),
            };
            let raw = status.get(i).cloned().flatten().unwrap_or_default();
            let (badge, mark) = match TargetStatus::parse(&raw) {
                Some(TargetStatus::Met) => ("met", "✓"),
                Some(TargetStatus::NotMet) => ("not-met", "✗"),
                Some(TargetStatus::NoData) | None => ("no-data", "–"),
            };
            vec![
                CellView::text(labels::vocabulary(lang, "target", &target)),
                CellView::number(amount(at(&aimed, i))),
                CellView::number(amount(at(&actual, i))),
                CellView::number(gap_text),
                CellView {
                    badge: Some(badge),
                    mark: Some(mark),
                    ..CellView::text(labels::vocabulary(lang, "status", &raw))
                },
            ]
        })
        .collect()
}

/// An indicator's section: its charts, its table (when the preset shows it, or when there is
/// no chart to show instead) and its definition; a sentence instead when it was not computed.
fn indicator(input: &HtmlInput, which: Indicator, with_table: bool) -> BlockView {
    let lang = input.lang;
    let entry = catalogue::entry(which);
    let title = entry.title(lang).to_string();
    let mut view = BlockView::new("indicator", which.id(), title.clone());
    view.definition = Some((
        i18n::text(lang, "report.definition"),
        entry.definition(lang).to_string(),
    ));
    view.figures = input
        .charts
        .iter()
        .filter(|c| c.section == which)
        .map(|c| FigureView {
            title: c.title.clone(),
            alt: c.alt.clone(),
            svg: Value::from_safe_string(c.svg.clone()),
        })
        .collect();
    let Some(df) = input.computed.get(which) else {
        view.paragraphs.push(not_computed(input, which));
        return view;
    };
    if with_table || view.figures.is_empty() {
        match indicator_table(lang, which, &title, df, &input.computed.year) {
            Shown::Table(table) => view.tables.push(table),
            Shown::Nothing(why) => view.paragraphs.push(why),
        }
    }
    view
}

/// Why an indicator is missing, naming the input tables it lacked.
fn not_computed(input: &HtmlInput, which: Indicator) -> String {
    let lang = input.lang;
    let Some(first) = input
        .computed
        .missing(which)
        .and_then(|m| m.first().map(|f| (f, m)))
    else {
        return i18n::text(lang, "report.not_computed");
    };
    let (first, missing) = first;
    let tables: Vec<String> = missing
        .iter()
        .map(|t| i18n::text(lang, &format!("report.input_table.{t}")))
        .collect();
    fill(
        lang,
        "report.unavailable",
        &[("tables", &tables.join(", ")), ("table", first.as_str())],
    )
}
