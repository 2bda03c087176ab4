//! Small-cell suppression of the indicator tables meant for people (report.html, the
//! key-figures card, the charts, the workbook's indicator sheets): which cells are hidden, as
//! a [`Hidden`] mask per indicator, and the tables with those cells emptied.
//!
//! The rule, applied to each table over all its rows (every year):
//! 1. **Primary**: a cell of a column that counts people ([`Privacy::Persons`]) holding 1 to
//!    `min_cell` − 1 is hidden (0 is shown: it singles out no one).
//! 2. **Secondary**: where a table's cells add up to a total it shows (a row's parts to its
//!    total, see [`margins`]; the programmes of a year to their "all" row), a total whose parts
//!    include exactly one hidden cell would give it away by subtraction: the smallest shown
//!    part above 0 is hidden too (the first in table order on a tie), or, when every other part
//!    is 0, the total. A hidden total whose parts are all shown hides its smallest part above
//!    0. This repeats until nothing changes, since one hidden cell can open another margin.
//! 3. **Derived**: a column measured over the people of other columns of its row
//!    ([`Privacy::OfPersons`]: days abroad, mean stays, rates, shares) is hidden with any of
//!    them; in `key_figures` the outgoing rate is hidden when `outgoing_rate`'s "all" row of
//!    that year hides its rate, and in `targets` the actual value and the gap are hidden with
//!    their key figure.
//!
//! Limits: only the margins inside one table are protected; a sum across tables (the
//! countries of `mobility_by_country` against `key_figures`, `participants` against
//! `mobility_flows`) or across years may still narrow a hidden cell down to the sum of two or
//! more hidden cells, which is what secondary suppression promises, not more. Counts of
//! distinct people (`participants`) do not add up and take no part in margins.

use super::registry::Indicator;
use super::words::Own;
use super::{Computed, KeyFigure};
use crate::error::{Error, Result};
use crate::i18n::{self, Language};
use crate::schema::Privacy;
use polars::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// The cells of one table that are hidden: (row, column name).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mask(BTreeSet<(usize, &'static str)>);

impl Mask {
    /// No cell hidden.
    pub const EMPTY: Mask = Mask(BTreeSet::new());

    /// The mask of `cells` (row, column).
    pub fn new(cells: impl IntoIterator<Item = (usize, &'static str)>) -> Self {
        Mask(cells.into_iter().collect())
    }

    /// Whether the cell of `column` at `row` is hidden.
    pub fn contains(&self, row: usize, column: &str) -> bool {
        // The row's cells only: a scan of the whole mask made hiding quadratic in the hidden
        // cells (minutes on a partner balance of thousands of small rows).
        self.0
            .range((row, "")..)
            .take_while(|(r, _)| *r == row)
            .any(|(_, c)| *c == column)
    }

    /// Whether any cell of `row` is hidden.
    pub fn row(&self, row: usize) -> bool {
        self.0
            .range((row, "")..)
            .next()
            .is_some_and(|(r, _)| *r == row)
    }

    /// Whether no cell is hidden.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The hidden cells, in row then column order.
    pub fn cells(&self) -> impl Iterator<Item = &(usize, &'static str)> {
        self.0.iter()
    }
}

/// The cells hidden in every table, and the threshold they are hidden under.
#[derive(Debug, Clone, Default)]
pub struct Hidden {
    /// Counts from 1 to `min_cell` − 1 are hidden; 0 turns suppression off.
    pub min_cell: u32,
    masks: BTreeMap<Indicator, Mask>,
}

impl Hidden {
    /// The hidden cells of `indicator`'s table (none when nothing is hidden there).
    pub fn mask(&self, indicator: Indicator) -> &Mask {
        static EMPTY: Mask = Mask::EMPTY;
        self.masks.get(&indicator).unwrap_or(&EMPTY)
    }

    /// Whether a cell of `indicator`'s table is hidden.
    pub fn is_hidden(&self, indicator: Indicator, row: usize, column: &str) -> bool {
        self.mask(indicator).contains(row, column)
    }

    /// Whether any cell of any table is hidden.
    pub fn any(&self) -> bool {
        self.masks.values().any(|m| !m.is_empty())
    }

