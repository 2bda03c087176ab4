//! The HTML report: one self-contained file (inline SVG charts, inline styles, no scripts, no
//! network), in French or English, its blocks chosen by the dossier preset.

use crate::error::Result;
use crate::indicators::Computed;
use crate::render::charts::Chart;
use crate::render::key_figures::Headline;
use crate::render::preset::Preset;
use crate::settings::Language;
use crate::validate::{Account, Issue};

/// Everything the report shows.
pub struct HtmlInput<'a> {
    pub lang: Language,
    pub institution: &'a str,
    pub preset: Preset,
    pub computed: &'a Computed,
    pub charts: &'a [Chart],
    pub card: Option<&'a Chart>,
    pub headlines: &'a [Headline],
    pub accounts: &'a [Account],
    pub issues: &'a [Issue],
    /// The input files, for the footer's "Source: …".
    pub source: &'a str,
}

/// The report as one HTML document.
pub fn render_html(input: &HtmlInput) -> Result<String> {
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body></body></html>\n",
        match input.lang {
            Language::Fr => "fr",
            Language::En => "en",
        },
        input.institution
    ))
}
