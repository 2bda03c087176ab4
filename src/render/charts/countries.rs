//! `top_destinations` and `top_origins`: the reporting year's countries in rank order as
//! horizontal bars, country names translated, "other countries" last in grey, each bar with
//! its mobilities and share.

use super::hbar::{Bar, HBars, Row};
use super::theme::{self, PALETTE, REST};
use super::{data, make_chart, words, Chart, ChartContext, Page, Spec};
use crate::error::Result;
use crate::i18n::labels;
use crate::i18n::Language;
use crate::indicators::Computed;
use polars::prelude::DataFrame;

/// One row of the ranking.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ranked {
    /// ISO code, or "other".
    pub country: String,
    pub mobilities: f64,
    pub share_pct: f64,
}

/// The ranking of `year` as the table orders it, "other" moved last.
pub(crate) fn ranking(df: &DataFrame, year: &str) -> Option<Vec<Ranked>> {
    let rows = data::rows_of(df, "academic_year", year)?;
    let countries = data::strings(df, "country")?;
    let mobilities = data::numbers(df, "mobilities")?;
    let shares = data::numbers(df, "share_pct")?;
    let mut out: Vec<Ranked> = rows
        .into_iter()
        .map(|i| Ranked {
            country: countries[i].clone(),
            mobilities: mobilities[i],
            share_pct: shares[i],
        })
        .collect();
    // A stable sort keeps the table's rank order and only moves "other" to the end.
    out.sort_by_key(|r| r.country == "other");
    (!out.is_empty()).then_some(out)
}

/// The chart, or None when its indicator is absent or has no rows for it.
pub(super) fn make(spec: &Spec, computed: &Computed, ctx: &ChartContext) -> Result<Option<Chart>> {
    make_chart(
        spec,
        computed,
        ctx,
        |df| ranking(df, &computed.year),
        |r| page(spec.name(), &r, &computed.year, ctx.lang),
    )
}

/// Title, alternative text and bars of a ranking chart (`name`: top_destinations or top_origins).
pub(crate) fn page(name: &str, ranked: &[Ranked], year: &str, lang: Language) -> Page<HBars> {
    let country = |code: &str| labels::country(lang, code);
    let rows = ranked
        .iter()
        .map(|r| Row {
            label: words::capitalise(&country(&r.country)),
            strong: false,
            note: String::new(),
            bars: vec![Bar {
                value: r.mobilities,
                color: if r.country == "other" {
                    REST
                } else {
                    PALETTE[0]
                },
                behind: None,
                label: words::shared(
                    lang,
                    "value_share",
                    &[
                        ("value", &words::num(lang, r.mobilities)),
                        ("share", &words::pct(lang, r.share_pct)),
                    ],
                ),
            }],
        })
        .collect();
    let named: Vec<&Ranked> = ranked.iter().filter(|r| r.country != "other").collect();
    let alt = match named.split_first() {
        Some((first, rest)) => {
            let rest: Vec<String> = rest
                .iter()
                .take(2)
                .map(|r| {
                    format!(
                        "{} ({})",
                        country(&r.country),
                        words::num(lang, r.mobilities)
                    )
                })
                .collect();
            words::chart(
                lang,
                name,
                "alt",
                &[
                    ("year", year),
                    ("first", &country(&first.country)),
                    ("value", &words::num(lang, first.mobilities)),
                    ("rest", &words::ahead_of(lang, &rest)),
                ],
            )
        }
        None => words::chart(
            lang,
            name,
            "alt",
            &[
                ("year", year),
                ("first", &country("other")),
                ("value", &words::num(lang, ranked[0].mobilities)),
                ("rest", ""),
            ],
        ),
    };
    // "Other countries" often outweighs every named country: its bar is then cut, so that
    // the ranking keeps its scale.
    let named_max = named.iter().map(|r| r.mobilities).fold(0.0, f64::max);
    let other = ranked
        .iter()
        .filter(|r| r.country == "other")
        .map(|r| r.mobilities)
        .fold(0.0, f64::max);
    let max =
        (named_max > 0.0 && other > 1.6 * named_max).then(|| theme::nice_max(named_max * 1.25));
    Page {
        title: words::chart(lang, name, "title", &[("year", year)]),
        subtitle: None,
        alt,
        figure: HBars {
            rows,
            axis: words::chart(lang, name, "axis", &[]),
            max,
            keys: vec![],
            target: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::testing::check;
    use polars::prelude::*;

    fn table() -> DataFrame {
        df!(
            "academic_year" => ["2024-2025", "2024-2025", "2024-2025", "2024-2025", "2023-2024"],
            "rank" => [Some(1i64), None, Some(2), Some(3), Some(1)],
            "country" => ["DE", "other", "IT", "ES", "FR"],
            "continent" => [Some("Europe"), None, Some("Europe"), Some("Europe"), Some("Europe")],
            "mobilities" => [56i64, 103, 42, 39, 5],
            "participants" => [56i64, 102, 42, 39, 5],
            "share_pct" => [12.5, 23.0, 9.4, 8.7, 100.0],
        )
        .unwrap()
    }

    #[test]
    fn the_ranking_of_the_year_ends_with_other() {
        let ranked = ranking(&table(), "2024-2025").unwrap();
        let codes: Vec<&str> = ranked.iter().map(|r| r.country.as_str()).collect();
        assert_eq!(codes, ["DE", "IT", "ES", "other"]);
        assert_eq!(ranked[0].mobilities, 56.0);
        assert_eq!(ranked[3].share_pct, 23.0);
        assert!(ranking(&table(), "2022-2023").is_none());
    }

    #[test]
    fn bars_labels_and_alt_in_both_languages() {
        let ranked = ranking(&table(), "2024-2025").unwrap();
        let page = page("top_destinations", &ranked, "2024-2025", Language::En);
        assert_eq!(
            page.alt,
            "In 2024-2025, the leading destination was Germany with 56 mobilities, ahead of Italy (42) and Spain (39)."
        );
        assert_eq!(page.figure.rows[3].label, "Other countries");
        // 103 others against 56 for the first: the axis keeps the ranking's scale.
        assert_eq!(page.figure.max, Some(80.0));
        assert_eq!(page.figure.rows[3].bars[0].color, REST);
        assert_eq!(page.figure.rows[0].bars[0].label, "56 (12.5%)");
        check(page, Language::En);
        let page = page_fr(&ranked);
        assert_eq!(
            page.alt,
            "En 2024-2025, premier pays d'origine : Allemagne avec 56 mobilités, devant Italie (42) et Espagne (39)."
        );
        check(page, Language::Fr);
    }

    fn page_fr(ranked: &[Ranked]) -> Page<HBars> {
        page("top_origins", ranked, "2024-2025", Language::Fr)
    }
}
