//! The per-mobility grants table (`data/erasmus_grants.csv`): every mobility the institution's
//! KA131 and KA171 projects pay (KA131 outgoing; KA171 both ways), with the rule applied, the
//! country group, the days and months counted, each amount, and whether its distance was
//! estimated. A mobility still under way is counted on its planned dates and marked so.

use super::columns::{BoolColumn, IntColumn, TextColumn};
use super::out_block::Out;
pub use super::out_block::COLUMNS;
use super::rates::{Action, Rates};
use super::rules::{grant, Facts};
use crate::schema::rules::parse_project_reference;
use polars::prelude::*;
use rayon::prelude::*;

/// The key action a mobility's funding names, if one of the institution's projects pays it:
/// KA131 pays its outgoing mobilities (an incoming KA131 student is the partner's), KA171 both.
fn action(funding: Option<&str>, incoming: bool) -> Option<Action> {
    match funding? {
        "erasmus_ka131" if !incoming => Some(Action::Ka131),
        "erasmus_ka171" => Some(Action::Ka171),
        _ => None,
    }
}

/// Rows whose grants one thread computes in one go.
const BLOCK_ROWS: usize = 16_384;

/// A block of mobilities' columns the rules read, borrowed. Text is read row by row where a
/// row is funded: most rows are not (a quarter are in the benchmark files), and copying every
/// row's value out first cost about a tenth of the table's time (5M rows: 1.30–1.40 s,
/// 1.21–1.26 s read row by row).
struct Input<'a> {
    ids: TextColumn<'a>,
    people: TextColumn<'a>,
    projects: TextColumn<'a>,
    years: TextColumn<'a>,
    directions: TextColumn<'a>,
    participants: TextColumn<'a>,
    activities: TextColumn<'a>,
    countries: TextColumn<'a>,
    cities: TextColumn<'a>,
    fundings: TextColumn<'a>,
    statuses: TextColumn<'a>,
    bands: TextColumn<'a>,
    days: IntColumn,
    funded_days: IntColumn,
    interrupted: IntColumn,
    distances: IntColumn,
    starts: IntColumn,
    ends: IntColumn,
    fewer: BoolColumn<'a>,
    green: BoolColumn<'a>,
    zero: BoolColumn<'a>,
}

