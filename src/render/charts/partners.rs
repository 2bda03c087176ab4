//! The partner charts of the reporting year: partners by agreement type (bars with value and
//! share), partners per degree programme (grouped horizontal bars by agreement type) and
//! partners by continent (from partners_by_country, bars sorted descending).

use super::hbar::{Bar, HBars, Row};
use super::theme::{Key, Swatch, PALETTE, REST};
use super::vbar::{Column, Group, VBars};
use super::{data, make_chart, words, Chart, ChartContext, Page, Spec};
use crate::error::Result;
use crate::i18n::labels;
use crate::i18n::Language;
use crate::indicators::Computed;
use crate::schema::ColumnKind;
use plotters::style::RGBColor;
use polars::prelude::DataFrame;
use std::collections::BTreeMap;

/// (label key, partners, share %) per agreement type, most partners first, and the total.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Agreements {
    pub types: Vec<(String, f64, f64)>,
    pub total: f64,
}

/// The agreement types of `year`, without the "all" row.
pub(crate) fn agreements(df: &DataFrame, year: &str) -> Option<Agreements> {
    let rows = data::rows_of(df, "academic_year", year)?;
    let kinds = data::strings(df, "agreement")?;
    let partners = data::numbers(df, "partners")?;
    let shares = data::numbers(df, "share_pct")?;
    let mut total = 0.0;
    let mut types = Vec::new();
    for i in rows {
        if kinds[i] == "all" {
            total = partners[i];
        } else {
            types.push((kinds[i].clone(), partners[i], shares[i]));
        }
    }
    types.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    (!types.is_empty()).then_some(Agreements { types, total })
}

/// The chart, or None when its indicator is absent or has no rows for it.
pub(super) fn make_by_agreement(
    spec: &Spec,
    computed: &Computed,
    ctx: &ChartContext,
) -> Result<Option<Chart>> {
    make_chart(
        spec,
        computed,
        ctx,
        |df| agreements(df, &computed.year),
        |a| agreement_page(&a, &computed.year, ctx.lang),
    )
}

/// The chart's title, alternative text and figure, in `lang`.
pub(crate) fn agreement_page(a: &Agreements, year: &str, lang: Language) -> Page<VBars> {
    let name = "partners_by_agreement";
    let label = |kind: &str| words::capitalise(&labels::vocabulary(lang, "agreement", kind));
    let value_share = |n: f64, share: f64| {
        words::shared(
            lang,
            "value_share",
            &[
                ("value", &words::num(lang, n)),
                ("share", &words::pct(lang, share)),
            ],
        )
    };
    let groups = a
        .types
        .iter()
        .map(|(kind, n, share)| Group {
            label: label(kind),
            columns: vec![Column {
                segments: vec![(*n, agreement_colour(kind))],
                over: value_share(*n, *share),
                under: String::new(),
            }],
        })
        .collect();
    let items: Vec<String> = a
        .types
        .iter()
        .map(|(kind, n, share)| {
            words::shared(
                lang,
                "item",
                &[
                    ("label", &labels::vocabulary(lang, "agreement", kind)),
                    ("value", &value_share(*n, *share)),
                ],
            )
        })
        .collect();
    let total = words::num(lang, a.total);
    Page {
        title: words::chart(lang, name, "title", &[("year", year)]),
        subtitle: Some(words::chart(lang, name, "subtitle", &[("total", &total)])),
        alt: words::chart(
            lang,
            name,
            "alt",
            &[
                ("year", year),
                ("total", &total),
                ("list", &words::list(lang, &items)),
            ],
        ),
        figure: VBars {
            groups,
            axis: words::chart(lang, name, "axis", &[]),
            x_axis: None,
            keys: vec![],
            targets: vec![],
            line: None,
        },
    }
}

/// An agreement type's colour, the same in both partner charts.
fn agreement_colour(kind: &str) -> RGBColor {
    match kind {
        "erasmus" => PALETTE[0],
        "bilateral" => PALETTE[1],
        "double_degree" => PALETTE[2],
        "network" => PALETTE[3],
        "other" => PALETTE[4],
        _ => REST,
    }
}

/// The agreement-type columns of partners_per_programme, in the order of the bars.
const PROGRAMME_TYPES: [&str; 3] = ["erasmus", "bilateral", "double_degree"];

