//! `mobility_trend`: per academic year, the outgoing and incoming mobilities side by side, each
//! column stacked by activity (from `mobility_flows`).

use super::theme::{self, Key, Swatch};
use super::vbar::{self, Column, Group, VBars};
use super::{data, make_chart, words, Chart, ChartContext, Page, Spec};
use crate::error::Result;
use crate::i18n::labels;
use crate::i18n::Language;
use crate::indicators::Computed;
use crate::schema::vocab::Activity;
use plotters::style::RGBColor;
use polars::prelude::DataFrame;
use std::collections::BTreeMap;

/// Mobilities per (academic year, direction, activity).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Flows {
    pub cells: BTreeMap<(String, String, String), f64>,
}

const DIRECTIONS: [&str; 2] = ["outgoing", "incoming"];

impl Flows {
    /// Sums `mobilities` over participants and fundings (both keys of `mobility_flows`).
    pub fn read(df: &DataFrame) -> Option<Flows> {
        let years = data::strings(df, "academic_year")?;
        let directions = data::strings(df, "direction")?;
        let activities = data::strings(df, "activity")?;
        let mobilities = data::numbers(df, "mobilities")?;
        let mut cells = BTreeMap::new();
        for i in 0..years.len() {
            let key = (
                years[i].clone(),
                directions[i].clone(),
                activities[i].clone(),
            );
            *cells.entry(key).or_insert(0.0) += mobilities[i];
        }
        (!cells.is_empty()).then_some(Flows { cells })
    }

    /// The years shown: the most recent [`data::MAX_YEARS`].
    fn years(&self) -> Vec<&str> {
        let mut years: Vec<&str> = self.cells.keys().map(|k| k.0.as_str()).collect();
        years.dedup();
        data::recent(years)
    }

    /// The activities present, in the vocabulary's order (unknown ones after).
    fn activities(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.cells.keys().map(|k| k.2.as_str()).collect();
        out.sort_by_key(|a| (rank(a), a.to_string()));
        out.dedup();
        out
    }

    fn get(&self, year: &str, direction: &str, activity: &str) -> f64 {
        let key = (
            year.to_string(),
            direction.to_string(),
            activity.to_string(),
        );
        self.cells.get(&key).copied().unwrap_or(0.0)
    }

    /// The directions the inputs hold, outgoing first: a direction no input gives has no
    /// series (its mobilities are not available, not zero).
    fn directions(&self) -> Vec<&'static str> {
        DIRECTIONS
            .into_iter()
            .filter(|d| self.cells.keys().any(|k| k.1 == *d))
            .collect()
    }

    fn total(&self, year: &str, direction: &str) -> f64 {
        self.cells
            .iter()
            .filter(|(k, _)| k.0 == year && k.1 == direction)
            .map(|(_, v)| v)
            .sum()
    }
}

/// An activity's place in the vocabulary (its colour follows it).
fn rank(activity: &str) -> usize {
    Activity::ALL
        .iter()
        .position(|a| a.as_str() == activity)
        .unwrap_or(Activity::ALL.len())
}

fn colour(activity: &str) -> RGBColor {
    theme::series(rank(activity))
}

/// The chart, or None when its indicator is absent or has no rows for it.
pub(super) fn make(spec: &Spec, computed: &Computed, ctx: &ChartContext) -> Result<Option<Chart>> {
    make_chart(spec, computed, ctx, Flows::read, |f| page(&f, ctx.lang))
}