impl<'a> Input<'a> {
    /// The columns of `m` the rules read (a missing one reads as null or false throughout).
    fn of(m: &'a DataFrame) -> Input<'a> {
        let t = |n| TextColumn::of(m, n);
        Input {
            ids: t("mobility_id"),
            people: t("person_id"),
            projects: t("project_reference"),
            years: t("academic_year"),
            directions: t("direction"),
            participants: t("participant"),
            activities: t("activity"),
            countries: t("partner_country"),
            cities: t("partner_city"),
            fundings: t("funding"),
            statuses: t("mobility_status"),
            bands: t("distance_band"),
            days: IntColumn::of(m, "duration_days"),
            funded_days: IntColumn::of(m, "funded_days"),
            interrupted: IntColumn::of(m, "interrupted_days"),
            distances: IntColumn::of(m, "distance_km"),
            starts: IntColumn::of(m, "start_date"),
            ends: IntColumn::of(m, "end_date"),
            fewer: BoolColumn::of(m, "fewer_opportunities"),
            green: BoolColumn::of(m, "green_travel"),
            zero: BoolColumn::of(m, "zero_grant"),
        }
    }

    /// Row `i`'s grant into `out`, when one of the institution's projects pays it.
    fn row(&self, i: usize, home: &str, home_city: Option<&str>, rates: &Rates, out: &mut Out) {
        let incoming = self.directions.get(i) == Some("incoming");
        let Some(action) = action(self.fundings.get(i), incoming) else {
            return;
        };
        let call = self
            .projects
            .get(i)
            .and_then(parse_project_reference)
            .map(|(year, _, _)| year as i32)
            .or_else(|| self.years.get(i).and_then(|y| y.get(..4)?.parse().ok()))
            .unwrap_or_default();
        // The days as the export funds them, else as the dates span (planned, for a mobility
        // under way), less the interruptions.
        let planned = match (self.starts.get(i), self.ends.get(i)) {
            (Some(s), Some(e)) if e >= s => Some(e - s + 1),
            _ => None,
        };
        let spent = self
            .funded_days
            .get(i)
            .or(self.days.get(i))
            .or(planned)
            .unwrap_or(0)
            - self.interrupted.get(i).unwrap_or(0);
        let facts = Facts {
            action,
            call,
            incoming,
            staff: self.participants.get(i) == Some("staff"),
            activity: self.activities.get(i).unwrap_or_default().to_string(),
            country: self.countries.get(i).unwrap_or_default().to_string(),
            home: home.to_string(),
            days: spent,
            days_are_funded: self.funded_days.get(i).is_some(),
            fewer_opportunities: self.fewer.get(i),
            green_travel: self.green.get(i),
            zero_grant: self.zero.get(i),
            distance_km: self.distances.get(i).map(|d| d as f64),
            distance_band: self.bands.get(i).map(str::to_string),
            home_city: home_city.map(str::to_string),
            city: self.cities.get(i).map(str::to_string),
        };
        let g = grant(&facts, rates);
        let code = self
            .activities
            .get(i)
            .and_then(crate::schema::vocab::Activity::parse)
            .and_then(|a| a.erasmus_code());
        let group = g.group.name();
        let missing = (!g.missing.is_empty()).then(|| g.missing.join(" "));
        let used = (!g.used.is_empty()).then(|| g.used.join(" "));
        let texts = [
            self.ids.get(i),
            self.people.get(i),
            self.projects.get(i),
            Some(action.as_str()),
            self.years.get(i),
            self.directions.get(i),
            self.participants.get(i),
            self.activities.get(i),
            code,
            self.countries.get(i),
            self.statuses.get(i),
            Some(g.rule),
            Some(group.as_str()),
            g.band,
            missing.as_deref(),
            used.as_deref(),
        ];
        for (column, value) in out.text.iter_mut().zip(texts) {
            column.append_option(value);
        }
        for (column, value) in out
            .int
            .iter_mut()
            .zip([call as i64, g.days, g.months, g.extra_days])
        {
            column.append_value(value);
        }
        let money = [
            g.individual_support,
            g.top_ups,
            g.travel,
            g.inclusion_support,
            g.total(),
        ];
        for (column, value) in out.money.iter_mut().zip(money) {
            column.append_option(value);
        }
        out.distance_from.append_value(g.distance_from);
    }
}

/// The per-mobility grants of the canonical mobilities `m`, the institution being in `home`
/// (and, when given, in `home_city`).
pub fn grants_table(
    m: &DataFrame,
    home: &str,
    home_city: Option<&str>,
    rates: &Rates,
) -> PolarsResult<DataFrame> {
    // Each row's grant depends on that row alone: blocks of rows on all cores, each read from
    // a slice of the table (no copy) and written straight into its own output columns. Rows
    // no project of the institution pays are passed over. The blocks' pieces, laid end to end
    // in order, are the table row by row would give. Neither a copy of the funded rows nor
    // row-by-row intermediate values are held for the whole table: on a million rows they
    // were most of `report`'s peak.
    // An empty table is one empty block: its columns still have their names and types.
    let starts: Vec<usize> = (0..m.height().max(1)).step_by(BLOCK_ROWS).collect();
    let blocks: Vec<Vec<Column>> = starts
        .into_par_iter()
        .map(|start| {
            let block = m.slice(start as i64, BLOCK_ROWS);
            let input = Input::of(&block);
            let mut out = Out::with_capacity(block.height());
            for i in 0..block.height() {
                input.row(i, home, home_city, rates, &mut out);
            }
            out.finish()
        })
        .collect();
    let mut pieces: Vec<Vec<Column>> = COLUMNS.iter().map(|_| Vec::new()).collect();
    for block in blocks {
        for (c, column) in block.into_iter().enumerate() {
            pieces[c].push(column);
        }
    }
    // One column at a time into one piece of memory, its blocks dropped as it is done.
    let columns = pieces
        .into_iter()
        .map(|column| {
            let mut column = column.into_iter();
            let mut joined = column.next().expect("at least one block");
            for piece in column {
                joined.append_owned(piece)?;
            }
            Ok(joined.rechunk())
        })
        .collect::<PolarsResult<Vec<Column>>>()?;
    let height = columns.first().map_or(0, Column::len);
    debug_assert!(columns.iter().map(|c| c.name().as_str()).eq(COLUMNS));
    DataFrame::new(height, columns)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grants::columns::{ints, texts};
    use crate::indicators::testing::canonical;
    use crate::schema::TableKind;

    #[test]
    fn only_the_institution_s_projects_mobilities_with_their_amounts() {
        // M1 KA131 out to Spain, 90 days, 2024 project; M2 KA131 incoming (the partner's);
        // M3 bilateral; M4 KA171 incoming from Brazil, 2023 call, 150 days; M5 KA131 out,
        // under way (no days yet), planned 2024-09-01 to 2024-11-29 = 90 days, zero grant.
        let m = canonical(
            TableKind::Mobilities,
            df!(
                "mobility_id" => ["M1", "M2", "M3", "M4", "M5"],
                "direction" => ["outgoing", "incoming", "outgoing", "incoming", "outgoing"],
                "participant" => ["student"; 5],
                "activity" => ["study"; 5],
                "funding" => ["erasmus_ka131", "erasmus_ka131", "bilateral", "erasmus_ka171", "erasmus_ka131"],
                "partner_country" => ["ES", "ES", "US", "BR", "DE"],
                "project_reference" => [Some("2024-1-FR01-KA131-HED-000000001"), None, None, Some("2023-1-FR01-KA171-HED-000000002"), None],
                "academic_year" => ["2024-2025"; 5],
                "duration_days" => [Some(90i64), Some(90), Some(90), Some(150), None],
                "zero_grant" => [false, false, false, false, true],
                "mobility_status" => ["completed", "completed", "completed", "completed", "ongoing"],
            )
            .unwrap(),
        );
        let mut m = m;
        let dates = df!(
            "start_date" => [None, None, None, None, Some(chrono::NaiveDate::from_ymd_opt(2024, 9, 1).unwrap())],
            "end_date" => [None, None, None, None, Some(chrono::NaiveDate::from_ymd_opt(2024, 11, 29).unwrap())],
        )
        .unwrap();
        for c in dates.columns() {
            m.with_column(c.clone()).unwrap();
        }
        let g = grants_table(&m, "FR", None, &Rates::default()).unwrap();
        let col = |n: &str| texts(&g, n);
        assert_eq!(col("mobility_id"), [Some("M1"), Some("M4"), Some("M5")]);
        assert_eq!(ints(&g, "call_year"), [Some(2024), Some(2023), Some(2024)]);
        // M1: group 2 has no shipped amount: individual support and total not available.
        assert_eq!(col("rates_missing")[0], Some("student.month.group_2"));
        assert_eq!(g.column("total").unwrap().null_count(), 1);
        // M4: 850 × 5 + 1,500 travel = 5,750. M5: zero grant, on its planned 90 days.
        let totals: Vec<Option<f64>> = g.column("total").unwrap().f64().unwrap().iter().collect();
        assert_eq!(totals, [None, Some(5750.0), Some(0.0)]);
        assert_eq!(ints(&g, "days")[2], Some(90));
        assert_eq!(col("mobility_status")[2], Some("ongoing"));
    }

    #[test]
    fn blocks_of_rows_join_in_table_order() {
        // 40,000 rows, three blocks of 16,384: every third row is bilateral (not paid), the
        // others alternate KA131 outgoing and KA171 incoming. Paid: rows i with i % 3 != 0,
        // 40,000 - ceil(40,000 / 3) = 40,000 - 13,334 = 26,666, in table order.
        let n = 40_000;
        let ids: Vec<String> = (0..n).map(|i| format!("M{i}")).collect();
        let funding: Vec<&str> = (0..n)
            .map(|i| match i % 3 {
                0 => "bilateral",
                1 => "erasmus_ka131",
                _ => "erasmus_ka171",
            })
            .collect();
        let direction: Vec<&str> = (0..n)
            .map(|i| if i % 3 == 2 { "incoming" } else { "outgoing" })
            .collect();
        let m = canonical(
            TableKind::Mobilities,
            df!(
                "mobility_id" => ids,
                "direction" => direction,
                "participant" => vec!["student"; n],
                "activity" => vec!["study"; n],
                "funding" => funding,
                "partner_country" => vec!["ES"; n],
                "academic_year" => vec!["2024-2025"; n],
                "duration_days" => vec![90i64; n],
            )
            .unwrap(),
        );
        let g = grants_table(&m, "FR", None, &Rates::default()).unwrap();
        assert_eq!(g.height(), 26_666);
        let expected: Vec<String> = (0..n)
            .filter(|i| i % 3 != 0)
            .map(|i| format!("M{i}"))
            .collect();
        let got = texts(&g, "mobility_id");
        assert!(got
            .iter()
            .map(|v| v.unwrap())
            .eq(expected.iter().map(String::as_str)));
        let actions = texts(&g, "key_action");
        assert_eq!((actions[0], actions[1]), (Some("KA131"), Some("KA171")));
        // Each column is one piece of memory, as a table built row by row would be.
        assert!(g.columns().iter().all(|c| c.n_chunks() == 1));
        let names: Vec<&str> = g.columns().iter().map(|c| c.name().as_str()).collect();
        assert_eq!(names, COLUMNS);
        // Identifiers stay strings; text that repeats is coded.
        assert_eq!(g.column("mobility_id").unwrap().dtype(), &DataType::String);
        assert_eq!(g.column("key_action").unwrap().dtype(), &DataType::String);
        let coded = crate::schema::text_column::coded_dtype();
        assert_eq!(g.column("country").unwrap().dtype(), &coded);
        assert_eq!(g.column("rule").unwrap().dtype(), &coded);
    }

    #[test]
    fn an_empty_table_gives_the_columns_and_no_row() {
        let m = canonical(
            TableKind::Mobilities,
            df!("mobility_id" => Vec::<String>::new()).unwrap(),
        );
        let g = grants_table(&m, "FR", None, &Rates::default()).unwrap();
        assert_eq!(g.height(), 0);
        assert_eq!(g.width(), COLUMNS.len());
        assert_eq!(g.column("total").unwrap().dtype(), &DataType::Float64);
    }
}
