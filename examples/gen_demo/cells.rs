//! What a file holds, whatever its format: cell values, and the rows that are wrong on
//! purpose.

use chrono::NaiveDate;

/// A cell to write, whatever the file format.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    /// A formula with the result a spreadsheet application would have cached.
    Formula(String, f64),
}

pub fn text(s: impl Into<String>) -> Value {
    let s = s.into();
    if s.is_empty() {
        Value::Empty
    } else {
        Value::Text(s)
    }
}

pub fn number(n: impl Into<f64>) -> Value {
    Value::Number(n.into())
}

pub fn texts(items: &[&str]) -> Vec<Value> {
    items.iter().map(|s| text(*s)).collect()
}

/// A number as a spreadsheet shows it: no decimals when it is whole.
pub fn cell_number(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A row that is wrong on purpose, reported on stdout and in examples/README.md.
pub struct Defect {
    pub file: &'static str,
    pub row: usize,
    pub what: String,
}

impl Defect {
    pub fn new(file: &'static str, row: usize, what: impl Into<String>) -> Defect {
        Defect {
            file,
            row,
            what: what.into(),
        }
    }
}
