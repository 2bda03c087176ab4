//! The dossiers' charts of the reporting year, as horizontal bars: students sent and received
//! per faculty (`mobility_by_faculty`), the partners that send and receive the most students
//! with their balance (`partner_balance`), and the share of each faculty's programmes taught
//! in English (`programmes_in_english`).

use super::hbar::{Bar, HBars, Row};
use super::theme::{Key, Swatch, PALETTE};
use super::{data, make_chart, words, Chart, ChartContext, Page, Spec};
use crate::error::Result;
use crate::i18n::labels;
use crate::i18n::Language;
use crate::indicators::Computed;
use crate::schema::ColumnKind;
use polars::prelude::DataFrame;
use std::collections::BTreeMap;

/// The colours of students sent (outgoing) and received (incoming), in every chart.
const SENT: plotters::style::RGBColor = PALETTE[0];
const RECEIVED: plotters::style::RGBColor = PALETTE[1];

/// A category with its students sent and received.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Exchange {
    pub label: String,
    pub sent: f64,
    pub received: f64,
}

/// The keys of the sent and received bars.
fn exchange_keys(lang: Language, name: &str) -> Vec<Key> {
    [("sent", SENT), ("received", RECEIVED)]
        .into_iter()
        .map(|(what, color)| Key {
            label: words::chart(lang, name, what, &[]),
            color,
            swatch: Swatch::Fill,
        })
        .collect()
}

/// One row of sent and received bars.
fn exchange_row(lang: Language, label: String, note: String, e: &Exchange) -> Row {
    let bar = |value: f64, color| Bar {
        value,
        color,
        behind: None,
        label: words::num(lang, value),
    };
    Row {
        label,
        strong: false,
        note,
        bars: vec![bar(e.sent, SENT), bar(e.received, RECEIVED)],
    }
}

