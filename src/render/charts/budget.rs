//! `erasmus_budget_use`: each Erasmus+ project's grant awarded (a light bar behind) against
//! what its realised mobilities earn (the bar in front), with the share used.

use super::hbar::{Bar, HBars, Row};
use super::theme::PALETTE;
use super::{data, make_chart, words, Chart, ChartContext, Page, Spec};
use crate::error::Result;
use crate::i18n::Language;
use crate::indicators::Computed;
use polars::prelude::DataFrame;

/// A project's total: awarded, realised, planned (None when not available).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Use {
    pub project: String,
    pub awarded: f64,
    pub realised: Option<f64>,
    pub planned: Option<f64>,
}

/// The "total" rows of the table.
pub(crate) fn uses(df: &DataFrame) -> Option<Vec<Use>> {
    let projects = data::strings(df, "project_reference")?;
    let headings = data::strings(df, "heading")?;
    let awarded = data::numbers(df, "awarded_eur")?;
    let optional = |name: &str| -> Option<Vec<Option<f64>>> {
        let c = df
            .column(name)
            .ok()?
            .cast(&polars::prelude::DataType::Float64)
            .ok()?;
        Some(c.f64().ok()?.iter().collect())
    };
    let (realised, planned) = (optional("realised_eur")?, optional("planned_eur")?);
    let out: Vec<Use> = (0..df.height())
        .filter(|&i| headings[i] == "total")
        .map(|i| Use {
            project: projects[i].clone(),
            awarded: awarded[i],
            realised: realised[i],
            planned: planned[i],
        })
        .collect();
    (!out.is_empty()).then_some(out)
}

/// The chart of erasmus_budget_use.
pub(super) fn make(spec: &Spec, computed: &Computed, ctx: &ChartContext) -> Result<Option<Chart>> {
    make_chart(spec, computed, ctx, uses, |u| {
        page(&u, &computed.year, ctx.lang)
    })
}

/// The chart's title, alternative text and figure, in `lang`.
pub(crate) fn page(uses: &[Use], year: &str, lang: Language) -> Page<HBars> {
    let name = "erasmus_budget_use";
    let euros = |v: f64| {
        words::chart(
            lang,
            name,
            "euros",
            &[("value", &words::num(lang, v.round()))],
        )
    };
    let share = |u: &Use| {
        u.realised.map(|r| {
            if u.awarded > 0.0 {
                r / u.awarded * 100.0
            } else {
                0.0
            }
        })
    };
    let rows = uses
        .iter()
        .map(|u| Row {
            label: u.project.clone(),
            strong: false,
            note: words::chart(
                lang,
                name,
                "note",
                &[
                    ("awarded", &euros(u.awarded)),
                    ("planned", &u.planned.map_or_else(|| "—".to_string(), euros)),
                ],
            ),
            bars: vec![Bar {
                value: u.realised.unwrap_or(0.0),
                color: PALETTE[0],
                behind: Some(u.awarded),
                label: match (u.realised, share(u)) {
                    (Some(r), Some(s)) => format!(
                        "{} ({})",
                        euros(r),
                        words::pct(lang, (s * 10.0).round() / 10.0)
                    ),
                    _ => words::chart(lang, name, "not_available", &[]),
                },
            }],
        })
        .collect();
    let items: Vec<String> = uses
        .iter()
        .map(|u| {
            words::chart(
                lang,
                name,
                "item",
                &[
                    ("project", &u.project),
                    (
                        "realised",
                        &u.realised.map_or_else(|| "—".to_string(), euros),
                    ),
                    ("awarded", &euros(u.awarded)),
                ],
            )
        })
        .collect();
    Page {
        title: words::chart(lang, name, "title", &[("year", year)]),
        subtitle: Some(words::chart(lang, name, "subtitle", &[])),
        alt: words::chart(lang, name, "alt", &[("list", &words::list(lang, &items))]),
        figure: HBars {
            rows,
            axis: words::chart(lang, name, "axis", &[]),
            max: None,
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

    #[test]
    fn each_project_s_total_against_its_grant() {
        let df = df!(
            "project_reference" => ["P1", "P1", "P2"],
            "heading" => ["travel", "total", "total"],
            "awarded_eur" => [2000.0, 30000.0, 10000.0],
            "realised_eur" => [Some(1735.0), Some(7065.0), None],
            "planned_eur" => [Some(1735.0), Some(8365.0), None],
        )
        .unwrap();
        let u = uses(&df).unwrap();
        assert_eq!(u.len(), 2);
        assert_eq!((u[0].awarded, u[0].realised), (30000.0, Some(7065.0)));
        for lang in [Language::Fr, Language::En] {
            let chart = check(page(&u, "2024-2025", lang), lang);
            assert!(
                chart.alt.contains("P1") && chart.alt.contains("P2"),
                "{}",
                chart.alt
            );
        }
    }
}
