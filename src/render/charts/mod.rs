//! Charts of the indicators with plotters, each drawn twice from one function: PNG (1600 px
//! wide, for slides) and SVG (for print and the HTML report), with the bundled DejaVu font.

use crate::error::Result;
use crate::indicators::Computed;
use crate::render::key_figures::Headline;
use crate::settings::Language;
use std::collections::BTreeMap;

/// Width and height of every chart and of the card, in pixels (PNG) and SVG user units.
pub const WIDTH: u32 = 1600;
pub const HEIGHT: u32 = 900;

/// What charts need besides the indicator tables.
pub struct ChartContext<'a> {
    pub lang: Language,
    /// The institution's name, for the card's heading.
    pub institution: &'a str,
    /// The input files, for the footer's "Source: …".
    pub source: &'a str,
    /// The config's targets (key figure → value), for target lines.
    pub targets: &'a BTreeMap<String, f64>,
}

/// One rendered chart.
#[derive(Debug, Clone)]
pub struct Chart {
    /// File stem under reports/charts/ ("top_destinations").
    pub name: &'static str,
    /// The indicator whose section shows it ("mobility_flows").
    pub section: &'static str,
    /// Its title, in the report language.
    pub title: String,
    /// One sentence describing what it shows, in the report language.
    pub alt: String,
    /// The SVG document (no XML prolog, text drawn as outlines: needs no font).
    pub svg: String,
    /// The PNG file's bytes.
    pub png: Vec<u8>,
}

/// Every chart the computed indicators allow, in a fixed order; a chart whose indicator was
/// not computed or has no rows for the reporting year is left out.
pub fn render_charts(_computed: &Computed, _ctx: &ChartContext) -> Result<Vec<Chart>> {
    Ok(Vec::new())
}

/// The key-figures card of the reporting year.
pub fn render_card(
    _headlines: &[Headline],
    _year: &str,
    _ctx: &ChartContext,
) -> Result<Option<Chart>> {
    Ok(None)
}
