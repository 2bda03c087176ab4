//! The page as plain data for the templates: the preset's blocks in order, each turned into
//! already-translated, already-formatted strings (and the charts' own SVG, marked safe).
//!
//! The page speaks to its readers, not to the office that made it: a block with nothing to
//! show (an indicator not computed, a table without a row for the year and without a chart,
//! targets never set) is left out and named once, with why, in a "figures not available"
//! block before the data quality; how to fill those gaps is the terminal's business.

use super::quality::{quality, QualityView};
use super::table::{indicator_table, Shown, TableView};
use super::HtmlInput;
use crate::i18n::Language;
use crate::i18n::{self, fill};
use crate::indicators::{catalogue, Computed, Indicator};
use crate::render::preset::{self, Block};
use crate::schema::vocab::{Direction, Participant};
use minijinja::Value;
use serde::Serialize;

/// The whole page.
#[derive(Serialize)]
pub(crate) struct Page {
    pub lang: &'static str,
    /// The preset's name, a class of `<body>`: the leadership one-pager prints on its own
    /// landscape page layout.
    pub preset: &'static str,
    pub title: String,
    pub year_line: String,
    pub generated: String,
    /// What "< 5" means, when a cell is hidden.
    pub privacy_note: Option<String>,
    /// A faculty's report says which, and that its figures are a subset.
    pub scope_note: Option<String>,
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
    /// 2 for a section, 3 for a section within a label domain.
    pub level: u8,
}

/// One block of the page; `kind` picks its template part.
#[derive(Serialize)]
pub(crate) struct BlockView {
    pub kind: &'static str,
    /// The element's id (the anchor of the table of contents).
    pub id: String,
    pub title: String,
    /// Its heading's level: 2, or 3 within a label domain (whose heading is a 2).
    pub level: u8,
    pub key_figures: Vec<KeyFigureView>,
    /// Paragraphs under the heading.
    pub paragraphs: Vec<String>,
    pub figures: Vec<FigureView>,
    pub tables: Vec<TableView>,
    /// A list under the paragraphs (the sections left out, each with why).
    pub items: Vec<String>,
    /// The indicator's definition, with its heading.
    pub definition: Option<(String, String)>,
    pub quality: Option<QualityView>,
}

/// A block of the preset as the page places it.
pub(super) enum Placed {
    /// Boxed: a block is far larger than the reason a block is left out.
    Shown(Box<BlockView>),
    /// Nothing to show: the block's title, why (a phrase in the reader's words), and its id
    /// for the terminal's note.
    LeftOut {
        id: &'static str,
        title: String,
        reason: String,
    },
}