    /// What a hidden cell shows: "< 5".
    pub fn marker(&self, lang: Language) -> String {
        i18n::fill(
            lang,
            "privacy.marker",
            &[("min", &self.min_cell.to_string())],
        )
    }

    /// The sentence that explains the marker, once per document; None when nothing is hidden.
    pub fn note(&self, lang: Language) -> Option<String> {
        self.any().then(|| {
            i18n::fill(
                lang,
                "privacy.note",
                &[
                    ("min", &self.min_cell.to_string()),
                    ("max", &self.min_cell.saturating_sub(1).to_string()),
                ],
            )
        })
    }
}

/// One additive relation of a table: cells that add up to a total it shows.
#[derive(Debug, Clone, Copy)]
pub enum Margin {
    /// In each row, `total` is the sum of `parts`.
    Row {
        total: &'static str,
        parts: &'static [&'static str],
    },
    /// Among the rows that agree on every text column but `by`, the rows whose `by` is not
    /// "all" add up, in each of `columns`, to the row whose `by` is "all".
    AllRow {
        by: &'static str,
        columns: &'static [&'static str],
    },
}

/// The margins of `indicator`'s table that involve counts of people. (Tables not listed
/// have none: their rows are separate groups, or their counts are of distinct people.)
pub fn margins(indicator: Indicator) -> &'static [Margin] {
    match indicator {
        // Programmes add up to their faculty's "all" row, faculties to the institution's.
        Indicator::OutgoingRate => &[
            Margin::AllRow {
                by: "home_programme",
                columns: &["graduates", "mobile_graduates"],
            },
            Margin::AllRow {
                by: "faculty",
                columns: &["graduates", "mobile_graduates"],
            },
        ],
        Indicator::StaffMobility => &[Margin::Row {
            total: "total",
            parts: &["teaching", "training"],
        }],
        Indicator::InternationalStudents => &[Margin::Row {
            total: "international",
            parts: &["international_degree", "international_exchange"],
        }],
        Indicator::InternationalStudentsByLevel => &[Margin::Row {
            total: "international",
            parts: &["degree", "exchange"],
        }],
        Indicator::Nationalities => &[Margin::Row {
            total: "students",
            parts: &["degree", "exchange"],
        }],
        Indicator::IcmByCountry => &[Margin::Row {
            total: "realised_mobilities",
            parts: &["realised_outgoing", "realised_incoming"],
        }],
        _ => &[],
    }
}

/// Whether the suppression may hide a cell of `column` in `indicator`'s table: a count of
/// people, a value measured over them, or a value that gives away another table's hidden one
/// (the key figures' outgoing rate; a target's actual value and gap).
pub fn may_hide(indicator: Indicator, column: &str) -> bool {
    let linked = match indicator {
        Indicator::KeyFigures => column == KeyFigure::OutgoingRatePct.id(),
        Indicator::Targets => matches!(column, "actual" | "gap"),
        _ => false,
    };
    linked
        || indicator
            .columns()
            .iter()
            .any(|c| c.name == column && c.privacy != Privacy::Open)
}

/// The hidden cells of every computed table under `min_cell` (0: none).
pub fn hidden(computed: &Computed, min_cell: u32) -> Hidden {
    let mut hidden = Hidden {
        min_cell,
        masks: BTreeMap::new(),
    };
    if min_cell == 0 {
        return hidden;
    }
    for (indicator, df) in &computed.tables {
        let mask = table_mask(*indicator, df, min_cell);
        hidden.masks.insert(*indicator, mask);
    }
    link_key_figures(computed, &mut hidden);
    hidden
}

/// The tables with their hidden cells emptied (null), for outputs meant for people: a path
/// that forgot to ask the mask shows an empty cell, never the count.
pub fn emptied(computed: &Computed, hidden: &Hidden) -> Result<Vec<(Indicator, DataFrame)>> {
    computed
        .tables
        .iter()
        .map(|(indicator, df)| Ok((*indicator, empty_cells(df, hidden.mask(*indicator))?)))
        .collect::<PolarsResult<_>>()
        .map_err(|source| Error::Indicators { source })
}