/// Per programme: its name, all partners, then one count per [`PROGRAMME_TYPES`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Programme {
    pub programme: String,
    pub partners: f64,
    pub by_type: [f64; 3],
}

/// The programmes of `year`.
pub(crate) fn programmes(df: &DataFrame, year: &str) -> Option<Vec<Programme>> {
    let rows = data::rows_of(df, "academic_year", year)?;
    let names = data::strings(df, "programme")?;
    let partners = data::numbers(df, "partners")?;
    let columns: Vec<Vec<f64>> = PROGRAMME_TYPES
        .iter()
        .map(|c| data::numbers(df, c))
        .collect::<Option<_>>()?;
    let out: Vec<Programme> = rows
        .into_iter()
        .map(|i| Programme {
            programme: names[i].clone(),
            partners: partners[i],
            by_type: [columns[0][i], columns[1][i], columns[2][i]],
        })
        .collect();
    (!out.is_empty()).then_some(out)
}

/// The chart, or None when its indicator is absent or has no rows for it.
pub(super) fn make_per_programme(
    spec: &Spec,
    computed: &Computed,
    ctx: &ChartContext,
) -> Result<Option<Chart>> {
    make_chart(
        spec,
        computed,
        ctx,
        |df| programmes(df, &computed.year),
        |p| programme_page(&p, &computed.year, ctx.lang),
    )
}

/// The chart's title, alternative text and figure, in `lang`.
pub(crate) fn programme_page(programmes: &[Programme], year: &str, lang: Language) -> Page<HBars> {
    let name = "partners_per_programme";
    let programme = |raw: &str| labels::value(lang, "programme", ColumnKind::OwnWords, raw);
    let rows = programmes
        .iter()
        .map(|p| Row {
            label: words::capitalise(&programme(&p.programme)),
            strong: false,
            note: words::chart(
                lang,
                name,
                "total",
                &[("count", &words::num(lang, p.partners))],
            ),
            bars: p
                .by_type
                .iter()
                .zip(PROGRAMME_TYPES)
                .map(|(n, kind)| Bar {
                    value: *n,
                    color: agreement_colour(kind),
                    behind: None,
                    label: words::num(lang, *n),
                })
                .collect(),
        })
        .collect();
    let keys = PROGRAMME_TYPES
        .iter()
        .map(|t| Key {
            label: labels::column(lang, t),
            color: agreement_colour(t),
            swatch: Swatch::Fill,
        })
        .collect();
    // The first programme with the most partners.
    let best = programmes.iter().fold(&programmes[0], |best, p| {
        if p.partners > best.partners {
            p
        } else {
            best
        }
    });
    let alt = words::chart(
        lang,
        name,
        "alt",
        &[
            ("year", year),
            ("best", &programme(&best.programme)),
            ("value", &words::num(lang, best.partners)),
            ("erasmus", &words::num(lang, best.by_type[0])),
            ("count", &words::num(lang, programmes.len() as f64)),
        ],
    );
    Page {
        title: words::chart(lang, name, "title", &[("year", year)]),
        subtitle: None,
        alt,
        figure: HBars {
            rows,
            axis: words::chart(lang, name, "axis", &[]),
            max: None,
            keys,
            target: None,
        },
    }
}

/// Partners per continent (English name), most first, from partners_by_country.
pub(crate) fn continents(df: &DataFrame, year: &str) -> Option<Vec<(String, f64)>> {
    let rows = data::rows_of(df, "academic_year", year)?;
    let continent = data::strings(df, "continent")?;
    let partners = data::numbers(df, "partners")?;
    let mut sums: BTreeMap<String, f64> = BTreeMap::new();
    for i in rows {
        let name = if continent[i].is_empty() {
            "unknown"
        } else {
            &continent[i]
        };
        *sums.entry(name.to_string()).or_default() += partners[i];
    }
    let mut out: Vec<(String, f64)> = sums.into_iter().collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    (!out.is_empty()).then_some(out)
}

/// The chart, or None when its indicator is absent or has no rows for it.
pub(super) fn make_by_continent(
    spec: &Spec,
    computed: &Computed,
    ctx: &ChartContext,
) -> Result<Option<Chart>> {
    make_chart(
        spec,
        computed,
        ctx,
        |df| continents(df, &computed.year),
        |c| continent_page(&c, &computed.year, ctx.lang),
    )
}

