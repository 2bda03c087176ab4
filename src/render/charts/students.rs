//! `international_students`: per enrolment year, the international students stacked as degree
//! and exchange students, with the number of nationalities as a line on a right-hand axis.

use super::theme::{Key, Swatch, PALETTE};
use super::vbar::{Column, Group, Line, VBars};
use super::{data, make_chart, words, Chart, ChartContext, Page, Spec};
use crate::error::Result;
use crate::i18n::Language;
use crate::indicators::Computed;
use polars::prelude::DataFrame;

/// One enrolment year.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Year {
    pub year: String,
    pub degree: f64,
    pub exchange: f64,
    pub nationalities: f64,
}

/// The years in order.
pub(crate) fn read(df: &DataFrame) -> Option<Vec<Year>> {
    let years = data::strings(df, "enrolled_year")?;
    let degree = data::numbers(df, "international_degree")?;
    let exchange = data::numbers(df, "international_exchange")?;
    let nationalities = data::numbers(df, "nationalities")?;
    let mut out: Vec<Year> = (0..years.len())
        .map(|i| Year {
            year: years[i].clone(),
            degree: degree[i],
            exchange: exchange[i],
            nationalities: nationalities[i],
        })
        .collect();
    out.sort_by(|a, b| a.year.cmp(&b.year));
    (!out.is_empty()).then(|| data::recent(out))
}

/// The chart, or None when its indicator is absent or has no rows for it.
pub(super) fn make(spec: &Spec, computed: &Computed, ctx: &ChartContext) -> Result<Option<Chart>> {
    make_chart(spec, computed, ctx, read, |y| {
        page(&y, &computed.year, ctx.lang)
    })
}

/// The chart's title, alternative text and figure, in `lang`.
pub(crate) fn page(years: &[Year], year: &str, lang: Language) -> Page<VBars> {
    let name = "international_students";
    let (degree, exchange, line) = (PALETTE[0], PALETTE[1], PALETTE[2]);
    let n = |v: f64| words::num(lang, v);
    let groups = years
        .iter()
        .map(|y| Group {
            label: y.year.clone(),
            columns: vec![Column {
                segments: vec![(y.degree, degree), (y.exchange, exchange)],
                over: n(y.degree + y.exchange),
                under: String::new(),
            }],
        })
        .collect();
    let keys = vec![
        Key {
            label: words::chart(lang, name, "degree", &[]),
            color: degree,
            swatch: Swatch::Fill,
        },
        Key {
            label: words::chart(lang, name, "exchange", &[]),
            color: exchange,
            swatch: Swatch::Fill,
        },
        Key {
            label: words::chart(lang, name, "nationalities", &[]),
            color: line,
            swatch: Swatch::Line,
        },
    ];
    // The reporting year, else the latest enrolment year.
    let shown = years
        .iter()
        .find(|y| y.year == year)
        .unwrap_or(&years[years.len() - 1]);
    let first = &years[0];
    let total = |y: &Year| n(y.degree + y.exchange);
    let mut args = vec![
        ("year", shown.year.clone()),
        ("total", total(shown)),
        ("degree", n(shown.degree)),
        ("exchange", n(shown.exchange)),
        ("nationalities", n(shown.nationalities)),
    ];
    let key = if first.year == shown.year {
        "alt_one"
    } else {
        args.push(("first", first.year.clone()));
        args.push(("first_total", total(first)));
        "alt"
    };
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Page {
        title: words::chart(lang, name, "title", &[]),
        subtitle: None,
        alt: words::chart(lang, name, key, &args),
        figure: VBars {
            groups,
            axis: words::chart(lang, name, "axis", &[]),
            x_axis: Some(words::chart(lang, name, "x_axis", &[])),
            keys,
            targets: vec![],
            line: Some(Line {
                values: years.iter().map(|y| y.nationalities).collect(),
                labels: years.iter().map(|y| n(y.nationalities)).collect(),
                color: line,
                axis: words::chart(lang, name, "axis_right", &[]),
            }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::testing::check;
    use polars::prelude::*;

    fn years() -> Vec<Year> {
        let df = df!(
            "enrolled_year" => ["2024-2025", "2023-2024"],
            "enrolled" => [1433i64, 1423],
            "international" => [383i64, 388],
            "international_degree" => [184i64, 197],
            "international_exchange" => [199i64, 191],
            "share_pct" => [26.7, 27.3],
            "nationalities" => [58i64, 56],
            "nationality_unknown" => [0i64, 0],
        )
        .unwrap();
        read(&df).unwrap()
    }

    #[test]
    fn years_in_order_with_their_split() {
        let y = years();
        assert_eq!(y[0].year, "2023-2024");
        assert_eq!(
            (y[1].degree, y[1].exchange, y[1].nationalities),
            (184.0, 199.0, 58.0)
        );
    }

    #[test]
    fn renders_in_both_languages() {
        let page = page(&years(), "2024-2025", Language::En);
        assert_eq!(
            page.alt,
            "In 2024-2025, 383 international students (184 degree-seeking, 199 exchange) of 58 nationalities, against 388 in 2023-2024."
        );
        check(page, Language::En);
        check(
            super::page(&years()[..1], "2023-2024", Language::Fr),
            Language::Fr,
        );
    }
}
