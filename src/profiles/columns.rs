//! The columns of an export's header row, looked up by folded name, remembering which ones a
//! profile used so that the others can be reported as ignored.

use crate::ingest::Cell;
use crate::normalise::text::{clean, fold, is_placeholder};

/// An export's header: folded header text → 0-based column.
#[derive(Debug, Default, Clone)]
pub(crate) struct Columns {
    folded: Vec<String>,
    used: Vec<bool>,
}

impl Columns {
    /// The header row's columns.
    pub fn new(cells: &[Cell]) -> Self {
        let folded: Vec<String> = cells.iter().map(|c| fold(&c.display())).collect();
        Columns {
            used: vec![false; folded.len()],
            folded,
        }
    }

    /// The first column named by one of `names` (any spelling that folds alike), marked used.
    pub fn take(&mut self, names: &[&str]) -> Option<usize> {
        let col = names.iter().find_map(|n| {
            let n = fold(n);
            self.folded.iter().position(|h| *h == n)
        })?;
        self.used[col] = true;
        Some(col)
    }

    /// Whether a column is named by one of `names`, without marking it.
    pub fn has(&self, names: &[&str]) -> bool {
        names
            .iter()
            .any(|n| self.folded.iter().any(|h| *h == fold(n)))
    }

    /// Named columns the profile did not use.
    pub fn unused(&self) -> Vec<usize> {
        (0..self.folded.len())
            .filter(|c| !self.used[*c] && !self.folded[*c].is_empty())
            .collect()
    }
}

/// A cell's text, trimmed, or None when blank or a placeholder ("???", "-", "#N/A").
pub(crate) fn text(cells: &[Cell], col: Option<usize>) -> Option<String> {
    let cell = cells.get(col?)?;
    // Text cells are read in place; only numbers and dates are formatted.
    let text = match cell {
        Cell::Text(t) => clean(t)?,
        other => clean(&other.display())?,
    };
    (!is_placeholder(&text)).then_some(text)
}

/// The cell as read (kept typed: a date stays a date), or empty.
pub(crate) fn cell(cells: &[Cell], col: Option<usize>) -> Cell {
    match col.and_then(|c| cells.get(c)) {
        Some(Cell::Text(t)) if is_placeholder(t) => Cell::Empty,
        Some(c) => c.clone(),
        None => Cell::Empty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_and_placeholders_read_as_blank() {
        let header: Vec<Cell> = ["Mobility ID", "sending_country_code", "Start Date"]
            .iter()
            .map(|t| Cell::Text(t.to_string()))
            .collect();
        let mut cols = Columns::new(&header);
        assert_eq!(cols.take(&["Sending Country Code"]), Some(1));
        assert_eq!(cols.take(&["nope", "start date"]), Some(2));
        assert_eq!(cols.unused(), vec![0]);
        let row = vec![Cell::Text("???".into()), Cell::Text(" FR ".into())];
        assert_eq!(text(&row, Some(0)), None);
        assert_eq!(text(&row, Some(1)).as_deref(), Some("FR"));
        assert_eq!(cell(&row, Some(0)), Cell::Empty);
        assert_eq!(text(&row, None), None);
    }
}
