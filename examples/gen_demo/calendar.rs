//! Calendar helpers: dates, academic years (starting on 1 September) and their spellings.

use crate::{FIRST_YEAR, LAST_YEAR};
use chrono::{Datelike, NaiveDate, TimeDelta};

pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid calendar date")
}

/// The academic year (by its start year) a date falls in; years start on 1 September.
pub fn academic_year(d: NaiveDate) -> i32 {
    if d.month() >= 9 {
        d.year()
    } else {
        d.year() - 1
    }
}

pub fn in_window(year: i32) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&year)
}

/// The end date of a stay of `days` days, the first and last days included (the Erasmus+
/// way of counting).
pub fn end_after(start: NaiveDate, days: i64) -> NaiveDate {
    start + TimeDelta::days(days - 1)
}

pub fn fr_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub fn year_label(year: i32) -> String {
    format!("{}-{}", year, year + 1)
}
