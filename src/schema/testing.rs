//! Helpers shared by the schema's unit tests: cells from literals, and feeding rows to a sink.

use super::rows::TableSink;
use crate::ingest::{Cell, RowSink};

/// A text cell.
pub fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// A row of cells from texts, "" being an empty cell.
pub fn cells(texts: &[&str]) -> Vec<Cell> {
    texts
        .iter()
        .map(|s| if s.is_empty() { Cell::Empty } else { t(s) })
        .collect()
}

/// Feeds `rows` (numbered from 1) to a sink on a sheet "Feuil1" and finishes it.
pub fn feed(sink: &mut TableSink, rows: Vec<Vec<Cell>>) {
    sink.begin("Feuil1");
    for (i, row) in rows.into_iter().enumerate() {
        sink.row(i as u32 + 1, &mut row.clone()).unwrap();
    }
    sink.finish().unwrap();
}