/// The chart's title, alternative text and figure, in `lang`.
pub(crate) fn page(flows: &Flows, lang: Language) -> Page<VBars> {
    let name = "mobility_trend";
    let years = flows.years();
    let activities = flows.activities();
    let directions = flows.directions();
    // Past five years the full words would not fit under the columns.
    let short = if years.len() > 5 { "_short" } else { "" };
    let groups = years
        .iter()
        .map(|year| Group {
            label: year.to_string(),
            columns: directions
                .iter()
                .map(|direction| Column {
                    segments: activities
                        .iter()
                        .map(|a| (flows.get(year, direction, a), colour(a)))
                        .collect(),
                    over: words::num(lang, flows.total(year, direction)),
                    under: words::chart(lang, name, &format!("{direction}{short}"), &[]),
                })
                .collect(),
        })
        .collect();
    let keys = activities
        .iter()
        .map(|a| Key {
            label: words::capitalise(&labels::vocabulary(lang, "activity", a)),
            color: colour(a),
            swatch: Swatch::Fill,
        })
        .collect();
    let total = |year: &str, direction: &str| words::num(lang, flows.total(year, direction));
    let (first, last) = (years[0], years[years.len() - 1]);
    let alt = if let [only] = directions[..] {
        // One direction only: the other's list was not given, and the text says so.
        let missing = DIRECTIONS.into_iter().find(|d| *d != only).unwrap_or(only);
        let args = [
            ("first", first),
            ("last", last),
            ("from", &total(first, only)),
            ("to", &total(last, only)),
            (
                "missing",
                &words::chart(lang, name, &format!("missing_{missing}"), &[]),
            ),
        ];
        let key = if years.len() == 1 {
            "alt_only_one"
        } else {
            "alt_only"
        };
        words::chart(lang, name, &format!("{key}_{only}"), &args)
    } else if years.len() == 1 {
        words::chart(
            lang,
            name,
            "alt_one",
            &[
                ("year", first),
                ("out", &total(first, "outgoing")),
                ("in", &total(first, "incoming")),
            ],
        )
    } else {
        words::chart(
            lang,
            name,
            "alt",
            &[
                ("first", first),
                ("last", last),
                ("out_first", &total(first, "outgoing")),
                ("out_last", &total(last, "outgoing")),
                ("in_first", &total(first, "incoming")),
                ("in_last", &total(last, "incoming")),
            ],
        )
    };
    vbar::by_year_page(name, lang, alt, groups, keys, vec![])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::testing::check;
    use polars::prelude::*;

    fn flows() -> Flows {
        let df = df!(
            "academic_year" => ["2023-2024", "2023-2024", "2023-2024", "2024-2025", "2024-2025", "2024-2025"],
            "direction" => ["outgoing", "outgoing", "incoming", "outgoing", "incoming", "incoming"],
            "participant" => ["student", "staff", "student", "student", "staff", "student"],
            "activity" => ["study", "teaching", "study", "traineeship", "teaching", "blended_intensive"],
            "mobilities" => [265i64, 19, 166, 303, 74, 32],
        )
        .unwrap();
        Flows::read(&df).unwrap()
    }

    #[test]
    fn sums_per_year_direction_and_activity() {
        let f = flows();
        assert_eq!(f.get("2023-2024", "outgoing", "study"), 265.0);
        assert_eq!(f.total("2023-2024", "outgoing"), 284.0);
        assert_eq!(f.total("2024-2025", "incoming"), 106.0);
        assert_eq!(f.years(), ["2023-2024", "2024-2025"]);
        // Vocabulary order: study, traineeship, teaching, blended_intensive.
        assert_eq!(
            f.activities(),
            ["study", "traineeship", "teaching", "blended_intensive"]
        );
    }

    /// Issue 12: without an incoming list the chart showed "entrantes 0" every year.
    #[test]
    fn a_direction_no_input_gives_has_no_series() {
        let df = df!(
            "academic_year" => ["2023-2024", "2024-2025"],
            "direction" => ["outgoing", "outgoing"],
            "participant" => ["student", "student"],
            "activity" => ["study", "study"],
            "mobilities" => [265i64, 303],
        )
        .unwrap();
        let outgoing = Flows::read(&df).unwrap();
        assert_eq!(outgoing.directions(), ["outgoing"]);
        for lang in [Language::Fr, Language::En] {
            let page = page(&outgoing, lang);
            assert!(page.figure.groups.iter().all(|g| g.columns.len() == 1));
            if lang == Language::En {
                assert_eq!(
                    page.alt,
                    "From 2023-2024 to 2024-2025, outgoing mobilities went from 265 to 303; no incoming mobility list was provided."
                );
            }
            check(page, lang);
        }
        // Both directions given: two columns a year.
        assert_eq!(flows().directions(), ["outgoing", "incoming"]);
    }

    #[test]
    fn a_long_history_shows_the_last_eight_years_with_short_labels() {
        let years: Vec<String> = (2010..2020).map(|y| format!("{y}-{}", y + 1)).collect();
        let n = years.len();
        let df = df!(
            "academic_year" => [years.clone(), years.clone()].concat(),
            "direction" => [vec!["outgoing"; n], vec!["incoming"; n]].concat(),
            "participant" => vec!["student"; 2 * n],
            "activity" => vec!["study"; 2 * n],
            "mobilities" => (0..2 * n as i64).map(|i| 1000 + 37 * i).collect::<Vec<_>>(),
        )
        .unwrap();
        let page = page(&Flows::read(&df).unwrap(), Language::Fr);
        assert_eq!(page.figure.groups.len(), 8);
        assert_eq!(page.figure.groups[0].label, "2012-2013");
        assert_eq!(page.figure.groups[0].columns[0].under, "sort.");
        assert!(
            page.alt.starts_with("De 2012-2013 à 2019-2020"),
            "{}",
            page.alt
        );
        check(page, Language::Fr);
    }

    #[test]
    fn renders_in_both_languages() {
        let page = page(&flows(), Language::En);
        assert_eq!(
            page.alt,
            "From 2023-2024 to 2024-2025, outgoing mobilities went from 284 to 303 and incoming mobilities from 166 to 106."
        );
        assert_eq!(page.figure.groups[0].columns[0].under, "outgoing");
        check(page, Language::En);
        check(super::page(&flows(), Language::Fr), Language::Fr);
    }
}
