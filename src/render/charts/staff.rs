//! `staff_mobility`: per academic year, the visiting professors (incoming staff who taught) and
//! the staff who went abroad (outgoing staff), as bars, with the config's targets as dashed
//! lines.

use super::theme::{Key, Swatch, INK, PALETTE};
use super::vbar::{self, Column, Group, Target, VBars};
use super::{data, make_chart, words, Chart, ChartContext, Page, Spec};
use crate::error::Result;
use crate::i18n::Language;
use crate::indicators::{Computed, KeyFigure};
use polars::prelude::DataFrame;
use std::collections::BTreeMap;

/// Per academic year: (visiting professors, staff abroad).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Staff {
    pub years: BTreeMap<String, (f64, f64)>,
    pub visiting_target: Option<f64>,
    pub abroad_target: Option<f64>,
}

impl Staff {
    pub fn read(df: &DataFrame, targets: &BTreeMap<KeyFigure, f64>) -> Option<Staff> {
        let years = data::strings(df, "academic_year")?;
        let directions = data::strings(df, "direction")?;
        let teaching_staff = data::numbers(df, "teaching_staff")?;
        let staff = data::numbers(df, "staff")?;
        let mut out: BTreeMap<String, (f64, f64)> = BTreeMap::new();
        for i in 0..years.len() {
            let entry = out.entry(years[i].clone()).or_default();
            match directions[i].as_str() {
                "incoming" => entry.0 += teaching_staff[i],
                "outgoing" => entry.1 += staff[i],
                _ => {}
            }
        }
        while out.len() > data::MAX_YEARS {
            out.pop_first();
        }
        (!out.is_empty()).then(|| Staff {
            years: out,
            visiting_target: targets.get(&KeyFigure::VisitingProfessors).copied(),
            abroad_target: targets.get(&KeyFigure::StaffAbroad).copied(),
        })
    }
}

/// The chart, or None when its indicator is absent or has no rows for it.
pub(super) fn make(spec: &Spec, computed: &Computed, ctx: &ChartContext) -> Result<Option<Chart>> {
    make_chart(
        spec,
        computed,
        ctx,
        |df| Staff::read(df, ctx.targets),
        |s| page(&s, &computed.year, ctx.lang),
    )
}

/// The chart's title, alternative text and figure, in `lang`.
pub(crate) fn page(staff: &Staff, year: &str, lang: Language) -> Page<VBars> {
    let name = "staff_mobility";
    let (visiting, abroad) = (PALETTE[0], PALETTE[1]);
    let groups = staff
        .years
        .iter()
        .map(|(y, (v, a))| Group {
            label: y.clone(),
            columns: vec![
                Column {
                    segments: vec![(*v, visiting)],
                    over: words::num(lang, *v),
                    under: String::new(),
                },
                Column {
                    segments: vec![(*a, abroad)],
                    over: words::num(lang, *a),
                    under: String::new(),
                },
            ],
        })
        .collect();
    let value = |v: f64| words::num(lang, v);
    let targets = match (staff.visiting_target, staff.abroad_target) {
        // One line when both targets are the same number.
        (Some(v), Some(a)) if v == a => vec![Target {
            value: v,
            label: words::chart(lang, name, "target_both", &[("value", &value(v))]),
            color: INK,
        }],
        (v, a) => v
            .map(|v| (v, "target_visiting", visiting))
            .into_iter()
            .chain(a.map(|a| (a, "target_abroad", abroad)))
            .map(|(v, key, color)| Target {
                value: v,
                label: words::chart(lang, name, key, &[("value", &value(v))]),
                color,
            })
            .collect(),
    };
    let keys = vec![
        Key {
            label: words::chart(lang, name, "visiting", &[]),
            color: visiting,
            swatch: Swatch::Fill,
        },
        Key {
            label: words::chart(lang, name, "abroad", &[]),
            color: abroad,
            swatch: Swatch::Fill,
        },
    ];
    // The reporting year, else the latest one the table has.
    let (shown, (v, a)) = staff
        .years
        .get_key_value(year)
        .or_else(|| staff.years.iter().next_back())
        .map(|(y, v)| (y.as_str(), *v))
        .expect("at least one year");
    let alt = words::chart(
        lang,
        name,
        "alt",
        &[
            ("year", shown),
            ("visiting", &value(v)),
            (
                "visiting_target",
                &words::target_suffix(lang, staff.visiting_target.map(value)),
            ),
            ("abroad", &value(a)),
            (
                "abroad_target",
                &words::target_suffix(lang, staff.abroad_target.map(value)),
            ),
        ],
    );
    vbar::by_year_page(name, lang, alt, groups, keys, targets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::testing::check;
    use polars::prelude::*;

    fn staff(targets: &[(KeyFigure, f64)]) -> Staff {
        let df = df!(
            "academic_year" => ["2023-2024", "2023-2024", "2024-2025", "2024-2025"],
            "direction" => ["incoming", "outgoing", "incoming", "outgoing"],
            "teaching" => [95i64, 24, 104, 27],
            "training" => [4i64, 20, 4, 22],
            "total" => [99i64, 44, 108, 49],
            "staff" => [99i64, 33, 103, 38],
            "teaching_staff" => [95i64, 20, 99, 25],
        )
        .unwrap();
        let targets = targets.iter().copied().collect();
        Staff::read(&df, &targets).unwrap()
    }

    #[test]
    fn visiting_professors_are_incoming_teaching_staff_and_staff_abroad_outgoing_staff() {
        let s = staff(&[]);
        assert_eq!(s.years["2023-2024"], (95.0, 33.0));
        assert_eq!(s.years["2024-2025"], (99.0, 38.0));
        assert_eq!(s.visiting_target, None);
    }

    #[test]
    fn equal_targets_share_one_line_and_both_languages_render() {
        let s = staff(&[
            (KeyFigure::VisitingProfessors, 100.0),
            (KeyFigure::StaffAbroad, 100.0),
        ]);
        let page = page(&s, "2024-2025", Language::En);
        assert_eq!(page.figure.targets.len(), 1);
        assert_eq!(
            page.alt,
            "In 2024-2025, 99 visiting professors (target: 100) and 38 staff went abroad (target: 100)."
        );
        check(page, Language::En);
        let s = staff(&[
            (KeyFigure::VisitingProfessors, 100.0),
            (KeyFigure::StaffAbroad, 50.0),
        ]);
        let page = super::page(&s, "2024-2025", Language::Fr);
        assert_eq!(page.figure.targets.len(), 2);
        check(page, Language::Fr);
        let page = super::page(&staff(&[]), "2030-2031", Language::Fr);
        assert!(page
            .alt
            .starts_with("En 2024-2025, 99 professeurs invités et 38"));
    }
}
