//! The chart of International Credit Mobility (Erasmus+ KA171) per partner country over
//! the projects' whole life: realised mobilities as solid bars over the planned ones (lighter,
//! outlined), with the number of projects in the label.

use super::hbar::{Bar, HBars, Row};
use super::theme::{Key, Swatch, PALETTE};
use super::{data, make_chart, words, Chart, ChartContext, Page, Spec};
use crate::error::Result;
use crate::i18n::labels;
use crate::i18n::Language;
use crate::indicators::{Computed, Indicator};
use polars::prelude::DataFrame;

/// One partner country.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct IcmCountry {
    pub country: String,
    pub projects: f64,
    pub planned: f64,
    pub realised: f64,
}

/// The countries, most realised mobilities first (then most planned, then by code).
pub(crate) fn countries(df: &DataFrame) -> Option<Vec<IcmCountry>> {
    let country = data::strings(df, "country")?;
    let projects = data::numbers(df, "projects")?;
    let planned = data::numbers(df, "planned_mobilities")?;
    let realised = data::numbers(df, "realised_mobilities")?;
    let mut out: Vec<IcmCountry> = (0..country.len())
        .map(|i| IcmCountry {
            country: country[i].clone(),
            projects: projects[i],
            planned: planned[i],
            realised: realised[i],
        })
        .collect();
    out.sort_by(|a, b| {
        b.realised
            .total_cmp(&a.realised)
            .then(b.planned.total_cmp(&a.planned))
            .then_with(|| a.country.cmp(&b.country))
    });
    (!out.is_empty()).then_some(out)
}

/// The chart, or None when its indicator is absent or has no rows for it.
pub(super) fn make(spec: &Spec, computed: &Computed, ctx: &ChartContext) -> Result<Option<Chart>> {
    make_chart(spec, computed, ctx, countries, |c| page(&c, ctx.lang))
}

/// The chart's title, alternative text and figure, in `lang`.
pub(crate) fn page(countries: &[IcmCountry], lang: Language) -> Page<HBars> {
    let name = Indicator::IcmByCountry.id();
    let n = |v: f64| words::num(lang, v);
    let projects = |count: f64| {
        let key = if count == 1.0 {
            "project_one"
        } else {
            "project_many"
        };
        words::chart(lang, name, key, &[("count", &n(count))])
    };
    let rows = countries
        .iter()
        .map(|c| Row {
            label: labels::country(lang, &c.country),
            strong: false,
            note: String::new(),
            bars: vec![Bar {
                value: c.realised,
                color: PALETTE[0],
                behind: Some(c.planned),
                label: words::chart(
                    lang,
                    name,
                    "value",
                    &[
                        ("realised", &n(c.realised)),
                        ("planned", &n(c.planned)),
                        ("projects", &projects(c.projects)),
                    ],
                ),
            }],
        })
        .collect();
    let keys = vec![
        Key {
            label: words::chart(lang, name, "realised", &[]),
            color: PALETTE[0],
            swatch: Swatch::Fill,
        },
        Key {
            label: words::chart(lang, name, "planned", &[]),
            color: PALETTE[0],
            swatch: Swatch::Outline,
        },
    ];
    let first = &countries[0];
    let alt = words::chart(
        lang,
        name,
        "alt",
        &[
            ("countries", &n(countries.len() as f64)),
            ("realised", &n(countries.iter().map(|c| c.realised).sum())),
            ("planned", &n(countries.iter().map(|c| c.planned).sum())),
            ("first", &labels::country(lang, &first.country)),
            ("value", &n(first.realised)),
            ("first_planned", &n(first.planned)),
        ],
    );
    Page {
        title: words::chart(lang, name, "title", &[]),
        subtitle: Some(words::chart(lang, name, "subtitle", &[])),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::testing::check;
    use polars::prelude::*;

    fn table() -> DataFrame {
        df!(
            "country" => ["BR", "MX", "UA"],
            "continent" => ["South America", "North America", "Europe"],
            "projects" => [1i64, 2, 2],
            "partner_institutions" => [1i64, 2, 2],
            "planned_mobilities" => [8i64, 46, 32],
            "realised_outgoing" => [2i64, 16, 0],
            "realised_incoming" => [1i64, 22, 21],
            "realised_mobilities" => [3i64, 38, 21],
            "budget_eur" => [28000.5, 161000.0, 89600.5],
        )
        .unwrap()
    }

    #[test]
    fn countries_by_realised_mobilities() {
        let c = countries(&table()).unwrap();
        let codes: Vec<&str> = c.iter().map(|c| c.country.as_str()).collect();
        assert_eq!(codes, ["MX", "UA", "BR"]);
        assert_eq!(
            (c[0].realised, c[0].planned, c[0].projects),
            (38.0, 46.0, 2.0)
        );
    }

    #[test]
    fn renders_in_both_languages() {
        let c = countries(&table()).unwrap();
        let page = page(&c, Language::En);
        assert_eq!(
            page.alt,
            "3 KA171 partner countries, 62 of 86 planned mobilities realised; leading: Mexico with 38 of 46."
        );
        assert_eq!(page.figure.rows[2].bars[0].label, "3 of 8 · 1 project");
        check(page, Language::En);
        check(super::page(&c, Language::Fr), Language::Fr);
    }
}