impl BlockView {
    pub(super) fn new(kind: &'static str, id: &str, title: String) -> Self {
        BlockView {
            kind,
            id: id.to_string(),
            title,
            level: 2,
            key_figures: Vec::new(),
            paragraphs: Vec::new(),
            figures: Vec::new(),
            tables: Vec::new(),
            items: Vec::new(),
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
    let (blocks, _) = blocks(input);
    Page {
        lang: match lang {
            Language::Fr => "fr",
            Language::En => "en",
        },
        preset: input.preset.as_str(),
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
        privacy_note: input.hidden.note(lang),
        scope_note: input.scope_note.clone(),
        contents: i18n::text(lang, "report.contents"),
        nav: blocks
            .iter()
            .map(|b| NavItem {
                id: b.id.clone(),
                label: b.title.clone(),
                level: b.level,
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

/// The label domain being laid out: its heading, and what its blocks gave so far.
struct OpenDomain {
    heading: BlockView,
    id: &'static str,
    shown: Vec<BlockView>,
    left_out: Vec<(&'static str, String, String)>,
}

/// The blocks shown, the "figures not available" block among them (before the data quality)
/// when some were left out, and the ids of those left out. A label domain's blocks come under
/// its heading, one level down; a domain with nothing to show is left out whole, once.
fn blocks(input: &HtmlInput) -> (Vec<BlockView>, Vec<&'static str>) {
    let lang = input.lang;
    let mut shown = Vec::new();
    let mut left_out: Vec<(&'static str, String, String)> = Vec::new();
    let mut domain: Option<OpenDomain> = None;
    let close = |domain: Option<OpenDomain>,
                 shown: &mut Vec<BlockView>,
                 left_out: &mut Vec<(&'static str, String, String)>| {
        let Some(d) = domain else { return };
        if d.shown.is_empty() {
            let mut reasons: Vec<String> = Vec::new();
            for (_, _, reason) in d.left_out {
                if !reasons.contains(&reason) {
                    reasons.push(reason);
                }
            }
            left_out.push((d.id, d.heading.title, and_list(lang, &reasons)));
        } else {
            shown.push(d.heading);
            shown.extend(d.shown);
            left_out.extend(d.left_out);
        }
    };
    for block in preset::blocks(input.preset) {
        match block {
            Block::Domain(which) => {
                close(domain.take(), &mut shown, &mut left_out);
                domain = Some(OpenDomain {
                    heading: super::domains::domain_heading(lang, *which),
                    id: which.id(),
                    shown: Vec::new(),
                    left_out: Vec::new(),
                });
                continue;
            }
            Block::DataQuality { .. } => close(domain.take(), &mut shown, &mut left_out),
            _ => {}
        }
        let placed = block_view(input, *block);
        match (placed, domain.as_mut()) {
            (Placed::Shown(mut view), Some(d)) => {
                view.level = 3;
                d.shown.push(*view);
            }
            (Placed::Shown(view), None) => shown.push(*view),
            (Placed::LeftOut { id, title, reason }, Some(d)) => {
                d.left_out.push((id, title, reason))
            }
            (Placed::LeftOut { id, title, reason }, None) => left_out.push((id, title, reason)),
        }
    }
    close(domain.take(), &mut shown, &mut left_out);
    let (mut items, mut ids) = (Vec::new(), Vec::new());
    for (id, title, reason) in left_out {
        items.push(fill(
            lang,
            "report.not_available.item",
            &[("title", &title), ("reason", &reason)],
        ));
        ids.push(id);
    }
    if !items.is_empty() {
        let mut view = BlockView::new(
            "not_available",
            "not_available",
            i18n::text(lang, "report.not_available.title"),
        );
        view.paragraphs
            .push(i18n::text(lang, "report.not_available.intro"));
        view.items = items;
        let at = shown
            .iter()
            .position(|b| b.kind == "quality")
            .unwrap_or(shown.len());
        shown.insert(at, view);
    }
    (shown, ids)
}

/// The ids of the preset's blocks that `input`'s page leaves out for want of anything to show.
pub(crate) fn left_out(input: &HtmlInput) -> Vec<&'static str> {
    blocks(input).1
}

fn block_view(input: &HtmlInput, block: Block) -> Placed {
    let lang = input.lang;
    let view = match block {
        Block::KeyFigures => key_figures(input),
        Block::Targets => return super::targets::targets(input),
        Block::Indicator {
            indicator: which,
            table,
        } => return indicator(input, which, table),
        Block::Register(domain) => return super::domains::register(input, domain),
        Block::Domain(domain) => super::domains::domain_heading(lang, domain),
        Block::DataQuality { details } => {
            let mut view = BlockView::new(
                "quality",
                "data_quality",
                i18n::text(lang, "report.quality.title"),
            );
            view.quality = Some(quality(lang, input.accounts, input.issues, details));
            view
        }
    };
    Placed::Shown(Box::new(view))
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
    view
}

/// An indicator's section: its charts, its table (when the preset shows it, or when there is
/// no chart to show instead) and its reader's definition. Left out when it was not computed,
/// or when it has neither a chart nor a row for the year.
fn indicator(input: &HtmlInput, which: Indicator, with_table: bool) -> Placed {
    let lang = input.lang;
    let title = catalogue::entry(which).title(lang).to_string();
    let left_out = |reason: String| Placed::LeftOut {
        id: which.id(),
        title: title.clone(),
        reason,
    };
    let Some(df) = input.computed.get(which) else {
        return left_out(not_computed(input, which));
    };
    let mut view = BlockView::new("indicator", which.id(), title.clone());
    view.definition = Some((
        i18n::text(lang, "report.definition"),
        reader_definition(lang, which, input.min_outgoing_days, input.dormant_years),
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
    if with_table || view.figures.is_empty() {
        let hidden = (input.hidden.mask(which), input.hidden.marker(lang));
        match indicator_table(lang, which, &title, df, &input.computed.year, hidden) {
            Shown::Table(table) => view.tables.push(table),
            Shown::Nothing(_) if view.figures.is_empty() => {
                return left_out(nothing_in_year(input.computed, lang, which));
            }
            Shown::Nothing(why) => view.paragraphs.push(why),
        }
    }
    Placed::Shown(Box::new(view))
}

/// What `indicator` counts, in a reader's words (the technical rule is the catalogue's);
/// `days` is the outgoing rate's minimum stay abroad, `years` the years without a mobility
/// that make an agreement dormant.
pub(crate) fn reader_definition(
    lang: Language,
    indicator: Indicator,
    days: i64,
    years: i64,
) -> String {
    fill(
        lang,
        &format!("reader_definition.{}", indicator.id()),
        &[("days", &days.to_string()), ("years", &years.to_string())],
    )
}

/// Why an indicator was not computed: the input tables it lacked ("no enrolment list was
/// provided").
pub(super) fn not_computed(input: &HtmlInput, which: Indicator) -> String {
    let lang = input.lang;
    let reasons: Vec<String> = input
        .computed
        .missing(which)
        .unwrap_or_default()
        .iter()
        .map(|t| {
            let why = match input.computed.institution_only.contains(t) {
                true => "institution_only",
                false => "no_table",
            };
            i18n::text(lang, &format!("absence.{why}.{t}"))
        })
        .collect();
    match reasons.as_slice() {
        [] => i18n::text(lang, "report.not_available.not_computed"),
        _ => and_list(lang, &reasons),
    }
}

/// "a, b and c" in `lang`.
fn and_list(lang: Language, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [head @ .., last] => fill(
            lang,
            "chart.and",
            &[("list", &head.join(", ")), ("last", last)],
        ),
    }
}

/// Why a computed indicator has no row to show for the year: the mobilities it counts were
/// never given (no incoming list), else simply no row that year.
fn nothing_in_year(computed: &Computed, lang: Language, which: Indicator) -> String {
    let any = |directions: &[Direction], participants: &[Participant]| {
        directions.iter().any(|d| {
            participants
                .iter()
                .any(|p| computed.coverage.holds((*d, *p)))
        })
    };
    let both = [Direction::Incoming, Direction::Outgoing];
    let everyone = [Participant::Student, Participant::Staff];
    let key = match which {
        Indicator::TopOrigins if !any(&[Direction::Incoming], &everyone) => "no_incoming",
        Indicator::TopDestinations if !any(&[Direction::Outgoing], &everyone) => "no_outgoing",
        Indicator::StaffMobility if !any(&both, &[Participant::Staff]) => "no_staff",
        _ if which.columns().iter().any(|c| c.kind.is_academic_year()) => "no_rows",
        _ => "empty",
    };
    fill(
        lang,
        &format!("report.not_available.{key}"),
        &[("year", &computed.year)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_indicator_has_a_readers_definition_in_both_languages_without_ids() {
        for indicator in Indicator::ALL {
            let key = format!("reader_definition.{}", indicator.id());
            assert!(i18n::has(&key), "{key} is missing from strings.toml");
            let fr = reader_definition(Language::Fr, *indicator, 60, 3);
            let en = reader_definition(Language::En, *indicator, 60, 3);
            assert_ne!(fr, en, "{key}: the French text is the English one");
            for text in [&fr, &en] {
                // No id (every indicator id and column id with an underscore has one), config
                // key, flag or placeholder left.
                for talk in ["_", "rules.", "--", "[targets]", "mobistat.toml", "{", "}"] {
                    assert!(!text.contains(talk), "{key}: {talk:?} in {text}");
                }
            }
        }
        // The outgoing rate names the configured minimum stay.
        let rate = reader_definition(Language::En, Indicator::OutgoingRate, 90, 3);
        assert!(rate.contains("at least 90 days abroad"), "{rate}");
        let rate = reader_definition(Language::Fr, Indicator::OutgoingRate, 60, 3);
        assert!(rate.contains("au moins 60 jours à l'étranger"), "{rate}");
    }

    #[test]
    fn a_missing_list_is_named_when_the_section_counts_only_its_mobilities() {
        // The coverage of no mobility list at all (Computed::default()).
        let computed = Computed {
            year: "2024-2025".into(),
            ..Default::default()
        };
        let why = |i| nothing_in_year(&computed, Language::En, i);
        assert_eq!(
            why(Indicator::TopOrigins),
            "no incoming mobility list was provided"
        );
        assert_eq!(
            why(Indicator::TopDestinations),
            "no outgoing mobility list was provided"
        );
        assert_eq!(
            why(Indicator::StaffMobility),
            "no staff mobility list was provided"
        );
        assert_eq!(
            why(Indicator::MobilityFlows),
            "the data gives no row for 2024-2025"
        );
        // The KA131 final report has no year column: no row at all.
        assert_eq!(why(Indicator::ErasmusReportKa131), "the data gives no row");
    }
}
