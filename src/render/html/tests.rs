//! Tests of the whole page: every preset in both languages, the blocks in order, the ids
//! and links, the not-available list, determinism (the parts have their own tests).

use super::*;
use crate::error::Location;
use crate::i18n::Message;
use crate::i18n::MISSING_MARK;
use crate::indicators::{Indicator, Unavailable};
use crate::render::preset::{blocks, Block};
use crate::schema::TableKind;
use crate::validate::{Rule, Severity};
use clap::ValueEnum;
use polars::prelude::*;

const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\" \
    role=\"img\" aria-labelledby=\"mobility_trend-title\"><title id=\"mobility_trend-title\">\
    Trend</title><desc>Up</desc><path d=\"M0 0h10\"/></svg>";

fn computed() -> Computed {
    let targets = df!(
        "academic_year" => ["2024-2025", "2024-2025"],
        "target" => ["outgoing_rate_pct", "partners"],
        "target_value" => [100.0, 150.0],
        "actual" => [89.5, 151.0],
        "gap" => [-10.5, 1.0],
        "status" => ["not met", "met"],
    )
    .unwrap();
    let outgoing_rate = df!(
        "graduation_year" => ["2023-2024", "2024-2025", "2024-2025"],
        "home_programme" => ["Génie civil", "Génie civil", "all"],
        "graduates" => [50i64, 1234, 1300],
        "mobile_graduates" => [45i64, 1104, 1163],
        "rate_pct" => [90.0, 1234.5, 89.46],
    )
    .unwrap();
    let icm = df!("country" => ["BR"], "projects" => [1i64], "budget_eur" => [28000.5]).unwrap();
    Computed {
        year: "2024-2025".into(),
        year_is_default: true,
        tables: vec![
            (Indicator::OutgoingRate, outgoing_rate),
            (Indicator::IcmByCountry, icm),
            (Indicator::Targets, targets),
        ],
        unavailable: vec![Unavailable {
            indicator: Indicator::InternationalStudents,
            missing: vec![TableKind::Students],
        }],
        ..Default::default()
    }
}

fn chart() -> Chart {
    Chart {
        name: "mobility_trend",
        section: Indicator::OutgoingRate,
        title: "Trend".into(),
        alt: "Mobilities rise.".into(),
        svg: SVG.into(),
        png: Vec::new(),
    }
}

fn issues() -> Vec<Issue> {
    let at = |row| Location {
        file: "inputs/a.csv".into(),
        row,
        ..Default::default()
    };
    let issue = |row, severity, rule| Issue {
        location: at(row),
        severity,
        rule,
        value: "??".into(),
        message: Message::new("parse.unknown_country").with("value", "??"),
    };
    vec![
        issue(4, Severity::Error, Rule::UnknownCountry),
        issue(5, Severity::Skipped, Rule::BlankRow),
        issue(9, Severity::Error, Rule::EndBeforeStart),
        issue(12, Severity::Warning, Rule::UnknownValue),
    ]
}

fn render(lang: Language, preset: Preset) -> String {
    render_with(lang, preset, &computed(), &[chart()])
}

fn render_with(lang: Language, preset: Preset, computed: &Computed, charts: &[Chart]) -> String {
    let hidden = crate::indicators::privacy::Hidden::default();
    let headlines =
        crate::render::key_figures::headlines(computed, &hidden, &crate::render::key_figures::CARD);
    // 12 rows read: 9 accepted (1 with warnings) + 2 rejected + 1 skipped.
    let accounts = [Account::with_counts(
        "inputs/a.csv",
        "mobilities",
        9,
        1,
        2,
        1,
    )];
    let issues = issues();
    render_html(&HtmlInput {
        lang,
        institution: "École d'essai",
        preset,
        computed,
        charts,
        headlines: &headlines,
        accounts: &accounts,
        issues: &issues,
        source: "a.csv",
        min_outgoing_days: 60,
        dormant_years: 3,
        scope_note: None,
        hidden: &hidden,
    })
    .unwrap()
}

