//! What the inputs cover: each input file holds some populations of mobilities (a direction
//! and a participant type: incoming students, outgoing staff...) and spans the academic years
//! from its first row's to its last row's. A figure over a population or a year that no input
//! covers is not available, never 0; a year an input covers without rows for it is a true 0.

use crate::schema::vocab::{Direction, Participant};
use crate::schema::TableKind;
use crate::tables::Tables;
use polars::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// A population of mobilities.
pub type Population = (Direction, Participant);

/// For each population, the spans of academic years ("2021-2022", "2024-2025"), first and
/// last, of the input files that hold it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    spans: BTreeMap<Population, BTreeSet<(String, String)>>,
}

/// What one input file holds: its populations and its first and last academic years.
#[derive(Default)]
struct FileCover {
    populations: BTreeSet<Population>,
    span: Option<(String, String)>,
}

impl Coverage {
    /// The coverage of the mobilities table (empty without one), file by file. Polars finds
    /// each file's distinct populations and its first and last years on every core; row by
    /// row on one thread this took 0.1 s a million rows, between reading and the indicators.
    pub fn of(tables: &Tables) -> PolarsResult<Coverage> {
        let mut spans: BTreeMap<Population, BTreeSet<(String, String)>> = BTreeMap::new();
        let Some(df) = tables.get(TableKind::Mobilities) else {
            return Ok(Coverage { spans });
        };
        // A row without a file name counts under the empty name.
        let file = || col("source_file").fill_null(lit("")).alias("file");
        let years = df
            .clone()
            .lazy()
            .group_by([file()])
            .agg([
                col("academic_year").min().alias("first"),
                col("academic_year").max().alias("last"),
            ])
            .collect()?;
        let held = df
            .clone()
            .lazy()
            .select([file(), col("direction"), col("participant")])
            .unique(None, UniqueKeepStrategy::Any)
            .collect()?;
        let text = |df: &DataFrame, name: &str| -> PolarsResult<StringChunked> {
            crate::schema::text_column::plain(df.column(name)?)
        };
        let mut by_file: BTreeMap<String, FileCover> = BTreeMap::new();
        let (files, firsts, lasts) = (
            text(&years, "file")?,
            text(&years, "first")?,
            text(&years, "last")?,
        );
        for ((file, first), last) in files.iter().zip(firsts.iter()).zip(lasts.iter()) {
            // Both are null only when none of the file's rows has a year.
            if let (Some(first), Some(last)) = (first, last) {
                let cover = by_file.entry(file.unwrap_or_default().into()).or_default();
                cover.span = Some((first.to_string(), last.to_string()));
            }
        }
        let (files, directions, participants) = (
            text(&held, "file")?,
            text(&held, "direction")?,
            text(&held, "participant")?,
        );
        let rows = files.iter().zip(directions.iter()).zip(participants.iter());
        for ((file, d), p) in rows {
            if let (Some(d), Some(p)) =
                (d.and_then(Direction::parse), p.and_then(Participant::parse))
            {
                let cover = by_file.entry(file.unwrap_or_default().into()).or_default();
                cover.populations.insert((d, p));
            }
        }
        for cover in by_file.into_values() {
            let Some(span) = cover.span else { continue };
            for population in cover.populations {
                spans.entry(population).or_default().insert(span.clone());
            }
        }
        Ok(Coverage { spans })
    }

    /// Whether some input holds `population`.
    pub fn holds(&self, population: Population) -> bool {
        self.spans.contains_key(&population)
    }

    /// True on the rows whose `academic_year` lies within a span of an input holding the
    /// population ("2021-2022" strings compare in year order); false everywhere when none does.
    pub fn covered(&self, population: Population) -> Expr {
        self.spans
            .get(&population)
            .into_iter()
            .flatten()
            .map(|(first, last)| {
                col("academic_year")
                    .gt_eq(lit(first.clone()))
                    .and(col("academic_year").lt_eq(lit(last.clone())))
            })
            .reduce(|a, b| a.or(b))
            .unwrap_or_else(|| lit(false))
    }
}

