//! Academic years ("2024-2025"): from a date and the first month of the year, or from text.

use chrono::{Datelike, NaiveDate};
use std::fmt;

/// An academic year, held as the calendar year it starts in. Displays as "2024-2025".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AcademicYear(pub i32);

/// How to read a bare calendar year such as "2025" written where an academic year is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BareYear {
    /// "2025" is the year that ends in 2025 (a graduation year): 2024-2025.
    Ends,
    /// "2025" is the year that starts in 2025 (an enrolment or "valid from" year): 2025-2026.
    Starts,
}

impl AcademicYear {
    /// The academic year a date falls in, the year starting on the 1st of `first_month`.
    pub fn of_date(date: NaiveDate, first_month: u32) -> Self {
        if date.month() >= first_month {
            AcademicYear(date.year())
        } else {
            AcademicYear(date.year() - 1)
        }
    }

    /// Parses "2024-2025", "2024/2025", "2024-25", "2024/25", "2024 - 2025" or a bare year
    /// (read as `bare` says). Returns `None` when the two years are not consecutive.
    pub fn parse(text: &str, bare: BareYear) -> Option<Self> {
        let digits: Vec<&str> = text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|p| !p.is_empty())
            .collect();
        match digits.as_slice() {
            [y] if y.len() == 4 => {
                let y: i32 = y.parse().ok()?;
                Some(match bare {
                    BareYear::Ends => AcademicYear(y - 1),
                    BareYear::Starts => AcademicYear(y),
                })
            }
            [a, b] if a.len() == 4 && (b.len() == 4 || b.len() == 2) => {
                let start: i32 = a.parse().ok()?;
                let end: i32 = if b.len() == 4 {
                    b.parse().ok()?
                } else {
                    start / 100 * 100 + b.parse::<i32>().ok()?
                };
                (end == start + 1 || (b.len() == 2 && end == start + 1 - 100))
                    .then_some(AcademicYear(start))
            }
            _ => None,
        }
        .filter(|y| (1900..=2200).contains(&y.0))
    }

    /// A year given as a number cell (2025.0), read as `bare` says.
    pub fn from_number(value: f64, bare: BareYear) -> Option<Self> {
        if value.fract() != 0.0 {
            return None;
        }
        Self::parse(&format!("{}", value as i64), bare)
    }
}

impl fmt::Display for AcademicYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.0, self.0 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_of_a_date_depends_on_the_first_month() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            AcademicYear::of_date(d(2024, 9, 1), 9).to_string(),
            "2024-2025"
        );
        assert_eq!(
            AcademicYear::of_date(d(2025, 8, 31), 9).to_string(),
            "2024-2025"
        );
        assert_eq!(
            AcademicYear::of_date(d(2025, 2, 1), 9).to_string(),
            "2024-2025"
        );
        // A school whose year starts in July puts a July start in the new year.
        assert_eq!(
            AcademicYear::of_date(d(2025, 7, 1), 7).to_string(),
            "2025-2026"
        );
        assert_eq!(
            AcademicYear::of_date(d(2025, 7, 1), 1).to_string(),
            "2025-2026"
        );
    }

    #[test]
    fn parses_the_written_forms() {
        let p = |s| AcademicYear::parse(s, BareYear::Ends).map(|y| y.to_string());
        assert_eq!(p("2024-2025").as_deref(), Some("2024-2025"));
        assert_eq!(p("2024/2025").as_deref(), Some("2024-2025"));
        assert_eq!(p("2024-25").as_deref(), Some("2024-2025"));
        assert_eq!(p("2099/00").as_deref(), Some("2099-2100"));
        assert_eq!(p(" 2024 - 2025 ").as_deref(), Some("2024-2025"));
        assert_eq!(p("2025").as_deref(), Some("2024-2025"));
        assert_eq!(
            AcademicYear::parse("2025", BareYear::Starts)
                .map(|y| y.to_string())
                .as_deref(),
            Some("2025-2026")
        );
        assert_eq!(p("2024-2026"), None);
        assert_eq!(p("next year"), None);
        assert_eq!(
            AcademicYear::from_number(2025.0, BareYear::Ends).map(|y| y.0),
            Some(2024)
        );
    }
}