/// `computed` with other tables (its year, inputs and coverage kept).
pub fn with_tables(computed: &Computed, tables: Vec<(Indicator, DataFrame)>) -> Computed {
    Computed {
        year: computed.year.clone(),
        year_is_default: computed.year_is_default,
        tables,
        unavailable: computed.unavailable.clone(),
        inputs: computed.inputs.clone(),
        coverage: computed.coverage.clone(),
        institution_only: computed.institution_only.clone(),
        erasmus_grants: computed.erasmus_grants.clone(),
    }
}

/// `df` without the rows where a cell of `columns` is hidden, for a chart that draws those
/// columns (a bar or point of a hidden count is left out, not drawn as 0); None when no row
/// is left out.
pub fn rows_without(df: &DataFrame, mask: &Mask, columns: &[&str]) -> Result<Option<DataFrame>> {
    let keep: Vec<bool> = (0..df.height())
        .map(|r| !columns.iter().any(|c| mask.contains(r, c)))
        .collect();
    if keep.iter().all(|k| *k) {
        return Ok(None);
    }
    df.filter(&BooleanChunked::from_slice("keep".into(), &keep))
        .map(Some)
        .map_err(|source| Error::Indicators { source })
}

/// `df` with the cells of `mask` set to null.
fn empty_cells(df: &DataFrame, mask: &Mask) -> PolarsResult<DataFrame> {
    if mask.is_empty() {
        return Ok(df.clone());
    }
    let mut out = df.clone();
    let names: BTreeSet<&str> = mask.cells().map(|(_, c)| *c).collect();
    for name in names {
        let column = df.column(name)?.as_materialized_series().clone();
        let keep: BooleanChunked = (0..df.height())
            .map(|r| Some(!mask.contains(r, name)))
            .collect();
        let nulls = Series::full_null(column.name().clone(), column.len(), column.dtype());
        out.with_column(Column::from(column.zip_with(&keep, &nulls)?))?;
    }
    Ok(out)
}

/// The hidden cells of one table: primary, secondary, then derived.
fn table_mask(indicator: Indicator, df: &DataFrame, min_cell: u32) -> Mask {
    let counts = |name: &str| -> Option<Vec<Option<f64>>> {
        let col = df.column(name).ok()?.cast(&DataType::Float64).ok()?;
        Some(col.f64().ok()?.iter().collect())
    };
    let mut values: BTreeMap<&'static str, Vec<Option<f64>>> = BTreeMap::new();
    let mut hidden = BTreeSet::new();
    for def in indicator.columns() {
        if def.privacy != Privacy::Persons {
            continue;
        }
        let Some(column) = counts(def.name) else {
            continue;
        };
        for (row, v) in column.iter().enumerate() {
            if v.is_some_and(|v| v > 0.0 && v < f64::from(min_cell)) {
                hidden.insert((row, def.name));
            }
        }
        values.insert(def.name, column);
    }
    let groups = margin_groups(indicator, df, &values);
    while secondary_round(&groups, &values, &mut hidden) {}
    for def in indicator.columns() {
        if let Privacy::OfPersons(of) = def.privacy {
            for row in 0..df.height() {
                if of.iter().any(|c| hidden.contains(&(row, *c))) {
                    hidden.insert((row, def.name));
                }
            }
        }
    }
    Mask(hidden)
}

/// One margin's cells in one table: the total's cell and its parts' cells.
type Group = ((usize, &'static str), Vec<(usize, &'static str)>);

