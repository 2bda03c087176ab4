//! The HTML report: one self-contained file (inline SVG charts, inline styles, no scripts, no
//! network), in French or English, its blocks chosen by the dossier preset.
//!
//! `view.rs` turns the run's results into translated, formatted strings; the minijinja
//! templates beside this file (`report.html`, `block.html`, `table.html`, compiled in, HTML
//! auto-escaping on) lay them out; `report.css` is inlined in the page's `<style>`.

mod domains;
mod quality;
mod table;
mod targets;
mod view;

use crate::error::{Error, Result};
use crate::i18n::Language;
use crate::indicators::privacy::Hidden;
use crate::indicators::Computed;
use crate::render::charts::Chart;
use crate::render::key_figures::Headline;
use crate::settings::Preset;
use crate::validate::{Account, Issue};
use minijinja::{context, Environment, HtmlEscape, UndefinedBehavior, Value};

/// Everything the report shows.
pub struct HtmlInput<'a> {
    pub lang: Language,
    pub institution: &'a str,
    pub preset: Preset,
    pub computed: &'a Computed,
    pub charts: &'a [Chart],
    pub headlines: &'a [Headline],
    pub accounts: &'a [Account],
    pub issues: &'a [Issue],
    /// The input files, for the footer's "Source: …".
    pub source: &'a str,
    /// The outgoing rate's minimum days abroad, for its definition.
    pub min_outgoing_days: i64,
    /// Years without a mobility that make an agreement dormant, for its definition.
    pub dormant_years: i64,
    /// For a faculty's report: which faculty, and that its figures are a subset.
    pub scope_note: Option<String>,
    /// The indicator cells hidden for privacy (shown "< 5", explained once under the heading).
    pub hidden: &'a Hidden,
}

/// The templates, by name (the `.html` names turn HTML auto-escaping on).
const TEMPLATES: [(&str, &str); 3] = [
    ("report.html", include_str!("report.html")),
    ("block.html", include_str!("block.html")),
    ("table.html", include_str!("table.html")),
];

const CSS: &str = include_str!("report.css");

/// The template environment: blocks' own lines trimmed, included parts ending with their
/// newline, and an undefined variable is an error (a typo in a template fails the tests
/// instead of printing nothing).
fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_keep_trailing_newline(true);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.add_filter("years", years);
    for (name, source) in TEMPLATES {
        env.add_template(name, source)
            .expect("the report templates parse (checked by the unit tests)");
    }
    env
}

/// The `years` filter: `text` escaped, each academic year ("2024-2025") in a
/// `<span class="nowrap">`, so that a title never breaks at the year's hyphen. A span, not a
/// non-breaking hyphen (U+2011): the page's text stays the data's, for search and copy.
fn years(text: &str) -> Value {
    let escaped = HtmlEscape(text).to_string();
    let bytes = escaped.as_bytes();
    let digits = |from: usize| bytes[from..from + 4].iter().all(u8::is_ascii_digit);
    let (mut out, mut copied, mut at) = (String::with_capacity(escaped.len()), 0, 0);
    while at + 9 <= bytes.len() {
        let starts_a_number = at == 0 || !bytes[at - 1].is_ascii_digit();
        let ends_a_number = bytes.get(at + 9).is_none_or(|b| !b.is_ascii_digit());
        if starts_a_number && ends_a_number && digits(at) && bytes[at + 4] == b'-' && digits(at + 5)
        {
            out.push_str(&escaped[copied..at]);
            out.push_str("<span class=\"nowrap\">");
            out.push_str(&escaped[at..at + 9]);
            out.push_str("</span>");
            at += 9;
            copied = at;
        } else {
            at += 1;
        }
    }
    out.push_str(&escaped[copied..]);
    Value::from_safe_string(out)
}

/// The ids of the preset's blocks the report leaves out for want of anything to show (it
/// lists them at its end), for the terminal to say how to fill them.
pub fn left_out(input: &HtmlInput) -> Vec<&'static str> {
    view::left_out(input)
}

/// The report as one HTML document.
pub fn render_html(input: &HtmlInput) -> Result<String> {
    let page = view::page(input);
    let env = environment();
    let rendered = env.get_template("report.html").and_then(|t| {
        t.render(context! {
            page => Value::from_serialize(&page),
            css => Value::from_safe_string(CSS.to_string()),
        })
    });
    rendered.map_err(|e| Error::Write {
        path: "report.html".to_string(),
        reason: format!("the page template failed: {e:#}"),
    })
}

#[cfg(test)]
mod tests;
