//! Typed column builders: rows' values are pushed straight into one typed buffer per column
//! (text into Polars' own string-view builder, so short strings are stored inline, 16 bytes a
//! row, with no allocation each), and each buffer becomes one Polars column at the end.

use super::parse::Value;
use chrono::NaiveDate;
use polars::prelude::*;

/// The storage type of a canonical column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Str,
    Int,
    Date,
    Bool,
    Float,
    List,
    Row,
}

enum Data {
    Str(StringChunkedBuilder),
    Int(Vec<Option<i64>>),
    Date(Vec<Option<i32>>),
    Bool(Vec<Option<bool>>),
    Float(Vec<Option<f64>>),
    List(Vec<Option<Vec<String>>>),
    Row(Vec<u32>),
}

/// One column under construction.
pub struct ColumnBuilder {
    name: &'static str,
    len: usize,
    data: Data,
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date")
}

impl ColumnBuilder {
    /// An empty column of the given type.
    pub fn new(name: &'static str, ty: ColumnType) -> Self {
        Self::with_capacity(name, ty, 0)
    }

    /// An empty column with room for `rows` values (a workbook's dimensions say how many
    /// rows are coming; reserving them avoids the slack of growing by doubling).
    pub fn with_capacity(name: &'static str, ty: ColumnType, rows: usize) -> Self {
        let data = match ty {
            ColumnType::Str => Data::Str(StringChunkedBuilder::new(name.into(), rows)),
            ColumnType::Int => Data::Int(Vec::with_capacity(rows)),
            ColumnType::Date => Data::Date(Vec::with_capacity(rows)),
            ColumnType::Bool => Data::Bool(Vec::with_capacity(rows)),
            ColumnType::Float => Data::Float(Vec::with_capacity(rows)),
            ColumnType::List => Data::List(Vec::with_capacity(rows)),
            ColumnType::Row => Data::Row(Vec::with_capacity(rows)),
        };
        ColumnBuilder { name, len: 0, data }
    }

    /// The column's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Number of values pushed.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when no value was pushed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends one value; a value of another type than the column's is stored as null
    /// (the row builders never do that: every field has one kind).
    pub fn push(&mut self, value: Value) {
        self.len += 1;
        match &mut self.data {
            Data::Str(b) => match value {
                Value::Text(t) => b.append_value(t),
                Value::Shared(t) => b.append_value(&*t),
                _ => b.append_null(),
            },
            Data::Int(v) => v.push(match value {
                Value::Int(i) => Some(i),
                _ => None,
            }),
            Data::Date(v) => v.push(value.date().map(|d| (d - epoch()).num_days() as i32)),
            Data::Bool(v) => v.push(match value {
                Value::Bool(b) => Some(b),
                _ => None,
            }),
            Data::Float(v) => v.push(match value {
                Value::Float(f) => Some(f),
                Value::Int(i) => Some(i as f64),
                _ => None,
            }),
            Data::List(v) => v.push(match value {
                Value::List(l) => Some(l),
                _ => None,
            }),
            Data::Row(v) => v.push(match value {
                Value::Int(i) => i as u32,
                _ => 0,
            }),
        }
    }

    /// Converts to a Polars column.
    pub fn into_column(self) -> PolarsResult<Column> {
        let name: PlSmallStr = self.name.into();
        let series = match self.data {
            Data::Str(b) => b.finish().into_series(),
            Data::Int(v) => Series::new(name, v),
            Data::Date(v) => Series::new(name, v).cast(&DataType::Date)?,
            Data::Bool(v) => Series::new(name, v),
            Data::Float(v) => Series::new(name, v),
            Data::Row(v) => Series::new(name, v),
            Data::List(v) => {
                let values: usize = v.iter().flatten().map(Vec::len).sum();
                let mut builder = ListStringChunkedBuilder::new(name, v.len(), values);
                for item in &v {
                    match item {
                        Some(list) => builder.append_values_iter(list.iter().map(String::as_str)),
                        None => builder.append_null(),
                    }
                }
                builder.finish().into_series()
            }
        };
        Ok(series.into_column())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_typed_polars_columns() {
        let mut dates = ColumnBuilder::new("start_date", ColumnType::Date);
        dates.push(Value::Date(NaiveDate::from_ymd_opt(2024, 9, 2).unwrap()));
        dates.push(Value::Null);
        let col = dates.into_column().unwrap();
        assert_eq!(col.dtype(), &DataType::Date);
        assert_eq!(col.null_count(), 1);

        let mut list = ColumnBuilder::new("programmes", ColumnType::List);
        list.push(Value::List(vec!["A".into(), "B".into()]));
        list.push(Value::Null);
        let col = list.into_column().unwrap();
        assert_eq!(col.dtype(), &DataType::List(Box::new(DataType::String)));
        assert_eq!(col.len(), 2);

        let mut text = ColumnBuilder::new("name", ColumnType::Str);
        text.push(Value::Text("TU Wien".into()));
        text.push(Value::Null);
        assert_eq!(text.len(), 2);
        let col = text.into_column().unwrap();
        assert_eq!(col.str().unwrap().get(0), Some("TU Wien"));
        assert_eq!(col.null_count(), 1);
    }
}