/// The ids of the `<section>` elements, in order.
fn section_ids(html: &str) -> Vec<&str> {
    html.match_indices("<section id=\"")
        .map(|(at, tag)| {
            let from = at + tag.len();
            &html[from..from + html[from..].find('"').unwrap()]
        })
        .collect()
}

/// The HTML of the section `id`.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("<section id=\"{id}\"")).unwrap();
    &html[start..start + html[start..].find("</section>").unwrap()]
}

#[test]
fn a_complete_page_in_both_languages() {
    for lang in [Language::Fr, Language::En] {
        let html = render(lang, Preset::Full);
        assert!(!html.contains(MISSING_MARK), "{lang:?}: untranslated label");
        assert!(!html.contains("<script"));
        let outside_svg = html.replace("http://www.w3.org/2000/svg", "");
        assert!(!outside_svg.contains("http://") && !outside_svg.contains("https://"));
        assert_eq!(html.matches("<h1").count(), 1);
        // The chart's SVG inlined as it is, once, in its section.
        assert_eq!(html.matches(SVG).count(), 1);
        assert!(section(&html, Indicator::OutgoingRate.id()).contains(SVG));
        // The blocks with something to show, in the preset's order, with the blocks' ids;
        // the others are listed once, before the data quality.
        assert_eq!(section_ids(&html), shown(Preset::Full));
        // Two rows of graduation year 2024-2025 out of three.
        let rate = section(&html, Indicator::OutgoingRate.id());
        let body = &rate[rate.find("<tbody>").unwrap()..rate.find("</tbody>").unwrap()];
        assert_eq!(body.matches("<tr>").count(), 2, "{rate}");
        let targets = section(&html, "targets");
        match lang {
            Language::Fr => {
                assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
                // 1234.5 → "1 234,5" (narrow no-break space); 89.46 → "89,5".
                assert!(rate.contains(">1\u{202f}234,5<"), "{rate}");
                assert!(rate.contains(">89,5<"));
                assert!(rate.contains(">toutes formations<"));
                assert!(targets.contains("non atteint"));
                assert!(targets.contains("−10,5\u{a0}pt"), "{targets}");
                assert!(html.contains("la plus récente des données"));
                let missing = section(&html, "not_available");
                assert!(
                    missing.contains("<li>Étudiants internationaux : aucune liste d&#x27;inscrits n&#x27;a été fournie.</li>"),
                    "{missing}"
                );
            }
            Language::En => {
                assert!(html.contains("<html lang=\"en\">"));
                assert!(rate.contains(">1,234.5<"));
                assert!(rate.contains(">89.5<"));
                assert!(targets.contains("not met</span>"), "{targets}");
                assert!(targets.contains("badge-not-met"));
                assert!(targets.contains("badge-met"));
                let icm = section(&html, Indicator::IcmByCountry.id());
                assert!(icm.contains(">28,000.50<") && icm.contains(">Brazil<"));
            }
        }
    }
}

/// The section ids a preset shows on `computed()`: its blocks but the indicators the
/// fixture lacks (all but the outgoing rate and the ICM table), then "not_available" before
/// the data quality (every preset names at least one indicator the fixture lacks).
fn shown(preset: Preset) -> Vec<&'static str> {
    let mut ids: Vec<&str> = blocks(preset)
        .iter()
        .filter_map(|b| match b {
            Block::KeyFigures => Some("key_figures"),
            Block::Targets => Some("targets"),
            Block::Indicator { indicator, .. } => {
                matches!(indicator, Indicator::OutgoingRate | Indicator::IcmByCountry)
                    .then(|| indicator.id())
            }
            Block::DataQuality { .. } => Some("data_quality"),
            // Nothing of the label's domains is in the fixture: each is left out whole.
            Block::Domain(_) | Block::Register(_) => None,
        })
        .collect();
    ids.insert(ids.len() - 1, "not_available");
    ids
}

#[test]
fn each_preset_renders_its_blocks_in_its_order() {
    for preset in Preset::value_variants() {
        let html = render(Language::En, *preset);
        let expected = shown(*preset);
        assert_eq!(section_ids(&html), expected, "{preset:?}");
        // The table of contents links every block.
        for id in expected {
            assert!(html.contains(&format!("<a href=\"#{id}\">")), "{id}");
        }
    }
    // The leadership one-pager shows the chart, not the table, of the outgoing rate.
    let html = render(Language::Fr, Preset::Leadership);
    let rate = section(&html, Indicator::OutgoingRate.id());
    assert!(rate.contains(SVG) && !rate.contains("<table"));
}

