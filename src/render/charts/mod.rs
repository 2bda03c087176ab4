//! Charts of the indicators with plotters, each drawn twice from one function: PNG (1600 px
//! wide, for slides) and SVG (for print and the HTML report), with the bundled DejaVu font.
//!
//! A chart module reads its indicator table into a plain struct (see `data.rs`), writes its
//! title and one-sentence alternative text from the translation table, and implements
//! [`Figure::draw`] once for any plotters backend; [`finish`] frames it (title, footer) and
//! draws it on both backends. Charts are rendered in parallel and returned in [`SPECS`] order; each names the indicator
//! it draws by [`Indicator`].

mod budget;
mod card;
mod countries;
mod data;
mod dossier;
mod font;
mod hbar;
mod icm;
mod partners;
mod png;
mod projection;
mod rate;
pub mod scaling;
mod staff;
mod students;
mod svg;
mod svg_text;
mod theme;
mod trend;
mod vbar;
mod words;
mod world;

use crate::error::{Error, Result};
use crate::i18n::Language;
use crate::indicators::privacy::{self, Hidden};
use crate::indicators::{Computed, Indicator, KeyFigure};
use crate::render::key_figures::Headline;
use plotters::coord::Shift;
use plotters::prelude::*;
use rayon::prelude::*;
use std::collections::BTreeMap;
use theme::{Body, Drawn};

/// Width and height of every chart and of the card, in pixels (PNG) and SVG user units.
pub const WIDTH: u32 = 1600;
pub const HEIGHT: u32 = 900;

/// What charts need besides the indicator tables.
pub struct ChartContext<'a> {
    pub lang: Language,
    /// The institution's name, for the card's heading.
    pub institution: &'a str,
    /// Each input file's name (without folders) and the table it gave, for the footer's
    /// "Source: …": a chart names only the files of the tables its indicator reads.
    pub sources: &'a [(String, String)],
    /// The config's targets (key figure → value), for target lines.
    pub targets: &'a BTreeMap<KeyFigure, f64>,
    /// Days abroad a graduate needs to count as mobile, for the outgoing rate's subtitle.
    pub min_outgoing_days: i64,
    /// The indicator cells hidden for privacy: a chart leaves out the rows where a column it
    /// draws is hidden, and its footer says so.
    pub hidden: &'a Hidden,
}

impl ChartContext<'_> {
    /// The files that fed `indicator`: those of the tables it reads (every file for the key
    /// figures, which read every table), sorted, each once.
    pub fn source_of(&self, indicator: Indicator) -> String {
        let needs = indicator.needs();
        let mut names: Vec<&str> = self
            .sources
            .iter()
            .filter(|(table, _)| needs.is_empty() || needs.iter().any(|t| t.as_str() == table))
            .map(|(_, file)| file.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        names.join(", ")
    }
}

/// One rendered chart.
#[derive(Debug, Clone)]
pub struct Chart {
    /// File stem under reports/charts/ ("top_destinations").
    pub name: &'static str,
    /// The indicator whose section shows it.
    pub section: Indicator,
    /// Its title, in the report language.
    pub title: String,
    /// One sentence describing what it shows, in the report language.
    pub alt: String,
    /// The SVG document (no XML prolog, text drawn as outlines: needs no font).
    pub svg: String,
    /// The PNG file's bytes.
    pub png: Vec<u8>,
}

/// A chart's data, ready to draw in the body of a framed page on any backend.
pub(crate) trait Figure: Sync {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        body: Body,
        lang: Language,
    ) -> Drawn<DB>;
}

/// What a chart module hands to [`finish`].
pub(crate) struct Page<F> {
    title: String,
    /// A line under the title: a note on how to read the chart.
    subtitle: Option<String>,
    alt: String,
    figure: F,
}

/// One chart: the indicator it draws (whose section shows it), its file name when that is
/// not the indicator's id, and how to make it.
struct Spec {
    section: Indicator,
    /// The file stem of an indicator's second chart, or of a chart named otherwise.
    own_name: Option<&'static str>,
    /// The counts of people it draws: a row where one is hidden is left out.
    draws: &'static [&'static str],
    make: fn(&Spec, &Computed, &ChartContext) -> Result<Option<Chart>>,
}

impl Spec {
    /// The chart of `section`, named after it.
    const fn of(
        section: Indicator,
        make: fn(&Spec, &Computed, &ChartContext) -> Result<Option<Chart>>,
    ) -> Spec {
        Spec {
            section,
            own_name: None,
            draws: &[],
            make,
        }
    }