/// Every instance of `indicator`'s margins in `df`, for the counts present in `values`.
fn margin_groups(
    indicator: Indicator,
    df: &DataFrame,
    values: &BTreeMap<&'static str, Vec<Option<f64>>>,
) -> Vec<Group> {
    let mut groups = Vec::new();
    for margin in margins(indicator) {
        match *margin {
            Margin::Row { total, parts } => {
                let Some(total) = values.get_key_value(total).map(|(k, _)| *k) else {
                    continue;
                };
                let parts: Vec<&'static str> = parts
                    .iter()
                    .filter_map(|p| values.get_key_value(p).map(|(k, _)| *k))
                    .collect();
                for row in 0..df.height() {
                    groups.push(((row, total), parts.iter().map(|p| (row, *p)).collect()));
                }
            }
            Margin::AllRow { by, columns } => {
                let keys: Vec<Vec<String>> = (0..df.height())
                    .map(|row| {
                        df.columns()
                            .iter()
                            .filter(|c| c.dtype() == &DataType::String)
                            .map(|c| {
                                c.get(row)
                                    .ok()
                                    .and_then(|v| v.get_str().map(str::to_string))
                                    .unwrap_or_default()
                            })
                            .collect()
                    })
                    .collect();
                let Some(by_at) = df
                    .columns()
                    .iter()
                    .filter(|c| c.dtype() == &DataType::String)
                    .position(|c| c.name().as_str() == by)
                else {
                    continue;
                };
                let all = Own::All.as_str();
                let without_by = |row: usize| {
                    let mut key = keys[row].clone();
                    key.remove(by_at);
                    key
                };
                for total_row in (0..df.height()).filter(|&r| keys[r][by_at] == all) {
                    let members: Vec<usize> = (0..df.height())
                        .filter(|&r| {
                            keys[r][by_at] != all && without_by(r) == without_by(total_row)
                        })
                        .collect();
                    for column in columns {
                        let Some((name, _)) = values.get_key_value(column) else {
                            continue;
                        };
                        groups.push((
                            (total_row, *name),
                            members.iter().map(|r| (*r, *name)).collect(),
                        ));
                    }
                }
            }
        }
    }
    groups
}