/// Regression: the headings' ids were "<block>-title", the very ids the charts give their
/// SVG `<title>` ("top_destinations-title"), so aria-labelledby named two elements.
#[test]
fn every_id_is_unique_and_every_reference_resolves() {
    let mut svg_chart = chart();
    svg_chart.section = Indicator::IcmByCountry;
    svg_chart.svg = SVG.replace("mobility_trend", Indicator::IcmByCountry.id());
    let html = render(Language::En, Preset::Full).replace(SVG, &svg_chart.svg);
    let mut ids: Vec<&str> = html
        .match_indices(" id=\"")
        .map(|(at, tag)| {
            let from = at + tag.len();
            &html[from..from + html[from..].find('"').unwrap()]
        })
        .collect();
    for (at, tag) in html.match_indices("aria-labelledby=\"") {
        let from = at + tag.len();
        for id in html[from..from + html[from..].find('"').unwrap()].split(' ') {
            assert!(ids.contains(&id), "aria-labelledby names no element: {id}");
        }
    }
    for (at, tag) in html.match_indices("href=\"#") {
        let from = at + tag.len();
        let id = &html[from..from + html[from..].find('"').unwrap()];
        assert!(ids.contains(&id), "a link to no element: {id}");
    }
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate ids");
}

/// The `<li>` texts of the "figures not available" block.
fn not_available(html: &str) -> Vec<&str> {
    let block = section(html, "not_available");
    block
        .match_indices("<li>")
        .map(|(at, tag)| {
            let from = at + tag.len();
            &block[from..from + block[from..].find("</li>").unwrap()]
        })
        .collect()
}

#[test]
fn sections_with_nothing_to_show_are_left_out_and_listed_once_at_the_end_with_why() {
    let mut computed = computed();
    // Partners of 2023-2024 only, and no chart: nothing for the reporting year 2024-2025.
    let partners = df!(
        "academic_year" => ["2023-2024"],
        "country" => ["DE"],
        "continent" => ["Europe"],
        "partners" => [3i64],
    )
    .unwrap();
    computed
        .tables
        .push((Indicator::PartnersByCountry, partners));
    let html = render_with(Language::En, Preset::BienvenueEnFrance, &computed, &[]);
    // bienvenue-en-france: key figures, then the label's domains, none of which has anything
    // in the fixture: each is left out whole, with its blocks' reasons (international
    // students: no enrolment list; nationalities, by level, top origins, the register,
    // programmes in English, double degrees, housing: not computed by the fixture; partners by
    // country: no row for the year), then the data quality.
    assert_eq!(
        section_ids(&html),
        ["key_figures", "not_available", "data_quality"]
    );
    assert_eq!(
        not_available(&html),
        [
            "International students: no enrolment list was provided and this figure was not computed.",
            "Information: this figure was not computed.",
            "Welcome services: this figure was not computed.",
            "Programmes: this figure was not computed and the data gives no row for 2024-2025.",
            "Housing: this figure was not computed.",
            "Campus life: this figure was not computed.",
            "Follow-up after graduation: this figure was not computed.",
        ]
    );
    // The contents follow: a link to the list, none to the sections left out.
    assert!(html.contains("<a href=\"#not_available\">Figures not available</a>"));
    assert!(!html.contains("href=\"#partners_by_country\""));
    // The list comes before the data quality.
    let list = html.find("<section id=\"not_available\"").unwrap();
    assert!(list < html.find("<section id=\"data_quality\"").unwrap());
    let input = HtmlInput {
        lang: Language::En,
        institution: "É",
        preset: Preset::BienvenueEnFrance,
        computed: &computed,
        charts: &[],
        headlines: &[],
        accounts: &[],
        issues: &[],
        source: "a.csv",
        min_outgoing_days: 60,
        dormant_years: 3,
        scope_note: None,
        hidden: &Default::default(),
    };
    assert_eq!(
        left_out(&input),
        [
            "domain_students",
            "domain_information",
            "domain_welcome",
            "domain_programmes",
            "domain_housing",
            "domain_campus_life",
            "domain_follow_up",
        ]
    );
    // The same table beside a chart keeps its section, with a sentence for the table.
    let mut chart = chart();
    chart.section = Indicator::PartnersByCountry;
    let html = render_with(Language::Fr, Preset::BienvenueEnFrance, &computed, &[chart]);
    let partners = section(&html, Indicator::PartnersByCountry.id());
    assert!(
        partners.contains("Les données ne donnent aucune ligne pour 2024-2025"),
        "{partners}"
    );
    assert!(!not_available(&html)
        .iter()
        .any(|i| i.starts_with("Partenaires")));
}