/// Why a figure of the reporting year is not available.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absence {
    /// No input holds this population of mobilities (no incoming list was given).
    NoList(Population),
    /// The population's inputs do not reach the year.
    YearOutside(Population),
    /// No input gives the table the figure is counted from.
    NoTable(TableKind),
    /// The table is the institution's, left out of a faculty's report.
    InstitutionOnly(TableKind),
    /// The inputs give the table, but not this figure for the year (no graduates that year).
    NotInYear,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testing::canonical;

    /// The coverage of a mobilities table holding `mobilities`' columns (the rest empty).
    fn coverage_of(mobilities: DataFrame) -> Coverage {
        let tables = Tables {
            frames: [(
                TableKind::Mobilities,
                canonical(TableKind::Mobilities, mobilities),
            )]
            .into(),
        };
        Coverage::of(&tables).unwrap()
    }

    #[test]
    fn each_file_covers_the_populations_it_holds_over_the_years_it_spans() {
        // a.xlsx: outgoing students 2021-2022 and 2023-2024, incoming students 2023-2024 only:
        // the file spans 2021-2022 to 2023-2024 for both. b.csv: outgoing staff in 2024-2025.
        let mobilities = df!(
            "source_file" => ["a.xlsx", "a.xlsx", "a.xlsx", "b.csv"],
            "direction" => ["outgoing", "outgoing", "incoming", "outgoing"],
            "participant" => ["student", "student", "student", "staff"],
            "academic_year" => ["2023-2024", "2021-2022", "2023-2024", "2024-2025"],
        )
        .unwrap();
        let c = coverage_of(mobilities);
        let incoming = (Direction::Incoming, Participant::Student);
        let staff = (Direction::Outgoing, Participant::Staff);
        assert!(c.holds(incoming) && c.holds(staff));
        // No incoming staff at all: not covered in any year.
        assert!(!c.holds((Direction::Incoming, Participant::Staff)));
        let years = df!("academic_year" => ["2020-2021", "2022-2023", "2024-2025"]).unwrap();
        let out = years
            .lazy()
            .select([
                c.covered(incoming).alias("incoming"),
                c.covered(staff).alias("staff"),
            ])
            .collect()
            .unwrap();
        let bools = |name: &str| -> Vec<Option<bool>> {
            out.column(name).unwrap().bool().unwrap().iter().collect()
        };
        // a.xlsx spans 2021-2022..2023-2024: 2022-2023 is covered (a true 0), the others not.
        assert_eq!(bools("incoming"), [Some(false), Some(true), Some(false)]);
        assert_eq!(bools("staff"), [Some(false), Some(false), Some(true)]);
        assert_eq!(
            Coverage::of(&Tables::default()).unwrap(),
            Coverage::default()
        );
    }

    #[test]
    fn a_file_without_a_name_is_the_empty_name_and_one_without_years_spans_nothing() {
        // No file name and an empty one are the same file: it spans 2022-2023 (its only year)
        // and holds outgoing and incoming students, though its incoming row has no year.
        // c.csv has no year at all: it spans nothing, so its staff are covered nowhere. A row
        // without a direction adds no population but its year still counts for d.csv.
        let mobilities = df!(
            "source_file" => [None, Some(""), Some("c.csv"), Some("d.csv"), Some("d.csv")],
            "direction" => [Some("outgoing"), Some("incoming"), Some("outgoing"), None, Some("incoming")],
            "participant" => ["student", "student", "staff", "staff", "staff"],
            "academic_year" => [Some("2022-2023"), None, None, Some("2019-2020"), Some("2020-2021")],
        )
        .unwrap();
        let c = coverage_of(mobilities);
        let span = |a: &str, b: &str| BTreeSet::from([(a.to_string(), b.to_string())]);
        let students = span("2022-2023", "2022-2023");
        let expected = Coverage {
            spans: BTreeMap::from([
                (
                    (Direction::Outgoing, Participant::Student),
                    students.clone(),
                ),
                ((Direction::Incoming, Participant::Student), students),
                (
                    (Direction::Incoming, Participant::Staff),
                    span("2019-2020", "2020-2021"),
                ),
            ]),
        };
        assert_eq!(c, expected);
    }
}
