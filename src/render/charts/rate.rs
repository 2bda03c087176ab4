//! `outgoing_rate`: the reporting year's graduates who went abroad, per degree programme, as
//! horizontal bars on a 0–100 % axis, the "all programmes" row first and highlighted, with the
//! target as a vertical dashed line.

use super::hbar::{Bar, HBars, Row};
use super::theme::PALETTE;
use super::{data, make_chart, words, Chart, ChartContext, Page, Spec};
use crate::error::Result;
use crate::i18n::labels;
use crate::i18n::Language;
use crate::indicators::{Computed, KeyFigure};
use crate::schema::ColumnKind;
use polars::prelude::DataFrame;

/// One programme (or "all") of the graduation year.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rate {
    pub programme: String,
    pub graduates: f64,
    pub mobile: f64,
    pub rate_pct: f64,
}

/// The rows of `year`: "all" first, then the programmes from the highest rate down.
pub(crate) fn rates(df: &DataFrame, year: &str) -> Option<Vec<Rate>> {
    let rows = data::rows_of(df, "graduation_year", year)?;
    let programmes = data::strings(df, "home_programme")?;
    let graduates = data::numbers(df, "graduates")?;
    let mobile = data::numbers(df, "mobile_graduates")?;
    let rates = data::numbers(df, "rate_pct")?;
    // The institution's row and the programmes; the faculties' "all" rows are the table's.
    let faculties = data::strings(df, "faculty").unwrap_or_default();
    let faculty_total =
        |i: usize| programmes[i] == "all" && faculties.get(i).is_some_and(|f| f != "all");
    let mut out: Vec<Rate> = rows
        .into_iter()
        .filter(|&i| !faculty_total(i))
        .map(|i| Rate {
            programme: programmes[i].clone(),
            graduates: graduates[i],
            mobile: mobile[i],
            rate_pct: rates[i],
        })
        .collect();
    out.sort_by(|a, b| {
        (b.programme == "all")
            .cmp(&(a.programme == "all"))
            .then(b.rate_pct.total_cmp(&a.rate_pct))
            .then_with(|| a.programme.cmp(&b.programme))
    });
    (!out.is_empty()).then_some(out)
}

/// The chart, or None when its indicator is absent or has no rows for it.
pub(super) fn make(spec: &Spec, computed: &Computed, ctx: &ChartContext) -> Result<Option<Chart>> {
    let target = ctx.targets.get(&KeyFigure::OutgoingRatePct).copied();
    make_chart(
        spec,
        computed,
        ctx,
        |df| rates(df, &computed.year),
        |r| page(&r, target, ctx.min_outgoing_days, &computed.year, ctx.lang),
    )
}

/// The chart's title, alternative text and figure, in `lang`.
pub(crate) fn page(
    rates: &[Rate],
    target: Option<f64>,
    min_days: i64,
    year: &str,
    lang: Language,
) -> Page<HBars> {
    let name = "outgoing_rate";
    let programme = |raw: &str| labels::value(lang, "home_programme", ColumnKind::OwnWords, raw);
    let rows = rates
        .iter()
        .map(|r| {
            let all = r.programme == "all";
            Row {
                label: words::capitalise(&programme(&r.programme)),
                strong: all,
                note: String::new(),
                bars: vec![Bar {
                    value: r.rate_pct,
                    color: if all { PALETTE[3] } else { PALETTE[0] },
                    behind: None,
                    label: words::chart(
                        lang,
                        name,
                        "value",
                        &[
                            ("rate", &words::pct(lang, r.rate_pct)),
                            ("mobile", &words::num(lang, r.mobile)),
                            ("graduates", &words::num(lang, r.graduates)),
                        ],
                    ),
                }],
            }
        })
        .collect();
    let target_text = target.map(|t| words::pct(lang, t));
    let suffix = words::target_suffix(lang, target_text.clone());
    let overall = rates
        .iter()
        .find(|r| r.programme == "all")
        .unwrap_or(&rates[0]);
    let programmes: Vec<&Rate> = rates.iter().filter(|r| r.programme != "all").collect();
    let alt = match (programmes.first(), programmes.last()) {
        (Some(best), Some(worst)) if programmes.len() > 1 => words::chart(
            lang,
            name,
            "alt",
            &[
                ("year", year),
                ("rate", &words::pct(lang, overall.rate_pct)),
                ("target", &suffix),
                ("best", &programme(&best.programme)),
                ("best_rate", &words::pct(lang, best.rate_pct)),
                ("worst", &programme(&worst.programme)),
                ("worst_rate", &words::pct(lang, worst.rate_pct)),
            ],
        ),
        _ => words::chart(
            lang,
            name,
            "alt_short",
            &[
                ("year", year),
                ("rate", &words::pct(lang, overall.rate_pct)),
                ("target", &suffix),
            ],
        ),
    };
    Page {
        title: words::chart(lang, name, "title", &[("year", year)]),
        subtitle: Some(words::chart(
            lang,
            name,
            "subtitle",
            &[("days", &min_days.to_string())],
        )),
        alt,
        figure: HBars {
            rows,
            axis: words::chart(lang, name, "axis", &[]),
            max: Some(100.0),
            keys: vec![],
            target: target
                .zip(target_text)
                .map(|(t, text)| (t, words::shared(lang, "target", &[("value", &text)]))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::testing::check;
    use polars::prelude::*;

    fn rates_2024() -> Vec<Rate> {
        let df = df!(
            "graduation_year" => ["2024-2025", "2024-2025", "2024-2025", "2023-2024"],
            "home_programme" => ["Génie civil", "all", "Informatique", "all"],
            "graduates" => [60i64, 120, 60, 100],
            "mobile_graduates" => [56i64, 107, 51, 90],
            "rate_pct" => [93.3, 89.2, 85.0, 90.0],
        )
        .unwrap();
        rates(&df, "2024-2025").unwrap()
    }

    #[test]
    fn all_first_then_programmes_by_rate() {
        let r = rates_2024();
        let names: Vec<&str> = r.iter().map(|r| r.programme.as_str()).collect();
        assert_eq!(names, ["all", "Génie civil", "Informatique"]);
        assert_eq!((r[0].mobile, r[0].graduates), (107.0, 120.0));
    }

    #[test]
    fn renders_with_and_without_target() {
        let page = page(&rates_2024(), Some(100.0), 60, "2024-2025", Language::Fr);
        assert_eq!(
            page.alt,
            "En 2024-2025, 89,2\u{a0}% des diplômés sont partis à l'étranger (objectif : 100,0\u{a0}%) ; taux le plus élevé : Génie civil (93,3\u{a0}%), le plus bas : Informatique (85,0\u{a0}%)."
        );
        assert!(page.figure.rows[0].strong);
        assert_eq!(page.figure.rows[0].label, "Toutes formations");
        assert_eq!(page.figure.rows[1].bars[0].label, "93,3\u{a0}% (56 sur 60)");
        check(page, Language::Fr);
        let page = super::page(&rates_2024()[..1], None, 60, "2024-2025", Language::En);
        assert_eq!(page.alt, "In 2024-2025, 89.2% of graduates went abroad.");
        check(page, Language::En);
    }
}