#[test]
fn without_targets_there_is_no_targets_block_and_no_instruction() {
    let mut computed = computed();
    let empty = computed.get(Indicator::Targets).unwrap().clear();
    computed.tables.retain(|(i, _)| *i != Indicator::Targets);
    computed.tables.push((Indicator::Targets, empty));
    for (lang, item) in [
        (Language::En, "Targets: no target was set for 2024-2025."),
        (
            Language::Fr,
            "Objectifs : aucun objectif n&#x27;a été fixé pour 2024-2025.",
        ),
    ] {
        for preset in [Preset::Full, Preset::Leadership] {
            let html = render_with(lang, preset, &computed, &[chart()]);
            assert!(
                !section_ids(&html).contains(&"targets"),
                "{lang:?} {preset:?}"
            );
            assert!(!html.contains("href=\"#targets\""));
            assert_eq!(not_available(&html)[0], item, "{lang:?} {preset:?}");
            // The styles have their custom properties ("--accent"): the body has no flag.
            let body = &html[html.find("</style>").unwrap()..];
            for tool_talk in ["[targets]", "mobistat.toml", "--"] {
                assert!(!body.contains(tool_talk), "{lang:?}: {tool_talk}");
            }
        }
    }
}

#[test]
fn the_same_input_gives_the_same_page() {
    assert_eq!(
        render(Language::Fr, Preset::Full),
        render(Language::Fr, Preset::Full)
    );
}

#[test]
fn the_rejected_rows_table_lists_exactly_the_errors() {
    let html = render(Language::En, Preset::Full);
    let quality = section(&html, "data_quality");
    let start = quality.find("Rejected rows (2)").unwrap();
    let table = &quality[start..start + quality[start..].find("</table>").unwrap()];
    assert_eq!(table.matches("<tr>").count(), 3, "header and two rows");
    assert!(table.contains("unknown country") && table.contains("end before start"));
    assert!(!table.contains("blank row"));
    // The skipped row and the warning are counted by rule below it.
    assert!(quality.contains("blank row") && quality.contains("unknown value"));
}

#[test]
fn academic_years_in_titles_never_break_at_their_hyphen() {
    let years = |text: &str| super::years(text).to_string();
    assert_eq!(
        years("Objectifs 2024-2025 & <b>"),
        "Objectifs <span class=\"nowrap\">2024-2025</span> &amp; &lt;b&gt;"
    );
    assert_eq!(
        years("2023-2024 à 2024-2025"),
        "<span class=\"nowrap\">2023-2024</span> à <span class=\"nowrap\">2024-2025</span>"
    );
    // Not a year: a longer number, a project reference, a date.
    for text in [
        "12024-2025",
        "2024-20256",
        "2021-1-FR01-KA131",
        "2024-09-15",
        "2024-",
    ] {
        assert_eq!(years(text), text);
    }
    // Every title with a year in the rendered page is wrapped: none is left bare in a heading.
    let html = render(Language::Fr, Preset::Full);
    for tag in ["<h1>", "<h2 ", "<caption>"] {
        for (at, _) in html.match_indices(tag) {
            let end = html[at..].find('\n').unwrap() + at;
            let line = &html[at..end];
            let bare = line.replace("<span class=\"nowrap\">2024-2025</span>", "");
            assert!(!bare.contains("2024-2025"), "{line}");
        }
    }
}