/// Student mobilities per faculty of `year` (the "all" row left out), faculties in the table's
/// order.
pub(crate) fn faculties(df: &DataFrame, year: &str) -> Option<Vec<Exchange>> {
    let rows = data::rows_of(df, "academic_year", year)?;
    let faculty = data::strings(df, "faculty")?;
    let direction = data::strings(df, "direction")?;
    let participant = data::strings(df, "participant")?;
    let mobilities = data::numbers(df, "mobilities")?;
    let mut out: Vec<Exchange> = Vec::new();
    for i in rows {
        if faculty[i] == "all" || participant[i] != "student" {
            continue;
        }
        let at = match out.iter().position(|e| e.label == faculty[i]) {
            Some(at) => at,
            None => {
                out.push(Exchange {
                    label: faculty[i].clone(),
                    sent: 0.0,
                    received: 0.0,
                });
                out.len() - 1
            }
        };
        match direction[i].as_str() {
            "outgoing" => out[at].sent += mobilities[i],
            _ => out[at].received += mobilities[i],
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The chart of mobility_by_faculty.
pub(super) fn make_faculty(
    spec: &Spec,
    computed: &Computed,
    ctx: &ChartContext,
) -> Result<Option<Chart>> {
    make_chart(
        spec,
        computed,
        ctx,
        |df| faculties(df, &computed.year),
        |f| faculty_page(&f, &computed.year, ctx.lang),
    )
}

/// The chart's title, alternative text and figure, in `lang`.
pub(crate) fn faculty_page(faculties: &[Exchange], year: &str, lang: Language) -> Page<HBars> {
    let name = "mobility_by_faculty";
    let faculty = |raw: &str| labels::value(lang, "faculty", ColumnKind::OwnWords, raw);
    let rows = faculties
        .iter()
        .map(|e| {
            exchange_row(
                lang,
                words::capitalise(&faculty(&e.label)),
                String::new(),
                e,
            )
        })
        .collect();
    let items: Vec<String> = faculties
        .iter()
        .map(|e| {
            words::chart(
                lang,
                name,
                "item",
                &[
                    ("faculty", &faculty(&e.label)),
                    ("sent", &words::num(lang, e.sent)),
                    ("received", &words::num(lang, e.received)),
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
            &[("year", year), ("list", &words::list(lang, &items))],
        ),
        figure: HBars {
            rows,
            axis: words::chart(lang, name, "axis", &[]),
            max: None,
            keys: exchange_keys(lang, name),
            target: None,
        },
    }
}

/// The most partners the balance chart shows: more would crowd it (the table has them all).
const TOP_PARTNERS: usize = 12;

/// The partners of `year` with the most students sent and received, most first (ties by
/// name), with their balance.
pub(crate) fn partners(df: &DataFrame, year: &str) -> Option<Vec<Exchange>> {
    let rows = data::rows_of(df, "academic_year", year)?;
    let partner = data::strings(df, "partner")?;
    let sent = data::numbers(df, "outgoing")?;
    let received = data::numbers(df, "incoming")?;
    let mut out: Vec<Exchange> = rows
        .into_iter()
        .map(|i| Exchange {
            label: partner[i].clone(),
            sent: sent[i],
            received: received[i],
        })
        .collect();
    out.sort_by(|a, b| {
        (b.sent + b.received)
            .total_cmp(&(a.sent + a.received))
            .then_with(|| a.label.cmp(&b.label))
    });
    out.truncate(TOP_PARTNERS);
    (!out.is_empty()).then_some(out)
}

/// The chart of partner_balance.
pub(super) fn make_balance(
    spec: &Spec,
    computed: &Computed,
    ctx: &ChartContext,
) -> Result<Option<Chart>> {
    make_chart(
        spec,
        computed,
        ctx,
        |df| partners(df, &computed.year),
        |p| balance_page(&p, &computed.year, ctx.lang),
    )
}

/// The chart's title, alternative text and figure, in `lang`.
pub(crate) fn balance_page(partners: &[Exchange], year: &str, lang: Language) -> Page<HBars> {
    let name = "partner_balance";
    let signed = |v: f64| crate::i18n::signed(lang, v, 0);
    let rows = partners
        .iter()
        .map(|e| {
            let note = words::chart(
                lang,
                name,
                "note",
                &[("balance", &signed(e.sent - e.received))],
            );
            exchange_row(lang, e.label.clone(), note, e)
        })
        .collect();
    let top = &partners[0];
    let unbalanced = partners.iter().fold(top, |worst, e| {
        if (e.sent - e.received).abs() > (worst.sent - worst.received).abs() {
            e
        } else {
            worst
        }
    });
    Page {
        title: words::chart(lang, name, "title", &[("year", year)]),
        subtitle: Some(words::chart(
            lang,
            name,
            "subtitle",
            &[("count", &partners.len().to_string())],
        )),
        alt: words::chart(
            lang,
            name,
            "alt",
            &[
                ("year", year),
                ("top", &top.label),
                ("sent", &words::num(lang, top.sent)),
                ("received", &words::num(lang, top.received)),
                ("unbalanced", &unbalanced.label),
                ("balance", &signed(unbalanced.sent - unbalanced.received)),
            ],
        ),
        figure: HBars {
            rows,
            axis: words::chart(lang, name, "axis", &[]),
            max: None,
            keys: exchange_keys(lang, name),
            target: None,
        },
    }
}

/// Per faculty ("unspecified" included, "all" left out): programmes, of which in English.
pub(crate) fn english(df: &DataFrame) -> Option<Vec<(String, f64, f64)>> {
    let faculty = data::strings(df, "faculty")?;
    let programmes = data::numbers(df, "programmes")?;
    let in_english = data::numbers(df, "in_english")?;
    let mut sums: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    for (i, f) in faculty.iter().enumerate() {
        if f != "all" {
            let entry = sums.entry(f.as_str()).or_default();
            entry.0 += programmes[i];
            entry.1 += in_english[i];
        }
    }
    let out: Vec<(String, f64, f64)> = sums
        .into_iter()
        .map(|(f, (n, e))| (f.to_string(), n, e))
        .collect();
    (!out.is_empty()).then_some(out)
}

/// The chart of programmes_in_english.
pub(super) fn make_english(
    spec: &Spec,
    computed: &Computed,
    ctx: &ChartContext,
) -> Result<Option<Chart>> {
    make_chart(spec, computed, ctx, english, |f| {
        english_page(&f, &computed.year, ctx.lang)
    })
}

/// The chart's title, alternative text and figure, in `lang`.
pub(crate) fn english_page(
    faculties: &[(String, f64, f64)],
    year: &str,
    lang: Language,
) -> Page<HBars> {
    let name = "programmes_in_english";
    let faculty = |raw: &str| labels::value(lang, "faculty", ColumnKind::OwnWords, raw);
    let share = |n: f64, e: f64| if n > 0.0 { e / n * 100.0 } else { 0.0 };
    let rows = faculties
        .iter()
        .map(|(f, n, e)| Row {
            label: words::capitalise(&faculty(f)),
            strong: false,
            note: words::chart(
                lang,
                name,
                "note",
                &[
                    ("in_english", &words::num(lang, *e)),
                    ("programmes", &words::num(lang, *n)),
                ],
            ),
            bars: vec![Bar {
                value: share(*n, *e),
                color: PALETTE[2],
                behind: None,
                label: words::pct(lang, share(*n, *e)),
            }],
        })
        .collect();
    let (all, english): (f64, f64) = faculties
        .iter()
        .fold((0.0, 0.0), |(a, b), (_, n, e)| (a + n, b + e));
    Page {
        title: words::chart(lang, name, "title", &[]),
        subtitle: None,
        alt: words::chart(
            lang,
            name,
            "alt",
            &[
                ("year", year),
                ("in_english", &words::num(lang, english)),
                ("programmes", &words::num(lang, all)),
                ("share", &words::pct(lang, share(all, english))),
                ("count", &faculties.len().to_string()),
            ],
        ),
        figure: HBars {
            rows,
            axis: words::chart(lang, name, "axis", &[]),
            max: Some(100.0),
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
    fn students_per_faculty_without_the_all_row_or_staff() {
        let df = df!(
            "academic_year" => ["2024-2025"; 5],
            "faculty" => ["Sciences", "Sciences", "Sciences", "all", "Lettres"],
            "direction" => ["outgoing", "incoming", "outgoing", "outgoing", "incoming"],
            "participant" => ["student", "student", "staff", "student", "student"],
            "mobilities" => [10i64, 4, 3, 10, 2],
        )
        .unwrap();
        let f = faculties(&df, "2024-2025").unwrap();
        assert_eq!(
            f,
            [
                Exchange {
                    label: "Sciences".into(),
                    sent: 10.0,
                    received: 4.0
                },
                Exchange {
                    label: "Lettres".into(),
                    sent: 0.0,
                    received: 2.0
                },
            ]
        );
        for lang in [Language::Fr, Language::En] {
            let chart = check(faculty_page(&f, "2024-2025", lang), lang);
            assert!(chart.alt.contains("Sciences"), "{}", chart.alt);
        }
        assert!(faculties(&df, "2023-2024").is_none());
    }

    #[test]
    fn the_busiest_partners_and_the_most_unbalanced() {
        let df = df!(
            "academic_year" => ["2024-2025"; 3],
            "partner" => ["Aalto", "Bologna", "Coimbra"],
            "outgoing" => [2i64, 9, 1],
            "incoming" => [2i64, 1, 0],
        )
        .unwrap();
        let p = partners(&df, "2024-2025").unwrap();
        let names: Vec<&str> = p.iter().map(|e| e.label.as_str()).collect();
        // 10, 4 and 1 students.
        assert_eq!(names, ["Bologna", "Aalto", "Coimbra"]);
        let chart = check(balance_page(&p, "2024-2025", Language::En), Language::En);
        // Bologna: 9 sent, 1 received, balance +8.
        assert!(
            chart.alt.contains("Bologna") && chart.alt.contains("+8"),
            "{}",
            chart.alt
        );
        check(balance_page(&p, "2024-2025", Language::Fr), Language::Fr);
    }

    #[test]
    fn the_share_taught_in_english_per_faculty() {
        let df = df!(
            "faculty" => ["IAE", "Sciences", "Sciences", "all"],
            "level" => ["master", "bachelor", "master", "all"],
            "programmes" => [2i64, 3, 1, 6],
            "in_english" => [1i64, 0, 1, 2],
        )
        .unwrap();
        let f = english(&df).unwrap();
        assert_eq!(f, [("IAE".into(), 2.0, 1.0), ("Sciences".into(), 4.0, 1.0)]);
        let chart = check(english_page(&f, "2024-2025", Language::En), Language::En);
        // 2 of 6 programmes: 33.3 %.
        assert!(chart.alt.contains("33.3"), "{}", chart.alt);
        check(english_page(&f, "2024-2025", Language::Fr), Language::Fr);
    }
}
