//! Typed column builders: rows' values are pushed straight into one vector per column, and
//! each vector becomes one Polars column at the end.

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

#[derive(Debug, Clone)]
enum Data {
    Str(Vec<Option<String>>),
    Int(Vec<Option<i64>>),
    Date(Vec<Option<i32>>),
    Bool(Vec<Option<bool>>),
    Float(Vec<Option<f64>>),
    List(Vec<Option<Vec<String>>>),
    Row(Vec<u32>),
}

/// One column under construction.
#[derive(Debug, Clone)]
pub struct ColumnBuilder {
    name: &'static str,
    data: Data,
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date")
}

impl ColumnBuilder {
    /// An empty column of the given type.
    pub fn new(name: &'static str, ty: ColumnType) -> Self {
        let data = match ty {
            ColumnType::Str => Data::Str(Vec::new()),
            ColumnType::Int => Data::Int(Vec::new()),
            ColumnType::Date => Data::Date(Vec::new()),
            ColumnType::Bool => Data::Bool(Vec::new()),
            ColumnType::Float => Data::Float(Vec::new()),
            ColumnType::List => Data::List(Vec::new()),
            ColumnType::Row => Data::Row(Vec::new()),
        };
        ColumnBuilder { name, data }
    }

    /// The column's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Number of values pushed.
    pub fn len(&self) -> usize {
        match &self.data {
            Data::Str(v) => v.len(),
            Data::Int(v) => v.len(),
            Data::Date(v) => v.len(),
            Data::Bool(v) => v.len(),
            Data::Float(v) => v.len(),
            Data::List(v) => v.len(),
            Data::Row(v) => v.len(),
        }
    }

    /// True when no value was pushed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends one value; a value of another type than the column's is stored as null
    /// (the row builders never do that: every field has one kind).
    pub fn push(&mut self, value: Value) {
        match &mut self.data {
            Data::Str(v) => v.push(match value {
                Value::Text(t) => Some(t),
                _ => None,
            }),
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

    /// Moves `other`'s values after this column's (same name and type).
    pub fn append(&mut self, other: ColumnBuilder) {
        match (&mut self.data, other.data) {
            (Data::Str(a), Data::Str(b)) => a.extend(b),
            (Data::Int(a), Data::Int(b)) => a.extend(b),
            (Data::Date(a), Data::Date(b)) => a.extend(b),
            (Data::Bool(a), Data::Bool(b)) => a.extend(b),
            (Data::Float(a), Data::Float(b)) => a.extend(b),
            (Data::List(a), Data::List(b)) => a.extend(b),
            (Data::Row(a), Data::Row(b)) => a.extend(b),
            _ => panic!("appending column {} of another type", self.name),
        }
    }

    /// Keeps the values whose `keep` flag is true.
    pub fn retain(&mut self, keep: &[bool]) {
        fn filter<T>(v: &mut Vec<T>, keep: &[bool]) {
            let mut i = 0;
            v.retain(|_| {
                let k = keep[i];
                i += 1;
                k
            });
        }
        match &mut self.data {
            Data::Str(v) => filter(v, keep),
            Data::Int(v) => filter(v, keep),
            Data::Date(v) => filter(v, keep),
            Data::Bool(v) => filter(v, keep),
            Data::Float(v) => filter(v, keep),
            Data::List(v) => filter(v, keep),
            Data::Row(v) => filter(v, keep),
        }
    }

    /// The text at `row`, for text columns.
    pub fn text(&self, row: usize) -> Option<&str> {
        match &self.data {
            Data::Str(v) => v.get(row).and_then(|s| s.as_deref()),
            _ => None,
        }
    }

    /// The date at `row` as days since 1970-01-01, for date columns.
    pub fn date_days(&self, row: usize) -> Option<i32> {
        match &self.data {
            Data::Date(v) => v.get(row).copied().flatten(),
            _ => None,
        }
    }

    /// The row number at `row`, for the source_row column.
    pub fn row_number(&self, row: usize) -> Option<u32> {
        match &self.data {
            Data::Row(v) => v.get(row).copied(),
            _ => None,
        }
    }

    /// Converts to a Polars column.
    pub fn into_column(self) -> PolarsResult<Column> {
        let name: PlSmallStr = self.name.into();
        let series = match self.data {
            Data::Str(v) => Series::new(name, v),
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
    }

    #[test]
    fn append_and_retain_keep_order() {
        let mut a = ColumnBuilder::new("x", ColumnType::Str);
        a.push(Value::Text("1".into()));
        let mut b = ColumnBuilder::new("x", ColumnType::Str);
        b.push(Value::Text("2".into()));
        b.push(Value::Text("3".into()));
        a.append(b);
        a.retain(&[true, false, true]);
        assert_eq!((a.text(0), a.text(1), a.len()), (Some("1"), Some("3"), 2));
    }
}
