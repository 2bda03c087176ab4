//! One spreadsheet cell as read, before it is given a meaning by a field.

use chrono::NaiveDate;

/// A cell's value as the file stores it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date cell, already converted from the workbook's 1900 or 1904 serial.
    Date(NaiveDate),
    /// A spreadsheet error value such as "#N/A".
    Error(String),
}

impl Cell {
    /// True for empty cells and cells holding only whitespace.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as the user would read it: numbers without a useless ".0", dates as ISO.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => format_number(*n),
            Cell::Bool(b) => {
                if *b {
                    "TRUE".into()
                } else {
                    "FALSE".into()
                }
            }
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Error(e) => e.clone(),
        }
    }

    /// The cell's text, if it is a text cell.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Cell::Text(t) => Some(t),
            _ => None,
        }
    }
}

/// Formats a number the way a spreadsheet shows it by default: integers without decimals.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_reads_like_a_spreadsheet() {
        assert_eq!(Cell::Number(12.0).display(), "12");
        assert_eq!(Cell::Number(12.5).display(), "12.5");
        assert_eq!(
            Cell::Date(NaiveDate::from_ymd_opt(2024, 9, 2).unwrap()).display(),
            "2024-09-02"
        );
        assert!(Cell::Text(" \u{a0}".into()).is_blank());
        assert!(!Cell::Number(0.0).is_blank());
    }
}
