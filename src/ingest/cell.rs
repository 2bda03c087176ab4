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

/// The buffers of earlier rows' text cells, reused for the next rows' text: a reader then
/// allocates no string per cell once the first rows are read, and the row builder, on another
/// thread, frees none (see `threaded`, which sends the rows back to the reader).
#[derive(Default)]
pub struct TextPool(Vec<String>);

/// Buffers kept at most: a few rows' worth.
const POOL_LIMIT: usize = 1024;
/// A buffer this large (a long comment cell) is freed rather than kept for short texts.
const POOL_MAX_CAPACITY: usize = 4096;

impl TextPool {
    /// Keeps the buffers of the text cells of `cells`, and empties it.
    pub fn reclaim(&mut self, cells: &mut Vec<Cell>) {
        for cell in cells.drain(..) {
            if let Cell::Text(text) = cell {
                if self.0.len() < POOL_LIMIT && text.capacity() <= POOL_MAX_CAPACITY {
                    self.0.push(text);
                }
            }
        }
    }

    /// A text cell holding `text`, in a kept buffer when there is one.
    pub fn text(&mut self, text: &str) -> Cell {
        match self.0.pop() {
            Some(mut buffer) => {
                buffer.clear();
                buffer.push_str(text);
                Cell::Text(buffer)
            }
            None => Cell::Text(text.to_string()),
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

    #[test]
    fn the_pool_reuses_text_buffers_and_drops_other_cells() {
        let mut pool = TextPool::default();
        let mut row = vec![
            Cell::Text("Autriche".into()),
            Cell::Number(3.0),
            Cell::Text("x".repeat(POOL_MAX_CAPACITY + 1)),
        ];
        let kept = row[0].as_text().unwrap().as_ptr();
        pool.reclaim(&mut row);
        // The row is empty; one buffer was kept (the oversized one was not).
        assert!(row.is_empty());
        assert_eq!(pool.0.len(), 1);
        let cell = pool.text("Espagne");
        assert_eq!(cell, Cell::Text("Espagne".into()));
        assert_eq!(cell.as_text().unwrap().as_ptr(), kept);
        // Empty again: a fresh buffer.
        assert_eq!(pool.text("Italie"), Cell::Text("Italie".into()));
    }
}
