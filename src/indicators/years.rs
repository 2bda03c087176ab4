//! The years the indicators cover: those of the mobilities and enrolments (else of the
//! graduations), and the reporting year, asked or the latest; a year the data does not reach
//! is refused.

use super::polars;
use crate::error::{Error, Result};
use crate::i18n::Message;
use crate::normalise::academic_year::{AcademicYear, BareYear};
use crate::schema::TableKind;
use crate::tables::Tables;
use polars::prelude::*;
use std::collections::BTreeSet;

/// The distinct non-null values of a text column.
fn distinct(tables: &Tables, table: TableKind, column: &str) -> PolarsResult<BTreeSet<String>> {
    let Some(df) = tables.get(table) else {
        return Ok(BTreeSet::new());
    };
    // Polars' own unique, on every core: a string and a tree insertion per row took 0.1 s a
    // million rows.
    let values = df.column(column)?.unique()?;
    let values = crate::schema::text_column::plain(&values)?;
    Ok(values.iter().flatten().map(str::to_string).collect())
}

/// The years trends cover (those of the mobilities and enrolments, else of the graduations)
/// and the reporting year (asked, else the latest of them). A year asked for that the data
/// does not reach is refused, naming the years each table holds: its figures would all be
/// absent, not zero.
pub(super) fn years(
    tables: &Tables,
    asked: Option<AcademicYear>,
) -> Result<(Vec<String>, String, bool)> {
    let mobility_years =
        distinct(tables, TableKind::Mobilities, "academic_year").map_err(polars)?;
    let enrolled_years = distinct(tables, TableKind::Students, "enrolled_year").map_err(polars)?;
    let mut years: BTreeSet<String> = mobility_years.union(&enrolled_years).cloned().collect();
    let mut held = vec![
        ("mobilities", mobility_years),
        ("enrolments", enrolled_years),
    ];
    if years.is_empty() {
        years = distinct(tables, TableKind::Students, "graduation_year").map_err(polars)?;
        held.push(("graduations", years.clone()));
    }
    if let Some(year) = asked {
        let year = year.to_string();
        if !years.is_empty() && !years.contains(&year) {
            let present: Vec<Message> = held
                .iter()
                .filter(|(_, y)| !y.is_empty())
                .map(|(table, y)| {
                    Message::new("error.held")
                        .with_word("table", format!("message.error.table.{table}"))
                        .with_list("years", year_runs(y), "comma")
                })
                .collect();
            return Err(Error::YearOutsideData { year, present });
        }
    }
    let (year, default) = match asked {
        Some(year) => (year.to_string(), false),
        None => match years.last() {
            Some(y) => (y.clone(), true),
            None => (
                AcademicYear::of_date(chrono::Local::now().date_naive(), 9).to_string(),
                true,
            ),
        },
    };
    years.insert(year.clone());
    Ok((years.into_iter().collect(), year, default))
}

/// Academic years as runs of consecutive years: "2019-2020, 2021-2022 to 2024-2025".
fn year_runs(years: &BTreeSet<String>) -> Vec<Message> {
    let starts: Vec<i32> = years
        .iter()
        .filter_map(|y| AcademicYear::parse(y, BareYear::Starts).map(|a| a.0))
        .collect();
    let mut runs: Vec<(i32, i32)> = Vec::new();
    for start in starts {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == start => *last = start,
            _ => runs.push((start, start)),
        }
    }
    let name = |start: i32| AcademicYear(start).to_string();
    runs.iter()
        .map(|&(first, last)| match first == last {
            true => Message::new("error.year").with("year", name(first)),
            false => Message::new("error.years")
                .with("first", name(first))
                .with("last", name(last)),
        })
        .collect()
}