/// One pass of secondary suppression over every margin; true when it hid a cell.
fn secondary_round(
    groups: &[Group],
    values: &BTreeMap<&'static str, Vec<Option<f64>>>,
    hidden: &mut BTreeSet<(usize, &'static str)>,
) -> bool {
    let value = |(row, column): (usize, &'static str)| -> f64 {
        values
            .get(column)
            .and_then(|v| v.get(row).copied().flatten())
            .unwrap_or(0.0)
    };
    let mut changed = false;
    for (total, parts) in groups {
        let hidden_parts = parts.iter().filter(|p| hidden.contains(p)).count();
        let total_hidden = hidden.contains(total);
        // One hidden cell in a margin is given back by subtraction: a shown total with one
        // hidden part, or a hidden total with none.
        if !matches!((total_hidden, hidden_parts), (false, 1) | (true, 0)) {
            continue;
        }
        // The smallest shown part above 0, first in table order on a tie.
        let smallest = parts
            .iter()
            .filter(|p| !hidden.contains(p) && value(**p) > 0.0)
            .min_by(|a, b| value(**a).total_cmp(&value(**b)));
        match (smallest, total_hidden) {
            (Some(part), _) => {
                hidden.insert(*part);
                changed = true;
            }
            (None, false) => {
                hidden.insert(*total);
                changed = true;
            }
            // A hidden total of parts that are all 0 is 0 itself: nothing to protect.
            (None, true) => {}
        }
    }
    changed
}

/// Hides the key figures and targets whose people are hidden in another table: the
/// outgoing rate of a year with the "all" row of `outgoing_rate`, and a target's actual value
/// and gap with the key figure of its year.
fn link_key_figures(computed: &Computed, hidden: &mut Hidden) {
    let strings = |indicator: Indicator, column: &str| -> Vec<Option<String>> {
        computed
            .get(indicator)
            .and_then(|df| df.column(column).ok()?.str().ok().cloned())
            .map(|c| c.iter().map(|v| v.map(str::to_string)).collect())
            .unwrap_or_default()
    };
    let rate_years = strings(Indicator::OutgoingRate, "graduation_year");
    let programmes = strings(Indicator::OutgoingRate, "home_programme");
    let faculties = strings(Indicator::OutgoingRate, "faculty");
    let all = Some(Own::All.as_str());
    let hidden_rate_years: BTreeSet<String> = rate_years
        .iter()
        .zip(&programmes)
        .enumerate()
        .filter(|(row, (_, p))| {
            p.as_deref() == all
                && faculties.get(*row).and_then(|f| f.as_deref()) == all
                && hidden.is_hidden(Indicator::OutgoingRate, *row, "rate_pct")
        })
        .filter_map(|(_, (y, _))| y.clone())
        .collect();
    let key_years = strings(Indicator::KeyFigures, "academic_year");
    let mut key_cells = hidden.mask(Indicator::KeyFigures).0.clone();
    for (row, year) in key_years.iter().enumerate() {
        if year.as_ref().is_some_and(|y| hidden_rate_years.contains(y)) {
            key_cells.insert((row, KeyFigure::OutgoingRatePct.id()));
        }
    }
    let target_years = strings(Indicator::Targets, "academic_year");
    let targets = strings(Indicator::Targets, "target");
    let mut target_cells = hidden.mask(Indicator::Targets).0.clone();
    for (row, (year, target)) in target_years.iter().zip(&targets).enumerate() {
        let figure_hidden = key_years.iter().enumerate().any(|(key_row, key_year)| {
            key_year == year
                && target
                    .as_deref()
                    .and_then(KeyFigure::from_id)
                    .is_some_and(|f| key_cells.contains(&(key_row, f.id())))
        });
        if figure_hidden {
            target_cells.insert((row, "actual"));
            target_cells.insert((row, "gap"));
        }
    }
    if computed.get(Indicator::KeyFigures).is_some() {
        hidden.masks.insert(Indicator::KeyFigures, Mask(key_cells));
    }
    if computed.get(Indicator::Targets).is_some() {
        hidden.masks.insert(Indicator::Targets, Mask(target_cells));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn computed(indicator: Indicator, df: DataFrame) -> Computed {
        Computed {
            year: "2024-2025".into(),
            tables: vec![(indicator, df)],
            ..Default::default()
        }
    }

    fn cells(hidden: &Hidden, indicator: Indicator) -> Vec<(usize, &'static str)> {
        hidden.mask(indicator).cells().copied().collect()
    }

    #[test]
    fn golden_primary_and_secondary_suppression_of_staff_mobility() {
        // Staff mobility: teaching + training = total in each row.
        let df = df!(
            "academic_year" => ["2024-2025", "2024-2025", "2024-2025", "2024-2025"],
            "direction" => ["outgoing", "incoming", "outgoing", "incoming"],
            "teaching" => [3i64, 12, 0, 2],
            "training" => [40i64, 20, 4, 3],
            "total" => [43i64, 32, 4, 5],
            "staff" => [200i64, 0, 200, 0],
            "teaching_staff" => [150i64, 0, 150, 0],
        )
        .unwrap();
        let hidden = hidden(&computed(Indicator::StaffMobility, df.clone()), 5);
        // Row 0: teaching 3 is primary; 43 − 40 would give it back, so training 40 (the
        // only other part above 0) is secondary. Row 1: nothing under 5. Row 2: training 4
        // and total 4 are primary; teaching is 0 and stays. Row 3: teaching 2 and training
        // 3 are primary; the total 5 shows only their sum.
        assert_eq!(
            cells(&hidden, Indicator::StaffMobility),
            [
                (0, "teaching"),
                (0, "training"),
                (2, "total"),
                (2, "training"),
                (3, "teaching"),
                (3, "training"),
            ]
        );
        let emptied = emptied(&computed(Indicator::StaffMobility, df), &hidden).unwrap();
        let teaching: Vec<Option<i64>> = emptied[0].1["teaching"].i64().unwrap().iter().collect();
        assert_eq!(teaching, [None, Some(12), Some(0), None]);
        let total: Vec<Option<i64>> = emptied[0].1["total"].i64().unwrap().iter().collect();
        assert_eq!(total, [Some(43), Some(32), None, Some(5)]);
    }

    #[test]
    fn golden_secondary_suppression_down_a_column_to_its_all_row() {
        // Graduates by programme add up to the "all" row of their year.
        let df = df!(
            "graduation_year" => ["2024-2025"; 5],
            "home_programme" => ["Chimie", "Droit", "Info", "Méca", "all"],
            "graduates" => [3i64, 60, 25, 0, 88],
            "mobile_graduates" => [0i64, 30, 10, 0, 40],
            "rate_pct" => [0.0, 50.0, 40.0, 0.0, 45.5],
        )
        .unwrap();
        let hidden = hidden(&computed(Indicator::OutgoingRate, df), 5);
        // Chimie's 3 graduates are primary; 88 − 60 − 25 − 0 would give them back, so the
        // smallest other programme above 0 (Info, 25) is secondary; Méca's 0 tells nothing.
        // Both rates go with their graduates; no mobile count is under 5.
        assert_eq!(
            cells(&hidden, Indicator::OutgoingRate),
            [
                (0, "graduates"),
                (0, "rate_pct"),
                (2, "graduates"),
                (2, "rate_pct"),
            ]
        );
    }

    #[test]
    fn zero_turns_it_off_and_counts_of_institutions_are_never_hidden() {
        let df = df!(
            "academic_year" => ["2024-2025"],
            "agreement" => ["erasmus"],
            "partners" => [2i64],
            "share_pct" => [100.0],
        )
        .unwrap();
        let c = computed(Indicator::PartnersByAgreement, df);
        assert!(!hidden(&c, 5).any());
        let df = df!("academic_year" => ["2024-2025"], "direction" => ["outgoing"],
            "teaching" => [1i64], "training" => [1i64], "total" => [2i64],
            "staff" => [1i64], "teaching_staff" => [1i64])
        .unwrap();
        assert!(!hidden(&computed(Indicator::StaffMobility, df), 0).any());
    }

    #[test]
    fn a_hidden_total_whose_parts_are_zero_but_one_is_complete() {
        // Outgoing staff: teaching 0, training 7, total 7, nothing under 5; incoming:
        // training 1 is primary and teaching 0 cannot cover it, so the total 1 goes too.
        let df = df!("academic_year" => ["2024-2025", "2024-2025"],
            "direction" => ["outgoing", "incoming"],
            "teaching" => [0i64, 0], "training" => [7i64, 1], "total" => [7i64, 1],
            "staff" => [0i64, 0], "teaching_staff" => [0i64, 0])
        .unwrap();
        let hidden = hidden(&computed(Indicator::StaffMobility, df), 5);
        assert_eq!(
            cells(&hidden, Indicator::StaffMobility),
            [(1, "total"), (1, "training")]
        );
    }

    #[test]
    fn key_figures_and_targets_follow_their_people() {
        let mut tables = vec![(
            Indicator::OutgoingRate,
            df!("graduation_year" => ["2024-2025", "2024-2025"],
                "faculty" => ["all", "all"],
                "home_programme" => ["Info", "all"],
                "graduates" => [100i64, 100], "mobile_graduates" => [3i64, 3],
                "rate_pct" => [3.0, 3.0])
            .unwrap(),
        )];
        let mut key = vec![Column::new("academic_year".into(), ["2024-2025"])];
        for figure in KeyFigure::ALL {
            let v = if figure == KeyFigure::StudentsIn {
                4.0
            } else {
                50.0
            };
            key.push(Column::new(figure.id().into(), [v]));
        }
        tables.push((Indicator::KeyFigures, DataFrame::new(1, key).unwrap()));
        tables.push((
            Indicator::Targets,
            df!("academic_year" => ["2024-2025", "2024-2025"],
                "target" => ["students_in", "partners"],
                "target_value" => [10.0, 10.0], "actual" => [4.0, 50.0],
                "gap" => [-6.0, 40.0], "status" => ["not_met", "met"])
            .unwrap(),
        ));
        let c = Computed {
            year: "2024-2025".into(),
            tables,
            ..Default::default()
        };
        let hidden = hidden(&c, 5);
        assert_eq!(
            cells(&hidden, Indicator::KeyFigures),
            [(0, "outgoing_rate_pct"), (0, "students_in")]
        );
        assert_eq!(
            cells(&hidden, Indicator::Targets),
            [(0, "actual"), (0, "gap")]
        );
        for (indicator, _) in &c.tables {
            for (_, column) in cells(&hidden, *indicator) {
                assert!(may_hide(*indicator, column), "{indicator:?} {column}");
            }
        }
        assert!(!may_hide(Indicator::KeyFigures, "partners"));
        let mask = hidden.mask(Indicator::OutgoingRate);
        let shown = rows_without(&c.tables[0].1, mask, &["graduates"]).unwrap();
        assert!(shown.is_none(), "no graduates count is hidden");
        let shown = rows_without(&c.tables[0].1, mask, &["mobile_graduates"]).unwrap();
        assert_eq!(shown.unwrap().height(), 0);
        assert_eq!(hidden.marker(Language::Fr), "< 5");
        let note = hidden.note(Language::En).unwrap();
        assert!(note.contains("1 to 4 people is shown as \"< 5\""), "{note}");
    }
}