/// The chart's title, alternative text and figure, in `lang`.
pub(crate) fn continent_page(
    continents: &[(String, f64)],
    year: &str,
    lang: Language,
) -> Page<VBars> {
    let name = "partners_by_continent";
    let groups = continents
        .iter()
        .map(|(c, n)| Group {
            label: labels::continent(lang, c),
            columns: vec![Column {
                segments: vec![(*n, PALETTE[0])],
                over: words::num(lang, *n),
                under: String::new(),
            }],
        })
        .collect();
    let total: f64 = continents.iter().map(|c| c.1).sum();
    let items: Vec<String> = continents
        .iter()
        .map(|(c, n)| {
            words::shared(
                lang,
                "item",
                &[
                    ("label", &labels::continent(lang, c)),
                    ("value", &words::num(lang, *n)),
                ],
            )
        })
        .collect();
    Page {
        title: words::chart(lang, name, "title", &[("year", year)]),
        subtitle: None,
        alt: words::chart(
            lang,
            name,
            "alt",
            &[
                ("year", year),
                ("total", &words::num(lang, total)),
                ("list", &words::list(lang, &items)),
            ],
        ),
        figure: VBars {
            groups,
            axis: words::chart(lang, name, "axis", &[]),
            x_axis: None,
            keys: vec![],
            targets: vec![],
            line: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::testing::check;
    use polars::prelude::*;

    #[test]
    fn agreement_types_without_the_all_row_most_first() {
        let df = df!(
            "academic_year" => ["2024-2025"; 4],
            "agreement" => ["bilateral", "erasmus", "network", "all"],
            "partners" => [52i64, 64, 8, 110],
            "share_pct" => [47.3, 58.2, 7.3, 100.0],
        )
        .unwrap();
        let a = agreements(&df, "2024-2025").unwrap();
        assert_eq!(a.total, 110.0);
        let kinds: Vec<&str> = a.types.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(kinds, ["erasmus", "bilateral", "network"]);
        let page = agreement_page(&a, "2024-2025", Language::En);
        assert_eq!(
            page.alt,
            "In 2024-2025, of 110 active partners: Erasmus+: 64 (58.2%), bilateral: 52 (47.3%) and network: 8 (7.3%)."
        );
        check(page, Language::En);
        check(agreement_page(&a, "2024-2025", Language::Fr), Language::Fr);
        assert!(agreements(&df, "2023-2024").is_none());
    }

    #[test]
    fn programmes_with_their_agreement_types() {
        let df = df!(
            "academic_year" => ["2024-2025", "2024-2025"],
            "programme" => ["Génie civil", "unspecified"],
            "partners" => [95i64, 101],
            "erasmus" => [46i64, 50],
            "bilateral" => [42i64, 45],
            "double_degree" => [7i64, 4],
        )
        .unwrap();
        let p = programmes(&df, "2024-2025").unwrap();
        assert_eq!(p[0].by_type, [46.0, 42.0, 7.0]);
        let page = programme_page(&p, "2024-2025", Language::Fr);
        assert_eq!(page.figure.rows[1].label, "Formation non précisée");
        assert_eq!(
            page.alt,
            "En 2024-2025, formation non précisée compte le plus de partenaires (101, dont 50 Erasmus+), parmi 2 formations."
        );
        check(page, Language::Fr);
        check(programme_page(&p, "2024-2025", Language::En), Language::En);
    }

    #[test]
    fn continents_summed_from_countries() {
        let df = df!(
            "academic_year" => ["2024-2025"; 4],
            "country" => ["DE", "ES", "CA", "XX"],
            "continent" => [Some("Europe"), Some("Europe"), Some("North America"), None],
            "partners" => [11i64, 8, 6, 1],
        )
        .unwrap();
        let c = continents(&df, "2024-2025").unwrap();
        assert_eq!(
            c,
            vec![
                ("Europe".to_string(), 19.0),
                ("North America".to_string(), 6.0),
                ("unknown".to_string(), 1.0)
            ]
        );
        let page = continent_page(&c, "2024-2025", Language::Fr);
        assert_eq!(
            page.alt,
            "En 2024-2025, les 26 partenaires actifs se répartissent ainsi : Europe : 19, Amérique du Nord : 6 et continent inconnu : 1."
        );
        check(page, Language::Fr);
        check(continent_page(&c, "2024-2025", Language::En), Language::En);
    }
}
