//! What the inputs cover: for each population of mobilities (a direction and a participant
//! type: incoming students, outgoing staff...), the academic years its rows span. A figure over
//! a population or a year that no input covers is not available, never 0; within the span, a
//! year without rows is a true 0.

use crate::schema::vocab::{Direction, Participant};
use crate::schema::TableKind;
use crate::tables::Tables;
use polars::prelude::*;
use std::collections::BTreeMap;

/// A population of mobilities.
pub type Population = (Direction, Participant);

/// The academic years ("2021-2022", "2024-2025"), first and last, each population spans.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    spans: BTreeMap<Population, (String, String)>,
}

impl Coverage {
    /// The coverage of the mobilities table (empty without one).
    pub fn of(tables: &Tables) -> PolarsResult<Coverage> {
        let mut spans: BTreeMap<Population, (String, String)> = BTreeMap::new();
        let Some(df) = tables.get(TableKind::Mobilities) else {
            return Ok(Coverage { spans });
        };
        let text = |name: &str| -> PolarsResult<StringChunked> {
            Ok(df.column(name)?.as_materialized_series().str()?.clone())
        };
        let (directions, participants, years) = (
            text("direction")?,
            text("participant")?,
            text("academic_year")?,
        );
        for ((d, p), y) in directions.iter().zip(participants.iter()).zip(years.iter()) {
            let (Some(d), Some(p), Some(y)) = (
                d.and_then(Direction::parse),
                p.and_then(Participant::parse),
                y,
            ) else {
                continue;
            };
            let span = spans
                .entry((d, p))
                .or_insert_with(|| (y.to_string(), y.to_string()));
            if y < span.0.as_str() {
                span.0 = y.to_string();
            }
            if y > span.1.as_str() {
                span.1 = y.to_string();
            }
        }
        Ok(Coverage { spans })
    }

    /// The first and last academic years `population` spans, if any input holds it.
    pub fn span(&self, population: Population) -> Option<(&str, &str)> {
        self.spans
            .get(&population)
            .map(|(first, last)| (first.as_str(), last.as_str()))
    }

    /// True on the rows whose `academic_year` lies within the population's span ("2021-2022"
    /// strings compare in year order); false everywhere when no input holds it.
    pub fn covered(&self, population: Population) -> Expr {
        match self.span(population) {
            Some((first, last)) => col("academic_year")
                .gt_eq(lit(first.to_string()))
                .and(col("academic_year").lt_eq(lit(last.to_string()))),
            None => lit(false),
        }
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
    /// The inputs give the table, but not this figure for the year (no graduates that year).
    NotInYear,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testing::canonical;

    #[test]
    fn each_population_spans_the_years_of_its_rows() {
        let mobilities = df!(
            "direction" => ["outgoing", "outgoing", "incoming", "outgoing"],
            "participant" => ["student", "student", "staff", "staff"],
            "academic_year" => ["2023-2024", "2021-2022", "2024-2025", "2022-2023"],
        )
        .unwrap();
        let tables = Tables {
            frames: [(
                TableKind::Mobilities,
                canonical(TableKind::Mobilities, mobilities),
            )]
            .into(),
        };
        let c = Coverage::of(&tables).unwrap();
        let out = (Direction::Outgoing, Participant::Student);
        assert_eq!(c.span(out), Some(("2021-2022", "2023-2024")));
        assert_eq!(
            c.span((Direction::Incoming, Participant::Staff)),
            Some(("2024-2025", "2024-2025"))
        );
        // No incoming student at all: not covered in any year.
        assert_eq!(c.span((Direction::Incoming, Participant::Student)), None);
        let years = df!("academic_year" => ["2020-2021", "2022-2023", "2024-2025"]).unwrap();
        let covered: Vec<Option<bool>> = years
            .lazy()
            .select([
                c.covered(out).alias("out"),
                c.covered((Direction::Incoming, Participant::Student))
                    .alias("in"),
            ])
            .collect()
            .unwrap()
            .column("out")
            .unwrap()
            .bool()
            .unwrap()
            .iter()
            .collect();
        // 2022-2023 lies within 2021-2022..2023-2024; the two others do not.
        assert_eq!(covered, [Some(false), Some(true), Some(false)]);
        assert_eq!(
            Coverage::of(&Tables::default()).unwrap(),
            Coverage::default()
        );
    }
}