    /// A chart of `section` with a file name of its own.
    const fn named(
        name: &'static str,
        section: Indicator,
        make: fn(&Spec, &Computed, &ChartContext) -> Result<Option<Chart>>,
    ) -> Spec {
        Spec {
            section,
            own_name: Some(name),
            draws: &[],
            make,
        }
    }

    /// The same chart, drawing the counts of people in `columns`.
    const fn draws(self, columns: &'static [&'static str]) -> Spec {
        Spec {
            draws: columns,
            ..self
        }
    }

    /// Its file stem under reports/charts/.
    fn name(&self) -> &'static str {
        self.own_name.unwrap_or_else(|| self.section.id())
    }
}

/// Every chart, in output order.
const SPECS: &[Spec] = &[
    Spec::of(Indicator::OutgoingRate, rate::make).draws(&[
        "graduates",
        "mobile_graduates",
        "rate_pct",
    ]),
    Spec::named("mobility_trend", Indicator::MobilityFlows, trend::make).draws(&["mobilities"]),
    Spec::of(Indicator::MobilityByFaculty, dossier::make_faculty).draws(&["mobilities"]),
    Spec::of(Indicator::TopDestinations, countries::make).draws(&["mobilities", "share_pct"]),
    Spec::of(Indicator::TopOrigins, countries::make).draws(&["mobilities", "share_pct"]),
    Spec::of(Indicator::PartnersByAgreement, partners::make_by_agreement),
    Spec::of(
        Indicator::PartnersPerProgramme,
        partners::make_per_programme,
    ),
    Spec::named("partners_world", Indicator::PartnersByCountry, world::make),
    Spec::named(
        "partners_by_continent",
        Indicator::PartnersByCountry,
        partners::make_by_continent,
    ),
    Spec::of(Indicator::PartnerBalance, dossier::make_balance).draws(&["outgoing", "incoming"]),
    Spec::of(Indicator::IcmByCountry, icm::make).draws(&["realised_mobilities"]),
    Spec::of(Indicator::StaffMobility, staff::make).draws(&["teaching_staff", "staff"]),
    Spec::of(Indicator::InternationalStudents, students::make)
        .draws(&["international_degree", "international_exchange"]),
    Spec::of(Indicator::ProgrammesInEnglish, dossier::make_english),
    Spec::of(Indicator::ErasmusBudgetUse, budget::make),
];

/// The file stem of every chart mobistat draws, in output order (the key-figures card aside).
pub fn chart_names() -> Vec<&'static str> {
    SPECS.iter().map(Spec::name).collect()
}

/// Every chart the computed indicators allow, in a fixed order; a chart whose indicator was
/// not computed or has no rows for the reporting year is left out.
pub fn render_charts(computed: &Computed, ctx: &ChartContext) -> Result<Vec<Chart>> {
    font::register();
    let charts: Vec<Option<Chart>> = SPECS
        .par_iter()
        .map(|spec| (spec.make)(spec, computed, ctx))
        .collect::<Result<_>>()?;
    Ok(charts.into_iter().flatten().collect())
}

/// The key-figures card of the reporting year.
pub fn render_card(
    headlines: &[Headline],
    year: &str,
    ctx: &ChartContext,
) -> Result<Option<Chart>> {
    font::register();
    card::make(headlines, year, ctx)
}

/// The chart of `spec`: its indicator table read by `extract`, made a page by `build`, then
/// framed and drawn by [`finish`]; None when the table is absent or `extract` finds nothing.
fn make_chart<T, F: Figure>(
    spec: &Spec,
    computed: &Computed,
    ctx: &ChartContext,
    extract: impl FnOnce(&polars::prelude::DataFrame) -> Option<T>,
    build: impl FnOnce(T) -> Page<F>,
) -> Result<Option<Chart>> {
    let Some(table) = data::table(computed, spec.section) else {
        return Ok(None);
    };
    let mask = ctx.hidden.mask(spec.section);
    let shown = privacy::rows_without(table, mask, spec.draws)?;
    let Some(data) = extract(shown.as_ref().unwrap_or(table)) else {
        return Ok(None);
    };
    let left_out = shown.is_some().then_some(ctx.hidden.min_cell);
    finish(
        spec.name(),
        spec.section,
        build(data),
        ctx,
        &computed.year,
        left_out,
    )
    .map(Some)
}

/// Frames `page` (title, subtitle, footer) and draws it as PNG and SVG, side by side;
/// `left_out` is the privacy threshold when rows of fewer people were left out.
fn finish<F: Figure>(
    name: &'static str,
    section: Indicator,
    page: Page<F>,
    ctx: &ChartContext,
    year: &str,
    left_out: Option<u32>,
) -> Result<Chart> {
    let left_out = left_out.map(|min| {
        crate::i18n::fill(
            ctx.lang,
            "privacy.chart_footer",
            &[("min", &min.to_string())],
        )
    });
    let footer = theme::footer(ctx.lang, &ctx.source_of(section), year, left_out.as_deref());
    let size = (WIDTH, HEIGHT);
    let lang = ctx.lang;
    let (png, svg) = rayon::join(
        || {
            png::render(size, |root| {
                let body = theme::frame(root, &page.title, page.subtitle.as_deref(), &footer)?;
                page.figure.draw(root, body, lang)
            })
        },
        || {
            svg::render(size, name, &page.title, &page.alt, |root| {
                let body = theme::frame(root, &page.title, page.subtitle.as_deref(), &footer)?;
                page.figure.draw(root, body, lang)
            })
        },
    );
    let failed = |format: &str, reason: String| Error::Write {
        path: format!("charts/{name}.{format}"),
        reason: format!("the chart could not be drawn: {reason}"),
    };
    Ok(Chart {
        name,
        section,
        title: page.title,
        alt: page.alt,
        png: png.map_err(|e| failed("png", e))?,
        svg: svg.map_err(|e| failed("svg", e))?,
    })
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the charts' tests.
    use super::*;

    /// Renders `page` in both formats and checks that nothing is left untranslated.
    pub(crate) fn check<F: Figure>(page: Page<F>, lang: Language) -> Chart {
        let targets = BTreeMap::new();
        let ctx = ChartContext {
            lang,
            institution: "École test",
            sources: &[
                ("mobilities".into(), "b.csv".into()),
                ("partners".into(), "a.xlsx".into()),
            ],
            targets: &targets,
            min_outgoing_days: 60,
            hidden: &Hidden::default(),
        };
        font::register();
        let chart = finish(
            "test_chart",
            Indicator::KeyFigures,
            page,
            &ctx,
            "2024-2025",
            None,
        )
        .unwrap();
        for text in [&chart.title, &chart.alt, &chart.svg] {
            assert!(
                !text.contains(crate::i18n::MISSING_MARK),
                "untranslated: {text:.300}"
            );
        }
        assert!(
            !chart.alt.is_empty() && chart.alt.ends_with('.'),
            "{}",
            chart.alt
        );
        assert!(chart.png.len() > 1000);
        chart
    }

    /// The reporting year's computed indicators, with one table.
    pub(crate) fn computed(indicator: Indicator, df: polars::prelude::DataFrame) -> Computed {
        Computed {
            year: "2024-2025".into(),
            year_is_default: false,
            tables: vec![(indicator, df)],
            unavailable: vec![],
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_names_are_unique() {
        let mut names: Vec<&str> = SPECS.iter().map(|s| s.name()).collect();
        names.push(Indicator::KeyFigures.id());
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "duplicate chart name");
    }

    /// Issue 12: every chart's footer listed every input file, even those that did not feed it.
    #[test]
    fn a_chart_names_only_the_files_of_its_tables() {
        let targets = BTreeMap::new();
        let sources = [
            ("mobilities".to_string(), "sortants.xlsx".to_string()),
            ("partners".to_string(), "partenaires.xlsx".to_string()),
            ("mobilities".to_string(), "entrants.ods".to_string()),
            ("students".to_string(), "inscrits.xlsx".to_string()),
        ];
        let ctx = ChartContext {
            lang: Language::Fr,
            institution: "x",
            sources: &sources,
            targets: &targets,
            min_outgoing_days: 60,
            hidden: &Hidden::default(),
        };
        assert_eq!(
            ctx.source_of(Indicator::PartnersByCountry),
            "partenaires.xlsx"
        );
        assert_eq!(
            ctx.source_of(Indicator::MobilityFlows),
            "entrants.ods, sortants.xlsx"
        );
        // The outgoing rate reads enrolments and mobilities.
        assert_eq!(
            ctx.source_of(Indicator::OutgoingRate),
            "entrants.ods, inscrits.xlsx, sortants.xlsx"
        );
        // The key figures read every table.
        assert_eq!(
            ctx.source_of(Indicator::KeyFigures).matches(", ").count(),
            3
        );
    }

    #[test]
    fn no_table_no_chart() {
        let computed = Computed {
            year: "2024-2025".into(),
            year_is_default: false,
            tables: vec![],
            unavailable: vec![],
            ..Default::default()
        };
        let targets = BTreeMap::new();
        let ctx = ChartContext {
            lang: Language::Fr,
            institution: "x",
            sources: &[],
            targets: &targets,
            min_outgoing_days: 60,
            hidden: &Hidden::default(),
        };
        assert!(render_charts(&computed, &ctx).unwrap().is_empty());
    }
}
